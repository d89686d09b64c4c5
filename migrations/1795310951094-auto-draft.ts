import { MigrationInterface, QueryRunner } from 'typeorm';

export class AutoDraft1795310951094 implements MigrationInterface {
  name = 'AutoDraft1795310951094';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "auto_draft" (
                "vendor_incident_id" uuid NOT NULL,
                "incident_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_7bfaeedc802e5bc3d53d9af890a" PRIMARY KEY ("vendor_incident_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_667cf18451d71f30a2f314814d" ON "auto_draft" ("incident_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "auto_draft"
            ADD CONSTRAINT "FK_7bfaeedc802e5bc3d53d9af890a" FOREIGN KEY ("vendor_incident_id") REFERENCES "vendor_incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "auto_draft"
            ADD CONSTRAINT "FK_667cf18451d71f30a2f314814de" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "auto_draft" DROP CONSTRAINT "FK_667cf18451d71f30a2f314814de"
        `);
    await queryRunner.query(`
            ALTER TABLE "auto_draft" DROP CONSTRAINT "FK_7bfaeedc802e5bc3d53d9af890a"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_667cf18451d71f30a2f314814d"
        `);
    await queryRunner.query(`
            DROP TABLE "auto_draft"
        `);
  }
}
