import { Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import { createRedis, Environment, QueueService } from '@rca/shared';
import type Redis from 'ioredis';

/**
 * A few seconds of memory of who a bearer token belongs to, so a busy client does not cost an
 * authentication query per request. Every replica listens on one Redis channel; a revoke or a
 * change of role, teams or disabled state clears every replica's cache. While this replica is not
 * subscribed (Redis down, reconnecting) it caches nothing: an invalidation could be missed.
 */
@Injectable()
export class PrincipalCache<T = unknown> implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(PrincipalCache.name);
  private readonly entries = new Map<string, { value: T; until: number }>();
  private subscriber?: Redis;
  private subscribed = false;
  /** Bumped on every invalidation; a read that started before one is not cached. */
  private generation = 0;
  private readonly channel: string;
  private readonly ttlMs: number;

  constructor(
    private readonly environment: Environment,
    // Absent in the CLI: no cache there, and nothing to tell the replicas.
    @Optional() private readonly queues?: QueueService,
  ) {
    this.channel = `${environment.QUEUE_PREFIX}:accounts:principal-invalidated`;
    this.ttlMs = queues && environment.REDIS_URL ? environment.AUTH_CACHE_SECONDS * 1000 : 0;
  }

  onModuleInit(): void {
    if (this.ttlMs <= 0 || !this.environment.REDIS_URL) return;
    const subscriber = createRedis(this.environment.REDIS_URL, 'worker', 'rca-principal-cache');
    this.subscriber = subscriber;
    const lost = () => {
      this.subscribed = false;
      this.clear();
    };
    subscriber.on('ready', () => {
      subscriber.subscribe(this.channel).then(
        () => {
          // Messages sent while we were away are lost: start empty.
          this.clear();
          this.subscribed = true;
        },
        (error: Error) => this.logger.warn(`Principal cache subscribe: ${error.message}`),
      );
    });
    subscriber.on('close', lost);
    subscriber.on('end', lost);
    subscriber.on('reconnecting', lost);
    subscriber.on('error', (error) =>
      this.logger.debug?.(`Principal cache Redis: ${error.message}`),
    );
    subscriber.on('message', () => this.clear());
    subscriber.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscribed = false;
    this.subscriber?.disconnect();
  }

  /** The generation to pass to `set` once the value has been read from the database. */
  mark(): number {
    return this.generation;
  }

  get(key: string): T | undefined {
    if (!this.subscribed) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, generation: number): void {
    if (!this.subscribed || generation !== this.generation) return;
    if (this.entries.size >= 10_000) this.entries.clear();
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }

  /** Call after the change has committed; clears this replica at once and the others through Redis. */
  invalidate(): void {
    this.clear();
    if (this.ttlMs <= 0) return;
    this.queues?.connection.publish(this.channel, '1').catch((error: Error) => {
      // Redis down: the other replicas are not subscribed either, so they cache nothing.
      this.logger.warn(`Principal cache invalidation not published: ${error.message}`);
    });
  }

  private clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
