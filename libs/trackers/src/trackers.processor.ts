import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Environment, JobName, JobPayloads, OnJob, QueueService } from '@rca/shared';
import { Job } from 'bullmq';
import { TrackersService } from './trackers.service';

export const TRACKERS_POLL_SCHEDULER_ID = 'trackers-poll';

@Injectable()
export class TrackersProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly trackers: TrackersService,
    private readonly queues: QueueService,
    private readonly environment: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.upsertScheduler(
      TRACKERS_POLL_SCHEDULER_ID,
      JobName.TrackersPoll,
      { every: this.environment.TRACKER_POLL_SECONDS * 1000 },
      {},
    );
  }

  @OnJob(JobName.TrackersSync)
  async sync(job: Job<JobPayloads[JobName.TrackersSync]>) {
    return { result: await this.trackers.sync(job.data.actionItemId) };
  }

  @OnJob(JobName.TrackersWorkflowChanged)
  async workflowChanged(job: Job<JobPayloads[JobName.TrackersWorkflowChanged]>) {
    return { claimed: await this.trackers.onWorkflowChanged(job.data) };
  }

  @OnJob(JobName.TrackersPoll)
  poll() {
    return this.trackers.poll();
  }
}
