import { MigrationInterface, QueryRunner } from 'typeorm';

export class IncidentPrivateIndex1796409510593 implements MigrationInterface {
  name = 'IncidentPrivateIndex1796409510593';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE INDEX "IDX_incident_private" ON "incident" ("id")
            WHERE private
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_incident_private"
        `);
  }
}
