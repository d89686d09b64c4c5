import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Extension, PGlite } from '@electric-sql/pglite';
import { BootError } from './boot-error';
import { PgliteServer } from './pglite-server';
import { redisAnswers } from './preflight';

// The package's subpath export; this tsconfig's module resolution cannot see its types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };

export interface Running {
  url: string;
  stop(): Promise<void>;
}

const LOCK_FILE = 'rca-desk.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One process per DATA_DIR: PGlite is single-writer and two would corrupt it. */
export async function lockDataDirectory(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, LOCK_FILE);
  try {
    await fs.writeFile(lockPath, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
      throw new BootError(
        `DATA_DIR ${dataDir} is in use by another RCA desk process (pid ${holder}); stop it first or choose another DATA_DIR.`,
      );
    }
    // A stale lock from a process that died; take it over.
    await fs.writeFile(lockPath, String(process.pid));
  }
  return async () => {
    await fs.rm(lockPath, { force: true });
  };
}

/** Real Postgres (PGlite, WASM) on DATA_DIR/pgdata, reachable over the wire protocol on loopback. */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { idleInTransactionMs?: number; log?: (message: string) => void } = {},
): Promise<Running> {
  const pgdata = path.join(dataDir, 'pgdata');
  let db: PGlite;
  try {
    // pg_trgm: the incident search indexes.
    db = await PGlite.create(pgdata, { extensions: { pg_trgm } });
  } catch (error) {
    throw new BootError(
      `The embedded database in ${pgdata} could not be opened (${(error as Error).message}); restore it from a backup or move it aside to start fresh.`,
    );
  }
  // PGlite is one backend: connections take turns, a transaction at a time (see pglite-server.ts).
  const server = new PgliteServer({
    db,
    idleInTransactionMs: options.idleInTransactionMs ?? 5_000,
    log: options.log,
  });
  const { host, port } = await server.listen('127.0.0.1', 0);
  return {
    url: `postgres://postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.close().catch(() => undefined);
      await db.close();
    },
  };
}

function redisSocketPath(dataDir: string): string {
  const preferred = path.join(dataDir, 'redis', 'redis.sock');
  // Unix socket paths are limited to ~107 bytes; long DATA_DIRs get a stable path in the temp folder.
  if (Buffer.byteLength(preferred) < 100) return preferred;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `rca-desk-redis-${digest}.sock`);
}

/**
 * Redis for the embedded mode: 127.0.0.1:6379 if it answers, else our own redis-server on a unix
 * socket inside DATA_DIR (AOF persistence on, stopped with the app), else a clear error.
 */
export async function startEmbeddedRedis(
  dataDir: string,
  local = 'redis://127.0.0.1:6379',
): Promise<Running & { origin: 'local' | 'spawned' | 'reused' }> {
  if (await redisAnswers(local, 500))
    return { url: local, origin: 'local', stop: async () => undefined };

  const socket = redisSocketPath(dataDir);
  const url = `unix://${socket}`;
  // A redis-server left behind by a killed run of ours: reuse it rather than fight over the files.
  if (existsSync(socket) && (await redisAnswers(url, 500)))
    return { url, origin: 'reused', stop: async () => undefined };

  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new BootError(
      'Redis is required and none was found: install redis-server (apt-get install redis-server, brew install redis), start one on 127.0.0.1:6379, or set REDIS_URL.',
    );
  }
  const redisDir = path.join(dataDir, 'redis');
  await fs.mkdir(redisDir, { recursive: true });
  await fs.rm(socket, { force: true });
  const child = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--unixsocket',
      socket,
      '--unixsocketperm',
      '700',
      '--dir',
      redisDir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(url, 300))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new BootError(
        `redis-server could not start in ${redisDir} (${stderr.trim() || 'no answer within 10 s'}); set REDIS_URL to a running Redis instead.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    origin: 'spawned',
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM'); // redis-server fsyncs the AOF and exits on SIGTERM
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
