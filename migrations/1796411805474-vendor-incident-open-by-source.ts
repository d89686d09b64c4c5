import { MigrationInterface, QueryRunner } from 'typeorm';

export class VendorIncidentOpenBySource1796411805474 implements MigrationInterface {
  name = 'VendorIncidentOpenBySource1796411805474';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_vendor_incident_open_by_source" ON "vendor_incident" ("source_id")
            WHERE resolved_at IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_vendor_incident_open_by_source"
        `);
  }
}
