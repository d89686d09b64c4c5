// `npm run bench -- ledger [--scale 1] [--runs 7]`: the vendor ledger and the SLA credits on five
// years of data, beside the plain SQL a report would run without them (one GROUP BY summing impact
// windows: no merging of overlaps, no split by month, nothing from the vendor's page).
// Builds its own database (rca_bench_ledger) with generate_series, deterministic; --reuse measures
// again on the one a previous run built.
import { VisibilityService } from '@rca/accounts';
import { runMigrations, buildDataSourceOptions } from '@rca/shared';
import { SlaContractEntity, VendorLedgerRepository, VendorLedgerService } from '@rca/vendor-ledger';
import type { CatalogService } from '@rca/catalog';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ADMIN_URL, withDatabase } from './data';

const DATABASE = process.env.BENCH_LEDGER_DATABASE ?? 'rca_bench_ledger';

function option(args: string[], flag: string, fallback: number): number {
  const index = args.indexOf(flag);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!(value > 0)) throw new Error(`${flag} must be a positive number`);
  return value;
}

export function ledgerSizes(scale: number) {
  const size = (n: number) => Math.max(1, Math.round(n * scale));
  return {
    incidents: size(100_000),
    services: size(500),
    vendors: size(300),
    /** Share of our incidents with an accepted vendor cause (each with its vendor incident). */
    causedEvery: 3,
  };
}

