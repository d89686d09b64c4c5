import { redisOptions } from './redis';

describe('redisOptions', () => {
  it('gives workers unlimited retries, as BullMQ requires for blocking connections', () => {
    expect(redisOptions('redis://127.0.0.1:6379', 'worker').maxRetriesPerRequest).toBeNull();
  });

  it('makes producers fail fast instead of queueing commands while Redis is down', () => {
    const sut = redisOptions('redis://127.0.0.1:6379', 'producer');
    expect(sut.enableOfflineQueue).toBe(false);
    expect(sut.maxRetriesPerRequest).toBe(1);
  });

  it('bounds every producer command, so a Redis that stops answering cannot hang a request', () => {
    expect(redisOptions('redis://127.0.0.1:6379', 'producer').commandTimeout).toBe(3_000);
  });

  it('reads credentials, database number and TLS from the URL', () => {
    const sut = redisOptions('rediss://user:s%40cret@cache.internal:6380/2', 'producer');
    expect(sut).toMatchObject({
      host: 'cache.internal',
      port: 6380,
      username: 'user',
      password: 's@cret',
      db: 2,
      tls: {},
    });
  });

  it('understands unix sockets', () => {
    expect(redisOptions('unix:///var/run/redis/redis.sock', 'worker').path).toBe(
      '/var/run/redis/redis.sock',
    );
  });
});
