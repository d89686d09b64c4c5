import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxClaimLease1796190881399 implements MigrationInterface {
  name = 'OutboxClaimLease1796190881399';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "outbox_message"
            ADD "claimed_until" TIMESTAMP WITH TIME ZONE
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "outbox_message" DROP COLUMN "claimed_until"
        `);
  }
}
