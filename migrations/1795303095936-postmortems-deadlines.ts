import { MigrationInterface, QueryRunner } from 'typeorm';

export class PostmortemsDeadlines1795303095936 implements MigrationInterface {
  name = 'PostmortemsDeadlines1795303095936';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "rca_draft_run" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "incident_id" uuid NOT NULL,
                "postmortem_id" uuid NOT NULL,
                "template_key" text NOT NULL,
                "incident_version" integer NOT NULL,
                "rewritten_sections" text array NOT NULL DEFAULT '{}',
                "kept_sections" text array NOT NULL DEFAULT '{}',
                "duration_ms" integer NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_772a4ad2986fe0ce7667a209a6c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_a9354066f55161694c8b3379a1" ON "rca_draft_run" (
                "incident_id",
                "template_key",
                "incident_version"
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "postmortem" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "incident_id" uuid NOT NULL,
                "title" text NOT NULL,
                "status" text NOT NULL DEFAULT 'draft',
                "sections" jsonb NOT NULL,
                "template_key" text NOT NULL,
                "revision" integer NOT NULL DEFAULT '1',
                "owner" text,
                "team" text,
                "severity" text NOT NULL,
                "required_reviewers" text array NOT NULL DEFAULT '{}',
                "resolved_at" TIMESTAMP WITH TIME ZONE,
                "due_at" TIMESTAMP WITH TIME ZONE,
                "deadline_policy_id" uuid,
                "display_zone" text NOT NULL DEFAULT 'UTC',
                "published_at" TIMESTAMP WITH TIME ZONE,
                "published_on_time" boolean,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_postmortem_status" CHECK (
                    "status" IN ('draft', 'in_review', 'approved', 'published')
                ),
                CONSTRAINT "PK_9967154019aeff2931d615f523a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_55caaf2d3b7f608461f67d9f34" ON "postmortem" ("incident_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_471fbc8e52b12d3bcfed50d82f" ON "postmortem" ("team")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_b29d9c780bb538fa36ef09999b" ON "postmortem" ("status", "due_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "postmortem_template" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "name" text NOT NULL,
                "severities" text array NOT NULL DEFAULT '{}',
                "labels" text array NOT NULL DEFAULT '{}',
                "priority" integer NOT NULL DEFAULT '0',
                "sections" jsonb NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_bf8f3358b479e41a10e10aad32e" UNIQUE ("name"),
                CONSTRAINT "PK_f4bf652b879e48309c0a014d5eb" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "postmortem_revision" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "postmortem_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "author" text NOT NULL,
                "reason" text NOT NULL,
                "changed_sections" text array NOT NULL DEFAULT '{}',
                "status" text NOT NULL,
                "title" text NOT NULL,
                "sections" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_bdb2a676c312117fd279b3e080f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_6298f1c8494bf6ee948ab788b8" ON "postmortem_revision" ("postmortem_id", "number")
        `);
    await queryRunner.query(`
            CREATE TABLE "postmortem_review" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "postmortem_id" uuid NOT NULL,
                "revision" integer NOT NULL,
                "reviewer" text NOT NULL,
                "decision" text NOT NULL,
                "checklist" jsonb NOT NULL,
                "comment" text NOT NULL DEFAULT '',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e45b3b8e60a5553d7dce803a078" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_fcc242010162b1e19f353291e7" ON "postmortem_review" ("postmortem_id", "revision")
        `);
    await queryRunner.query(`
            CREATE TABLE "action_item" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "postmortem_id" uuid NOT NULL,
                "title" text NOT NULL,
                "description" text NOT NULL DEFAULT '',
                "owner" text,
                "due_date" date,
                "priority" text NOT NULL DEFAULT 'P2',
                "type" text NOT NULL,
                "status" text NOT NULL DEFAULT 'open',
                "external_url" text,
                "source_key" text,
                "closed_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1214f6f4d832c402751617361c0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3a71f04d8d2235c41606602edb" ON "action_item" ("postmortem_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bc45412db50ed587673119673f" ON "action_item" ("owner")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9044319789c2f6e47b63de3dbb" ON "action_item" ("postmortem_id", "source_key")
            WHERE "source_key" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bbe4fd05cb06e593bd11cc0f7a" ON "action_item" ("status", "due_date")
        `);
    await queryRunner.query(`
            CREATE TABLE "deadline_reminder" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "postmortem_id" uuid NOT NULL,
                "kind" text NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ebf5133923a01d9b14f080f5e36" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_bba33da6a8649946220f0d398e" ON "deadline_reminder" ("postmortem_id", "kind", "due_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "deadline_policy" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "severity" text NOT NULL,
                "team" text,
                "business_days" integer NOT NULL,
                "zone" text NOT NULL,
                "country" text,
                "region" text,
                "custom_holidays" text array NOT NULL DEFAULT '{}',
                "due_time" text NOT NULL DEFAULT '17:00',
                "reminder_hours_before" integer array NOT NULL DEFAULT '{48,24,0}',
                "escalation_every_hours" integer NOT NULL DEFAULT '24',
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_18c29c20631543709510873b6ce" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_12dee42d2c12517ca600b1aa94" ON "deadline_policy" ("severity", "team")
            WHERE "team" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_69a827d5baefe562e3baf991f8" ON "deadline_policy" ("severity")
            WHERE "team" IS NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem"
            ADD CONSTRAINT "FK_55caaf2d3b7f608461f67d9f34c" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_revision"
            ADD CONSTRAINT "FK_b63336c87b69bb032c97030447c" FOREIGN KEY ("postmortem_id") REFERENCES "postmortem"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_review"
            ADD CONSTRAINT "FK_29596b367f120073e8441b76080" FOREIGN KEY ("postmortem_id") REFERENCES "postmortem"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "action_item"
            ADD CONSTRAINT "FK_3a71f04d8d2235c41606602edbc" FOREIGN KEY ("postmortem_id") REFERENCES "postmortem"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "action_item" DROP CONSTRAINT "FK_3a71f04d8d2235c41606602edbc"
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_review" DROP CONSTRAINT "FK_29596b367f120073e8441b76080"
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_revision" DROP CONSTRAINT "FK_b63336c87b69bb032c97030447c"
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem" DROP CONSTRAINT "FK_55caaf2d3b7f608461f67d9f34c"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_69a827d5baefe562e3baf991f8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_12dee42d2c12517ca600b1aa94"
        `);
    await queryRunner.query(`
            DROP TABLE "deadline_policy"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bba33da6a8649946220f0d398e"
        `);
    await queryRunner.query(`
            DROP TABLE "deadline_reminder"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bbe4fd05cb06e593bd11cc0f7a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9044319789c2f6e47b63de3dbb"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bc45412db50ed587673119673f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3a71f04d8d2235c41606602edb"
        `);
    await queryRunner.query(`
            DROP TABLE "action_item"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_fcc242010162b1e19f353291e7"
        `);
    await queryRunner.query(`
            DROP TABLE "postmortem_review"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6298f1c8494bf6ee948ab788b8"
        `);
    await queryRunner.query(`
            DROP TABLE "postmortem_revision"
        `);
    await queryRunner.query(`
            DROP TABLE "postmortem_template"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b29d9c780bb538fa36ef09999b"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_471fbc8e52b12d3bcfed50d82f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_55caaf2d3b7f608461f67d9f34"
        `);
    await queryRunner.query(`
            DROP TABLE "postmortem"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a9354066f55161694c8b3379a1"
        `);
    await queryRunner.query(`
            DROP TABLE "rca_draft_run"
        `);
  }
}
