import { Injectable, Logger } from '@nestjs/common';
import { Clock, computeDueInstant, DeadlinePolicyService } from '@rca/deadlines';
import { NotificationService, NotificationTopic } from '@rca/notifications';
import {
  IncidentChangedEvent,
  JOB_QUEUE,
  JobName,
  JobPayloads,
  NotFoundError,
  Outbox,
  QueueService,
} from '@rca/shared';
import { EntityManager } from 'typeorm';
import { PostmortemEntity } from './postmortem.entity';
import { PostmortemRepository } from './postmortem.repository';
import { RcaDraftService } from './rca-draft.service';

export type ReminderJob = JobPayloads[JobName.DeadlineReminder];

const HOUR = 3_600_000;

export function reminderJobId(postmortemId: string, kind: string, dueAt: Date): string {
  return `reminder_${postmortemId}_${kind}_${dueAt.getTime()}`;
}

/**
 * Computes due instants and keeps the reminder / escalation jobs in step with them. Runs as
 * jobs that react to domain events (EVENT_SUBSCRIBERS); every reminder it plans is an outbox row
 * written with the deadline it belongs to.
 */
@Injectable()
export class DeadlineSchedulerService {
  private readonly logger = new Logger(DeadlineSchedulerService.name);

  constructor(
    private readonly repository: PostmortemRepository,
    private readonly policies: DeadlinePolicyService,
    private readonly queues: QueueService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly drafts: RcaDraftService,
  ) {}

  /**
   * incident.changed: resolution drafts the RCA; a record change before review regenerates the
   * generated sections (the draft is keyed by record version); a moved resolution moves the deadline.
   */
  async onIncidentChanged(change: IncidentChangedEvent): Promise<void> {
    const resolved = change.status === 'resolved' || change.status === 'closed';
    const postmortem = await this.repository.findByIncident(change.incidentId);
    if (resolved || postmortem?.status === 'draft') await this.drafts.enqueue(change.incidentId);
    const resolvedAt = change.resolvedAt ? new Date(change.resolvedAt) : null;
    if (postmortem && resolvedAt && resolvedAt.getTime() !== postmortem.resolvedAt?.getTime()) {
      await this.repository.setResolvedAt(postmortem.id, resolvedAt);
      await this.apply(postmortem.id);
    }
  }

  /** The deadline policy in force on a postmortem (a stored one, or the built-in default; null: none). */
  async policyInForce(postmortemId: string) {
    const postmortem = await this.repository.findById(postmortemId);
    if (!postmortem) throw new NotFoundError('Postmortem', postmortemId);
    const policy = await this.policies.effective(postmortem.severity, postmortem.team);
    return { policy: policy ? { ...policy, stored: policy.id !== null } : null };
  }

  /** deadline-policy.changed: every open postmortem the policy governs gets its due instant again. */
  async onPolicyChanged(policy: { severity: string; team: string | null }): Promise<number> {
    const ids = await this.repository.openPostmortemIds(policy.severity, policy.team);
    for (const id of ids) await this.apply(id);
    return ids.length;
  }

  /**
   * Recomputes the due instant from the policy and the resolution time, and plans the reminders
   * (published: none, and the pending ones are removed). Safe to run twice.
   */
  async apply(postmortemId: string): Promise<PostmortemEntity | null> {
    const postmortem = await this.repository.findById(postmortemId);
    if (!postmortem) return null;
    const policy = await this.policies.effective(postmortem.severity, postmortem.team);
    const dueAt =
      policy && postmortem.resolvedAt ? computeDueInstant(postmortem.resolvedAt, policy) : null;
    const previous = postmortem.dueAt;
    await this.repository.transaction(async (manager) => {
      await this.repository.setDeadline(
        postmortem.id,
        {
          dueAt,
          deadlinePolicyId: policy?.id ?? null,
          displayZone: policy?.zone ?? postmortem.displayZone,
        },
        manager,
      );
      if (dueAt && postmortem.status !== 'published')
        await this.schedule(
          manager,
          postmortem.id,
          dueAt,
          policy!.reminderHoursBefore,
          policy!.escalationEveryHours,
        );
    });
    // Removing superseded delayed jobs only saves work: a reminder of another due instant, or of
    // a published postmortem, finds itself stale when it runs.
    if (previous && (previous.getTime() !== dueAt?.getTime() || postmortem.status === 'published'))
      await this.removeJobs(postmortem.id, previous).catch((error: Error) =>
        this.logger.warn(`stale reminders of ${postmortem.id} left to expire: ${error.message}`),
      );
    return this.repository.findById(postmortemId);
  }

  /** Delayed jobs before / at the due instant, and the next escalation when already overdue. */
  private async schedule(
    manager: EntityManager,
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
      await this.enqueue(manager, postmortemId, entry.kind, dueAt, entry.at - now);
  }

  private enqueue(
    manager: EntityManager,
    postmortemId: string,
    kind: string,
    dueAt: Date,
    delay: number,
  ) {
    const data: ReminderJob = { postmortemId, kind, dueAt: dueAt.toISOString() };
    // A deterministic id: planning the same reminder twice adds one job, and a moved due date finds it.
    return this.outbox.enqueue(manager, JobName.DeadlineReminder, data, {
      jobId: reminderJobId(postmortemId, kind, dueAt),
      delayMs: Math.max(0, delay),
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
    const overdue = job.kind.startsWith('overdue-');
    const policy = overdue
      ? await this.policies.effective(postmortem.severity, postmortem.team)
      : null;
    const when = dueAt.toISOString().replace('T', ' ').slice(0, 16);
    const subject = overdue
      ? `Overdue RCA: ${postmortem.title}`
      : job.kind === 'due'
        ? `RCA due now: ${postmortem.title}`
        : `RCA due in ${job.kind.replace('before-', '')}: ${postmortem.title}`;
    // The reminder, its messages and the next escalation commit together: a crash before the
    // commit leaves nothing recorded, so the retry sends it; after it, the retry finds it done.
    const first = await this.repository.transaction(async (manager) => {
      if (
        !(await this.repository.recordReminder(
          { postmortemId: postmortem.id, kind: job.kind, dueAt },
          manager,
        ))
      )
        return false;
      if (overdue) {
        const every = policy?.escalationEveryHours ?? 24;
        const next = Number(job.kind.slice('overdue-'.length)) + 1;
        await this.enqueue(
          manager,
          postmortem.id,
          `overdue-${next}`,
          dueAt,
          dueAt.getTime() + next * every * HOUR - this.clock.now().getTime(),
        );
      }
      await this.notifications.notify(
        {
          key: `deadline:${postmortem.id}:${job.kind}:${dueAt.getTime()}`,
          topic: overdue ? NotificationTopic.Escalation : NotificationTopic.Reminder,
          team: postmortem.team,
          // A private incident's reminders go to its team's channels only.
          privateToTeam: await this.repository.privateTeamOf(postmortem.incidentId, manager),
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
        },
        undefined,
        manager,
      );
      return true;
    });
    if (!first) return 'duplicate';
    this.logger.log({ postmortemId: postmortem.id, kind: job.kind }, 'deadline reminder sent');
    return 'sent';
  }
}
