import { hostname } from 'node:os';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Environment, JobName, OnJob, QueueService } from '@rca/shared';
import { Job } from 'bullmq';
import { HeartbeatRepository } from './heartbeat.repository';

export const HEARTBEAT_SCHEDULER_ID = 'system-heartbeat';

/** Runs in workers: keeps the heartbeat scheduler in place and records each run. */
@Injectable()
export class HeartbeatProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(HeartbeatProcessor.name);

  constructor(
    private readonly heartbeats: HeartbeatRepository,
    private readonly queues: QueueService,
    private readonly environment: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.upsertScheduler(
      HEARTBEAT_SCHEDULER_ID,
      JobName.SystemHeartbeat,
      { every: this.environment.HEARTBEAT_INTERVAL_MS },
      {},
    );
  }

  @OnJob(JobName.SystemHeartbeat)
  async beat(job: Job): Promise<{ at: string }> {
    const at = new Date(job.timestamp);
    await this.heartbeats.beat(JobName.SystemHeartbeat, `${hostname()}:${process.pid}`, at);
    this.logger.debug(`heartbeat ${job.id}`);
    return { at: at.toISOString() };
  }
}
