import { JobsOptions } from 'bullmq';
import type { Environment } from '../config/environment';
import { retryAfterOf } from '../http/outbound/failure-classification';

/** Every BullMQ queue of the product. One place, so producers and workers never disagree. */
export enum QueueName {
  System = 'system',
  StatusSources = 'status-sources',
  /** Incident-side cause suggestions: a queue of their own, so a storm of them never holds the poll slots. */
  StatusSuggestions = 'status-suggestions',
  RcaDraft = 'rca-draft',
  Deadlines = 'deadlines',
  Notifications = 'notifications',
  Exports = 'exports',
  /** Action items ↔ tracker issues: network-bound, apart from the wikis' pushes. */
  Trackers = 'trackers',
  /** Slack commands, shortcuts and channel imports: their own slots, so an import never holds up a reply. */
  Slack = 'slack',
}

/** Every job name. Each must have exactly one @OnJob handler (checked at worker boot). */
export enum JobName {
  SystemHeartbeat = 'system.heartbeat',
  AccountsPurgeSessions = 'accounts.purge-sessions',
  StatusSourcePoll = 'status-sources.poll',
  StatusSuggestForIncident = 'status-sources.suggest-for-incident',
  RcaDraft = 'rca-draft.generate',
  DeadlineReminder = 'deadlines.remind',
  NotificationDeliver = 'notifications.deliver',
  ExportPush = 'exports.push',
  // Reactions to domain events (see outbox/events.ts), and housekeeping that keeps queue and database in step.
  PostmortemsIncidentChanged = 'postmortems.incident-changed',
  DeadlineApply = 'deadlines.apply',
  DeadlinePolicyChanged = 'deadlines.policy-changed',
  ExportsPublished = 'exports.published',
  ExportsReconcile = 'exports.reconcile',
  NotificationsReconcile = 'notifications.reconcile',
  StatusSchedulersReconcile = 'status-sources.reconcile-schedulers',
  StatusImportCauseUpdates = 'status-sources.import-cause-updates',
  SlaCreditsScan = 'vendor-ledger.sla-credits-scan',
  SlaCreditRemind = 'vendor-ledger.sla-credit-remind',
  VendorRcaPlan = 'vendor-rca.plan',
  VendorRcaReportFound = 'vendor-rca.report-found',
  VendorRcaOverdue = 'vendor-rca.overdue',
  PostmortemsWorkflowNotify = 'postmortems.workflow-notify',
  PostmortemsCommentNotify = 'postmortems.comment-notify',
  PostmortemsMeetingInvite = 'postmortems.meeting-invite',
  PostmortemsIncidentStatusNotify = 'postmortems.incident-status-notify',
  TrackersSync = 'trackers.sync',
  TrackersWorkflowChanged = 'trackers.workflow-changed',
  TrackersPoll = 'trackers.poll',
  SlackHandleRequest = 'slack.handle-request',
  SlackImportHistory = 'slack.import-history',
}

/** Which queue carries which job. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SystemHeartbeat]: QueueName.System,
  [JobName.AccountsPurgeSessions]: QueueName.System,
  [JobName.StatusSourcePoll]: QueueName.StatusSources,
  [JobName.StatusSuggestForIncident]: QueueName.StatusSuggestions,
  [JobName.RcaDraft]: QueueName.RcaDraft,
  [JobName.DeadlineReminder]: QueueName.Deadlines,
  [JobName.NotificationDeliver]: QueueName.Notifications,
  [JobName.ExportPush]: QueueName.Exports,
  [JobName.PostmortemsIncidentChanged]: QueueName.RcaDraft,
  [JobName.DeadlineApply]: QueueName.Deadlines,
  [JobName.DeadlinePolicyChanged]: QueueName.Deadlines,
  [JobName.ExportsPublished]: QueueName.Exports,
  [JobName.ExportsReconcile]: QueueName.System,
  [JobName.NotificationsReconcile]: QueueName.System,
  [JobName.StatusSchedulersReconcile]: QueueName.System,
  [JobName.StatusImportCauseUpdates]: QueueName.StatusSources,
  [JobName.SlaCreditsScan]: QueueName.System,
  [JobName.SlaCreditRemind]: QueueName.Deadlines,
  [JobName.VendorRcaPlan]: QueueName.Deadlines,
  [JobName.VendorRcaReportFound]: QueueName.RcaDraft,
  [JobName.VendorRcaOverdue]: QueueName.Deadlines,
  [JobName.PostmortemsWorkflowNotify]: QueueName.Notifications,
  [JobName.PostmortemsCommentNotify]: QueueName.Notifications,
  [JobName.PostmortemsMeetingInvite]: QueueName.Notifications,
  [JobName.PostmortemsIncidentStatusNotify]: QueueName.Notifications,
  [JobName.TrackersSync]: QueueName.Trackers,
  [JobName.TrackersWorkflowChanged]: QueueName.Trackers,
  [JobName.TrackersPoll]: QueueName.Trackers,
  [JobName.SlackHandleRequest]: QueueName.Slack,
  [JobName.SlackImportHistory]: QueueName.Slack,
};

/**
 * Jobs one worker process runs at once on a queue: status polls and incident-side suggestions
 * have their own settings (polls mostly wait on the network; suggestions are database work that
 * must never take the poll slots), every other queue uses WORKER_CONCURRENCY.
 */
