import Redis, { RedisOptions } from 'ioredis';

/**
 * Turns REDIS_URL (redis://, rediss:// or unix:///path/to/redis.sock) into ioredis options.
 * `role` decides the retry behaviour BullMQ needs: workers block and must retry forever
 * (maxRetriesPerRequest: null); producers must fail fast when Redis is down.
 */
export function redisOptions(url: string, role: 'worker' | 'producer'): RedisOptions {
  const parsed = new URL(url);
  const base: RedisOptions =
    parsed.protocol === 'unix:'
      ? { path: decodeURIComponent(parsed.pathname) }
      : {
          host: parsed.hostname.replace(/^\[|\]$/g, ''),
          port: parsed.port ? Number(parsed.port) : 6379,
          username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
          password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
          db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
          tls: parsed.protocol === 'rediss:' ? {} : undefined,
        };
  if (role === 'worker') return { ...base, maxRetriesPerRequest: null, enableReadyCheck: true };
  return {
    ...base,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 3_000,
    // A Redis that accepts the connection but does not answer (paused, overloaded) must not hang
    // the HTTP request that enqueues: the command fails and the API answers 503.
    commandTimeout: 3_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  };
}

export function createRedis(
  url: string,
  role: 'worker' | 'producer',
  connectionName: string,
): Redis {
  return new Redis({ ...redisOptions(url, role), connectionName, lazyConnect: true });
}

/** Waits until a lazily connecting client is ready, or throws after `timeoutMs`. */
export async function connectRedis(client: Redis, timeoutMs = 5_000): Promise<void> {
  if (client.status === 'ready') return;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.status === 'wait'
        ? client.connect()
        : new Promise((resolve) => client.once('ready', resolve)),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
