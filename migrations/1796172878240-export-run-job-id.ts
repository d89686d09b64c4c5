import { MigrationInterface, QueryRunner } from 'typeorm';

export class ExportRunJobId1796172878240 implements MigrationInterface {
  name = 'ExportRunJobId1796172878240';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "export_run"
            ADD "job_id" text
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "export_run" DROP COLUMN "job_id"
        `);
  }
}
