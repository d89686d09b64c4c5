import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationSlackApp1796287770848 implements MigrationInterface {
  name = 'NotificationSlackApp1796287770848';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notification_channel"
            ADD "slack_channel" text
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notification_channel" DROP COLUMN "slack_channel"
        `);
  }
}
