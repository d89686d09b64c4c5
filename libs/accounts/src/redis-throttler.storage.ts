import { Injectable, Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { Environment, QueueService } from '@rca/shared';

// Fixed window per key; once over the limit the key is blocked for blockDuration. Atomic in Redis,
// so every API replica shares the same counts.
const SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, ttl, blocked}
`;

const MAX_LOCAL_KEYS = 10_000;

interface LocalWindow {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

/**
 * @nestjs/throttler storage on the app's existing ioredis connection (QUEUE_PREFIX namespaced).
 * When Redis cannot be reached, login must keep working: the same fixed window is counted in this
 * process instead (each API replica then limits on its own), and the switch is logged once per
 * outage. Counting resumes in Redis as soon as it answers again.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('Throttler');
  private readonly local = new Map<string, LocalWindow>();
  private degraded = false;

  constructor(
    private readonly queues: QueueService,
    private readonly environment: Environment,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const base = `${this.environment.QUEUE_PREFIX}:throttle:${throttlerName}:${key}`;
    const block = blockDuration > 0 ? blockDuration : ttl;
    let reply: [number, number, number];
    try {
      reply = (await this.queues.connection.eval(
        SCRIPT,
        2,
        `${base}:hits`,
        `${base}:blocked`,
        String(ttl),
        String(limit),
        String(block),
      )) as [number, number, number];
    } catch (error) {
      if (!this.degraded)
        this.logger.warn(
          `Redis is unavailable (${(error as Error).message}); rate limits are counted per process until it returns`,
        );
      this.degraded = true;
      return this.incrementLocally(base, ttl, limit, block);
    }
    if (this.degraded) {
      this.degraded = false;
      this.local.clear();
      this.logger.log('Redis answers again; rate limits are shared by every replica again');
    }
    const [hits, ttlMs, blockedMs] = reply;
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(ttlMs / 1000)),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: blockedMs > 0 ? Math.ceil(blockedMs / 1000) : 0,
    };
  }

  /** The Lua script's fixed window, in this process's memory. */
  private incrementLocally(
    key: string,
    ttl: number,
    limit: number,
    block: number,
  ): ThrottlerStorageRecord {
    const now = Date.now();
    for (const [other, window] of this.local)
      if (window.expiresAt <= now && window.blockedUntil <= now) this.local.delete(other);
    let window = this.local.get(key);
    // Bounded during a long outage: the oldest windows go first (a Map keeps insertion order).
    while (!window && this.local.size >= MAX_LOCAL_KEYS)
      this.local.delete(this.local.keys().next().value as string);
    if (!window) {
      window = { hits: 0, expiresAt: now + ttl, blockedUntil: 0 };
      this.local.set(key, window);
    }
    window.hits += 1;
    if (window.blockedUntil <= now && window.hits > limit) window.blockedUntil = now + block;
    const blockedMs = Math.max(0, window.blockedUntil - now);
    return {
      totalHits: window.hits,
      timeToExpire: Math.max(0, Math.ceil((window.expiresAt - now) / 1000)),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: blockedMs > 0 ? Math.ceil(blockedMs / 1000) : 0,
    };
  }
}
