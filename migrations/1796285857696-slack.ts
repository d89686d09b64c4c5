import { MigrationInterface, QueryRunner } from 'typeorm';

export class Slack1796285857696 implements MigrationInterface {
  name = 'Slack1796285857696';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "slack_request" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "signature" text NOT NULL,
                "kind" text NOT NULL,
                "payload" jsonb NOT NULL,
                "outcome" jsonb,
                "processed_at" TIMESTAMP WITH TIME ZONE,
                "replied_at" TIMESTAMP WITH TIME ZONE,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_683eb65618483b418c4bead32db" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_49560a38990a6d2ed714a9a59c" ON "slack_request" ("signature")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e178a3d6da94ea8b649463e18d" ON "slack_request" ("received_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "slack_message" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "channel_id" text NOT NULL,
                "message_ts" text NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "author_id" text,
                "author_name" text,
                "author_zone" text,
                "body" text NOT NULL,
                "permalink" text,
                "origin" text NOT NULL,
                "state" text NOT NULL,
                "timeline_event_id" uuid,
                "decided_by" text,
                "decided_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0f63f6886c966a139786d88b66a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_eebf2a8a421f13d425e5bc7844" ON "slack_message" ("incident_id", "state", "occurred_at")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_dd33747e0dcd128862eae5d136" ON "slack_message" ("incident_id", "channel_id", "message_ts")
        `);
    await queryRunner.query(`
            CREATE TABLE "slack_app_settings" (
                "id" text NOT NULL,
                "team_id" text,
                "credentials" text NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "updated_by" text NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_33c3a5faf9cdf3a4b04c38c4be3" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "slack_channel_link" (
                "channel_id" text NOT NULL,
                "incident_id" uuid NOT NULL,
                "channel_name" text,
                "linked_by" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8994615a10f548a142f10124a1d" PRIMARY KEY ("channel_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0819c2aaf65105a7e44a599bce" ON "slack_channel_link" ("incident_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "slack_import" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "channel_id" text NOT NULL,
                "origin" text NOT NULL,
                "from_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "to_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "state" text NOT NULL,
                "proposed" integer NOT NULL DEFAULT '0',
                "error" text,
                "requested_by" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_9faaa8c7fb729cb9ab9076f37d0" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_bcffc23df3c886d8c984dc3251" ON "slack_import" ("incident_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "slack_message"
            ADD CONSTRAINT "FK_2b04d56b4d2e92988a9c3f400e1" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "slack_channel_link"
            ADD CONSTRAINT "FK_0819c2aaf65105a7e44a599bcee" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "slack_import"
            ADD CONSTRAINT "FK_40e2be397c7780bbd59f7df7821" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "slack_import" DROP CONSTRAINT "FK_40e2be397c7780bbd59f7df7821"
        `);
    await queryRunner.query(`
            ALTER TABLE "slack_channel_link" DROP CONSTRAINT "FK_0819c2aaf65105a7e44a599bcee"
        `);
    await queryRunner.query(`
            ALTER TABLE "slack_message" DROP CONSTRAINT "FK_2b04d56b4d2e92988a9c3f400e1"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bcffc23df3c886d8c984dc3251"
        `);
    await queryRunner.query(`
            DROP TABLE "slack_import"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0819c2aaf65105a7e44a599bce"
        `);
    await queryRunner.query(`
            DROP TABLE "slack_channel_link"
        `);
    await queryRunner.query(`
            DROP TABLE "slack_app_settings"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dd33747e0dcd128862eae5d136"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_eebf2a8a421f13d425e5bc7844"
        `);
    await queryRunner.query(`
            DROP TABLE "slack_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e178a3d6da94ea8b649463e18d"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_49560a38990a6d2ed714a9a59c"
        `);
    await queryRunner.query(`
            DROP TABLE "slack_request"
        `);
  }
}
