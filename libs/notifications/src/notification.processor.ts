import { Injectable } from '@nestjs/common';
import { JobName, OnJob } from '@rca/shared';
import { Job } from 'bullmq';
import { NotificationService } from './notification.service';

@Injectable()
export class NotificationProcessor {
  constructor(private readonly notifications: NotificationService) {}

  @OnJob(JobName.NotificationDeliver)
  deliver(job: Job<{ deliveryId: string }>) {
    return this.notifications.deliver(job.data.deliveryId, {
      number: job.attemptsMade + 1,
      max: job.opts.attempts ?? 1,
    });
  }
}
