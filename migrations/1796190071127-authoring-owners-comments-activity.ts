import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthoringOwnersCommentsActivity1796190071127 implements MigrationInterface {
  name = 'AuthoringOwnersCommentsActivity1796190071127';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "postmortem_comment" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "postmortem_id" uuid NOT NULL,
                "section_key" text NOT NULL,
                "author_id" uuid,
                "author_name" text NOT NULL,
                "body" text NOT NULL,
                "mention_ids" uuid array NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0a1c38c84888d429f94a97f5e66" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a4ddb7d956aa993ca6d91ee0ef" ON "postmortem_comment" ("postmortem_id", "section_key", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "postmortem_mention" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "comment_id" uuid NOT NULL,
                "postmortem_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_1370a9c99cc17db2a038d19c3ab" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_77e2aa75b303a8ca2a0656caf4" ON "postmortem_mention" ("comment_id", "user_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_3cc9ce3881f1de6d18b10817e7" ON "postmortem_mention" ("user_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "action_item_activity" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "postmortem_id" uuid NOT NULL,
                "action_item_id" uuid NOT NULL,
                "title" text NOT NULL,
                "action" text NOT NULL,
                "actor" text NOT NULL,
                "changes" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0ada37a6a41c26d29b4e840eaea" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_d12f5809fd7363df9057548655" ON "action_item_activity" ("postmortem_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "action_item"
            ADD "owner_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_delivery"
            ADD "recipient" text
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_delivery"
            ALTER COLUMN "channel_id" DROP NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f9df10a302204c2cdb743e048e" ON "action_item" ("owner_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_comment"
            ADD CONSTRAINT "FK_a87ff1343867d65b5c39d38c485" FOREIGN KEY ("postmortem_id") REFERENCES "postmortem"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_mention"
            ADD CONSTRAINT "FK_51e7b936969c73f1a0527a4c5f0" FOREIGN KEY ("comment_id") REFERENCES "postmortem_comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "postmortem_mention" DROP CONSTRAINT "FK_51e7b936969c73f1a0527a4c5f0"
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_comment" DROP CONSTRAINT "FK_a87ff1343867d65b5c39d38c485"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f9df10a302204c2cdb743e048e"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_delivery"
            ALTER COLUMN "channel_id"
            SET NOT NULL
        `);
    await queryRunner.query(`
            ALTER TABLE "notification_delivery" DROP COLUMN "recipient"
        `);
    await queryRunner.query(`
            ALTER TABLE "action_item" DROP COLUMN "owner_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_d12f5809fd7363df9057548655"
        `);
    await queryRunner.query(`
            DROP TABLE "action_item_activity"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_3cc9ce3881f1de6d18b10817e7"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_77e2aa75b303a8ca2a0656caf4"
        `);
    await queryRunner.query(`
            DROP TABLE "postmortem_mention"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a4ddb7d956aa993ca6d91ee0ef"
        `);
    await queryRunner.query(`
            DROP TABLE "postmortem_comment"
        `);
  }
}
