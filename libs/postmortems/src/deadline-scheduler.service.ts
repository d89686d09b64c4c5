import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock, computeDueInstant, DeadlinePolicyService } from '@rca/deadlines';
import { NotificationService, NotificationTopic } from '@rca/notifications';
import { IncidentEvents, JOB_QUEUE, JobName, QueueService } from '@rca/shared';
import { PostmortemEntity } from './postmortem.entity';
import { PostmortemRepository } from './postmortem.repository';
import { PostmortemService } from './postmortem.service';
import { RcaDraftService } from './rca-draft.service';

export interface ReminderJob {
  postmortemId: string;
  kind: string;
  /** ISO instant of the due date the reminder was scheduled for; a changed due date makes it stale. */
  dueAt: string;
}

const HOUR = 3_600_000;

export function reminderJobId(postmortemId: string, kind: string, dueAt: Date): string {
  return `reminder_${postmortemId}_${kind}_${dueAt.getTime()}`;
}

/** Computes due instants and keeps the reminder / escalation jobs in step with them. */
@Injectable()
export class DeadlineSchedulerService implements OnModuleInit {
  private readonly logger = new Logger(DeadlineSchedulerService.name);

  constructor(
    private readonly repository: PostmortemRepository,
    private readonly policies: DeadlinePolicyService,
    private readonly queues: QueueService,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly postmortems: PostmortemService,
    private readonly drafts: RcaDraftService,
    private readonly incidentEvents: IncidentEvents,
  ) {}

  onModuleInit(): void {
    // Resolution drafts the RCA; a record change before review regenerates the generated
    // sections (the job is keyed by record version); a moved resolution time moves the deadline.
    this.incidentEvents.onChange(async (change) => {
      const resolved = change.status === 'resolved' || change.status === 'closed';
      const postmortem = await this.repository.findByIncident(change.incidentId);
      if (resolved || postmortem?.status === 'draft') await this.drafts.enqueue(change.incidentId);
      if (
        postmortem &&
        change.resolvedAt &&
        change.resolvedAt.getTime() !== postmortem.resolvedAt?.getTime()
      ) {
        await this.repository.setResolvedAt(postmortem.id, change.resolvedAt);
        await this.apply(postmortem.id);
      }
    });
    this.drafts.onDrafted((postmortem) => this.apply(postmortem.id).then(() => undefined));
    this.postmortems.onWorkflowChange(async (postmortem, from) => {
      if (postmortem.status === 'published') await this.cancel(postmortem);
      else if (from === 'published') await this.apply(postmortem.id);
    });
    this.policies.onPolicyChanged(async (policy) => {
      for (const id of await this.repository.openPostmortemIds(policy.severity, policy.team))
        await this.apply(id);
    });
  }

  /** Recomputes the due instant from the policy and the resolution time, and reschedules reminders. */
  async apply(postmortemId: string): Promise<PostmortemEntity | null> {
    const postmortem = await this.repository.findById(postmortemId);
    if (!postmortem) return null;
    const policy = await this.policies.effective(postmortem.severity, postmortem.team);
    const dueAt =
      policy && postmortem.resolvedAt ? computeDueInstant(postmortem.resolvedAt, policy) : null;
    const previous = postmortem.dueAt;
    await this.repository.setDeadline(postmortem.id, {
      dueAt,
      deadlinePolicyId: policy?.id ?? null,
      displayZone: policy?.zone ?? postmortem.displayZone,
    });
    if (previous && previous.getTime() !== dueAt?.getTime())
      await this.removeJobs(postmortem.id, previous);
    if (dueAt && postmortem.status !== 'published')
      await this.schedule(
        postmortem.id,
        dueAt,
        policy!.reminderHoursBefore,
        policy!.escalationEveryHours,
      );
    return this.repository.findById(postmortemId);
  }

