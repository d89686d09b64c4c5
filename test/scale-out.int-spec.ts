// Scale-out: two API processes and two worker processes (the built production entries) on one
// Postgres database and one Redis prefix. Incidents are driven to resolution through alternating
// APIs, status pages are polled through several rounds by the workers' job schedulers, reminders
// come due and exports are pushed; every piece of work happens exactly once, and either API
// answers with the same data.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildDataSourceOptions } from '@rca/shared';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { SEQUENCE_STAGES, sequencePayload } from '../libs/status-sources/test/status-sequence';
import { StatusServer } from '../libs/status-sources/test/status-server';
import { Factories } from './factories';
import { API_ENTRY, ProductProcess, Receiver, waitFor, WORKER_ENTRY } from './reliability/harness';
import { freePort } from './support/faults';
import { createRedisPrefix, createTestDatabase, TestDatabase } from './test-context';
import { TEST_REDIS_URL } from './test-environment';

jest.setTimeout(240_000);

const INCIDENTS = 6;
const SOURCES = 2;
const POLL_SECONDS = 15; // the smallest interval a source may have

interface Api {
  url: string;
  process: ProductProcess;
}

describe('scale-out: two APIs and two workers on one Postgres and one Redis', () => {
  const redisPrefix = createRedisPrefix();
  const prefix = redisPrefix.prefix;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rca-scale-out-'));
  const receiver = new Receiver();
  const statusServer = new StatusServer();
  const apis: Api[] = [];
  const workers: ProductProcess[] = [];
  let database: TestDatabase;
  let dataSource: DataSource;
  let redis: Redis;
  let authorization = '';

  const environment = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    DATA_DIR: dataDir,
    SERVE_WEB: 'false',
    DATABASE_POOL_SIZE: '4',
    WORKER_CONCURRENCY: '4',
    OUTBOUND_ALLOW_LOOPBACK: 'true',
    EXPORT_CREDENTIALS_KEY: 'b2'.repeat(32),
    AUTH_RATE_LIMIT: '10000',
    HEARTBEAT_INTERVAL_MS: '5000',
  });

  const start = async (role: 'api' | 'worker'): Promise<ProductProcess & { port: number }> => {
    const port = await freePort();
    const child = spawn(process.execPath, [role === 'api' ? API_ENTRY : WORKER_ENTRY], {
      env: { ...environment(), [role === 'api' ? 'PORT' : 'WORKER_PORT']: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = Object.assign(new ProductProcess(role, child), { port });
    await started.waitListening(90_000);
    return started;
  };

  /** Calls API number `index` (modulo the two) as the admin's automation token. */
  const call = async (index: number, method: string, route: string, body?: unknown) => {
    const response = await fetch(`${apis[index % apis.length].url}/api${route}`, {
      method,
      headers: { authorization, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  const rows = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
    dataSource.query(sql, params) as Promise<T[]>;

  beforeAll(async () => {
    for (const entry of [API_ENTRY, WORKER_ENTRY])
      if (!existsSync(entry)) throw new Error(`${entry} is missing; run "npm run build:server"`);
    database = await createTestDatabase();
    dataSource = new DataSource(buildDataSourceOptions({ url: database.url, poolSize: 2 }));
    await dataSource.initialize();
    const factories = new Factories(dataSource);
    const admin = await factories.newUser({ email: 'scale@example.com', role: 'admin' });
    authorization = `Bearer ${(await factories.newToken(admin, ['admin'])).secret}`;
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    await receiver.start();
    await statusServer.start();
    // The API runs migrations under an advisory lock: start both at once.
    const started = await Promise.all([start('api'), start('api')]);
    for (const process of started) apis.push({ url: `http://127.0.0.1:${process.port}`, process });
    workers.push(...(await Promise.all([start('worker'), start('worker')])));
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([
      ...apis.map((api) => api.process.stop()),
      ...workers.map((w) => w.stop()),
    ]);
    await receiver.close();
    await statusServer.stop();
    redis?.disconnect();
    await redisPrefix.clear();
    await dataSource?.destroy();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('does each job once and answers the same through either API', async () => {
    const queue = (name: string) => new Queue(name, { connection: redis, prefix });

    // Status pages, created through alternating APIs: one vendor incident each, moved one stage
    // further after every round of polls.
    const stages = new Map<string, number>();
    const sourceIds: string[] = [];
    const vendorIds: string[] = [];
    for (let index = 0; index < SOURCES; index++) {
      const vendor = await call(index, 'POST', '/vendors', {
        slug: `scale-cdn-${index}`,
        name: `Scale CDN ${index}`,
      });
      expect(vendor.status).toBe(201);
      vendorIds.push(vendor.body.id);
      const route = `/status/${index}.json`;
      stages.set(route, 0);
      const url = statusServer.serve(route, () =>
        sequencePayload(SEQUENCE_STAGES[stages.get(route)!], {
          incidentId: `scale${index}incident`,
          componentId: `scale${index}component`,
        }),
      );
      const source = await call(index + 1, 'POST', '/status-sources', {
        vendorId: vendor.body.id,
        url,
        pollIntervalSeconds: POLL_SECONDS,
      });
      expect(source.status).toBe(201);
      sourceIds.push(source.body.id);
    }

    // A webhook channel for reminders and an export target.
    const channel = await call(0, 'POST', '/notification-channels', {
      name: 'rca reminders',
      kind: 'webhook',
      url: `${receiver.url}/notify`,
      topics: ['reminder', 'escalation'],
    });
    expect(channel.status).toBe(201);
    const target = await call(1, 'POST', '/export-targets', {
      name: 'Archive',
      kind: 'webhook',
      config: { url: `${receiver.url}/export` },
    });
    expect(target.status).toBe(201);

    // Incidents opened and resolved through alternating APIs (each step on the other one).
    const incidents: Array<{ id: string; reference: string }> = [];
    for (let index = 0; index < INCIDENTS; index++) {
      const created = await call(index, 'POST', '/incidents', {
        title: `Checkout errors ${index}`,
        severity: index % 2 ? 'SEV1' : 'SEV2',
        startedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
      });
      expect(created.status).toBe(201);
      const resolved = await call(
        index + 1,
        'POST',
        `/incidents/${created.body.reference}/transitions`,
        {
          to: 'resolved',
          version: created.body.version,
        },
      );
      expect(resolved.status).toBe(200);
      incidents.push({ id: created.body.id, reference: created.body.reference });
    }

    // Each resolution drafts one postmortem, once, whichever worker took the job.
    const postmortems = await waitFor(async () => {
      const found = await rows<{ id: string; incident_id: string }>(
        `SELECT id, incident_id FROM postmortem WHERE due_at IS NOT NULL`,
      );
      return found.length === INCIDENTS ? found : null;
    }, 60_000);
    expect(postmortems).not.toBeNull();
    expect(
      await rows(
        `SELECT incident_id, count(*)::int AS n FROM postmortem GROUP BY 1 HAVING count(*) <> 1`,
      ),
    ).toEqual([]);
    const runs = await rows<{ incident_id: string; n: number }>(
      `SELECT incident_id, count(*)::int AS n FROM rca_draft_run GROUP BY 1 ORDER BY 1`,
    );
    expect(runs).toEqual(
      incidents
        .map((incident) => ({ incident_id: incident.id, n: 1 }))
        .sort((a, b) => (a.incident_id < b.incident_id ? -1 : 1)),
    );

    // Reminders: the planned delayed jobs come due at once (promoted); both workers race for them.
    const deadlines = queue('deadlines');
    const reminders = await waitFor(async () => {
      const delayed = (await deadlines.getJobs(['delayed'])).filter((job) =>
        job?.id?.startsWith('reminder_'),
      );
      return delayed.length >= INCIDENTS * 3 ? delayed : null;
    }, 30_000);
    expect(reminders).not.toBeNull();
    for (const job of reminders!) await job.promote();
    const sent = await waitFor(async () => {
      const found = await rows(`SELECT postmortem_id, kind FROM deadline_reminder`);
      return found.length >= reminders!.length ? found : null;
    }, 60_000);
    expect(sent).toHaveLength(reminders!.length);
    await waitFor(async () => receiver.callsTo('/notify').length >= reminders!.length, 60_000);

    // Exports pushed through alternating APIs.
    const runIds: string[] = [];
    for (const [index, postmortem] of postmortems!.entries()) {
      const push = await call(index, 'POST', `/postmortems/${postmortem.id}/exports`, {
        targetId: target.body.id,
      });
      expect(push.status).toBeLessThan(300);
      runIds.push(push.body[0].id);
    }
    await waitFor(async () => receiver.callsTo('/export').length >= INCIDENTS, 60_000);

    // Status pages through several rounds: each round of polls (by either worker) moves the
    // vendor incident one stage on.
    const paths = [...stages.keys()];
    for (let stage = 1; stage < SEQUENCE_STAGES.length; stage++) {
      const before = new Map(paths.map((route) => [route, statusServer.hits.get(route) ?? 0]));
      const polled = await waitFor(
        async () =>
          paths.every((route) => (statusServer.hits.get(route) ?? 0) > before.get(route)!),
        (POLL_SECONDS + 15) * 1000,
      );
      expect(polled).toBe(true);
      for (const route of paths) stages.set(route, stage);
    }
    const lastRound = new Map(paths.map((route) => [route, statusServer.hits.get(route) ?? 0]));
    await waitFor(
      async () =>
        paths.every((route) => (statusServer.hits.get(route) ?? 0) > lastRound.get(route)!),
      (POLL_SECONDS + 15) * 1000,
    );
    const updates = await waitFor(async () => {
      const found = await rows<{ vendor_id: string; n: number; distinct_n: number }>(
        `SELECT vendor_id, count(*)::int AS n, count(DISTINCT external_id)::int AS distinct_n
           FROM vendor_incident_update WHERE vendor_id = ANY($1) GROUP BY 1 ORDER BY 1`,
        [vendorIds],
      );
      return found.length === SOURCES && found.every((row) => row.n === SEQUENCE_STAGES.length)
        ? found
        : null;
    }, 30_000);
    expect(updates).toEqual(
      [...vendorIds].sort().map((vendor_id) => ({
        vendor_id,
        n: SEQUENCE_STAGES.length,
        distinct_n: SEQUENCE_STAGES.length,
      })),
    );

    // Job schedulers: one per source and one per periodic job, however many workers upserted them.
    const statusSchedulers = (await queue('status-sources').getJobSchedulers(0, -1)).map(
      (scheduler) => scheduler.key ?? scheduler.id,
    );
    expect(statusSchedulers.sort()).toEqual(sourceIds.map((id) => `status-source-${id}`).sort());
    const systemSchedulers = (await queue('system').getJobSchedulers(0, -1)).map(
      (scheduler) => scheduler.key ?? scheduler.id,
    );
    expect(systemSchedulers.length).toBeGreaterThan(0);
    expect(new Set(systemSchedulers).size).toBe(systemSchedulers.length);
    const schedulerKeys = await redis.keys(`${prefix}:*:repeat:*`);
    expect(new Set(schedulerKeys).size).toBe(schedulerKeys.length);

    // Everything went out once: one export per run, one message per reminder.
    expect(receiver.duplicates('/export')).toEqual(new Map());
    const keys = await rows<{ key: string }>(
      `SELECT idempotency_key AS key FROM export_run WHERE id = ANY($1) ORDER BY 1`,
      [runIds],
    );
    expect(keys).toHaveLength(INCIDENTS);
    expect(
      receiver
        .callsTo('/export')
        .map((c) => c.key)
        .sort(),
    ).toEqual(keys.map((row) => row.key));
    expect(
      await rows(
        `SELECT status, attempts FROM export_run WHERE id = ANY($1) AND (status <> 'succeeded' OR attempts <> 1)`,
        [runIds],
      ),
    ).toEqual([]);
    expect(receiver.duplicates('/notify')).toEqual(new Map());
    expect(receiver.callsTo('/notify')).toHaveLength(reminders!.length);

    // Either API answers with the same data.
    for (const incident of incidents) {
      const [a, b] = await Promise.all(
        [0, 1].map((index) => call(index, 'GET', `/incidents/${incident.reference}`)),
      );
      expect(a.status).toBe(200);
      expect(b).toEqual(a);
      const [pa, pb] = await Promise.all(
        [0, 1].map((index) => call(index, 'GET', `/incidents/${incident.id}/postmortem`)),
      );
      expect(pa.status).toBe(200);
      expect(pb).toEqual(pa);
    }
    const [listA, listB] = await Promise.all(
      [0, 1].map((index) => call(index, 'GET', '/incidents?limit=50')),
    );
    expect(listA.body.items).toHaveLength(INCIDENTS);
    expect(listB).toEqual(listA);
    for (const process of [...apis.map((api) => api.process), ...workers])
      expect(process.running).toBe(true);
  });
});