export function queueConcurrency(
  queue: QueueName,
  environment: Pick<
    Environment,
    'WORKER_CONCURRENCY' | 'STATUS_POLL_CONCURRENCY' | 'STATUS_SUGGEST_CONCURRENCY'
  >,
): number {
  if (queue === QueueName.StatusSources) return environment.STATUS_POLL_CONCURRENCY;
  if (queue === QueueName.StatusSuggestions) return environment.STATUS_SUGGEST_CONCURRENCY;
  return environment.WORKER_CONCURRENCY;
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

const REACTION_JOB_OPTIONS: JobsOptions = {
  ...DEFAULT_JOB_OPTIONS,
  attempts: 10,
  backoff: { type: 'exponential', delay: 1_000 },
};

const HOUSEKEEPING_JOB_OPTIONS: JobsOptions = {
  ...DEFAULT_JOB_OPTIONS,
  attempts: 1,
  removeOnComplete: { count: 10 },
  removeOnFail: { count: 100 },
};

/** Named options per job; anything not listed uses the defaults above. */
export const JOB_OPTIONS: Record<JobName, JobsOptions> = {
  [JobName.SystemHeartbeat]: {
    ...DEFAULT_JOB_OPTIONS,
    attempts: 1,
    removeOnComplete: { count: 10 },
    removeOnFail: { count: 100 },
  },
  // Hourly housekeeping; the next run catches up, so a failure is not retried.
  [JobName.AccountsPurgeSessions]: {
    ...DEFAULT_JOB_OPTIONS,
    attempts: 1,
    removeOnComplete: { count: 24 },
    removeOnFail: { count: 100 },
  },
  // Failures are recorded on the source's health and the scheduler runs it again; no retries.
  [JobName.StatusSourcePoll]: {
    ...DEFAULT_JOB_OPTIONS,
    attempts: 1,
    removeOnComplete: { count: 100 },
    removeOnFail: { count: 1_000 },
  },
  // One job per impact change (the outbox row's id); running it again finds the causes it made and adds none.
  [JobName.StatusSuggestForIncident]: {
    ...DEFAULT_JOB_OPTIONS,
    attempts: 3,
    removeOnComplete: true,
    removeOnFail: { count: 1_000 },
  },
  // jobId = incident + template version + record version: a second resolve event for the same draft is a no-op.
  [JobName.RcaDraft]: { ...DEFAULT_JOB_OPTIONS, attempts: 3 },
  // Delayed jobs with jobId = postmortem + kind + due instant; kept a while so a re-add is refused.
  [JobName.DeadlineReminder]: { ...DEFAULT_JOB_OPTIONS, removeOnComplete: { age: 30 * 24 * 3600 } },
  // Deliveries to external receivers: every attempt recorded in notification_delivery. Attempts and
  // backoff are replaced by jobOptions() so retries outlast an outage (DELIVERY_RETRY_*).
  [JobName.NotificationDeliver]: {
    ...DEFAULT_JOB_OPTIONS,
    attempts: 6,
    backoff: { type: 'exponential', delay: 2_000 },
  },
  // Pushes to wikis/webhooks: jobId = export run id (one run per postmortem revision + target),
  // every attempt recorded in export_run. Attempts and backoff: see jobOptions().
  [JobName.ExportPush]: {
    ...DEFAULT_JOB_OPTIONS,
    attempts: 5,
    backoff: { type: 'exponential', delay: 1_000 },
  },
  // Reactions to committed changes: retried long enough to outlast a database or Redis outage
  // (1+2+…+512 s ≈ 17 min); the reconcilers pick up whatever still slips through.
  [JobName.PostmortemsIncidentChanged]: REACTION_JOB_OPTIONS,
  [JobName.DeadlineApply]: REACTION_JOB_OPTIONS,
  [JobName.DeadlinePolicyChanged]: REACTION_JOB_OPTIONS,
  [JobName.ExportsPublished]: REACTION_JOB_OPTIONS,
  [JobName.StatusImportCauseUpdates]: REACTION_JOB_OPTIONS,
  [JobName.VendorRcaPlan]: REACTION_JOB_OPTIONS,
  [JobName.VendorRcaReportFound]: REACTION_JOB_OPTIONS,
  // Delayed jobs with jobId = cause + expected instant; kept a while so a re-add is refused.
  [JobName.VendorRcaOverdue]: { ...DEFAULT_JOB_OPTIONS, removeOnComplete: { age: 30 * 24 * 3600 } },
  // Who to tell about a review step or a mention: deliveries keyed by the step or the comment.
  [JobName.PostmortemsWorkflowNotify]: REACTION_JOB_OPTIONS,
  [JobName.PostmortemsCommentNotify]: REACTION_JOB_OPTIONS,
  // One invitation round of a meeting: deliveries keyed by meeting + sequence + person.
  [JobName.PostmortemsMeetingInvite]: REACTION_JOB_OPTIONS,
  // One status change: deliveries keyed by incident + version + channel.
  [JobName.PostmortemsIncidentStatusNotify]: REACTION_JOB_OPTIONS,
  // One action item's issue brought in step (a second run finds nothing to change); a tracker
  // that is down is retried over DELIVERY_RETRY_WINDOW_MS, honouring its Retry-After.
  [JobName.TrackersSync]: REACTION_JOB_OPTIONS,
  [JobName.TrackersWorkflowChanged]: REACTION_JOB_OPTIONS,
  // Periodic; the next run catches up.
  [JobName.TrackersPoll]: HOUSEKEEPING_JOB_OPTIONS,
  [JobName.ExportsReconcile]: HOUSEKEEPING_JOB_OPTIONS,
  [JobName.NotificationsReconcile]: HOUSEKEEPING_JOB_OPTIONS,
  [JobName.StatusSchedulersReconcile]: HOUSEKEEPING_JOB_OPTIONS,
  // Daily; it only enqueues one remind job per contract (jobId = contract + day), so a rerun adds nothing.
  [JobName.SlaCreditsScan]: HOUSEKEEPING_JOB_OPTIONS,
  // One contract's reminders; the reminder row (contract + month + threshold) makes a second run a no-op.
  [JobName.SlaCreditRemind]: { ...DEFAULT_JOB_OPTIONS, removeOnComplete: { age: 7 * 24 * 3600 } },
  // One verified Slack request: its row records the outcome and the reply, so a rerun does neither twice.
  // Calls to Slack: attempts and backoff from jobOptions(), honouring Slack's Retry-After.
  [JobName.SlackHandleRequest]: DEFAULT_JOB_OPTIONS,
  // One channel window: messages are keyed by incident + channel + ts, so a rerun proposes nothing twice.
  [JobName.SlackImportHistory]: DEFAULT_JOB_OPTIONS,
};

/** Backoff type of jobs that must outlast an outage: exponential, capped (see cappedBackoffDelay). */
export const CAPPED_BACKOFF = 'capped-exponential';

/** Jobs whose retries are stretched over DELIVERY_RETRY_WINDOW_MS. */
export const OUTAGE_TOLERANT_JOBS: ReadonlySet<JobName> = new Set([
  JobName.ExportPush,
  JobName.NotificationDeliver,
  JobName.TrackersSync,
  JobName.SlackHandleRequest,
  JobName.SlackImportHistory,
]);

type RetrySettings = Pick<
  Environment,
  'DELIVERY_RETRY_WINDOW_MS' | 'DELIVERY_RETRY_INITIAL_DELAY_MS' | 'DELIVERY_RETRY_MAX_DELAY_MS'
>;

/** Delay before retry number `retry` (1 = after the first failure): doubling, capped. */
export function cappedBackoffDelay(retry: number, settings: RetrySettings): number {
  const exponent = Math.min(Math.max(retry - 1, 0), 40);
  return Math.min(
    settings.DELIVERY_RETRY_INITIAL_DELAY_MS * 2 ** exponent,
    settings.DELIVERY_RETRY_MAX_DELAY_MS,
  );
}

/**
 * Delay before the next attempt of a push or delivery: the capped backoff, or the receiver's
 * Retry-After (from the one outbound failure classifier) when that is longer.
 */
export function retryDelay(retry: number, settings: RetrySettings, error?: unknown): number {
  return Math.max(cappedBackoffDelay(retry, settings), retryAfterOf(error) ?? 0);
}

/** Attempts (first one included) whose backoff delays add up to at least the retry window. */
export function attemptsForWindow(settings: RetrySettings): number {
  let waited = 0;
  let retries = 0;
  while (waited < settings.DELIVERY_RETRY_WINDOW_MS && retries < 10_000) {
    retries += 1;
    waited += cappedBackoffDelay(retries, settings);
  }
  return retries + 1;
}

/**
 * The options a job is added with: the named constants above, and for pushes and deliveries a
 * retry budget that outlasts an outage of DELIVERY_RETRY_WINDOW_MS (default 30 minutes).
 */
export function jobOptions(name: JobName, environment: RetrySettings): JobsOptions {
  if (!OUTAGE_TOLERANT_JOBS.has(name)) return JOB_OPTIONS[name];
  return {
    ...JOB_OPTIONS[name],
    attempts: attemptsForWindow(environment),
    backoff: { type: CAPPED_BACKOFF, delay: environment.DELIVERY_RETRY_INITIAL_DELAY_MS },
  };
}
