import { MigrationInterface, QueryRunner } from 'typeorm';

export class ExportTargetsAndRuns1795304936819 implements MigrationInterface {
  name = 'ExportTargetsAndRuns1795304936819';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "export_target" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "name" text NOT NULL,
                "kind" text NOT NULL,
                "team" text,
                "enabled" boolean NOT NULL DEFAULT true,
                "variant" text NOT NULL DEFAULT 'internal',
                "redact_patterns" text array NOT NULL DEFAULT '{}',
                "config" jsonb NOT NULL DEFAULT '{}',
                "credentials" text,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_export_target_variant" CHECK ("variant" IN ('internal', 'public')),
                CONSTRAINT "chk_export_target_kind" CHECK (
                    "kind" IN ('git', 'webhook', 'confluence', 'mediawiki')
                ),
                CONSTRAINT "PK_263f5a83a2bc5466861ad7d1576" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_2a93725283509f34e629f159bd" ON "export_target" ("name")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7b461939801b026e7a067246d5" ON "export_target" ("team")
        `);
    await queryRunner.query(`
            CREATE TABLE "export_run" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "idempotency_key" text NOT NULL,
                "target_id" uuid NOT NULL,
                "target_kind" text NOT NULL,
                "postmortem_id" uuid NOT NULL,
                "revision" integer NOT NULL,
                "trigger" text NOT NULL,
                "status" text NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "external_id" text,
                "external_revision" text,
                "external_url" text,
                "checksum" text,
                "error" text,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_6704cffaa313ab6d2d0b7948be6" UNIQUE ("idempotency_key"),
                CONSTRAINT "chk_export_run_status" CHECK ("status" IN ('pending', 'succeeded', 'failed')),
                CONSTRAINT "PK_159824b5a990ff94e8ef7878be3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_53ca5645c0300397b12e38102b" ON "export_run" ("postmortem_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_42f09d74f4e4d63e334423ef8e" ON "export_run" ("target_id", "postmortem_id", "finished_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_42f09d74f4e4d63e334423ef8e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_53ca5645c0300397b12e38102b"
        `);
    await queryRunner.query(`
            DROP TABLE "export_run"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7b461939801b026e7a067246d5"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2a93725283509f34e629f159bd"
        `);
    await queryRunner.query(`
            DROP TABLE "export_target"
        `);
  }
}
