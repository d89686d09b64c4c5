import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { redisOptions } from '../queue/redis';
import { BootError } from './boot-error';

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable>';
  }
}

/** Creates DATA_DIR if needed and proves it is writable, without touching anything already in it. */
export async function ensureWritableDirectory(directory: string): Promise<string> {
  const absolute = path.resolve(directory);
  try {
    await fs.mkdir(absolute, { recursive: true });
    await fs.access(absolute, fsConstants.W_OK | fsConstants.R_OK);
    const probe = path.join(absolute, `.write-probe-${process.pid}`);
    await fs.writeFile(probe, '');
    await fs.rm(probe);
  } catch (error) {
    throw new BootError(
      `DATA_DIR ${absolute} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); point DATA_DIR at a folder this user can write, or fix its permissions.`,
    );
  }
  return absolute;
}

export async function checkDatabase(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = (error as Error).message || (error as NodeJS.ErrnoException).code || 'no answer';
    throw new BootError(
      `Cannot reach the database at ${redact(url)} (${reason}); start PostgreSQL, fix DATABASE_URL, or unset it to use the embedded database.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** True when Redis answers PING at `url` within `timeoutMs`. */
export async function redisAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Redis({
    ...redisOptions(url, 'producer'),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function checkRedis(url: string): Promise<void> {
  if (!(await redisAnswers(url, 3_000))) {
    throw new BootError(
      `Cannot reach Redis at ${redact(url)}; start Redis, fix REDIS_URL, or unset it to let the embedded mode find or start one.`,
    );
  }
}

/** Binds and releases host:port, so a taken port is reported before anything else starts. */
export async function assertPortFree(port: number, host: string, variable: string): Promise<void> {
  if (port === 0) return;
  const { createServer } = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new BootError(
            `Port ${port} on ${host} is already in use; stop the other process or set ${variable} to a free port.`,
          ),
        );
      } else if (error.code === 'EACCES') {
        reject(
          new BootError(
            `Not allowed to listen on port ${port}; choose a port above 1024 with ${variable}.`,
          ),
        );
      } else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
        reject(
          new BootError(
            `HOST=${host} is not an address of this machine; use 127.0.0.1, 0.0.0.0 or one of its addresses.`,
          ),
        );
      } else reject(error);
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
