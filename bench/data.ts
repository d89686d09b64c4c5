// `npm run bench:data`: (re)creates the API bench database and fills it deterministically with
// SQL generate_series. BENCH_SCALE (default 1) multiplies the sizes: 100,000 incidents,
// 1,000,000 timeline events, 500 services, 300 vendors, 5,000 postmortems.
import { createHash } from 'node:crypto';
import { runMigrations } from '@rca/shared';
import { Client } from 'pg';

export const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DATABASE = process.env.BENCH_API_DATABASE ?? 'rca_bench_api';
/** The bench's bearer token: fixed, so the generated data is the same on every run. */
export const BENCH_TOKEN = 'rca_bench0000000000000000000000000000000000000';

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function benchSizes(scale = Number(process.env.BENCH_SCALE ?? '1')) {
  if (!(scale > 0)) throw new Error('BENCH_SCALE must be a positive number');
  const size = (n: number) => Math.max(1, Math.round(n * scale));
  return {
    incidents: size(100_000),
    timelineEvents: size(1_000_000),
    services: size(500),
    vendors: size(300),
    postmortems: size(5_000),
  };
}

export async function fillBenchDatabase(): Promise<void> {
  const sizes = benchSizes();
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  await admin.end();
  const url = withDatabase(ADMIN_URL, BENCH_DATABASE);
  await runMigrations(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = performance.now();
    await db.query(sql, params);
    process.stdout.write(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  };
  try {
    // md5(label || n)::uuid gives the same ids on every run.
    await step(
      'teams, user, token',
      `
      INSERT INTO team (id, name) SELECT md5('team' || n)::uuid, 'Team ' || n FROM generate_series(1, 5) n;
      INSERT INTO user_account (id, email, display_name, role)
        VALUES (md5('bench-user')::uuid, 'bench@example.test', 'Bench user', 'manager');
      INSERT INTO team_membership (team_id, user_id)
        SELECT md5('team' || n)::uuid, md5('bench-user')::uuid FROM generate_series(1, 2) n;
      INSERT INTO api_token (id, user_id, name, token_prefix, token_hash, scopes)
        VALUES (md5('bench-token')::uuid, md5('bench-user')::uuid, 'bench', '${BENCH_TOKEN.slice(0, 10)}',
                '${createHash('sha256').update(BENCH_TOKEN).digest('hex')}', '{read:incidents,write:incidents,read:postmortems,read:status,read:metrics}');`,
    );
    await step(
      `${sizes.services} services, ${sizes.vendors} vendors`,
      `
      INSERT INTO service (id, slug, name, tier)
        SELECT md5('service' || n)::uuid, 'service-' || n, 'Service ' || n, 1 + n % 4
        FROM generate_series(1, $1::int) n;
      INSERT INTO vendor (id, slug, name)
        SELECT md5('vendor' || n)::uuid, 'vendor-' || n, 'Vendor ' || n FROM generate_series(1, $2::int) n;`
        .replace(/\$1::int/g, String(sizes.services))
        .replace(/\$2::int/g, String(sizes.vendors)),
    );
    const words = `'{edge,database,latency,outage,dns,certificate,queue,timeout,login,payment,search,cache,deploy,network,storage}'::text[]`;
    await step(
      `${sizes.incidents} incidents`,
      `INSERT INTO incident (id, reference, year, sequence, title, summary, severity, status, started_at,
         detected_at, acknowledged_at, mitigated_at, resolved_at, labels, created_by, created_at, updated_at)
       SELECT md5('incident' || n)::uuid,
              'INC-' || extract(year FROM s) || '-' || lpad(n::text, 6, '0'),
              extract(year FROM s)::int, n,
              initcap(w[1 + n % 15]) || ' ' || w[1 + (n / 15) % 15] || ' on service ' || (1 + n % $2),
              'Customers saw ' || w[1 + (n / 7) % 15] || ' errors; ' || w[1 + (n / 3) % 15] || ' was involved.',
              'SEV' || (1 + (n * 7) % 5),
              CASE WHEN n % 10 < 8 THEN (ARRAY['resolved','closed'])[1 + n % 2]
                   ELSE (ARRAY['investigating','identified','monitoring'])[1 + n % 3] END,
              s, s + interval '2 minutes', s + interval '10 minutes', s + interval '40 minutes',
              CASE WHEN n % 10 < 8 THEN s + interval '90 minutes' END,
              ARRAY['label-' || n % 20],
              'bench', s, s + ((n * 7919) % 86400) * interval '1 second'
       FROM (SELECT n, timestamptz '2021-01-01' + (n * (5 * 365 * 86400 / $1)) * interval '1 second' AS s,
                    ${words} AS w
             FROM generate_series(1, $1) n) g`
        .replace(/\$1/g, String(sizes.incidents))
        .replace(/\$2/g, String(sizes.services)),
    );
    await step(
      'impacts (one per incident)',
      `INSERT INTO impact (id, incident_id, service_id, level, started_at)
       SELECT md5('impact' || n)::uuid, md5('incident' || n)::uuid, md5('service' || (1 + n % ${sizes.services}))::uuid,
              (ARRAY['degraded','partial_outage','major_outage'])[1 + n % 3], i.started_at
       FROM generate_series(1, ${sizes.incidents}) n JOIN incident i ON i.id = md5('incident' || n)::uuid`,
    );
    const perIncident = Math.max(1, Math.round(sizes.timelineEvents / sizes.incidents));
    await step(
      `${sizes.incidents * perIncident} timeline events`,
      `INSERT INTO timeline_event (incident_id, occurred_at, entered_zone, entered_local, kind, source, body, author)
       SELECT i.id, i.started_at + k * interval '3 minutes', 'UTC', to_char(i.started_at + k * interval '3 minutes', 'YYYY-MM-DD"T"HH24:MI'),
              'note', 'manual', 'Update ' || k || ' on ' || i.reference, 'bench'
       FROM incident i CROSS JOIN generate_series(1, ${perIncident}) k`,
    );
    await step(
      `${sizes.postmortems} postmortems`,
      `INSERT INTO postmortem (incident_id, title, status, sections, template_key, severity, resolved_at, due_at, team)
       SELECT i.id, 'Postmortem of ' || i.reference,
              (ARRAY['draft','in_review','approved','published'])[1 + i.sequence % 4],
              '[]'::jsonb, 'default', i.severity, i.resolved_at, i.resolved_at + interval '7 days', 'Team ' || (1 + i.sequence % 5)
       FROM incident i WHERE i.resolved_at IS NOT NULL ORDER BY i.sequence DESC LIMIT ${sizes.postmortems}`,
    );
    await step('analyze', 'ANALYZE');
  } finally {
    await db.end();
  }
}

if (require.main === module) {
  const started = performance.now();
  fillBenchDatabase().then(
    () => {
      process.stdout.write(
        `${BENCH_DATABASE} ready in ${((performance.now() - started) / 1000).toFixed(0)} s (${JSON.stringify(benchSizes())})\n`,
      );
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`bench:data failed: ${(error as Error).stack}\n`);
      process.exit(1);
    },
  );
}
