import { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written: triggers are outside what TypeORM can generate. The activity log is evidence; nobody rewrites it.
export class IncidentActivityAppendOnly1795301140643 implements MigrationInterface {
  name = 'IncidentActivityAppendOnly1795301140643';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION incident_activity_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incident_activity is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
      END;
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER incident_activity_append_only
      BEFORE UPDATE OR DELETE ON incident_activity
      FOR EACH ROW EXECUTE FUNCTION incident_activity_refuse_change()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER incident_activity_append_only ON incident_activity`);
    await queryRunner.query(`DROP FUNCTION incident_activity_refuse_change()`);
  }
}
