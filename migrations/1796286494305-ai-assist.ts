import { MigrationInterface, QueryRunner } from 'typeorm';

export class AiAssist1796286494305 implements MigrationInterface {
  name = 'AiAssist1796286494305';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "ai_assist_settings" (
                "id" text NOT NULL,
                "enabled" boolean NOT NULL DEFAULT false,
                "base_url" text NOT NULL,
                "model" text NOT NULL,
                "api_key" text,
                "daily_token_limit" integer NOT NULL DEFAULT '200000',
                "daily_cost_limit_usd" double precision NOT NULL DEFAULT '5',
                "input_cost_per_million_tokens_usd" double precision NOT NULL DEFAULT '0',
                "output_cost_per_million_tokens_usd" double precision NOT NULL DEFAULT '0',
                "allow_internal_sections" boolean NOT NULL DEFAULT false,
                "timeout_seconds" integer NOT NULL DEFAULT '60',
                "max_output_tokens" integer NOT NULL DEFAULT '800',
                "updated_by" text,
                "version" integer NOT NULL DEFAULT '1',
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_3e6f58bdf4a7c3cceb2b367e1f1" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "ai_assist_call" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "day" date NOT NULL,
                "actor_user_id" uuid,
                "postmortem_id" uuid,
                "section_key" text NOT NULL,
                "model" text NOT NULL,
                "prompt_tokens" integer NOT NULL DEFAULT '0',
                "completion_tokens" integer NOT NULL DEFAULT '0',
                "cost_usd" double precision NOT NULL DEFAULT '0',
                "outcome" text NOT NULL,
                "error_code" text,
                CONSTRAINT "PK_770107f6f3538ea7666f413df3c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bcd642d9395ce6b2e285f8f8c6" ON "ai_assist_call" ("day")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bcd642d9395ce6b2e285f8f8c6"
        `);
    await queryRunner.query(`
            DROP TABLE "ai_assist_call"
        `);
    await queryRunner.query(`
            DROP TABLE "ai_assist_settings"
        `);
  }
}
