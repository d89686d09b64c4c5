import { MigrationInterface, QueryRunner } from 'typeorm';

export class TrackerSyncLease1796308668715 implements MigrationInterface {
  name = 'TrackerSyncLease1796308668715';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "tracker_link"
            ADD "sync_claimed_until" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "tracker_link" DROP COLUMN "sync_claimed_until"
        `);
  }
}
