import { ChildProcess, fork } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { RootModule } from '@rca/app';
import {
  applyHeapGrowth,
  Environment,
  JobName,
  loadEnvironment,
  QueueName,
  QueueService,
  runMigrations,
} from '@rca/shared';
import Redis from 'ioredis';
import { Client } from 'pg';

/** Counts what the bench process sends to Postgres and Redis (the worker's round trips). */
const roundTrips = { sql: 0, redis: 0 };
const clientQuery = Client.prototype.query;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  roundTrips.sql += 1;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;
const redisSend = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof redisSend>) {
  roundTrips.redis += 1;
  return redisSend.apply(this, args);
};
import { DataSource } from 'typeorm';

interface Options {
  sources: number;
  rounds: number;
  concurrency: number;
  /** Weights of 304 : unchanged 200 : changed 200 across the fleet. */
  mix: [number, number, number];
}

function parseOptions(args: string[]): Options {
  const value = (flag: string, fallback: number) => {
    const index = args.indexOf(flag);
    const parsed = index >= 0 ? Number(args[index + 1]) : fallback;
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new Error(`${flag} must be a positive integer`);
    return parsed;
  };
  return {
    sources: value('--sources', 3000),
    rounds: value('--rounds', 3),
    concurrency: value('--concurrency', new Environment().STATUS_POLL_CONCURRENCY),
    mix: parseMix(args[args.indexOf('--mix') + 1], args.includes('--mix')),
  };
}

function parseMix(text: string | undefined, given: boolean): [number, number, number] {
  if (!given) return [1, 1, 1];
  const parts = (text ?? '').split(':').map(Number);
  if (
    parts.length !== 3 ||
    parts.some((n) => !Number.isInteger(n) || n < 0) ||
    parts.every((n) => n === 0)
  )
    throw new Error(
      '--mix must be three non-negative integers a:b:c (304 : unchanged 200 : changed 200)',
    );
  return parts as [number, number, number];
}

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function startFleet(mix: number[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(__dirname, 'fleet.js'), [mix.join(':')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port));
    child.once('exit', (code) => reject(new Error(`fleet exited with ${code}`)));
  });
  return { child, port };
}

function fleetCpu(child: ChildProcess): Promise<NodeJS.CpuUsage> {
  return new Promise((resolve) => {
    const listener = (message: { cpu?: NodeJS.CpuUsage }) => {
      if (!message.cpu) return;
      child.off('message', listener);
      resolve(message.cpu);
    };
    child.on('message', listener);
    child.send({ type: 'cpu' });
  });
}

interface Measure {
  polls: number;
  seconds: number;
  perMinute: number;
  cpuPercent: number;
  fleetCpuPercent: number;
  sqlPerPoll: number;
  redisPerPoll: number;
}

async function measure(
  child: ChildProcess,
  polls: number,
  work: () => Promise<void>,
): Promise<Measure> {
  const fleetBefore = await fleetCpu(child);
  const cpuBefore = process.cpuUsage();
  const tripsBefore = { ...roundTrips };
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const fleetAfter = await fleetCpu(child);
  const fleetMicros = fleetAfter.user + fleetAfter.system - fleetBefore.user - fleetBefore.system;
  return {
    polls,
    seconds,
    perMinute: Math.round((polls / seconds) * 60),
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
    fleetCpuPercent: Math.round((fleetMicros / 1e6 / seconds) * 100),
    sqlPerPoll: (roundTrips.sql - tripsBefore.sql) / polls,
    redisPerPoll: (roundTrips.redis - tripsBefore.redis) / polls,
  };
}

/** Same fleet, same concurrency, the same conditional requests: fetch + JSON.parse, nothing else. */
async function rawLoop(
  urls: string[],
  rounds: number,
  concurrency: number,
  etags = new Map<string, string>(),
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < urls.length) {
          const url = urls[next++];
          const headers: Record<string, string> = {};
          const etag = etags.get(url);
          if (etag) headers['if-none-match'] = etag;
          const response = await fetch(url, { headers });
          if (response.status === 304) continue;
          JSON.parse(await response.text());
          const received = response.headers.get('etag');
          if (received) etags.set(url, received);
        }
      }),
    );
  }
}