async function fill(scale: number): Promise<Record<string, number>> {
  const sizes = ledgerSizes(scale);
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const url = withDatabase(ADMIN_URL, DATABASE);
  await runMigrations(url);
  const db = new Client({ connectionString: url });
  await db.connect();
  const { incidents, services, vendors, causedEvery } = sizes;
  // Five years (2021–2025), one incident every ~26 minutes at scale 1.
  const spacing = Math.floor((5 * 365 * 86400) / incidents);
  const steps: Array<[string, string]> = [
    [
      'services, vendors, components, dependencies',
      `INSERT INTO service (id, slug, name, owner_team, tier)
         SELECT md5('service' || n)::uuid, 'service-' || n, 'Service ' || n, 'team-' || (n % 10), 1 + n % 4
         FROM generate_series(1, ${services}) n;
       INSERT INTO vendor (id, slug, name) SELECT md5('vendor' || n)::uuid, 'vendor-' || n, 'Vendor ' || n
         FROM generate_series(1, ${vendors}) n;
       INSERT INTO vendor_component (id, vendor_id, name)
         SELECT md5('component' || v || '-' || k)::uuid, md5('vendor' || v)::uuid, 'Component ' || k
         FROM generate_series(1, ${vendors}) v, generate_series(0, 3) k;
       INSERT INTO dependency (service_id, vendor_component_id, kind, has_fallback)
         SELECT md5('service' || n)::uuid, md5('component' || (1 + (n * m) % ${vendors}) || '-' || (n + m) % 4)::uuid,
                'cdn', n % 5 = 0
         FROM generate_series(1, ${services}) n, (VALUES (1), (7), (13)) AS f(m)
       ON CONFLICT DO NOTHING;`,
    ],
    [
      `${incidents} incidents, two impacts each`,
      `INSERT INTO incident (id, reference, year, sequence, title, severity, status, started_at, detected_at, resolved_at)
         SELECT md5('incident' || n)::uuid, 'INC-' || n, extract(year FROM s)::int, n, 'Incident ' || n,
                'SEV' || (1 + n % 5), CASE WHEN n % 20 = 0 THEN 'investigating' ELSE 'resolved' END,
                s, s + interval '4 minutes', CASE WHEN n % 20 = 0 THEN NULL ELSE s + interval '100 minutes' END
         FROM (SELECT n, timestamptz '2021-01-01' + n * interval '${spacing} seconds' AS s FROM generate_series(1, ${incidents}) n) g;
       INSERT INTO impact (incident_id, service_id, level, started_at, ended_at)
         SELECT i.id, md5('service' || (1 + i.sequence % ${services}))::uuid, 'major_outage', i.started_at, i.started_at + interval '60 minutes'
         FROM incident i;
       INSERT INTO impact (incident_id, service_id, level, started_at, ended_at)
         SELECT i.id, md5('service' || (1 + (i.sequence * 3) % ${services}))::uuid, 'degraded', i.started_at + interval '30 minutes',
                CASE WHEN i.sequence % 7 = 0 THEN NULL ELSE i.started_at + interval '120 minutes' END
         FROM incident i;`,
    ],
    [
      'vendor incidents, updates, component statuses, accepted causes',
      `INSERT INTO vendor_incident (id, vendor_id, external_id, kind, title, raw_status, status, started_at, resolved_at)
         SELECT md5('vi' || i.sequence)::uuid, md5('vendor' || (1 + i.sequence % ${vendors}))::uuid, 'vi-' || i.sequence,
                'incident', 'Vendor incident ' || i.sequence, 'resolved', 'resolved',
                i.started_at + interval '10 minutes', i.started_at + interval '110 minutes'
         FROM incident i WHERE i.sequence % ${causedEvery} = 0;
       INSERT INTO vendor_incident_update (vendor_id, vendor_incident_id, external_id, at, raw_status, status, body)
         SELECT vi.vendor_id, vi.id, vi.external_id || '-' || k, vi.started_at + (k * 40) * interval '1 minute',
                (ARRAY['investigating','identified','resolved'])[k + 1], (ARRAY['investigating','identified','resolved'])[k + 1], 'Update ' || k
         FROM vendor_incident vi, generate_series(0, 2) k;
       INSERT INTO vendor_incident_component_status (vendor_incident_id, vendor_component_id, at, raw_status, status)
         SELECT vi.id, md5('component' || (1 + right(vi.external_id, -3)::int % ${vendors}) || '-' || c)::uuid,
                vi.started_at + (k * 40) * interval '1 minute', s.status, s.status
         FROM vendor_incident vi, generate_series(0, 1) c, generate_series(0, 2) k,
              LATERAL (SELECT (ARRAY['major_outage','partial_outage','operational'])[k + 1] AS status) s;
       INSERT INTO cause (incident_id, vendor_id, vendor_incident_id, role, state)
         SELECT i.id, md5('vendor' || (1 + i.sequence % ${vendors}))::uuid, md5('vi' || i.sequence)::uuid,
                CASE WHEN i.sequence % 2 = 0 THEN 'root_cause' ELSE 'contributing' END, 'accepted'
         FROM incident i WHERE i.sequence % ${causedEvery} = 0;
       INSERT INTO sla_contract (vendor_id, name, target_percent, component_ids, tiers)
         SELECT md5('vendor' || 3)::uuid, 'Bench', 99.99,
                ARRAY[md5('component3-0')::uuid, md5('component3-1')::uuid, md5('component3-2')::uuid],
                '[{"belowPercent":99.99,"creditPercent":10},{"belowPercent":99.9,"creditPercent":25}]';`,
    ],
    ['analyze', 'ANALYZE'],
  ];
  for (const [label, sql] of steps) {
    const started = performance.now();
    await db.query(sql);
    process.stdout.write(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const counts: Record<string, number> = {};
  for (const table of [
    'incident',
    'impact',
    'cause',
    'vendor_incident',
    'vendor_incident_component_status',
    'dependency',
  ]) {
    const [row] = (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows as Array<{
      n: number;
    }>;
    counts[table] = row.n;
  }
  await db.end();
  return counts;
}

async function countRows(): Promise<Record<string, number>> {
  const db = new Client({ connectionString: withDatabase(ADMIN_URL, DATABASE) });
  await db.connect();
  const counts: Record<string, number> = {};
  for (const table of [
    'incident',
    'impact',
    'cause',
    'vendor_incident',
    'vendor_incident_component_status',
  ]) {
    const [row] = (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows as Array<{
      n: number;
    }>;
    counts[table] = row.n;
  }
  await db.end();
  return counts;
}

/** The plain SQL: windows of vendor-caused incidents summed per vendor, service and level, clipped to the period. */
const PLAIN_SQL = `
  SELECT c.vendor_id, im.service_id, im.level,
         sum(extract(epoch FROM LEAST(COALESCE(im.ended_at, i.resolved_at, $3), $2) - GREATEST(im.started_at, $1))) / 60 AS minutes
  FROM cause c JOIN incident i ON i.id = c.incident_id JOIN impact im ON im.incident_id = i.id
  WHERE c.state = 'accepted' AND c.role IN ('root_cause', 'contributing') AND im.level <> 'operational'
    AND im.started_at < $2 AND COALESCE(im.ended_at, i.resolved_at, $3) > $1
  GROUP BY c.vendor_id, im.service_id, im.level`;

async function timed(run: () => Promise<unknown>, runs: number) {
  await run();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)]!, worst: samples[samples.length - 1]! };
}

export async function runLedgerBench(args: string[]): Promise<void> {
  const scale = option(args, '--scale', 1);
  const runs = Math.round(option(args, '--runs', 7));
  // --reuse: measure again on the database a previous run filled.
  const counts = args.includes('--reuse') ? await countRows() : await fill(scale);
  process.stdout.write(`data: ${JSON.stringify(counts)}\n`);
  const dataSource = new DataSource(
    buildDataSourceOptions({ url: withDatabase(ADMIN_URL, DATABASE), poolSize: 5 }),
  );
  await dataSource.initialize();
  try {
    const repository = new VendorLedgerRepository(dataSource, new VisibilityService());
    const catalog = {
      getVendor: async (slug: string) =>
        (
          (await dataSource.query(`SELECT id FROM vendor WHERE slug = $1`, [slug])) as Array<{
            id: string;
          }>
        )[0],
    } as unknown as CatalogService;
    const ledger = new VendorLedgerService(repository, catalog);
    const now = new Date('2026-01-01T00:00:00Z');
    const [contract] = (await dataSource.query(
      `SELECT vendor_id AS "vendorId", component_ids AS "componentIds", zone FROM sla_contract`,
    )) as Array<Pick<SlaContractEntity, 'vendorId' | 'componentIds' | 'zone'>>;
    const rows: Array<[string, { median: number; worst: number }]> = [];
    const period = (kind: 'month' | 'year', at: string) =>
      kind === 'month'
        ? [
            new Date(`${at.slice(0, 7)}-01T00:00:00Z`),
            new Date(
              new Date(`${at.slice(0, 7)}-01T00:00:00Z`).setUTCMonth(
                new Date(at).getUTCMonth() + 1,
              ),
            ),
          ]
        : [
            new Date(`${at.slice(0, 4)}-01-01T00:00:00Z`),
            new Date(`${Number(at.slice(0, 4)) + 1}-01-01T00:00:00Z`),
          ];
    const plain = (kind: 'month' | 'year', at: string) => {
      const [from, to] = period(kind, at);
      return () => dataSource.query(PLAIN_SQL, [from, to, now]);
    };
    rows.push([
      'plain SQL: one GROUP BY, month (all vendors)',
      await timed(plain('month', '2025-11-15'), runs),
    ]);
    rows.push([
      'ledger: month, every vendor (5 queries)',
      await timed(() => ledger.report({ period: 'month', at: '2025-11-15' }, undefined, now), runs),
    ]);
    rows.push([
      'ledger: month, one vendor',
      await timed(
        () =>
          ledger.report({ period: 'month', at: '2025-11-15', vendor: 'vendor-3' }, undefined, now),
        runs,
      ),
    ]);
    rows.push([
      'ledger: month, Europe/Paris, one team',
      await timed(
        () =>
          ledger.report(
            { period: 'month', at: '2025-11-15', zone: 'Europe/Paris', team: 'team-3' },
            undefined,
            now,
          ),
        runs,
      ),
    ]);
    rows.push([
      'plain SQL: one GROUP BY, year (all vendors)',
      await timed(plain('year', '2025-06-01'), runs),
    ]);
    rows.push([
      'ledger: year, every vendor (5 queries)',
      await timed(() => ledger.report({ period: 'year', at: '2025-06-01' }, undefined, now), runs),
    ]);
    rows.push([
      'SLA credits: every month of 5 years, one contract',
      await timed(() => repository.creditMonths(contract!, now, null, undefined), runs),
    ]);
    process.stdout.write(`\n| run | median ms | worst ms |\n| --- | --: | --: |\n`);
    for (const [label, result] of rows)
      process.stdout.write(
        `| ${label} | ${result.median.toFixed(1)} | ${result.worst.toFixed(1)} |\n`,
      );
  } finally {
    await dataSource.destroy();
  }
}
