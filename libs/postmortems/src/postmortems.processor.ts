import { Injectable } from '@nestjs/common';
import { JobName, OnJob } from '@rca/shared';
import { Job, UnrecoverableError } from 'bullmq';
import { DeadlineSchedulerService, ReminderJob } from './deadline-scheduler.service';
import { TemplateRenderError } from './draft-renderer';
import { RcaDraftService } from './rca-draft.service';

@Injectable()
export class PostmortemsProcessor {
  constructor(
    private readonly drafts: RcaDraftService,
    private readonly deadlines: DeadlineSchedulerService,
  ) {}

  @OnJob(JobName.RcaDraft)
  async draft(job: Job<{ incidentId: string }>) {
    try {
      return await this.drafts.generate(job.data.incidentId);
    } catch (error) {
      // A template over its memory or size limit fails the same way on every retry; one over
      // its time limit may only have met a busy machine, so that one is retried.
      if (error instanceof TemplateRenderError && !error.timeLimit)
        throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  @OnJob(JobName.DeadlineReminder)
  remind(job: Job<ReminderJob>) {
    return this.deadlines.remind(job.data);
  }
}
