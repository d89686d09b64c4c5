// `npm run bench -- api`: the product API (production build, bearer token) against a bare
// node:http + pg server doing the same job, alternately in the same run. Needs `npm run bench:data`.
import { ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Agent, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ADMIN_URL, BENCH_DATABASE, BENCH_TOKEN, withDatabase } from './data';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TICKS_PER_SECOND = 100;
/** Node flags for the product's process only, e.g. `--max-old-space-size=1536` to measure a heap cap. */
const PRODUCT_NODE_FLAGS = (process.env.BENCH_PRODUCT_NODE_FLAGS ?? '').split(' ').filter(Boolean);

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

interface Options {
  pairs: number;
  seconds: number;
  concurrency: number;
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
    pairs: value('--pairs', 3),
    seconds: value('--seconds', 6),
    concurrency: value('--concurrency', 32),
  };
}

interface Server {
  name: 'product' | 'bare';
  port: number;
  child: ChildProcess;
}

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

function get(port: number, url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: url,
        headers: { authorization: `Bearer ${BENCH_TOKEN}` },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** The whole answer to one GET: status and body text. */
function getBody(port: number, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: url,
        headers: { authorization: `Bearer ${BENCH_TOKEN}` },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A loopback port that is free now (the servers are told to listen on it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The baseline must do the product's job: for the same request both bodies must be the same JSON
 * (every field, each item's metrics, the cursor), else the bench stops. Checked on the first page,
 * the page after it (its cursor), a sort and a search.
 */
async function assertSameBodies(product: Server, bare: Server): Promise<void> {
  const urls = [LIST, '/api/incidents?sort=severity&order=asc', '/api/incidents?q=database'];
  const first = await getBody(product.port, LIST);
  const cursor = (JSON.parse(first.body) as { nextCursor: string | null }).nextCursor;
  if (!cursor) throw new Error('the first page has no nextCursor; run npm run bench:data');
  urls.push(`${LIST}?cursor=${encodeURIComponent(cursor)}`);
  for (const url of urls) {
    const ours = await getBody(product.port, url);
    const theirs = await getBody(bare.port, url);
    if (ours.status !== 200 || theirs.status !== 200)
      throw new Error(`${url}: HTTP ${ours.status} (product) vs ${theirs.status} (bare)`);
    const oursJson = JSON.parse(ours.body) as unknown;
    const theirsJson = JSON.parse(theirs.body) as unknown;
    if (!isDeepStrictEqual(oursJson, theirsJson)) {
      const a = (oursJson as { items: Array<Record<string, unknown>> }).items?.[0];
      const b = (theirsJson as { items: Array<Record<string, unknown>> }).items?.[0];
      throw new Error(
        `${url}: the bare baseline's body differs from the product's (first items:\n product ${JSON.stringify(a)}\n bare    ${JSON.stringify(b)})`,
      );
    }
    process.stderr.write(
      `same body for ${url}: ${ours.body.length} bytes${ours.body === theirs.body ? ', byte for byte' : ' (same JSON, bytes differ)'}\n`,
    );
  }
}

async function startServer(name: Server['name'], port: number): Promise<Server> {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    DATABASE_URL: withDatabase(ADMIN_URL, BENCH_DATABASE),
    REDIS_URL,
    QUEUE_PREFIX: `${process.env.QUEUE_PREFIX ?? 'bench'}-api-${process.pid}`,
  };
  const child =
    name === 'product'
      ? spawn(
          process.execPath,
          [...PRODUCT_NODE_FLAGS, path.join(__dirname, '../apps/api/src/main.js')],
          {
            env,
            stdio: ['ignore', 'ignore', 'inherit'],
          },
        )
      : fork(path.join(__dirname, 'bare-server.js'), [], {
          env,
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if ((await get(port, '/api/incidents?limit=1')) === 200) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`${name} server did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { name, port, child };
}

/** User + system CPU of a process, in milliseconds. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0);
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Closed loop: `concurrency` clients back to back for `seconds`. */
async function maxRate(server: Server, url: string, concurrency: number, seconds: number) {
  const cpuBefore = cpuMs(server.child.pid!);
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const status = await get(server.port, url);
        if (status === 200) done += 1;
        else failed += 1;
      }
    }),
  );
  const cpu = cpuMs(server.child.pid!) - cpuBefore;
  return { rps: done / seconds, cpuPerRequest: cpu / Math.max(1, done + failed), failed };
}

/** Open loop at a fixed rate; latency counts from the scheduled send time (no coordinated omission). */
async function fixedRate(server: Server, url: string, rate: number, seconds: number) {
  const latencies: number[] = [];
  let failed = 0;
  const start = performance.now();
  const total = rate * seconds;
  const pending: Promise<void>[] = [];
  let sent = 0;
  while (sent < total) {
    const now = performance.now();
    while (sent < total && start + (sent * 1000) / rate <= now) {
      const scheduled = start + (sent * 1000) / rate;
      sent += 1;
      pending.push(
        get(server.port, url).then((status) => {
          if (status === 200) latencies.push(performance.now() - scheduled);
          else failed += 1;
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    achieved: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    failed,
  };
}

/** One client, one request at a time: the latency of a single query shape. */
async function sequential(server: Server, url: string, count: number) {
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const status = await get(server.port, url);
    if (status !== 200) throw new Error(`${server.name} ${url}: HTTP ${status}`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) };
}

const LIST = '/api/incidents';
const SHAPES: Record<string, string> = {
  'q=database (search)': '/api/incidents?q=database',
  'q=service 123 (selective)': '/api/incidents?q=service%20123',
  'q=INC-2023 (reference, 20% match)': '/api/incidents?q=INC-2023-0',
  'sort=startedAt': '/api/incidents?sort=startedAt',
  'sort=createdAt': '/api/incidents?sort=createdAt',
  'sort=updatedAt': '/api/incidents?sort=updatedAt',
  'sort=severity': '/api/incidents?sort=severity',
  'sort=updatedAt&order=asc': '/api/incidents?sort=updatedAt&order=asc',
};

/**
 * Routes the bare server does not serve, timed on the product alone (one client): the incident page
 * as the web app opens it (its four calls at once: detail, timeline page, activity, services), the
 * deadlines list and the RCA metrics over the five years of data, quiet and under 100 rps of list load.
 */
function productOnly(reference: string): Record<string, string[]> {
  const incident = `/api/incidents/${encodeURIComponent(reference)}`;
  return {
    'incident page (4 calls at once)': [
      incident,
      `${incident}/timeline?limit=200`,
      `${incident}/activity`,
      '/api/services?limit=200',
    ],
    'deadlines list': ['/api/deadlines?limit=100'],
    'RCA metrics, 5 years': ['/api/metrics/rca?from=2021-01-01T00:00:00Z&to=2026-01-01T00:00:00Z'],
  };
}

/** One client: each sample sends every url of the group at once and waits for all of them. */
async function sequentialGroup(server: Server, urls: string[], count: number) {
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const statuses = await Promise.all(urls.map((url) => get(server.port, url)));
    const bad = statuses.findIndex((status) => status !== 200);
    if (bad >= 0) throw new Error(`${server.name} ${urls[bad]}: HTTP ${statuses[bad]}`);
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) };
}

/** The same, while an open loop sends the list at `rate` rps beside it. */
async function groupUnderLoad(server: Server, urls: string[], count: number, rate: number) {
  let stop = false;
  const load = (async () => {
    const pending: Promise<number>[] = [];
    const start = performance.now();
    let sent = 0;
    while (!stop) {
      while (start + (sent * 1000) / rate <= performance.now()) {
        sent += 1;
        pending.push(get(server.port, LIST));
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
  })();
  try {
    return await sequentialGroup(server, urls, count);
  } finally {
    stop = true;
    await load;
  }
}

type Row = Record<string, number>;

export async function runApiBench(args: string[]): Promise<void> {
  const options = parseOptions(args);
  const loadBefore = loadAverage();
  const servers: Server[] = [];
  const results: Record<Server['name'], Row[]> = { product: [], bare: [] };
  const productRows: Row[] = [];
  try {
    servers.push(
      await startServer('product', await freePort()),
      await startServer('bare', await freePort()),
    );
    await assertSameBodies(servers[0], servers[1]);
    const first = JSON.parse((await getBody(servers[0].port, LIST)).body) as {
      items: Array<{ reference: string }>;
    };
    const groups = productOnly(first.items[0]!.reference);
    for (const server of servers) await maxRate(server, LIST, options.concurrency, 3); // warm-up
    for (let pair = 0; pair < options.pairs; pair += 1) {
      for (const server of servers) {
        const row: Row = {};
        const max = await maxRate(server, LIST, options.concurrency, options.seconds);
        row['max rps (first page)'] = max.rps;
        row['CPU ms / request'] = max.cpuPerRequest;
        for (const rate of [100, 300]) {
          const fixed = await fixedRate(server, LIST, rate, options.seconds);
          row[`${rate} rps: achieved`] = fixed.achieved;
          row[`${rate} rps: p50 ms`] = fixed.p50;
          row[`${rate} rps: p99 ms`] = fixed.p99;
        }
        for (const [label, url] of Object.entries(SHAPES)) {
          const shape = await sequential(server, url, 30);
          row[`${label}: p50 ms`] = shape.p50;
          row[`${label}: p95 ms`] = shape.p95;
        }
        row['RSS MB (now)'] = statusKb(server.child.pid!, 'VmRSS') / 1024;
        row['RSS MB (peak)'] = statusKb(server.child.pid!, 'VmHWM') / 1024;
        results[server.name].push(row);
        if (server.name === 'product') {
          const own: Row = {};
          for (const [label, urls] of Object.entries(groups)) {
            const quiet = await sequentialGroup(server, urls, 30);
            own[`${label}: p50 ms`] = quiet.p50;
            own[`${label}: p95 ms`] = quiet.p95;
            const loaded = await groupUnderLoad(server, urls, 30, 100);
            own[`${label}, list at 100 rps beside it: p95 ms`] = loaded.p95;
          }
          productRows.push(own);
        }
        process.stderr.write(
          `pair ${pair + 1} ${server.name}: ${row['max rps (first page)'].toFixed(0)} rps, ${row['CPU ms / request'].toFixed(2)} ms CPU/req, p99@100 ${row['100 rps: p99 ms'].toFixed(1)} ms, p99@300 ${row['300 rps: p99 ms'].toFixed(1)} ms\n`,
        );
      }
    }
  } finally {
    for (const server of servers) server.child.kill('SIGKILL');
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const keys = Object.keys(results.product[0]);
  const format = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
  const lines = [
    `${new Date().toISOString().slice(0, 16)}Z, commit ${commit()}, node ${process.version}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, load average ${loadBefore} at the start and ${loadAverage()} at the end; ${options.pairs} pairs × ${options.seconds} s per phase, concurrency ${options.concurrency}${PRODUCT_NODE_FLAGS.length ? `; product started with ${PRODUCT_NODE_FLAGS.join(' ')}` : ''}; medians over the pairs (each pair: product then bare)`,
    '',
    '| figure | product | bare baseline | product / bare |',
    '|---|---:|---:|---:|',
    ...keys.map((key) => {
      const ours = median(results.product.map((row) => row[key]));
      const bare = median(results.bare.map((row) => row[key]));
      return `| ${key} | ${format(ours)} | ${format(bare)} | ${(ours / bare).toFixed(2)} |`;
    }),
    '',
    '| product only (no baseline serves these) | median over the pairs |',
    '|---|---:|',
    ...Object.keys(productRows[0]).map(
      (key) => `| ${key} | ${format(median(productRows.map((row) => row[key])))} |`,
    ),
    '',
    ...['max rps (first page)', 'CPU ms / request', 'RSS MB (peak)'].map(
      (key) =>
        `per pair, ${key} product/bare: ${results.product.map((row, index) => (row[key] / results.bare[index][key]).toFixed(2)).join(', ')}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
