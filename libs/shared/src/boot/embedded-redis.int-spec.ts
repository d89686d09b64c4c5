import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Redis from 'ioredis';
import { redisOptions } from '../queue/redis';
import { startEmbeddedRedis } from './embedded';

// Port 1 never has a Redis: this forces the "start our own redis-server" path even on a machine
// whose 127.0.0.1:6379 answers.
const NOBODY = 'redis://127.0.0.1:1';

async function withClient<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({
    ...redisOptions(url, 'producer'),
    lazyConnect: true,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

describe('embedded Redis (no REDIS_URL and nothing on 127.0.0.1:6379)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rca-redis-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts redis-server on a unix socket in DATA_DIR and keeps data across a stop and start', async () => {
    const first = await startEmbeddedRedis(dataDir, NOBODY);
    expect(first.origin).toBe('spawned');
    expect(first.url).toBe(`unix://${path.join(dataDir, 'redis', 'redis.sock')}`);
    await withClient(first.url, (client) => client.set('rca:test', 'kept'));
    await first.stop();
    await expect(withClient(first.url, (client) => client.ping())).rejects.toThrow();

    const second = await startEmbeddedRedis(dataDir, NOBODY);
    try {
      expect(second.origin).toBe('spawned');
      expect(await withClient(second.url, (client) => client.get('rca:test'))).toBe('kept');
    } finally {
      await second.stop();
    }
  });

  it('uses the local Redis when it answers', async () => {
    const local = await startEmbeddedRedis(dataDir);
    expect(local.origin).toBe('local');
    expect(local.url).toBe('redis://127.0.0.1:6379');
  });
});
