import { JobName } from '../queue/queue.constants';

/** What each job carries. Producers and processors share these types, so a payload cannot drift. */
export interface JobPayloads {
  [JobName.SystemHeartbeat]: Record<string, never>;
  [JobName.AccountsPurgeSessions]: Record<string, never>;
  [JobName.StatusSourcePoll]: { sourceId: string };
  [JobName.StatusSuggestForIncident]: { incidentId: string };
  [JobName.RcaDraft]: { incidentId: string };
  [JobName.DeadlineReminder]: {
    postmortemId: string;
    kind: string;
    /** ISO instant of the due date the reminder was scheduled for; a changed due date makes it stale. */
    dueAt: string;
  };
  [JobName.NotificationDeliver]: { deliveryId: string };
  [JobName.ExportPush]: { runId: string };
  [JobName.PostmortemsIncidentChanged]: IncidentChangedEvent;
  [JobName.DeadlineApply]: { postmortemId: string };
  [JobName.DeadlinePolicyChanged]: { severity: string; team: string | null };
  [JobName.ExportsPublished]: { postmortemId: string; to: string; revision: number };
  [JobName.ExportsReconcile]: Record<string, never>;
  [JobName.NotificationsReconcile]: Record<string, never>;
  [JobName.StatusSchedulersReconcile]: Record<string, never>;
  [JobName.StatusImportCauseUpdates]: { causeId: string; incidentId: string };
  [JobName.SlaCreditsScan]: Record<string, never>;
  /** `day`: the UTC date of the scan (YYYY-MM-DD) that asked; part of the job id. */
  [JobName.SlaCreditRemind]: { contractId: string; day: string };
  [JobName.VendorRcaPlan]: { causeId: string; incidentId: string };
  [JobName.VendorRcaReportFound]: { vendorIncidentId: string; reportId: string };
  [JobName.VendorRcaOverdue]: {
    causeId: string;
    /** ISO instant the vendor's report was expected by when planned; a moved expectation makes it stale. */
    expectedBy: string;
  };
  [JobName.PostmortemsWorkflowNotify]: EventMap['postmortem.workflow-changed'];
  [JobName.PostmortemsCommentNotify]: EventMap['postmortem.commented'];
  [JobName.PostmortemsMeetingInvite]: EventMap['postmortem.meeting-changed'];
  [JobName.PostmortemsIncidentStatusNotify]: IncidentChangedEvent;
  [JobName.TrackersSync]: { actionItemId: string };
  [JobName.TrackersWorkflowChanged]: EventMap['postmortem.workflow-changed'];
  [JobName.TrackersPoll]: Record<string, never>;
  [JobName.SlackHandleRequest]: EventMap['slack.request-received'];
  [JobName.SlackImportHistory]: EventMap['slack.import-requested'];
}

/** A committed change of an incident's status or instants (instants as ISO strings). */
export interface IncidentChangedEvent {
  incidentId: string;
  status: string;
  previousStatus: string;
  resolvedAt: string | null;
  previousResolvedAt: string | null;
  version: number;
}

/** The domain events, by name. A payload that does not match its event is a compile error. */
export interface EventMap {
  'incident.changed': IncidentChangedEvent;
  'incident.impacts-changed': { incidentId: string };
  'cause.accepted': { causeId: string; incidentId: string };
  'postmortem.drafted': { postmortemId: string; created: boolean };
  'postmortem.workflow-changed': {
    postmortemId: string;
    from: string;
    to: string;
    revision: number;
  };
  'deadline-policy.changed': { severity: string; team: string | null };
  /** A vendor incident's own post-incident report was found (status import) or pasted. */
  'vendor-report.found': { vendorIncidentId: string; reportId: string };
  /** A comment on a section; `mentionIds` are the users it @mentions. */
  'postmortem.commented': { postmortemId: string; commentId: string; mentionIds: string[] };
  /**
   * A retrospective meeting was scheduled, moved or cancelled: invitation round `sequence`;
   * `removed` are e-mails taken off the invitation (they get a cancellation).
   */
  'postmortem.meeting-changed': { meetingId: string; sequence: number; removed: string[] };
  /** An action item was edited or deleted (its tracker issue follows). */
  'action-item.changed': { actionItemId: string; postmortemId: string };
  /** A verified Slack slash command or message shortcut (its slack_request row). */
  'slack.request-received': { requestId: string };
  /** An import of a linked channel's history in a window was asked for. */
  'slack.import-requested': { importId: string };
}

export type EventName = keyof EventMap;

/** Jobs whose payload type accepts P. */
type JobsAccepting<P> = {
  [J in keyof JobPayloads]: P extends JobPayloads[J] ? J : never;
}[keyof JobPayloads];

/**
 * Which jobs each event leads to (one outbox row per job, in the emitting transaction). The one
 * place that says what follows what; docs/development.md draws it.
 */
export const EVENT_SUBSCRIBERS: { [E in EventName]: ReadonlyArray<JobsAccepting<EventMap[E]>> } = {
  // Resolve drafts the RCA; a change before review regenerates it; a moved resolution moves the deadline.
  'incident.changed': [JobName.PostmortemsIncidentChanged, JobName.PostmortemsIncidentStatusNotify],
  // An impact names our services, so vendors that might have caused it.
  'incident.impacts-changed': [JobName.StatusSuggestForIncident],
  // The vendor's updates join our timeline, and its post-incident report is awaited.
  'cause.accepted': [JobName.StatusImportCauseUpdates, JobName.VendorRcaPlan],
  // A new or regenerated draft gets its deadline and reminders.
  'postmortem.drafted': [JobName.DeadlineApply],
  // Publishing cancels reminders and pushes to the wikis; reopening reschedules reminders; a
  // submission tells the reviewers, a decision tells the owner.
  'postmortem.workflow-changed': [
    JobName.DeadlineApply,
    JobName.ExportsPublished,
    JobName.PostmortemsWorkflowNotify,
    // Approval creates the action items' issues where the team's tracker target asks for it.
    JobName.TrackersWorkflowChanged,
  ],
  // The people mentioned are told.
  'postmortem.commented': [JobName.PostmortemsCommentNotify],
  // The participants get the invitation (or its update, or its cancellation) with the ICS.
  'postmortem.meeting-changed': [JobName.PostmortemsMeetingInvite],
  'deadline-policy.changed': [JobName.DeadlinePolicyChanged],
  // The item's tracker issue gets the edit (or, after a deletion, a comment and the link detached).
  'action-item.changed': [JobName.TrackersSync],
  // The report joins the postmortems of the incidents it caused, and their owners hear of it.
  'vendor-report.found': [JobName.VendorRcaReportFound],
  // Slack waits 3 s at most: the command or shortcut is answered at once and done by a job.
  'slack.request-received': [JobName.SlackHandleRequest],
  'slack.import-requested': [JobName.SlackImportHistory],
};
