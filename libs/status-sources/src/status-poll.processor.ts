import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, OnJob } from '@rca/shared';
import { Job, UnrecoverableError } from 'bullmq';
import { PollOutcome, StatusPollService } from './status-poll.service';
import { StatusSourceScheduler } from './status-source.scheduler';

/** Runs in workers: reconciles the schedulers at boot and performs each poll. */
@Injectable()
export class StatusPollProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly polls: StatusPollService,
    private readonly scheduler: StatusSourceScheduler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.reconcile();
  }

  @OnJob(JobName.StatusSourcePoll)
  async poll(job: Job<{ sourceId?: unknown }>): Promise<PollOutcome> {
    const sourceId = job.data?.sourceId;
    if (typeof sourceId !== 'string' || !/^[0-9a-f-]{36}$/i.test(sourceId))
      throw new UnrecoverableError(
        `status poll job without a valid sourceId: ${JSON.stringify(sourceId)}`,
      );
    // Fetch and parse failures are recorded on the source and returned, not thrown.
    return this.polls.poll(sourceId);
  }
}
