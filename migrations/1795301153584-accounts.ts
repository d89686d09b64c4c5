import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1795301153584 implements MigrationInterface {
  name = 'Accounts1795301153584';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "team" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_f57d8293406df4af348402e4b74" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_cf461f5b40cf1a2b8876011e1e" ON "team" ("name")
        `);
    await queryRunner.query(`
            CREATE TABLE "user_account" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" text,
                "display_name" text NOT NULL,
                "kind" text NOT NULL DEFAULT 'human',
                "role" text NOT NULL,
                "password_hash" text,
                "oidc_issuer" text,
                "oidc_subject" text,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "failed_login_count" integer NOT NULL DEFAULT '0',
                "locked_until" TIMESTAMP WITH TIME ZONE,
                "last_login_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_975c155fea84af5247eb70e043" ON "user_account" ("email")
            WHERE email IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_dce514c42f41792539deb875fe" ON "user_account" ("oidc_issuer", "oidc_subject")
            WHERE oidc_subject IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "team_membership" (
                "team_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7c9b58ff793d53a2b4482238152" PRIMARY KEY ("team_id", "user_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_59a1695bd2bff4ea225cc211da" ON "team_membership" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "user_session" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "token_hash" text NOT NULL,
                "user_id" uuid NOT NULL,
                "csrf_token" text NOT NULL,
                "method" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "ip" text,
                "user_agent" text,
                CONSTRAINT "PK_adf3b49590842ac3cf54cac451a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_9ccf6d901cef4067214284f327" ON "user_session" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_13275383dcdf095ee29f2b3455" ON "user_session" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "invitation" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "token_hash" text NOT NULL,
                "purpose" text NOT NULL,
                "email" text,
                "role" text NOT NULL,
                "team_ids" uuid array NOT NULL DEFAULT '{}',
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "accepted_at" TIMESTAMP WITH TIME ZONE,
                "created_by_user_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_b827d3749ffbb3b5ab5099afd6" ON "invitation" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "audit_event" (
                "id" BIGSERIAL NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "action" text NOT NULL,
                "outcome" text NOT NULL,
                "actor_user_id" uuid,
                "actor_label" text,
                "target_type" text,
                "target_id" text,
                "ip" text,
                "user_agent" text,
                "request_id" text,
                "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
                CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_806add0204f192a9f867d0515c" ON "audit_event" ("occurred_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_45452915f68f5a171bc4107b9e" ON "audit_event" ("action")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7a2d6b21c108b71bb75a793a2f" ON "audit_event" ("actor_user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "app_secret" (
                "name" text NOT NULL,
                "value" text NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0bf6fc27bbdc865c8ab90b4ca41" PRIMARY KEY ("name")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "api_token" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "name" text NOT NULL,
                "token_prefix" text NOT NULL,
                "token_hash" text NOT NULL,
                "scopes" text array NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "last_used_at" TIMESTAMP WITH TIME ZONE,
                "created_by_user_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_d862311c568d175c26f41bc6f98" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_1725c5ea908ff009f6ab3fa34f" ON "api_token" ("user_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_bafaa5aab5957cd193fb2da8f2" ON "api_token" ("token_hash")
        `);
    await queryRunner.query(`
            ALTER TABLE "team_membership"
            ADD CONSTRAINT "FK_91c8aa3bf9a3a7a3918fcea43a0" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "team_membership"
            ADD CONSTRAINT "FK_59a1695bd2bff4ea225cc211dac" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "user_session"
            ADD CONSTRAINT "FK_13275383dcdf095ee29f2b3455a" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "api_token"
            ADD CONSTRAINT "FK_1725c5ea908ff009f6ab3fa34fd" FOREIGN KEY ("user_id") REFERENCES "user_account"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    // Append-only audit log: the database itself refuses to change or remove an event.
    await queryRunner.query(`
            CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_event is append-only';
            END;
            $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_event"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_event_append_only ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
    await queryRunner.query(`
            ALTER TABLE "api_token" DROP CONSTRAINT "FK_1725c5ea908ff009f6ab3fa34fd"
        `);
    await queryRunner.query(`
            ALTER TABLE "user_session" DROP CONSTRAINT "FK_13275383dcdf095ee29f2b3455a"
        `);
    await queryRunner.query(`
            ALTER TABLE "team_membership" DROP CONSTRAINT "FK_59a1695bd2bff4ea225cc211dac"
        `);
    await queryRunner.query(`
            ALTER TABLE "team_membership" DROP CONSTRAINT "FK_91c8aa3bf9a3a7a3918fcea43a0"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_bafaa5aab5957cd193fb2da8f2"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_1725c5ea908ff009f6ab3fa34f"
        `);
    await queryRunner.query(`
            DROP TABLE "api_token"
        `);
    await queryRunner.query(`
            DROP TABLE "app_secret"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7a2d6b21c108b71bb75a793a2f"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_45452915f68f5a171bc4107b9e"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_806add0204f192a9f867d0515c"
        `);
    await queryRunner.query(`
            DROP TABLE "audit_event"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b827d3749ffbb3b5ab5099afd6"
        `);
    await queryRunner.query(`
            DROP TABLE "invitation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_13275383dcdf095ee29f2b3455"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_9ccf6d901cef4067214284f327"
        `);
    await queryRunner.query(`
            DROP TABLE "user_session"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_59a1695bd2bff4ea225cc211da"
        `);
    await queryRunner.query(`
            DROP TABLE "team_membership"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dce514c42f41792539deb875fe"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_975c155fea84af5247eb70e043"
        `);
    await queryRunner.query(`
            DROP TABLE "user_account"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_cf461f5b40cf1a2b8876011e1e"
        `);
    await queryRunner.query(`
            DROP TABLE "team"
        `);
  }
}
