import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification and postmortem tables default their ids to uuid_generate_v4() (TypeORM's
 * PrimaryGeneratedColumn('uuid')). On a server TypeORM installs the uuid-ossp extension at
 * connect; embedded PGlite has no uuid-ossp, so provide the function there, backed by the
 * built-in gen_random_uuid(). Runs before those migrations (earlier timestamp).
 */
export class UuidGenerateV4Fallback1795302094160 implements MigrationInterface {
  name = 'UuidGenerateV4Fallback1795302094160';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'uuid_generate_v4') THEN
          CREATE FUNCTION uuid_generate_v4() RETURNS uuid AS 'SELECT gen_random_uuid()' LANGUAGE sql VOLATILE;
        END IF;
      END
      $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Only drop our own SQL function, never the extension's C function.
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
                    WHERE p.proname = 'uuid_generate_v4' AND l.lanname = 'sql') THEN
          DROP FUNCTION uuid_generate_v4();
        END IF;
      END
      $$
    `);
  }
}
