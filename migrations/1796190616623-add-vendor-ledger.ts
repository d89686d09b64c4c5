import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddVendorLedger1796190616623 implements MigrationInterface {
  name = 'AddVendorLedger1796190616623';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "sla_contract" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "vendor_id" uuid NOT NULL,
                "name" text NOT NULL,
                "target_percent" double precision NOT NULL,
                "component_ids" uuid array NOT NULL DEFAULT '{}',
                "tiers" jsonb NOT NULL DEFAULT '[]',
                "claim_window_cycles" integer NOT NULL DEFAULT '2',
                "claim_to" text NOT NULL DEFAULT '',
                "owner_user_id" uuid,
                "zone" text NOT NULL DEFAULT 'UTC',
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2d0aef8e58f348474f19e46a39a" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_b339096c118f0d410f3c6f7e04" ON "sla_contract" ("vendor_id", "name")
        `);
    await queryRunner.query(`
            CREATE TABLE "sla_claim_reminder" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "contract_id" uuid NOT NULL,
                "month" text NOT NULL,
                "threshold_days" integer NOT NULL,
                "claim_deadline" TIMESTAMP WITH TIME ZONE NOT NULL,
                "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2b1f1ba33f1b2053d13be473c37" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "IDX_dc117d5776998317c3defc69d0" ON "sla_claim_reminder" ("contract_id", "month", "threshold_days")
        `);
    await queryRunner.query(`
            ALTER TABLE "sla_contract"
            ADD CONSTRAINT "FK_a1d06e3a0f82ac3dfe5c453bf30" FOREIGN KEY ("vendor_id") REFERENCES "vendor"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "sla_claim_reminder"
            ADD CONSTRAINT "FK_d55a463066ecd22379f01ecb97c" FOREIGN KEY ("contract_id") REFERENCES "sla_contract"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sla_claim_reminder" DROP CONSTRAINT "FK_d55a463066ecd22379f01ecb97c"
        `);
    await queryRunner.query(`
            ALTER TABLE "sla_contract" DROP CONSTRAINT "FK_a1d06e3a0f82ac3dfe5c453bf30"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_dc117d5776998317c3defc69d0"
        `);
    await queryRunner.query(`
            DROP TABLE "sla_claim_reminder"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_b339096c118f0d410f3c6f7e04"
        `);
    await queryRunner.query(`
            DROP TABLE "sla_contract"
        `);
  }
}
