import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { Job, UnrecoverableError, Worker } from 'bullmq';
import { Counter, Histogram } from 'prom-client';
import { Environment } from '../config/environment';
import { MetricsService } from '../metrics/metrics.service';
import { ON_JOB_METADATA } from './on-job.decorator';
import {
  CAPPED_BACKOFF,
  JOB_QUEUE,
  JobName,
  QueueName,
  queueConcurrency,
  retryDelay,
} from './queue.constants';
import { createRedis } from './redis';

type Handler = (job: Job) => Promise<unknown>;

export class JobRegistryError extends Error {}

/**
 * The worker side: finds every @OnJob handler, refuses to boot unless each JobName has exactly
 * one, and runs one BullMQ Worker per queue that dispatches by job name.
 */
@Injectable()
export class JobRegistryService
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(JobRegistryService.name);
  private readonly handlers = new Map<JobName, Handler>();
  private readonly workers: Worker[] = [];
  private readonly duration: Histogram;
  private readonly failures: Counter;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly environment: Environment,
    metrics: MetricsService,
  ) {
    this.duration = new Histogram({
      name: 'rca_job_duration_seconds',
      help: 'Job processing time',
      labelNames: ['queue', 'job', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [metrics.registry],
    });
    this.failures = new Counter({
      name: 'rca_job_failures_total',
      help: 'Job attempts that threw',
      labelNames: ['queue', 'job', 'permanent'],
      registers: [metrics.registry],
    });
  }

  /** Collects handlers; exported for tests of the boot check. */
  discover(): Map<JobName, Handler> {
    const found = new Map<JobName, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || wrapper.isNotMetatype) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[methodName];
        if (typeof method !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(ON_JOB_METADATA, method);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), `${instance.constructor.name}.${methodName}`]);
        this.handlers.set(name, (job: Job) => (method as Handler).call(instance, job));
      }
    }
    const problems: string[] = [];
    for (const name of Object.values(JobName)) {
      const owners = found.get(name) ?? [];
      if (owners.length === 0) problems.push(`job "${name}" has no @OnJob handler`);
      if (owners.length > 1)
        problems.push(`job "${name}" has ${owners.length} handlers: ${owners.join(', ')}`);
    }
    if (problems.length > 0)
      throw new JobRegistryError(`Refusing to start the worker: ${problems.join('; ')}`);
    return this.handlers;
  }

  onApplicationBootstrap(): void {
    this.discover();
    const redisUrl = this.environment.REDIS_URL as string;
    for (const queue of new Set(Object.values(JOB_QUEUE))) {
      const worker = new Worker(queue, (job) => this.process(queue, job), {
        connection: createRedis(redisUrl, 'worker', `rca-worker-${queue}`),
        prefix: this.environment.QUEUE_PREFIX,
        concurrency: queueConcurrency(queue, this.environment),
        autorun: true,
        settings: {
          // A receiver's Retry-After (429/503) is honoured when longer than the backoff.
          backoffStrategy: (attemptsMade: number, type?: string, error?: Error) =>
            type === CAPPED_BACKOFF ? retryDelay(attemptsMade, this.environment, error) : 0,
        },
      });
      worker.on('error', (error) => this.logger.warn(`Worker ${queue}: ${error.message}`));
      worker.on('failed', (job, error) =>
        this.logger.warn(
          { queue, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error.message },
          'job failed',
        ),
      );
      this.workers.push(worker);
    }
    this.logger.log(
      `Workers running for queues: ${this.workers.map((worker) => worker.name).join(', ')}`,
    );
  }

  private async process(queue: QueueName, job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler)
      throw new UnrecoverableError(`No handler for job "${job.name}" on queue "${queue}"`);
    const stop = this.duration.startTimer({ queue, job: job.name });
    try {
      const result = await handler(job);
      stop({ outcome: 'completed' });
      return result;
    } catch (error) {
      const permanent = error instanceof UnrecoverableError;
      stop({ outcome: 'failed' });
      this.failures.inc({ queue, job: job.name, permanent: String(permanent) });
      throw error;
    }
  }

  /**
   * Stops taking jobs and waits for the active ones, in the phase before the one that destroys the
   * DataSource and the producer's Redis connection, so a job in flight finishes against open
   * connections. When SHUTDOWN_TIMEOUT_MS runs out first, the process exits with the job still
   * locked in Redis: BullMQ's stalled-job recovery runs it again, it is never marked failed.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const active = this.workers.length;
    if (active === 0) return;
    this.logger.log('Draining workers: no new jobs, waiting for the active ones');
    await Promise.allSettled(this.workers.map((worker) => worker.close()));
    this.logger.log('Workers drained');
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.workers.map((worker) => worker.disconnect()));
  }
}
