import { MigrationInterface, QueryRunner } from 'typeorm';

export class StatusSourceContentHash1795303606252 implements MigrationInterface {
  name = 'StatusSourceContentHash1795303606252';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "status_source"
            ADD "content_hash" text
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "status_source" DROP COLUMN "content_hash"
        `);
  }
}
