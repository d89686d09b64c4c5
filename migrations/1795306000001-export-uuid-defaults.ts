import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Export tables' uuid keys default to the built-in gen_random_uuid(), like every other table
 * (typeorm-options: uuidExtension pgcrypto). TypeORM does not diff key defaults: written by hand.
 */
export class ExportUuidDefaults1795306000001 implements MigrationInterface {
  name = 'ExportUuidDefaults1795306000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['export_target', 'export_run'])
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['export_target', 'export_run'])
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "id" SET DEFAULT uuid_generate_v4()`,
      );
  }
}
