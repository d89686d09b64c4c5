import { MigrationInterface, QueryRunner } from 'typeorm';

export class StatusSources1795303127024 implements MigrationInterface {
  name = 'StatusSources1795303127024';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "status_source" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vendor_id" uuid NOT NULL,
                "url" text NOT NULL,
                "format" text NOT NULL DEFAULT 'auto',
                "poll_interval_seconds" integer NOT NULL DEFAULT '60',
                "enabled" boolean NOT NULL DEFAULT true,
                "etag" text,
                "last_modified" text,
                "detected_format" text,
                "last_polled_at" TIMESTAMP WITH TIME ZONE,
                "last_success_at" TIMESTAMP WITH TIME ZONE,
                "last_error_at" TIMESTAMP WITH TIME ZONE,
                "last_error_kind" text,
                "last_error_message" text,
                "consecutive_failures" integer NOT NULL DEFAULT '0',
                "last_latency_ms" integer,
                "next_poll_not_before" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_status_source_interval" CHECK ("poll_interval_seconds" >= 15),
                CONSTRAINT "PK_adb24d70a1c9c1e2da8248879d9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_aad20709b19c893f844e91de97" ON "status_source" ("vendor_id", "url")
        `);
    await queryRunner.query(`
            ALTER TABLE "status_source"
            ADD CONSTRAINT "FK_ac61ee1741229acaec9faae3e79" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "status_source" DROP CONSTRAINT "FK_ac61ee1741229acaec9faae3e79"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_aad20709b19c893f844e91de97"
        `);
    await queryRunner.query(`
            DROP TABLE "status_source"
        `);
  }
}
