import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobPayloads, OnJob, QueueService } from '@rca/shared';
import { Job } from 'bullmq';
import { ExportsService } from './exports.service';

export const EXPORTS_RECONCILE_SCHEDULER_ID = 'exports-reconcile';

@Injectable()
export class ExportsProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly exports: ExportsService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.upsertScheduler(
      EXPORTS_RECONCILE_SCHEDULER_ID,
      JobName.ExportsReconcile,
      { every: 60_000 },
      {},
    );
  }

  @OnJob(JobName.ExportPush)
  push(job: Job<JobPayloads[JobName.ExportPush]>) {
    return this.exports.push(job.data.runId, {
      number: job.attemptsMade + 1,
      max: job.opts.attempts ?? 1,
    });
  }

  @OnJob(JobName.ExportsPublished)
  async published(job: Job<JobPayloads[JobName.ExportsPublished]>) {
    return { runs: await this.exports.onWorkflowChanged(job.data) };
  }

  @OnJob(JobName.ExportsReconcile)
  async reconcile() {
    return { requeued: await this.exports.reconcile() };
  }
}
