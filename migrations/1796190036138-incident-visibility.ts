import { MigrationInterface, QueryRunner } from 'typeorm';

export class IncidentVisibility1796190036138 implements MigrationInterface {
  name = 'IncidentVisibility1796190036138';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "incident"
            ADD "team_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "incident"
            ADD "private" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_6de6bcd1ada120b59b3e8f21fb" ON "incident" ("team_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "incident"
            ADD CONSTRAINT "chk_incident_private_team" CHECK (
                    NOT "private"
                    OR "team_id" IS NOT NULL
                )
        `);
    await queryRunner.query(`
            ALTER TABLE "incident"
            ADD CONSTRAINT "FK_6de6bcd1ada120b59b3e8f21fbf" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE NO ACTION ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "incident" DROP CONSTRAINT "FK_6de6bcd1ada120b59b3e8f21fbf"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident" DROP CONSTRAINT "chk_incident_private_team"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_6de6bcd1ada120b59b3e8f21fb"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident" DROP COLUMN "private"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident" DROP COLUMN "team_id"
        `);
  }
}
