// The reliability suite's system under test: the product in production mode (built API and worker
// entries as separate processes) on a PostgreSQL cluster and a redis-server of the suite's own
// (AOF on), plus a loopback webhook receiver. Areas break parts of it on purpose and report one
// line of figures each. Everything on 127.0.0.1; every wait is bounded.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildDataSourceOptions, runMigrations } from '@rca/shared';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Factories } from '../factories';
import {
  freePort,
  OwnPostgres,
  OwnRedis,
  startOwnPostgres,
  startOwnRedis,
} from '../support/faults';

const ROOT = path.resolve(__dirname, '../..');
export const API_ENTRY = path.join(ROOT, 'dist/apps/api/src/main.js');
export const WORKER_ENTRY = path.join(ROOT, 'dist/apps/worker/src/main.js');

/** One line of figures; `failures` empty means the area's guarantee held. */
export interface AreaResult {
  figures: Record<string, number | string>;
  failures: string[];
}

/** A pluggable area of the suite. Add a file under areas/ exporting one and list it in areas/index.ts. */
export interface ReliabilityArea {
  name: string;
  description: string;
  /** Upper bound of the area's run time; the suite gives up on it after this. */
  timeoutMs: number;
  /** False for areas that run in the suite's own process only (property tests): no system needed. */
  needsSystem?: boolean;
  /**
   * The totals the suite prints at the end ("0 × 5xx on bad input", …): label → figure name, read
   * from this area's figures.
   */
  totals?: Record<string, string>;
  run(system: ReliabilitySystem): Promise<AreaResult>;
}

export interface ReceivedCall {
  path: string;
  /** x-rca-export-id (pushes) or x-rca-message-id (notifications): the receiver's dedupe key. */
  key: string;
  at: number;
}

/**
 * A webhook receiver on loopback: answers 200 after `delayMs`, records each call's key. Paths in
 * `redirects` answer 302 to the mapped location instead (the SSRF area's redirect hops).
 */
