import { MigrationInterface, QueryRunner } from 'typeorm';

export class VendorRecordFidelity1796172313396 implements MigrationInterface {
  name = 'VendorRecordFidelity1796172313396';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "vendor_incident_component_status" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vendor_incident_id" uuid NOT NULL,
                "vendor_component_id" uuid NOT NULL,
                "at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "raw_status" text NOT NULL,
                "status" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_467710ba92b7df0b5b7fea29bd6" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_69cb8bb74cf1e4364e4054f605" ON "vendor_incident_component_status" ("vendor_component_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_5551a72ceaccb01461930c7d90" ON "vendor_incident_component_status" (
                "vendor_incident_id",
                "vendor_component_id",
                "at"
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident"
            ADD "resolution_source" text
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident"
            ADD "source_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident"
            ADD "last_seen_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_update"
            ADD "history" jsonb NOT NULL DEFAULT '[]'
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_update"
            ADD "edited_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event"
            ADD "vendor_text_changed_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "status_source"
            ADD "page_clock" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_component_status"
            ADD CONSTRAINT "FK_f5c0358c46a2e8b07d45d6de30d" FOREIGN KEY ("vendor_incident_id") REFERENCES "vendor_incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_component_status"
            ADD CONSTRAINT "FK_69cb8bb74cf1e4364e4054f6051" FOREIGN KEY ("vendor_component_id") REFERENCES "vendor_component"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_component_status" DROP CONSTRAINT "FK_69cb8bb74cf1e4364e4054f6051"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_component_status" DROP CONSTRAINT "FK_f5c0358c46a2e8b07d45d6de30d"
        `);
    await queryRunner.query(`
            ALTER TABLE "status_source" DROP COLUMN "page_clock"
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event" DROP COLUMN "vendor_text_changed_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_update" DROP COLUMN "edited_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_update" DROP COLUMN "history"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident" DROP COLUMN "last_seen_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident" DROP COLUMN "source_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident" DROP COLUMN "resolution_source"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_5551a72ceaccb01461930c7d90"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_69cb8bb74cf1e4364e4054f605"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor_incident_component_status"
        `);
  }
}
