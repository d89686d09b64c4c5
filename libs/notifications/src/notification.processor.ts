import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobPayloads, OnJob, QueueService } from '@rca/shared';
import { Job } from 'bullmq';
import { NotificationService } from './notification.service';

export const NOTIFICATIONS_RECONCILE_SCHEDULER_ID = 'notifications-reconcile';

@Injectable()
export class NotificationProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly notifications: NotificationService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.upsertScheduler(
      NOTIFICATIONS_RECONCILE_SCHEDULER_ID,
      JobName.NotificationsReconcile,
      { every: 60_000 },
      {},
    );
  }

  @OnJob(JobName.NotificationDeliver)
  deliver(job: Job<JobPayloads[JobName.NotificationDeliver]>) {
    return this.notifications.deliver(job.data.deliveryId, {
      number: job.attemptsMade + 1,
      max: job.opts.attempts ?? 1,
    });
  }

  @OnJob(JobName.NotificationsReconcile)
  reconcile() {
    return this.notifications.reconcile();
  }
}
