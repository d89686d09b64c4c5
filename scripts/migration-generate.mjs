// npm run migration:generate -- <kebab-name>
// Builds, migrates a scratch database to the current schema, asks TypeORM for the difference
// with the entities, writes migrations/<timestamp>-<name>.ts, and drops the scratch database.
// npm run migration:check (this script with --check): fails, listing the SQL, when the entities
// and the committed migrations disagree; writes nothing. CI runs it.
import { execFileSync } from 'node:child_process';
import pg from 'pg';

const check = process.argv[2] === '--check';
const name = check ? 'check' : process.argv[2];
if (!name || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) {
  console.error('Usage: npm run migration:generate -- <kebab-case-name>');
  process.exit(2);
}
const admin =
  process.env.DATABASE_ADMIN_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const scratch = `rca_migration_generate_${process.pid}`;
const scratchUrl = new URL(admin);
scratchUrl.pathname = `/${scratch}`;

const client = new pg.Client({ connectionString: admin });
await client.connect();
await client.query(`CREATE DATABASE ${scratch}`);
try {
  execFileSync('npm', ['run', '--silent', 'build:server'], { stdio: 'inherit' });
  const env = { ...process.env, DATABASE_URL: scratchUrl.toString() };
  execFileSync(
    'npx',
    ['typeorm', 'migration:run', '-d', 'dist/libs/shared/src/database/data-source.js'],
    { stdio: check ? 'ignore' : 'inherit', env },
  );
  if (check) {
    try {
      execFileSync(
        'npx',
        [
          'typeorm',
          'migration:generate',
          '--check',
          '-d',
          'dist/libs/shared/src/database/data-source.js',
          'migrations/check',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'], env, encoding: 'utf8' },
      );
      console.log('migration:check: the entities and the migrations agree');
    } catch (error) {
      console.error(
        `migration:check: the entities differ from the migrations; generate one with npm run migration:generate -- <name>\n${error.stdout ?? ''}${error.stderr ?? ''}`,
      );
      process.exitCode = 1;
    }
  } else {
    generate(env);
    execFileSync('npx', ['prettier', '--write', 'migrations/'], { stdio: 'inherit' });
  }
} finally {
  await client.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await client.end();
}

function generate(env) {
  execFileSync(
    'npx',
    [
      'typeorm',
      'migration:generate',
      '-d',
      'dist/libs/shared/src/database/data-source.js',
      '-p',
      `migrations/${name}`,
    ],
    { stdio: 'inherit', env },
  );
}
