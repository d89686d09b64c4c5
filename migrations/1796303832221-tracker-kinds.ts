import { MigrationInterface, QueryRunner } from 'typeorm';

export class TrackerKinds1796303832221 implements MigrationInterface {
  name = 'TrackerKinds1796303832221';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "tracker_target" DROP CONSTRAINT "chk_tracker_target_kind"
        `);
    await queryRunner.query(`
            ALTER TABLE "tracker_target"
            ADD CONSTRAINT "chk_tracker_target_kinds" CHECK (
                    "kind" IN ('redmine', 'github', 'jira', 'linear')
                )
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "tracker_target" DROP CONSTRAINT "chk_tracker_target_kinds"
        `);
    await queryRunner.query(`
            ALTER TABLE "tracker_target"
            ADD CONSTRAINT "chk_tracker_target_kind" CHECK ((kind = 'redmine'::text))
        `);
  }
}