export class Receiver {
  readonly calls: ReceivedCall[] = [];
  readonly redirects = new Map<string, string>();
  delayMs = 0;
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const key = String(
        request.headers['x-rca-export-id'] ?? request.headers['x-rca-message-id'] ?? '',
      );
      request.resume();
      request.on('end', () => {
        const location = this.redirects.get(request.url ?? '/');
        if (location) return response.writeHead(302, { location }).end();
        this.calls.push({ path: request.url ?? '/', key, at: Date.now() });
        setTimeout(() => response.writeHead(200).end('ok'), this.delayMs);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Calls under `prefix` whose key arrived more than once: the receiver-side duplicates. */
  duplicates(prefix: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.calls)
      if (call.path.startsWith(prefix)) counts.set(call.key, (counts.get(call.key) ?? 0) + 1);
    return new Map([...counts].filter(([, count]) => count > 1));
  }

  callsTo(prefix: string): ReceivedCall[] {
    return this.calls.filter((call) => call.path.startsWith(prefix));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** A spawned product process (built entry), its output kept for the report. */
export class ProductProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(
    readonly role: 'api' | 'worker',
    readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitListening(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!/Listening on http/.test(this.output)) {
      if (!this.running)
        throw new Error(`${this.role} exited at boot:\n${this.output.slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(
          `${this.role} did not listen in ${timeoutMs} ms:\n${this.output.slice(-3000)}`,
        );
      await sleep(100);
    }
  }

  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`); returns the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    if (this.running) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until truthy or `timeoutMs` passes; returns the last value either way. */
export async function waitFor<T>(
  probe: () => Promise<T>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!value && Date.now() < deadline) {
    await sleep(intervalMs);
    value = await probe();
  }
  return value;
}

export interface ApiAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/** Environment of every product process of the suite (production mode, short budgets). */
function productEnvironment(system: ReliabilitySystem): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    DATABASE_URL: system.databaseUrl,
    REDIS_URL: system.redis.url,
    QUEUE_PREFIX: system.queuePrefix,
    DATA_DIR: system.dataDir,
    SERVE_WEB: 'false',
    DATABASE_POOL_SIZE: '5',
    WORKER_CONCURRENCY: '4',
    SHUTDOWN_TIMEOUT_MS: '20000',
    EXPORT_ALLOW_LOOPBACK: 'true',
    NOTIFICATION_ALLOW_LOOPBACK: 'true',
    EXPORT_CREDENTIALS_KEY: 'a1'.repeat(32),
    EXPORT_TIMEOUT_MS: '5000',
    NOTIFICATION_TIMEOUT_MS: '5000',
    AUTH_RATE_LIMIT: '10000',
    // Outages of the suite last seconds: retry quickly, but for longer than any outage it makes.
    DELIVERY_RETRY_WINDOW_MS: '120000',
    DELIVERY_RETRY_INITIAL_DELAY_MS: '500',
    DELIVERY_RETRY_MAX_DELAY_MS: '4000',
    HEARTBEAT_INTERVAL_MS: '5000',
    ...system.extraEnvironment,
  };
  return environment;
}

/** The whole system; areas share it and must leave it running (start what they stopped). */
export class ReliabilitySystem {
  postgres!: OwnPostgres;
  redis!: OwnRedis;
  readonly receiver = new Receiver();
  dataDir = '';
  databaseUrl = '';
  apiUrl = '';
  api?: ProductProcess;
  workers: ProductProcess[] = [];
  dataSource!: DataSource;
  factories!: Factories;
  queuePrefix = 'rca-reliability';
  /** Settings of this system's product processes on top of the suite's (see isolated()). */
  extraEnvironment: Record<string, string> = {};
  private parent?: ReliabilitySystem;
  private authorization = '';

  /**
   * A second product (API + worker) on a database and queue prefix of its own in the same
   * Postgres and Redis, with `environment` on top of the suite's settings (e.g. loopback refused).
   * Nothing it queues is seen by the main system's workers. stop() it when done.
   */
  async isolated(name: string, environment: Record<string, string>): Promise<ReliabilitySystem> {
    const child = new ReliabilitySystem();
    child.parent = this;
    child.postgres = this.postgres;
    child.redis = this.redis;
    child.dataDir = mkdtempSync(path.join(tmpdir(), `rca-reliability-${name}-`));
    child.queuePrefix = `rca-reliability-${name}`;
    child.extraEnvironment = environment;
    const admin = new Client({ connectionString: this.postgres.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE "rca_${name}"`);
    await admin.end();
    child.databaseUrl = this.postgres.url(`rca_${name}`);
    await runMigrations(child.databaseUrl);
    child.dataSource = new DataSource(
      buildDataSourceOptions({ url: child.databaseUrl, poolSize: 3 }),
    );
    await child.dataSource.initialize();
    child.factories = new Factories(child.dataSource);
    const user = await child.factories.newUser({ email: `${name}@example.com`, role: 'admin' });
    child.authorization = `Bearer ${(await child.factories.newToken(user, ['admin'])).secret}`;
    await child.startApi();
    await child.startWorker();
    return child;
  }

  /** fetch() against the API as the suite's admin (for corpora that take a fetch function). */
  fetchAsAdmin = (route: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${this.apiUrl}${route}`, {
      ...init,
      headers: { authorization: this.authorization, ...(init.headers as Record<string, string>) },
    });

  async start(): Promise<void> {
    for (const entry of [API_ENTRY, WORKER_ENTRY])
      if (!existsSync(entry)) throw new Error(`${entry} is missing; run "npm run build:server"`);
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'rca-reliability-'));
    this.redis = await startOwnRedis();
    this.postgres = await startOwnPostgres();
    const admin = new Client({ connectionString: this.postgres.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE rca');
    await admin.end();
    this.databaseUrl = this.postgres.url('rca');
    await runMigrations(this.databaseUrl);
    await this.receiver.start();
    this.dataSource = new DataSource(
      buildDataSourceOptions({ url: this.databaseUrl, poolSize: 3 }),
    );
    await this.dataSource.initialize();
    this.factories = new Factories(this.dataSource);
    const user = await this.factories.newUser({ email: 'reliability@example.com', role: 'admin' });
    const { secret } = await this.factories.newToken(user, ['admin']);
    this.authorization = `Bearer ${secret}`;
    await this.startApi();
    await this.startWorker();
  }

  async startApi(): Promise<ProductProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [API_ENTRY], {
      env: { ...productEnvironment(this), PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.api = new ProductProcess('api', child);
    await this.api.waitListening();
    this.apiUrl = `http://127.0.0.1:${port}`;
    return this.api;
  }

  async startWorker(extra: Record<string, string> = {}): Promise<ProductProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [WORKER_ENTRY], {
      env: { ...productEnvironment(this), WORKER_PORT: String(port), ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new ProductProcess('worker', child);
    this.workers.push(worker);
    await worker.waitListening();
    return worker;
  }

  /** Calls the API as the suite's admin; a refused connection is reported as status 0. */
  async call(
    method: string,
    route: string,
    body?: unknown,
    timeoutMs = 15_000,
  ): Promise<ApiAnswer> {
    try {
      const response = await fetch(`${this.apiUrl}${route}`, {
        method,
        headers: { authorization: this.authorization, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON
      }
      return { status: response.status, body: parsed, headers: response.headers };
    } catch (error) {
      return { status: 0, body: String(error), headers: new Headers() };
    }
  }

  /** A query on the suite's own connection (not the product's), e.g. to count pending runs. */
  query<T = any>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.dataSource.query(sql, parameters);
  }

  /** A resolved incident with its drafted postmortem (drafted by the worker, as in production). */
  async newPostmortem(): Promise<{ incidentId: string; postmortemId: string }> {
    const incident = await this.factories.newIncident({
      status: 'monitoring',
      startedAt: new Date(Date.now() - 3 * 3600_000),
    });
    const resolved = await this.call('POST', `/api/incidents/${incident.id}/transitions`, {
      to: 'resolved',
      version: incident.version,
    });
    if (resolved.status !== 200)
      throw new Error(`resolve answered ${resolved.status}: ${JSON.stringify(resolved.body)}`);
    const postmortem = await waitFor(async () => {
      const answer = await this.call('GET', `/api/incidents/${incident.id}/postmortem`);
      return answer.status === 200 ? answer.body : undefined;
    }, 30_000);
    if (!postmortem) throw new Error(`no postmortem drafted for incident ${incident.id}`);
    return { incidentId: incident.id, postmortemId: postmortem.id };
  }

  /** An export target and a notification channel, both pointing at the receiver under `prefix`. */
  async newReceivers(prefix: string): Promise<{ targetId: string; channelId: string }> {
    const target = await this.factories.newExportTarget({
      config: { url: `${this.receiver.url}${prefix}/export` },
    });
    const channel = await this.call('POST', '/api/notification-channels', {
      name: `reliability ${prefix}`,
      kind: 'webhook',
      url: `${this.receiver.url}${prefix}/notify`,
      topics: ['test'],
    });
    if (channel.status !== 201)
      throw new Error(`channel answered ${channel.status}: ${JSON.stringify(channel.body)}`);
    return { targetId: target.id, channelId: channel.body.id };
  }

  /** Queues `count` pushes (forced runs of one target) and `count` channel tests. */
  async queueWork(
    postmortemId: string,
    receivers: { targetId: string; channelId: string },
    count: number,
  ): Promise<{ statuses: number[] }> {
    const statuses: number[] = [];
    // Forced runs of one target are numbered by counting the existing ones, so pushes go one at
    // a time; each channel test goes in parallel beside its push.
    for (let i = 0; i < count; i++) {
      const [push, test] = await Promise.all([
        this.call('POST', `/api/postmortems/${postmortemId}/exports`, {
          targetId: receivers.targetId,
          force: true,
        }),
        this.call('POST', `/api/notification-channels/${receivers.channelId}/test`),
      ]);
      statuses.push(push.status, test.status);
    }
    return { statuses };
  }

  /** Pending / failed / succeeded runs and deliveries of one target and channel. */
  async outcomes(receivers: { targetId: string; channelId: string }) {
    const runs = await this.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM export_run WHERE target_id = $1 GROUP BY status`,
      [receivers.targetId],
    );
    const deliveries = await this.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM notification_delivery WHERE channel_id = $1 GROUP BY status`,
      [receivers.channelId],
    );
    const by = (rows: Array<{ status: string; n: number }>) =>
      Object.fromEntries(rows.map((row) => [row.status, row.n])) as Record<string, number>;
    return { runs: by(runs), deliveries: by(deliveries) };
  }

  /** Jobs in BullMQ's failed set, per queue, read from Redis directly. */
  async failedJobs(): Promise<number> {
    const { default: Redis } = await import('ioredis');
    const client = new Redis(this.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await client.connect();
      let total = 0;
      for (const queue of ['exports', 'notifications', 'rca-draft', 'deadlines'])
        total += await client.zcard(`${this.queuePrefix}:${queue}:failed`);
      return total;
    } finally {
      client.disconnect();
    }
  }

  /** Makes sure Postgres, Redis, one API and at least one worker run (after an area broke them). */
  async ensureRunning(): Promise<void> {
    await this.redis.start();
    await this.postgres.start().catch(() => undefined);
    if (!this.api?.running) await this.startApi();
    this.workers = this.workers.filter((worker) => worker.running);
    if (this.workers.length === 0) await this.startWorker();
  }

  async stop(): Promise<void> {
    await Promise.allSettled([
      this.api?.stop('SIGTERM'),
      ...this.workers.map((worker) => worker.stop('SIGTERM')),
    ]);
    await this.dataSource?.destroy().catch(() => undefined);
    if (this.parent) {
      // An isolated product: its processes and data only; Postgres and Redis are the parent's.
      if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
      return;
    }
    await this.receiver.close();
    await this.redis?.destroy();
    await this.postgres?.destroy();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** One report line: `reliability <area>: k=v k=v … -> PASS|FAIL (…)`. */
export function formatLine(area: ReliabilityArea, result: AreaResult, elapsedMs: number): string {
  const figures = Object.entries(result.figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const verdict = result.failures.length === 0 ? 'PASS' : `FAIL (${result.failures.join('; ')})`;
  return `reliability ${area.name}: ${figures} time=${(elapsedMs / 1000).toFixed(1)}s -> ${verdict}`;
}
