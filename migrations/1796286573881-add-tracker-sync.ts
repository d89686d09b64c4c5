import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddTrackerSync1796286573881 implements MigrationInterface {
  name = 'AddTrackerSync1796286573881';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "tracker_target" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "kind" text NOT NULL,
                "team" text,
                "base_url" text NOT NULL,
                "project" text NOT NULL,
                "issue_type" text,
                "field_mapping" jsonb NOT NULL DEFAULT '{}',
                "create_on_approval" boolean NOT NULL DEFAULT false,
                "enabled" boolean NOT NULL DEFAULT true,
                "credentials" text NOT NULL,
                "poll_cursor" TIMESTAMP WITH TIME ZONE,
                "last_polled_at" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_tracker_target_kind" CHECK ("kind" IN ('redmine')),
                CONSTRAINT "PK_49a6611562cc61411dd3313a5e8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_aaedf87bc3c1382e428a048f22" ON "tracker_target" ("name")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_8bfa53ab96e5353dfde676bb6f" ON "tracker_target" ("team")
        `);
    await queryRunner.query(`
            CREATE TABLE "tracker_link" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "action_item_id" uuid NOT NULL,
                "postmortem_id" uuid NOT NULL,
                "target_id" uuid NOT NULL,
                "state" text NOT NULL DEFAULT 'creating',
                "external_id" text,
                "external_key" text,
                "url" text,
                "synced" jsonb,
                "remote_updated_at" TIMESTAMP WITH TIME ZONE,
                "last_synced_at" TIMESTAMP WITH TIME ZONE,
                "last_error" text,
                "requested_by" text NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_tracker_link_state" CHECK (
                    "state" IN (
                        'creating',
                        'linked',
                        'detached',
                        'deleted_remotely',
                        'failed'
                    )
                ),
                CONSTRAINT "PK_7f890908c7b1e86c51b5829fe30" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_ba9729cae38a0ed972ea55d82a" ON "tracker_link" ("action_item_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_9db4162ec6be85fa57d35fafcd" ON "tracker_link" ("postmortem_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_tracker_link_external" ON "tracker_link" ("target_id", "external_id")
            WHERE "state" = 'linked'
        `);
    await queryRunner.query(`
            ALTER TABLE "tracker_link"
            ADD CONSTRAINT "FK_aef6416c1565826335f71edfc50" FOREIGN KEY ("target_id") REFERENCES "tracker_target"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "tracker_link" DROP CONSTRAINT "FK_aef6416c1565826335f71edfc50"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_tracker_link_external"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9db4162ec6be85fa57d35fafcd"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_ba9729cae38a0ed972ea55d82a"
        `);
    await queryRunner.query(`
            DROP TABLE "tracker_link"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_8bfa53ab96e5353dfde676bb6f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_aaedf87bc3c1382e428a048f22"
        `);
    await queryRunner.query(`
            DROP TABLE "tracker_target"
        `);
  }
}
