import { MigrationInterface, QueryRunner } from 'typeorm';

export class VendorRca1796190541447 implements MigrationInterface {
  name = 'VendorRca1796190541447';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "vendor_incident_report" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vendor_id" uuid NOT NULL,
                "vendor_incident_id" uuid NOT NULL,
                "source" text NOT NULL,
                "url" text,
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "text" text NOT NULL DEFAULT '',
                "update_id" uuid,
                "pasted_by" text,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6b5cbb57656efc297066f0f6341" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_59a2f87ce60b66cc2475b99ead" ON "vendor_incident_report" ("vendor_incident_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "vendor_rca_watch" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "cause_id" uuid NOT NULL,
                "incident_id" uuid NOT NULL,
                "vendor_incident_id" uuid NOT NULL,
                "vendor_id" uuid NOT NULL,
                "expected_by" TIMESTAMP WITH TIME ZONE,
                "overdue_notified_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_bd7724c1e4fbce6d232ed6a39a5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_f2eea6dc95fd74bcf7d2478bd9" ON "vendor_rca_watch" ("cause_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_e0cf61acc4c658873fc813a450" ON "vendor_rca_watch" ("incident_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_4d31f3dbde8348991ddb1c7364" ON "vendor_rca_watch" ("vendor_incident_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_c765e466f69241e1a6c60b8b5d" ON "vendor_rca_watch" ("vendor_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_a09e6359e3588b2aff1ef108e6" ON "vendor_rca_watch" ("expected_by")
        `);
    await queryRunner.query(`
            CREATE TABLE "vendor_rca_expectation" (
                "vendor_id" uuid NOT NULL,
                "business_days" integer NOT NULL,
                "zone" text NOT NULL,
                "country" text,
                "region" text,
                "due_time" text NOT NULL DEFAULT '23:59',
                "version" integer NOT NULL,
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_by" text,
                CONSTRAINT "PK_5e62864d36926ecca6b2b4b3184" PRIMARY KEY ("vendor_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "postmortem_vendor_report" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "incident_id" uuid NOT NULL,
                "vendor_incident_id" uuid NOT NULL,
                "vendor_name" text NOT NULL,
                "url" text,
                "published_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "text" text NOT NULL DEFAULT '',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_0ef21dd863911274ad218af85fa" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_55d2e812e4ce2ced6f897ec364" ON "postmortem_vendor_report" ("incident_id", "vendor_incident_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_report"
            ADD CONSTRAINT "FK_07992a85998552854a75d6525a8" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_report"
            ADD CONSTRAINT "FK_59a2f87ce60b66cc2475b99eade" FOREIGN KEY ("vendor_incident_id") REFERENCES "vendor_incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_rca_watch"
            ADD CONSTRAINT "FK_f2eea6dc95fd74bcf7d2478bd98" FOREIGN KEY ("cause_id") REFERENCES "cause"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_rca_expectation"
            ADD CONSTRAINT "FK_5e62864d36926ecca6b2b4b3184" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "postmortem_vendor_report"
            ADD CONSTRAINT "FK_ebc3124d8633d7a578e3ca08176" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "postmortem_vendor_report" DROP CONSTRAINT "FK_ebc3124d8633d7a578e3ca08176"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_rca_expectation" DROP CONSTRAINT "FK_5e62864d36926ecca6b2b4b3184"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_rca_watch" DROP CONSTRAINT "FK_f2eea6dc95fd74bcf7d2478bd98"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_report" DROP CONSTRAINT "FK_59a2f87ce60b66cc2475b99eade"
        `);
    await queryRunner.query(`
            ALTER TABLE "vendor_incident_report" DROP CONSTRAINT "FK_07992a85998552854a75d6525a8"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_55d2e812e4ce2ced6f897ec364"
        `);
    await queryRunner.query(`
            DROP TABLE "postmortem_vendor_report"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor_rca_expectation"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_a09e6359e3588b2aff1ef108e6"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_c765e466f69241e1a6c60b8b5d"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_4d31f3dbde8348991ddb1c7364"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_e0cf61acc4c658873fc813a450"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_f2eea6dc95fd74bcf7d2478bd9"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor_rca_watch"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_59a2f87ce60b66cc2475b99ead"
        `);
    await queryRunner.query(`
            DROP TABLE "vendor_incident_report"
        `);
  }
}
