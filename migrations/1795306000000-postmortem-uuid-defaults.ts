import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = [
  'notification_channel',
  'notification_delivery',
  'rca_draft_run',
  'postmortem',
  'postmortem_template',
  'postmortem_revision',
  'postmortem_review',
  'action_item',
  'deadline_reminder',
  'deadline_policy',
];

/**
 * uuid keys now default to the built-in gen_random_uuid() (typeorm-options: uuidExtension
 * pgcrypto), like the incident tables; TypeORM does not diff key defaults, so this is written by
 * hand. The uuid_generate_v4() fallback function stays for the earlier migrations.
 */
export class PostmortemUuidDefaults1795306000000 implements MigrationInterface {
  name = 'PostmortemUuidDefaults1795306000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES)
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "id" SET DEFAULT uuid_generate_v4()`,
      );
  }
}
