import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { JobSchedulerTemplateOptions, JobsOptions, Queue, RepeatOptions } from 'bullmq';
import Redis from 'ioredis';
import { Gauge } from 'prom-client';
import { Environment } from '../config/environment';
import { MetricsService } from '../metrics/metrics.service';
import { DependencyUnavailableError, unavailableDependency } from '../http/dependency-unavailable';
import { connectRedis, createRedis } from './redis';
import { JOB_QUEUE, JobName, jobOptions, QueueName } from './queue.constants';
import type { JobPayloads } from '../outbox/events';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/** The producer side: enqueue jobs and manage job schedulers. Fails fast when Redis is down. */
@Injectable()
export class QueueService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  readonly connection: Redis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly environment: Environment,
    private readonly metrics: MetricsService,
  ) {
    if (!environment.REDIS_URL)
      throw new Error('REDIS_URL is not set; the boot sequence must provide it');
    this.connection = createRedis(environment.REDIS_URL, 'producer', 'rca-producer');
    // ioredis reports connection errors as events; they surface through /readyz, not crashes.
    this.connection.on('error', (error) =>
      this.logger.warn(`Redis producer connection: ${error.message}`),
    );
  }

  async onModuleInit(): Promise<void> {
    await connectRedis(this.connection);
    const queues = this.queues;
    const gauge = new Gauge({
      name: 'rca_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.metrics.registry],
      async collect() {
        for (const [name, queue] of queues) {
          try {
            const counts = await queue.getJobCounts(...JOB_STATES);
            for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
          } catch {
            // Redis down: /readyz reports it; the scrape must still succeed.
          }
        }
      },
    });
    void gauge;
    for (const name of Object.values(QueueName)) this.queue(name);
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.environment.QUEUE_PREFIX,
      });
      queue.on('error', (error) => this.logger.warn(`Queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  add<N extends JobName>(name: N, data: JobPayloads[N], options: JobsOptions = {}) {
    return asRedisOutage(
      this.queue(JOB_QUEUE[name]).add(name, data, {
        ...jobOptions(name, this.environment),
        ...options,
      }),
    );
  }

  /** Creates or updates a scheduler; idempotent, so restarts and several workers never duplicate it. */
  upsertScheduler<N extends JobName>(
    schedulerId: string,
    name: N,
    repeat: Omit<RepeatOptions, 'key'>,
    data: JobPayloads[N],
    options: JobSchedulerTemplateOptions = {},
  ) {
    const { attempts, backoff, removeOnComplete, removeOnFail } = jobOptions(
      name,
      this.environment,
    );
    return asRedisOutage(
      this.queue(JOB_QUEUE[name]).upsertJobScheduler(schedulerId, repeat, {
        name,
        data,
        opts: { attempts, backoff, removeOnComplete, removeOnFail, ...options },
      }),
    );
  }

  /**
   * Whether BullMQ still holds this job as work to do (waiting, delayed, active…). A failed,
   * completed or vanished job is not live: the reconcilers queue such work again.
   */
  async isLive(name: JobName, jobId: string | null): Promise<boolean> {
    if (!jobId) return false;
    const job = await this.queue(JOB_QUEUE[name]).getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    return !['completed', 'failed', 'unknown'].includes(state);
  }

  removeScheduler(name: JobName, schedulerId: string) {
    return asRedisOutage(this.queue(JOB_QUEUE[name]).removeJobScheduler(schedulerId));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.connection.disconnect();
  }
}

/** Producer calls fail fast when Redis is down; the error names Redis so the API answers 503. */
async function asRedisOutage<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (unavailableDependency(error)) throw new DependencyUnavailableError('redis', error);
    throw error;
  }
}
