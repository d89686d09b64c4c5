import { Client } from 'pg';
import { runMigrations } from '../libs/shared/src/database/migrations';
import { ADMIN_DATABASE_URL, databaseUrl, TEMPLATE_DATABASE } from './test-environment';

/** Migrates a template database once per run; every test file clones it (CREATE DATABASE … TEMPLATE). */
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_DATABASE_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Integration tests need PostgreSQL at ${ADMIN_DATABASE_URL} (${(error as Error).message}); start it or set TEST_DATABASE_URL.`,
    );
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await runMigrations(databaseUrl(TEMPLATE_DATABASE));
    // Leftovers of interrupted runs.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`${TEMPLATE_DATABASE}_f_%`],
    );
    for (const row of rows)
      await admin
        .query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`)
        .catch(() => undefined);
  } finally {
    await admin.end();
  }
}
