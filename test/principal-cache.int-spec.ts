import { randomUUID } from 'node:crypto';
import { PrincipalCache } from '@rca/accounts';
import { loadEnvironment, QueueService } from '@rca/shared';
import Redis from 'ioredis';
import { eventually } from './support/loopback-receivers';
import { TEST_REDIS_URL } from './test-environment';

// Two PrincipalCache instances on one Redis stand for two API replicas.
function replica(prefix: string, redisUrl = TEST_REDIS_URL) {
  const environment = loadEnvironment({
    NODE_ENV: 'test',
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused',
  });
  const producer = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  producer.on('error', () => undefined);
  const sut = new PrincipalCache<string>(environment, {
    connection: producer,
  } as unknown as QueueService);
  sut.onModuleInit();
  return {
    sut,
    close: async () => {
      await sut.onApplicationShutdown();
      producer.disconnect();
    },
  };
}

async function subscribed(cache: PrincipalCache<string>) {
  // Caching starts once the replica is subscribed to invalidations.
  await eventually(async () => {
    cache.set('probe', 'x', cache.mark());
    return cache.get('probe') === 'x';
  }, 5_000);
}

describe('principal cache across replicas (real Redis)', () => {
  it('a change on one replica clears the other one', async () => {
    const prefix = `pc-${randomUUID()}`;
    const first = replica(prefix);
    const second = replica(prefix);
    try {
      await subscribed(first.sut);
      await subscribed(second.sut);
      first.sut.set('token-hash', 'alice as admin', first.sut.mark());
      expect(first.sut.get('token-hash')).toBe('alice as admin');
      second.sut.invalidate();
      // Well within the cache's 5 s lifetime: cleared by the message, not by expiry.
      await eventually(async () => first.sut.get('token-hash') === undefined, 2_000);
      expect(first.sut.get('token-hash')).toBeUndefined();
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('a read that started before an invalidation is not cached', async () => {
    const only = replica(`pc-${randomUUID()}`);
    try {
      await subscribed(only.sut);
      const generation = only.sut.mark();
      only.sut.invalidate();
      only.sut.set('token-hash', 'stale', generation);
      expect(only.sut.get('token-hash')).toBeUndefined();
    } finally {
      await only.close();
    }
  });

  it('caches nothing while Redis cannot be reached', async () => {
    // A port nothing listens on: no subscription, so no invalidation could arrive.
    const offline = replica(`pc-${randomUUID()}`, 'redis://127.0.0.1:1');
    try {
      offline.sut.set('token-hash', 'alice', offline.sut.mark());
      await new Promise((resolve) => setTimeout(resolve, 300));
      offline.sut.set('token-hash', 'alice', offline.sut.mark());
      expect(offline.sut.get('token-hash')).toBeUndefined();
    } finally {
      await offline.close();
    }
  });
});
