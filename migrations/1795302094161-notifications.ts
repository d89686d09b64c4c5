import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795302094161 implements MigrationInterface {
  name = 'Notifications1795302094161';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "notification_channel" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "name" text NOT NULL,
                "kind" text NOT NULL,
                "url" text,
                "secret" text,
                "email_to" text array NOT NULL DEFAULT '{}',
                "topics" text array NOT NULL DEFAULT '{}',
                "team" text,
                "enabled" boolean NOT NULL DEFAULT true,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_6eeaa7b8e8e3e6cfc263b4dd924" UNIQUE ("name"),
                CONSTRAINT "PK_50b36f3daa5dd86f7e707740b23" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notification_delivery" (
                "id" uuid NOT NULL DEFAULT uuid_generate_v4(),
                "dedupe_key" text NOT NULL,
                "channel_id" uuid NOT NULL,
                "channel_kind" text NOT NULL,
                "topic" text NOT NULL,
                "subject" text NOT NULL,
                "text" text NOT NULL,
                "data" jsonb NOT NULL DEFAULT '{}',
                "status" text NOT NULL DEFAULT 'pending',
                "attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                "last_attempt_at" TIMESTAMP WITH TIME ZONE,
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_f6b2f5b47afd7cc4185f768060f" UNIQUE ("dedupe_key"),
                CONSTRAINT "PK_109dea88c25343da49d86de6bfd" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_9dcdf111979240b74062af7e0e" ON "notification_delivery" ("status", "created_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9dcdf111979240b74062af7e0e"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_delivery"
        `);
    await queryRunner.query(`
            DROP TABLE "notification_channel"
        `);
  }
}
