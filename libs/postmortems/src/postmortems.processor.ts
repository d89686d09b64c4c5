import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads, OnJob } from '@rca/shared';
import { Job, UnrecoverableError } from 'bullmq';
import { DeadlineSchedulerService } from './deadline-scheduler.service';
import { MeetingService } from './meeting.service';
import { TemplateRenderError } from './draft-renderer';
import { RcaDraftService } from './rca-draft.service';
import { ReviewNotifierService } from './review-notifier.service';

@Injectable()
export class PostmortemsProcessor {
  constructor(
    private readonly drafts: RcaDraftService,
    private readonly deadlines: DeadlineSchedulerService,
    private readonly notifier: ReviewNotifierService,
    private readonly meetings: MeetingService,
  ) {}

  @OnJob(JobName.PostmortemsMeetingInvite)
  async meetingInvite(job: Job<JobPayloads[JobName.PostmortemsMeetingInvite]>) {
    return { sent: await this.meetings.onMeetingChanged(job.data) };
  }

  @OnJob(JobName.PostmortemsWorkflowNotify)
  async workflowNotify(job: Job<JobPayloads[JobName.PostmortemsWorkflowNotify]>) {
    return { sent: await this.notifier.onWorkflowChanged(job.data) };
  }

  @OnJob(JobName.PostmortemsCommentNotify)
  async commentNotify(job: Job<JobPayloads[JobName.PostmortemsCommentNotify]>) {
    return { sent: await this.notifier.onCommented(job.data) };
  }

  @OnJob(JobName.RcaDraft)
  async draft(job: Job<JobPayloads[JobName.RcaDraft]>) {
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
  remind(job: Job<JobPayloads[JobName.DeadlineReminder]>) {
    return this.deadlines.remind(job.data);
  }

  @OnJob(JobName.PostmortemsIncidentStatusNotify)
  async incidentStatusNotify(job: Job<JobPayloads[JobName.PostmortemsIncidentStatusNotify]>) {
    return { sent: await this.notifier.onIncidentChanged(job.data) };
  }

  @OnJob(JobName.PostmortemsIncidentChanged)
  incidentChanged(job: Job<JobPayloads[JobName.PostmortemsIncidentChanged]>) {
    return this.deadlines.onIncidentChanged(job.data);
  }

  @OnJob(JobName.DeadlineApply)
  async applyDeadline(job: Job<JobPayloads[JobName.DeadlineApply]>) {
    const postmortem = await this.deadlines.apply(job.data.postmortemId);
    return { dueAt: postmortem?.dueAt ?? null };
  }

  @OnJob(JobName.DeadlinePolicyChanged)
  async policyChanged(job: Job<JobPayloads[JobName.DeadlinePolicyChanged]>) {
    return { postmortems: await this.deadlines.onPolicyChanged(job.data) };
  }
}
