import { MigrationInterface, QueryRunner } from 'typeorm';

export class IncidentSortIndexes1796177267837 implements MigrationInterface {
  name = 'IncidentSortIndexes1796177267837';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_2da79ac7133ceb7041a1ac36df"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_105439fd5289a54a8045e54520" ON "incident" ("severity", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_046729c11c8b4f4e51c1d693f9" ON "incident" ("updated_at", "id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_046729c11c8b4f4e51c1d693f9"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_105439fd5289a54a8045e54520"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_2da79ac7133ceb7041a1ac36df" ON "incident" ("severity")
        `);
  }
}
