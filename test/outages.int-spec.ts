// Honest outages: with the database or Redis unreachable the API answers 503 with Retry-After
// and names the dependency (never 500); reads and login keep working while only Redis is down.
// Redis here is a redis-server of this file's own; the database is the shared server reached
// through a loopback proxy the test cuts. Neither shared server is ever stopped.
import { Client } from 'pg';
import { TEST_PASSWORD } from './factories';
import { HttpSession } from './http-session';
import { eventually } from './support/loopback-receivers';
import { CuttableProxy, OwnRedis, startCuttableProxy, startOwnRedis } from './support/faults';
import { createTestApp, TestApp } from './test-context';
import { ADMIN_DATABASE_URL } from './test-environment';

const SHARED_POSTGRES_PORT = Number(new URL(ADMIN_DATABASE_URL).port || 5432);

async function newChannel(sut: TestApp): Promise<string> {
  const response = await sut.api('POST', '/notification-channels', {
    name: `hook-${Math.random().toString(36).slice(2)}`,
    kind: 'webhook',
    url: 'https://hooks.example.com/rca',
    topics: ['reminder'],
  });
  expect(response.status).toBe(201);
  return response.body.id;
}

describe('outages: Redis down (a redis-server of our own, stopped)', () => {
  let redis: OwnRedis;
  let sut: TestApp;
  let channelId: string;

  beforeAll(async () => {
    redis = await startOwnRedis();
    sut = await createTestApp({ env: { REDIS_URL: redis.url, AUTH_RATE_LIMIT: '3' } });
    await sut.bearer('admin@example.com', 'admin', ['admin']);
    channelId = await newChannel(sut);
    await redis.stop();
  });
  afterAll(async () => {
    await sut?.close();
    await redis?.destroy();
  });

  it('saves a write that has follow-up work at once: its job waits in the outbox, not on Redis', async () => {
    const started = Date.now();
    const response = await sut.api('POST', `/notification-channels/${channelId}/test`);
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('pending');
    expect(Date.now() - started).toBeLessThan(5_000);
    const [row] = await sut.dataSource.query(
      `SELECT relayed_at FROM outbox_message WHERE payload->>'deliveryId' = $1`,
      [response.body.id],
    );
    expect(row).toEqual({ relayed_at: null });
  });

  it('keeps answering reads with 200', async () => {
    const response = await sut.api('GET', '/incidents');
    expect(response.status).toBe(200);
  });

  it('keeps password login working (rate limit counted per process)', async () => {
    const user = await sut.factories.newUser();
    const response = await new HttpSession(sut.url).login(user.email!);
    expect(response.status).toBe(200);
  });

  it('still enforces the login rate limit in the process while Redis is down', async () => {
    const user = await sut.factories.newUser();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${sut.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
      });
      statuses.push(response.status);
    }
    expect(statuses).toContain(429);
    expect(statuses).not.toContain(500);
  });

  it('names Redis in /readyz', async () => {
    const response = await fetch(`${sut.url}/readyz`);
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.error?.redis?.status ?? body.details?.redis?.status).toBe('down');
    expect(body.details.database.status).toBe('up');
  });
});

describe('outages: Redis back after an outage', () => {
  it('relays what waited in the outbox without a restart once Redis returns', async () => {
    const redis = await startOwnRedis();
    const sut = await createTestApp({ env: { REDIS_URL: redis.url } });
    try {
      const channelId = await newChannel(sut);
      await redis.stop();
      const response = await sut.api('POST', `/notification-channels/${channelId}/test`);
      expect(response.status).toBe(201);
      await redis.start();
      const relayed = await eventually(async () => {
        const [row] = await sut.dataSource.query(
          `SELECT relayed_at FROM outbox_message WHERE payload->>'deliveryId' = $1`,
          [response.body.id],
        );
        return row?.relayed_at ? row : undefined;
      }, 20_000);
      expect(relayed.relayed_at).toBeInstanceOf(Date);
    } finally {
      await sut.close();
      await redis.destroy();
    }
  });
});

describe('outages: database unreachable (proxy to the shared server cut)', () => {
  let proxy: CuttableProxy;
  let sut: TestApp;

  beforeAll(async () => {
    proxy = await startCuttableProxy(SHARED_POSTGRES_PORT);
    sut = await createTestApp({
      databaseUrl: (url) => {
        const proxied = new URL(url);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(proxy.port);
        return proxied.toString();
      },
    });
    await sut.bearer('admin@example.com', 'admin', ['admin']);
    expect((await sut.api('GET', '/incidents')).status).toBe(200);
  });
  afterAll(async () => {
    await proxy?.restore().catch(() => undefined);
    await sut?.close();
    await proxy?.close();
  });

  it('answers 503 with Retry-After naming the database while it is down, then 200 without a restart', async () => {
    await proxy.cut();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const down = await sut.api('GET', '/incidents');
      statuses.push(down.status);
      if (i === 0) {
        expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(down.body).toMatchObject({
          code: 'DEPENDENCY_UNAVAILABLE',
          details: { dependency: 'database' },
        });
        expect(down.body.message).toMatch(/database/i);
      }
    }
    expect(statuses).toEqual([503, 503, 503]);
    const ready = await fetch(`${sut.url}/readyz`);
    expect(ready.status).toBe(503);
    expect((await ready.json()).details.database.status).toBe('down');

    await proxy.restore();
    const back = await eventually(async () => {
      const response = await sut.api('GET', '/incidents');
      return response.status === 200 ? response : undefined;
    }, 20_000);
    expect(back.status).toBe(200);
  });

  it('answers a write with 503, and nothing was written', async () => {
    await proxy.cut();
    try {
      const response = await sut.api('POST', '/notification-channels', {
        name: 'written-during-outage',
        kind: 'webhook',
        url: 'https://hooks.example.com/rca',
        topics: ['reminder'],
      });
      expect(response.status).toBe(503);
    } finally {
      await proxy.restore();
    }
    const direct = new Client({
      connectionString: sut.environment.DATABASE_URL!.replace(
        `:${proxy.port}/`,
        `:${SHARED_POSTGRES_PORT}/`,
      ),
    });
    await direct.connect();
    try {
      const { rows } = await direct.query(
        `SELECT count(*)::int AS n FROM notification_channel WHERE name = 'written-during-outage'`,
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await direct.end();
    }
  });
});
