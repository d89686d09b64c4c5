import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPostmortemMeetings1796237685302 implements MigrationInterface {
  name = 'AddPostmortemMeetings1796237685302';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "postmortem_meeting" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "postmortem_id" uuid NOT NULL,
                "title" text NOT NULL,
                "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "duration_minutes" integer NOT NULL,
                "zone" text NOT NULL,
                "location" text NOT NULL DEFAULT '',
                "agenda" text NOT NULL DEFAULT '',
                "participants" jsonb NOT NULL,
                "organizer_email" text NOT NULL,
                "organizer_name" text NOT NULL,
                "status" text NOT NULL DEFAULT 'scheduled',
                "sequence" integer NOT NULL DEFAULT '0',
                "notes" text NOT NULL DEFAULT '',
                "created_by" text NOT NULL,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "chk_postmortem_meeting_duration" CHECK (
                    "duration_minutes" BETWEEN 5 AND 480
                ),
                CONSTRAINT "chk_postmortem_meeting_status" CHECK ("status" IN ('scheduled', 'cancelled')),
                CONSTRAINT "PK_6359be263a3c992e452c82d45ea" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_7fe14468fd5099b792d0e5432a" ON "postmortem_meeting" ("postmortem_id", "starts_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "action_item"
            ADD "meeting_id" uuid
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_f77a02b2bac8df1a368c81281b" ON "action_item" ("meeting_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_meeting"
            ADD CONSTRAINT "FK_94f5ffba841dc4c82e1a5ea7f12" FOREIGN KEY ("postmortem_id") REFERENCES "postmortem"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "action_item"
            ADD CONSTRAINT "FK_f77a02b2bac8df1a368c81281bf" FOREIGN KEY ("meeting_id") REFERENCES "postmortem_meeting"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "action_item" DROP CONSTRAINT "FK_f77a02b2bac8df1a368c81281bf"
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_meeting" DROP CONSTRAINT "FK_94f5ffba841dc4c82e1a5ea7f12"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f77a02b2bac8df1a368c81281b"
        `);
    await queryRunner.query(`
            ALTER TABLE "action_item" DROP COLUMN "meeting_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_7fe14468fd5099b792d0e5432a"
        `);
    await queryRunner.query(`
            DROP TABLE "postmortem_meeting"
        `);
  }
}
