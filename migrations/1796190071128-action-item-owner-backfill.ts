import { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written backfill (the DDL is the generated migration before it): an action item's free-text
// owner that is a user's e-mail (any case, surrounding spaces) becomes a link to that user and the
// text is cleared; text that matches no user is kept as it is and shown as "unlinked".
export class ActionItemOwnerBackfill1796190071128 implements MigrationInterface {
  name = 'ActionItemOwnerBackfill1796190071128';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "action_item" a
         SET "owner_id" = u."id", "owner" = NULL
        FROM "user_account" u
       WHERE a."owner_id" IS NULL AND a."owner" IS NOT NULL
         AND u."email" IS NOT NULL AND u."email" = lower(btrim(a."owner"))
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "action_item" a
         SET "owner" = u."email", "owner_id" = NULL
        FROM "user_account" u
       WHERE a."owner_id" = u."id"
    `);
  }
}
