import { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written: TypeORM cannot declare GIN indexes with an operator class (pg_trgm) in entity
// decorators. The entity declares these names with synchronize: false so generated diffs keep them.
// Trigram indexes serve `q=` (ILIKE '%…%' on title, summary, reference); the GIN index on labels
// serves `label=` (labels @> ARRAY[…]).
export class IncidentSearchIndexes1796177267838 implements MigrationInterface {
  name = 'IncidentSearchIndexes1796177267838';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "IDX_incident_title_trgm" ON "incident" USING gin ("title" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_incident_summary_trgm" ON "incident" USING gin ("summary" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_incident_reference_trgm" ON "incident" USING gin ("reference" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_incident_labels_gin" ON "incident" USING gin ("labels")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_incident_labels_gin"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_incident_reference_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_incident_summary_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_incident_title_trgm"`);
  }
}