export async function runIngestionBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const database = `rca_bench_${process.pid}`;
  const prefix = `rca-bench-${process.pid}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const databaseUrl = withDatabase(ADMIN_URL, database);
  const { child, port } = await startFleet(options.mix);
  let app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>> | undefined;
  try {
    await runMigrations(databaseUrl);
    const environment = loadEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      // The product's defaults (pool size included), but the concurrency given to both loops.
      STATUS_POLL_CONCURRENCY: String(options.concurrency),
      STATUS_FETCH_ALLOW_LOOPBACK: 'true',
      MIGRATIONS_RUN: 'false',
      SERVE_WEB: 'false',
    });
    // As a worker process does at boot (prepareInfrastructure).
    applyHeapGrowth(environment.HEAP_GROWING_PERCENT);
    app = await NestFactory.createApplicationContext(
      RootModule.forRoot({ environment, api: false, workers: true }),
      { logger: ['error', 'warn'] },
    );
    const dataSource = app.get(DataSource);
    const queues = app.get(QueueService);
    const queue = queues.queue(QueueName.StatusSources);
    const base = `http://127.0.0.1:${port}/s/`;
    // One vendor per source; inserted directly so no job scheduler fires during the measurement.
    const rows = (await dataSource.query(
      `WITH v AS (
         INSERT INTO vendor (slug, name) SELECT 'bench-' || i, 'Bench vendor ' || i FROM generate_series(0, $1 - 1) i
         RETURNING id, (regexp_replace(slug, '^bench-', ''))::int AS i)
       INSERT INTO status_source (vendor_id, url) SELECT v.id, $2 || v.i FROM v RETURNING id, url`,
      [options.sources, base],
    )) as Array<{ id: string; url: string }>;
    const sourceIds = rows.map((r) => r.id);
    const urls = rows.map((r) => r.url);

    const pollAll = async () => {
      await queue.addBulk(
        sourceIds.map((sourceId) => ({
          name: JobName.StatusSourcePoll,
          data: { sourceId },
          opts: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
        })),
      );
      for (;;) {
        const counts = await queue.getJobCounts(
          'wait',
          'active',
          'delayed',
          'prioritized',
          'paused',
        );
        if (Object.values(counts).every((n) => n === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    process.stdout.write(
      `ingestion bench: ${options.sources} sources (mix ${options.mix.join(':')} of 304 : unchanged 200 : changed 200), ${options.rounds} measured rounds, concurrency ${options.concurrency}, ${os.cpus().length} CPUs\n`,
    );
    const initial = await measure(child, options.sources, pollAll);
    const steady = await measure(child, options.sources * options.rounds, async () => {
      for (let round = 0; round < options.rounds; round++) await pollAll();
    });
    // The raw loop's steady state too: a first round (timed apart) learns the ETags.
    const etags = new Map<string, string>();
    const rawFirst = await measure(child, options.sources, () =>
      rawLoop(urls, 1, options.concurrency, etags),
    );
    const raw = await measure(child, options.sources * options.rounds, () =>
      rawLoop(urls, options.rounds, options.concurrency, etags),
    );
    const [failed] = (await dataSource.query(
      `SELECT count(*)::int AS failing, (SELECT count(*)::int FROM vendor_incident_update) AS updates FROM status_source WHERE consecutive_failures > 0`,
    )) as Array<{ failing: number; updates: number }>;
    const line = (name: string, m: Measure) =>
      `| ${name} | ${m.polls} | ${m.seconds.toFixed(1)} | ${m.perMinute} | ${m.cpuPercent}% | ${m.fleetCpuPercent}% | ${m.sqlPerPoll.toFixed(1)} | ${m.redisPerPoll.toFixed(1)} |`;
    process.stdout.write(
      [
        '',
        '| run | polls | seconds | polls/min | CPU (bench process) | CPU (fleet) | SQL statements / poll | Redis commands / poll |',
        '|---|---|---|---|---|---|---|---|',
        line('worker, first import (all new)', initial),
        line('worker, steady state (mix)', steady),
        line('raw fetch + JSON.parse, first round (all 200)', rawFirst),
        line('raw fetch + JSON.parse, steady state (same mix)', raw),
        '',
        `steady state / raw: ${(steady.perMinute / raw.perMinute).toFixed(2)}; sources with a failed last poll: ${failed.failing}; vendor updates stored: ${failed.updates}; bench process peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
        '',
      ].join('\n'),
    );
  } finally {
    await app?.close().catch(() => undefined);
    child.kill();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    const redis = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}
