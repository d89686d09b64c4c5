import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobPayloads, OnJob, QueueService } from '@rca/shared';
import { Job } from 'bullmq';
import { SlaCreditService } from './sla-credit.service';

export const SLA_CREDITS_SCAN_SCHEDULER_ID = 'vendor-ledger-sla-credits-scan';

/** The daily claim-reminder scan (it only enqueues) and the per-contract reminder job. */
@Injectable()
export class SlaCreditProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly credits: SlaCreditService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // 06:00 UTC every day; upserting the same scheduler id from every worker keeps one.
    await this.queues.upsertScheduler(
      SLA_CREDITS_SCAN_SCHEDULER_ID,
      JobName.SlaCreditsScan,
      { pattern: '0 6 * * *', tz: 'UTC' },
      {},
    );
  }

  @OnJob(JobName.SlaCreditsScan)
  async scan() {
    return { contracts: await this.credits.scan() };
  }

  @OnJob(JobName.SlaCreditRemind)
  async remind(job: Job<JobPayloads[JobName.SlaCreditRemind]>) {
    return { sent: await this.credits.remind(job.data.contractId) };
  }
}
