import { Injectable } from '@nestjs/common';
import { JobName, OnJob } from '@rca/shared';
import { Job } from 'bullmq';
import { DeadlineSchedulerService, ReminderJob } from './deadline-scheduler.service';
import { RcaDraftService } from './rca-draft.service';

@Injectable()
export class PostmortemsProcessor {
  constructor(
    private readonly drafts: RcaDraftService,
    private readonly deadlines: DeadlineSchedulerService,
  ) {}

  @OnJob(JobName.RcaDraft)
  draft(job: Job<{ incidentId: string }>) {
    return this.drafts.generate(job.data.incidentId);
  }

  @OnJob(JobName.DeadlineReminder)
  remind(job: Job<ReminderJob>) {
    return this.deadlines.remind(job.data);
  }
}
