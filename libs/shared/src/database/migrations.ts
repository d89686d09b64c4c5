import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './typeorm-options';

// Any constant works; it only has to be the same for every replica of this product.
const MIGRATION_LOCK_KEY = 4_242_001;

/**
 * Runs pending migrations under a Postgres advisory lock so that several replicas starting at
 * once apply each migration exactly once. Uses its own single-connection DataSource so the lock
 * and the migrations share a session.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource({
    ...buildDataSourceOptions({ url, poolSize: 1, applicationName: 'rca-desk-migrations' }),
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await dataSource.destroy();
  }
}

/** Names of migrations the code knows about but the database has not applied. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const executed = new Set<string>();
  const hasTable = await dataSource
    .query(`SELECT to_regclass('migrations') IS NOT NULL AS present`)
    .then((rows: Array<{ present: boolean }>) => rows[0]?.present === true);
  if (hasTable) {
    const rows: Array<{ name: string }> = await dataSource.query('SELECT name FROM migrations');
    rows.forEach((row) => executed.add(row.name));
  }
  return dataSource.migrations
    .map((migration) => migration.name ?? migration.constructor.name)
    .filter((name) => !executed.has(name));
}