  /** Delayed jobs before / at the due instant, and the next escalation when already overdue. */
  private async schedule(
    postmortemId: string,
    dueAt: Date,
    hoursBefore: number[],
    everyHours: number,
  ) {
    const now = this.clock.now().getTime();
    const plan: Array<{ kind: string; at: number }> = hoursBefore.map((hours) => ({
      kind: hours === 0 ? 'due' : `before-${hours}h`,
      at: dueAt.getTime() - hours * HOUR,
    }));
    const upcoming = plan.filter((entry) => entry.at > now);
    if (!plan.some((entry) => entry.kind === 'due') && dueAt.getTime() > now)
      upcoming.push({ kind: 'due', at: dueAt.getTime() });
    if (dueAt.getTime() <= now) {
      const next = Math.max(1, Math.ceil((now - dueAt.getTime()) / (everyHours * HOUR)));
      upcoming.push({ kind: `overdue-${next}`, at: dueAt.getTime() + next * everyHours * HOUR });
    }
    for (const entry of upcoming)
      await this.enqueue(postmortemId, entry.kind, dueAt, entry.at - now);
  }

  private enqueue(postmortemId: string, kind: string, dueAt: Date, delay: number) {
    const data: ReminderJob = { postmortemId, kind, dueAt: dueAt.toISOString() };
    return this.queues.add(JobName.DeadlineReminder, data, {
      jobId: reminderJobId(postmortemId, kind, dueAt),
      delay: Math.max(0, delay),
    });
  }

  /** Removes pending reminder jobs of a due instant (publish, or the due instant moved). */
  private async removeJobs(postmortemId: string, dueAt: Date): Promise<number> {
    const queue = this.queues.queue(this.queueName());
    const prefix = `reminder_${postmortemId}_`;
    const suffix = `_${dueAt.getTime()}`;
    let removed = 0;
    for (const job of await queue.getJobs(['delayed', 'waiting', 'prioritized'])) {
      if (job?.id?.startsWith(prefix) && job.id.endsWith(suffix)) {
        await job.remove().catch(() => undefined);
        removed += 1;
      }
    }
    return removed;
  }

  private queueName() {
    return JOB_QUEUE[JobName.DeadlineReminder];
  }

  async cancel(postmortem: PostmortemEntity): Promise<void> {
    if (postmortem.dueAt) await this.removeJobs(postmortem.id, postmortem.dueAt);
  }

  /** The reminder job: sends once per postmortem + kind + due instant, then chains the next escalation. */
  async remind(job: ReminderJob): Promise<'sent' | 'stale' | 'duplicate'> {
    const postmortem = await this.repository.findById(job.postmortemId);
    if (
      !postmortem ||
      postmortem.status === 'published' ||
      postmortem.dueAt?.toISOString() !== job.dueAt
    )
      return 'stale';
    const dueAt = new Date(job.dueAt);
    const first = await this.repository.recordReminder({
      postmortemId: postmortem.id,
      kind: job.kind,
      dueAt,
    });
    const overdue = job.kind.startsWith('overdue-');
    if (overdue) {
      const policy = await this.policies.effective(postmortem.severity, postmortem.team);
      const every = policy?.escalationEveryHours ?? 24;
      const next = Number(job.kind.slice('overdue-'.length)) + 1;
      await this.enqueue(
        postmortem.id,
        `overdue-${next}`,
        dueAt,
        dueAt.getTime() + next * every * HOUR - this.clock.now().getTime(),
      );
    }
    if (!first) return 'duplicate';
    const when = dueAt.toISOString().replace('T', ' ').slice(0, 16);
    const subject = overdue
      ? `Overdue RCA: ${postmortem.title}`
      : job.kind === 'due'
        ? `RCA due now: ${postmortem.title}`
        : `RCA due in ${job.kind.replace('before-', '')}: ${postmortem.title}`;
    await this.notifications.notify({
      key: `deadline:${postmortem.id}:${job.kind}:${dueAt.getTime()}`,
      topic: overdue ? NotificationTopic.Escalation : NotificationTopic.Reminder,
      team: postmortem.team,
      subject,
      text: `${postmortem.title} (${postmortem.severity}, ${postmortem.status}) is due ${when} UTC.${
        postmortem.owner ? ` Owner: ${postmortem.owner}.` : ''
      }${overdue ? ' Escalating to the managers.' : ''}`,
      data: {
        postmortemId: postmortem.id,
        incidentId: postmortem.incidentId,
        kind: job.kind,
        dueAt: job.dueAt,
        owner: postmortem.owner,
      },
    });
    this.logger.log({ postmortemId: postmortem.id, kind: job.kind }, 'deadline reminder sent');
    return 'sent';
  }
}
