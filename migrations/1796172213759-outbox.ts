import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1796172213759 implements MigrationInterface {
  name = 'Outbox1796172213759';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "outbox_message" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "event" text NOT NULL,
                "job_name" text NOT NULL,
                "payload" jsonb NOT NULL,
                "job_id" text,
                "delay_ms" integer NOT NULL DEFAULT '0',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "relayed_at" TIMESTAMP WITH TIME ZONE,
                "relay_attempts" integer NOT NULL DEFAULT '0',
                "last_error" text,
                CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "outbox_message_pending_idx" ON "outbox_message" ("created_at")
            WHERE "relayed_at" IS NULL
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."outbox_message_pending_idx"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox_message"
        `);
  }
}
