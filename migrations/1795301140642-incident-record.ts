import { MigrationInterface, QueryRunner } from 'typeorm';

export class IncidentRecord1795301140642 implements MigrationInterface {
  name = 'IncidentRecord1795301140642';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "service" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" text NOT NULL,
                "name" text NOT NULL,
                "owner_team" text,
                "tier" integer NOT NULL DEFAULT '3',
                "description" text NOT NULL DEFAULT '',
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_bb72956f480a0f17c716bff79f" CHECK (
                    "tier" BETWEEN 1 AND 4
                ),
                CONSTRAINT "PK_85a21558c006647cd76fdce044b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_4df47ef659e04d5be78ddb6b59" ON "service" ("slug")
        `);
    await queryRunner.query(`
            CREATE TABLE "vendor" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "slug" text NOT NULL,
                "name" text NOT NULL,
                "website" text,
                "status_page_url" text,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_931a23f6231a57604f5a0e32780" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_e0265118e94686f50eea55edf6" ON "vendor" ("slug")
        `);
    await queryRunner.query(`
            CREATE TABLE "vendor_component" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vendor_id" uuid NOT NULL,
                "name" text NOT NULL,
                "external_id" text,
                "group_name" text,
                "description" text NOT NULL DEFAULT '',
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_221b542e7395c885fe2fa7a1843" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_bc4b739a18a7be9f71d871efc5" ON "vendor_component" ("vendor_id", "external_id")
            WHERE "external_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_12e1d2bade974bb006eea03860" ON "vendor_component" ("vendor_id", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "dependency" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "service_id" uuid NOT NULL,
                "vendor_component_id" uuid,
                "depends_on_service_id" uuid,
                "kind" text NOT NULL,
                "criticality" text NOT NULL DEFAULT 'high',
                "has_fallback" boolean NOT NULL DEFAULT false,
                "notes" text NOT NULL DEFAULT '',
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_dependency_not_self" CHECK (
                    "depends_on_service_id" IS NULL
                    OR "depends_on_service_id" <> "service_id"
                ),
                CONSTRAINT "chk_dependency_one_target" CHECK (
                    ("vendor_component_id" IS NULL) <> ("depends_on_service_id" IS NULL)
                ),
                CONSTRAINT "PK_d90752dc40dbb4eb7c3bbf53542" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_be67f7572360cb7f6f0e0e5d22" ON "dependency" ("vendor_component_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a093d1ecd0cbd254099d97417d" ON "dependency" ("depends_on_service_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_8aa2fb5eaf1c90d7e0bfabb456" ON "dependency" ("service_id", "depends_on_service_id")
            WHERE "depends_on_service_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_14b4c4a0dec14347d24bf40ba2" ON "dependency" ("service_id", "vendor_component_id")
            WHERE "vendor_component_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "vendor_incident" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vendor_id" uuid NOT NULL,
                "external_id" text NOT NULL,
                "kind" text NOT NULL DEFAULT 'incident',
                "title" text NOT NULL,
                "raw_status" text NOT NULL,
                "status" text NOT NULL,
                "raw_impact" text,
                "impact" text,
                "started_at" TIMESTAMP WITH TIME ZONE,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "vendor_updated_at" TIMESTAMP WITH TIME ZONE,
                "shortlink" text,
                "raw_payload" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5474fb93676acdd88984292d10f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_52813a7b03758ab896a3835f24" ON "vendor_incident" ("vendor_id", "started_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_540c85f9bc85b7717c05c848f9" ON "vendor_incident" ("vendor_id", "external_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "vendor_incident_update" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vendor_id" uuid NOT NULL,
                "vendor_incident_id" uuid NOT NULL,
                "external_id" text NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "raw_status" text NOT NULL,
                "status" text NOT NULL,
                "body" text NOT NULL DEFAULT '',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7cd530ac2eb34a9f1aba75230c1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f9cf70e0593ab57ddd22f70c6e" ON "vendor_incident_update" ("vendor_incident_id", "at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_c4d283c9c05af9095546c87ebf" ON "vendor_incident_update" ("vendor_id", "external_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "vendor_incident_component" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vendor_incident_id" uuid NOT NULL,
                "vendor_component_id" uuid NOT NULL,
                "raw_status" text NOT NULL,
                "status" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e48482318df24e992f34bf1844e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_68dfbd15296d66c1c66436d959" ON "vendor_incident_component" ("vendor_component_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_37f546ffacba476ed96de50924" ON "vendor_incident_component" ("vendor_incident_id", "vendor_component_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "incident" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "reference" text NOT NULL,
                "year" integer NOT NULL,
                "sequence" integer NOT NULL,
                "title" text NOT NULL,
                "summary" text NOT NULL DEFAULT '',
                "severity" text NOT NULL,
                "status" text NOT NULL DEFAULT 'investigating',
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "detected_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "mitigated_at" TIMESTAMP WITH TIME ZONE,
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "reopen_count" integer NOT NULL DEFAULT '0',
                "labels" text array NOT NULL DEFAULT '{}',
                "regions" text array NOT NULL DEFAULT '{}',
                "error_signatures" text array NOT NULL DEFAULT '{}',
                "created_by" text,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_incident_status" CHECK (
                    "status" IN (
                        'investigating',
                        'identified',
                        'monitoring',
                        'resolved',
                        'closed'
                    )
                ),
                CONSTRAINT "chk_incident_severity" CHECK (
                    "severity" IN ('SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5')
                ),
                CONSTRAINT "PK_5f90b28b0b8238d89ee8edcf96e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_ed74590f721c53cd36921fd204" ON "incident" ("reference")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2da79ac7133ceb7041a1ac36df" ON "incident" ("severity")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_1a9c57d6fbaa740c8bee92c177" ON "incident" ("status")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_67421f691041a92bbb9f80fbf1" ON "incident" ("created_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_da29db1422ff3f483d746cbdd5" ON "incident" ("started_at", "id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_51a29dfbbf60d45e39f3addbf7" ON "incident" ("year", "sequence")
        `);
    await queryRunner.query(`
            CREATE TABLE "timeline_event" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "entered_zone" text NOT NULL,
                "entered_local" text NOT NULL,
                "kind" text NOT NULL,
                "source" text NOT NULL DEFAULT 'manual',
                "body" text NOT NULL DEFAULT '',
                "author" text,
                "vendor_incident_update_id" uuid,
                "deleted_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8f5a66cd7151d78a419da3a3375" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_870ea7abb7e158f42ef700ae67" ON "timeline_event" ("incident_id", "vendor_incident_update_id")
            WHERE "vendor_incident_update_id" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_43d32c2dabf1a93a265114bb19" ON "timeline_event" ("incident_id", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "timeline_event_revision" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "timeline_event_id" uuid NOT NULL,
                "version" integer NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "entered_zone" text NOT NULL,
                "entered_local" text NOT NULL,
                "kind" text NOT NULL,
                "body" text NOT NULL,
                "author" text,
                "change" text NOT NULL,
                "changed_by" text,
                "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b1847f74bb648766ae3d2d19d42" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_24902e9b21a8239462d27eaefe" ON "timeline_event_revision" ("timeline_event_id", "version")
        `);
    await queryRunner.query(`
            CREATE TABLE "incident_reference_counter" (
                "year" integer NOT NULL,
                "last_sequence" integer NOT NULL,
                CONSTRAINT "PK_43ddeff7c1497b4fc3ebfcf8dab" PRIMARY KEY ("year")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "incident_activity" (
                "id" BIGSERIAL NOT NULL,
                "incident_id" uuid NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor" text NOT NULL,
                "action" text NOT NULL,
                "subject_type" text NOT NULL,
                "subject_id" uuid NOT NULL,
                "before" jsonb,
                "after" jsonb,
                CONSTRAINT "PK_a92973ef6539ff4d44b39053dfa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4e3be3cb3ba2e7331f0956df9e" ON "incident_activity" ("incident_id", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "impact" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "service_id" uuid NOT NULL,
                "level" text NOT NULL,
                "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ended_at" TIMESTAMP WITH TIME ZONE,
                "note" text NOT NULL DEFAULT '',
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_impact_window" CHECK (
                    "ended_at" IS NULL
                    OR "ended_at" >= "started_at"
                ),
                CONSTRAINT "PK_7498bef59c447f8ba7f202c61ab" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_59de4a5ca84abb24c4b23ee235" ON "impact" ("service_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d6a8aeeafb2015285559f13cbc" ON "impact" ("incident_id", "started_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "cause" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "vendor_id" uuid NOT NULL,
                "vendor_incident_id" uuid,
                "vendor_component_ids" uuid array NOT NULL DEFAULT '{}',
                "role" text NOT NULL DEFAULT 'root_cause',
                "state" text NOT NULL DEFAULT 'suggested',
                "explanation" text NOT NULL DEFAULT '',
                "score" double precision,
                "reasons" jsonb NOT NULL DEFAULT '[]',
                "created_by" text,
                "decided_by" text,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7e5e70955edaf3bb0c56d8eeb49" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_5b675b36db9fde08e8c9b0e4ba" ON "cause" ("vendor_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_5a0c12096b6132808d08401dfb" ON "cause" ("vendor_incident_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9a895307616eec019f90209706" ON "cause" ("incident_id", "vendor_incident_id")
            WHERE "vendor_incident_id" IS NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_component"
            ADD CONSTRAINT "FK_48183b60f14a21836f45c672a76" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "dependency"
            ADD CONSTRAINT "FK_644313cfa14cbf800d167fa0a53" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "dependency"
            ADD CONSTRAINT "FK_be67f7572360cb7f6f0e0e5d22c" FOREIGN KEY ("vendor_component_id") REFERENCES "vendor_component"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "dependency"
            ADD CONSTRAINT "FK_a093d1ecd0cbd254099d97417d1" FOREIGN KEY ("depends_on_service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident"
            ADD CONSTRAINT "FK_477222f50466683ec948bd65f30" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_update"
            ADD CONSTRAINT "FK_33aa5bc9c2922f219f2b72e90c6" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_update"
            ADD CONSTRAINT "FK_a7014962510b495e757f4fdf103" FOREIGN KEY ("vendor_incident_id") REFERENCES "vendor_incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_component"
            ADD CONSTRAINT "FK_35268c98ebbce2b1a76135bef07" FOREIGN KEY ("vendor_incident_id") REFERENCES "vendor_incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_component"
            ADD CONSTRAINT "FK_68dfbd15296d66c1c66436d959b" FOREIGN KEY ("vendor_component_id") REFERENCES "vendor_component"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event"
            ADD CONSTRAINT "FK_0603666b9b7d03d22783a2e064d" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event"
            ADD CONSTRAINT "FK_37aef816bc0e9402a763f09bf3b" FOREIGN KEY ("vendor_incident_update_id") REFERENCES "vendor_incident_update"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event_revision"
            ADD CONSTRAINT "FK_d3f47371a4df3a5f1eb7d8b034d" FOREIGN KEY ("timeline_event_id") REFERENCES "timeline_event"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_activity"
            ADD CONSTRAINT "FK_53f530d868db8cf4759e8825ccb" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "impact"
            ADD CONSTRAINT "FK_cd7b2a4fab587fb5af650a48750" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "impact"
            ADD CONSTRAINT "FK_59de4a5ca84abb24c4b23ee2350" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cause"
            ADD CONSTRAINT "FK_8b83c285b26dc90a46978069a84" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cause"
            ADD CONSTRAINT "FK_5b675b36db9fde08e8c9b0e4bac" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "cause"
            ADD CONSTRAINT "FK_5a0c12096b6132808d08401dfb0" FOREIGN KEY ("vendor_incident_id") REFERENCES "vendor_incident"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "cause" DROP CONSTRAINT "FK_5a0c12096b6132808d08401dfb0"
        `);
    await queryRunner.query(`
            ALTER TABLE "cause" DROP CONSTRAINT "FK_5b675b36db9fde08e8c9b0e4bac"
        `);
    await queryRunner.query(`
            ALTER TABLE "cause" DROP CONSTRAINT "FK_8b83c285b26dc90a46978069a84"
        `);
    await queryRunner.query(`
            ALTER TABLE "impact" DROP CONSTRAINT "FK_59de4a5ca84abb24c4b23ee2350"
        `);
    await queryRunner.query(`
            ALTER TABLE "impact" DROP CONSTRAINT "FK_cd7b2a4fab587fb5af650a48750"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident_activity" DROP CONSTRAINT "FK_53f530d868db8cf4759e8825ccb"
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event_revision" DROP CONSTRAINT "FK_d3f47371a4df3a5f1eb7d8b034d"
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event" DROP CONSTRAINT "FK_37aef816bc0e9402a763f09bf3b"
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event" DROP CONSTRAINT "FK_0603666b9b7d03d22783a2e064d"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_component" DROP CONSTRAINT "FK_68dfbd15296d66c1c66436d959b"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_component" DROP CONSTRAINT "FK_35268c98ebbce2b1a76135bef07"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_update" DROP CONSTRAINT "FK_a7014962510b495e757f4fdf103"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_update" DROP CONSTRAINT "FK_33aa5bc9c2922f219f2b72e90c6"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident" DROP CONSTRAINT "FK_477222f50466683ec948bd65f30"
        `);
    await queryRunner.query(`
            ALTER TABLE "dependency" DROP CONSTRAINT "FK_a093d1ecd0cbd254099d97417d1"
        `);
    await queryRunner.query(`
            ALTER TABLE "dependency" DROP CONSTRAINT "FK_be67f7572360cb7f6f0e0e5d22c"
        `);
    await queryRunner.query(`
            ALTER TABLE "dependency" DROP CONSTRAINT "FK_644313cfa14cbf800d167fa0a53"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_component" DROP CONSTRAINT "FK_48183b60f14a21836f45c672a76"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9a895307616eec019f90209706"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_5a0c12096b6132808d08401dfb"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_5b675b36db9fde08e8c9b0e4ba"
        `);
    await queryRunner.query(`
            DROP TABLE "cause"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d6a8aeeafb2015285559f13cbc"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_59de4a5ca84abb24c4b23ee235"
        `);
    await queryRunner.query(`
            DROP TABLE "impact"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4e3be3cb3ba2e7331f0956df9e"
        `);
    await queryRunner.query(`
            DROP TABLE "incident_activity"
        `);
    await queryRunner.query(`
            DROP TABLE "incident_reference_counter"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_24902e9b21a8239462d27eaefe"
        `);
    await queryRunner.query(`
            DROP TABLE "timeline_event_revision"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_43d32c2dabf1a93a265114bb19"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_870ea7abb7e158f42ef700ae67"
        `);
    await queryRunner.query(`
            DROP TABLE "timeline_event"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_51a29dfbbf60d45e39f3addbf7"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_da29db1422ff3f483d746cbdd5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_67421f691041a92bbb9f80fbf1"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1a9c57d6fbaa740c8bee92c177"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2da79ac7133ceb7041a1ac36df"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ed74590f721c53cd36921fd204"
        `);
    await queryRunner.query(`
            DROP TABLE "incident"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_37f546ffacba476ed96de50924"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_68dfbd15296d66c1c66436d959"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor_incident_component"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c4d283c9c05af9095546c87ebf"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f9cf70e0593ab57ddd22f70c6e"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor_incident_update"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_540c85f9bc85b7717c05c848f9"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_52813a7b03758ab896a3835f24"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor_incident"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_14b4c4a0dec14347d24bf40ba2"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8aa2fb5eaf1c90d7e0bfabb456"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a093d1ecd0cbd254099d97417d"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_be67f7572360cb7f6f0e0e5d22"
        `);
    await queryRunner.query(`
            DROP TABLE "dependency"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_12e1d2bade974bb006eea03860"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bc4b739a18a7be9f71d871efc5"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor_component"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e0265118e94686f50eea55edf6"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4df47ef659e04d5be78ddb6b59"
        `);
    await queryRunner.query(`
            DROP TABLE "service"
        `);
  }
}
