import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSystemHeartbeat1795300356612 implements MigrationInterface {
  name = 'InitialSystemHeartbeat1795300356612';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "job_heartbeat" (
                "name" text NOT NULL,
                "last_run_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "worker_id" text NOT NULL,
                "runs" bigint NOT NULL DEFAULT '0',
                CONSTRAINT "PK_d8975f7f4627654cda1f7d3baec" PRIMARY KEY ("name")
            )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP TABLE "job_heartbeat"
        `);
  }
}
