/**
 * The JSON shapes of the REST API as its clients see them (instants are ISO-8601 strings).
 * Plain TypeScript with no runtime dependency, so the web app (bundled by Vite) and the server
 * share one definition. The server's DTO classes are checked against these types at compile
 * time (see server-dtos.type-test.ts), so a change on either side breaks `npm run typecheck`.
 */

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const IMPACT_LEVELS = ['operational', 'degraded', 'partial_outage', 'major_outage'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

export const TIMELINE_KINDS = [
  'detection',
  'escalation',
  'communication',
  'investigation',
  'mitigation',
  'resolution',
  'vendor_update',
  'note',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_SOURCES = ['manual', 'vendor_import', 'system', 'slack'] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

export const CAUSE_ROLES = ['root_cause', 'contributing', 'trigger'] as const;
export type CauseRole = (typeof CAUSE_ROLES)[number];
export const CAUSE_STATES = ['suggested', 'accepted', 'rejected'] as const;
export type CauseState = (typeof CAUSE_STATES)[number];

export const DEPENDENCY_KINDS = ['cdn', 'dns', 'proxy', 'auth', 'hosting', 'api', 'other'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];
export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/**
 * Every machine-readable error code the API answers with, and what it means (docs/api.md lists
 * the same table). Clients branch on `code`, never on `message`.
 */
export const ERROR_CODE_MEANINGS = {
  VALIDATION_FAILED: 'A field is invalid; `errors` lists each one',
  BAD_REQUEST: 'The request is malformed (e.g. hostile input refused before the database)',
  INVALID_JSON: 'The body is not valid JSON',
  INVALID_VALUE: 'A value the database cannot take (out of range, malformed date, NUL)',
  UNAUTHENTICATED: 'No valid session or API token',
  INVALID_CREDENTIALS: 'Wrong e-mail or password',
  FORBIDDEN: 'Your role, token scope or CSRF header does not allow this',
  NOT_FOUND: 'The resource does not exist (or you may not see it)',
  CONFLICT: 'The change conflicts with the current state of the record',
  STALE_VERSION: 'You wrote with a stale `version`; `details.current` is what is there now',
  DUPLICATE: 'A record with the same unique value already exists',
  REFERENCE_CONFLICT: 'The record refers to, or is referred to by, another record',
  CONCURRENT_CHANGE: 'A concurrent change conflicted with this one; retry',
  PAYLOAD_TOO_LARGE: 'The body is larger than BODY_LIMIT',
  TEMPLATE_LIMIT: 'A template section exceeds the template limits',
  UNPROCESSABLE: 'The request is well-formed but cannot be carried out (see message)',
  RATE_LIMITED: 'Too many attempts; wait as Retry-After says',
  DEPENDENCY_UNAVAILABLE: 'The database or Redis is unreachable; retry after Retry-After',
  INTERNAL: 'Our fault; quote correlationId',
  SLACK_SIGNATURE_INVALID:
    'A request to the Slack endpoints is not signed with the signing secret, is stale (5 minutes) or a replay',
  SLACK_NOT_CONFIGURED: 'The Slack app has no signing secret and bot token yet (admin settings)',
  SLACK_CHANNEL_NOT_LINKED: 'No Slack channel is linked to this incident',
  SLACK_ARCHIVE_INVALID:
    'The Slack export archive is not a zip, too large, holds unsafe names or JSON that is not a Slack export',
  AI_ASSIST_DISABLED: 'AI assistance is not configured (or switched off) by an admin',
  AI_INTERNAL_SECTION:
    'The section is internal and the admin does not allow sending internal sections',
  AI_LIMIT_REACHED: "Today's AI token or cost limit is used up; retry after Retry-After",
  AI_ENDPOINT_UNAVAILABLE:
    'The AI endpoint is down, slow or refused the request; retry after Retry-After',
  AI_RATE_LIMITED: 'The AI endpoint is rate-limiting; retry after Retry-After',
  AI_MALFORMED_ANSWER: 'The AI endpoint sent a malformed or cut-off answer; nothing was kept',
  AI_NO_CITATION: 'The AI answer cited nothing in this incident record; nothing was kept',
} as const;

export type ErrorCode = keyof typeof ERROR_CODE_MEANINGS;

/** Every error response (see docs/api.md). */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  code: ErrorCode;
  message: string;
  errors?: Array<{ field: string; messages: string[] }>;
  details?: Record<string, unknown>;
  correlationId: string;
}

/** A page of a cursor-paginated list: pass `nextCursor` back as `cursor`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Iso = string;

export interface IncidentSummary {
  id: string;
  reference: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  startedAt: Iso;
  detectedAt: Iso | null;
  acknowledgedAt: Iso | null;
  mitigatedAt: Iso | null;
  resolvedAt: Iso | null;
  closedAt?: Iso | null;
  labels: string[];
  version: number;
  createdAt?: Iso;
  updatedAt?: Iso;
  /** Owning team (accounts' team id); required while private. */
  teamId: string | null;
  /** Private to its team: only its members and admins see it (docs/accounts.md). */
  private: boolean;
}

/** The owning team, as the incident page shows it. */
export interface TeamRef {
  id: string;
  name: string;
}

/** Body of POST /api/incidents/:ref/visibility. */
export interface IncidentVisibilityBody {
  version: number;
  private: boolean;
  /** The owning team; omit to keep the current one. Required to make a team-less incident private. */
  teamId?: string | null;
}

/** Durations in seconds, null while the later instant is unknown. */
export interface IncidentMetrics {
  timeToDetectSeconds: number | null;
  timeToAcknowledgeSeconds: number | null;
  timeToMitigateSeconds: number | null;
  timeToResolveSeconds: number | null;
}

export interface ServiceRef {
  id: string;
  slug: string;
  name: string;
}

export interface Impact {
  id: string;
  serviceId: string;
  serviceSlug?: string;
  serviceName?: string;
  level: ImpactLevel;
  /** Window start; `from` in the impacts endpoints. */
  startedAt?: Iso;
  /** Window end, null while ongoing; `to` in the impacts endpoints. */
  endedAt?: Iso | null;
  from?: Iso;
  to?: Iso | null;
  note: string;
  version: number;
}

export interface CauseReason {
  kind: string;
  detail: string;
  [key: string]: unknown;
}

export interface Cause {
  id: string;
  vendorId: string;
  vendorSlug?: string;
  vendorName?: string;
  vendorIncidentId: string | null;
  vendorIncident?: { id: string; title?: string; name?: string; url?: string | null } | null;
  vendorComponentIds: string[];
  role: CauseRole;
  state: CauseState;
  explanation: string;
  score: number | null;
  reasons: CauseReason[];
  decidedBy?: string | null;
  decidedAt?: Iso | null;
  version: number;
}

export interface IncidentDetail extends IncidentSummary {
  summary: string;
  severityDescription?: string;
  regions: string[];
  errorSignatures: string[];
  reopenCount: number;
  createdBy: string | null;
  impacts: Impact[];
  causes: Cause[];
  metrics: IncidentMetrics;
  team: TeamRef | null;
}

export interface TimelineEvent {
  id: string;
  occurredAt: Iso;
  /** The zone the entry was typed in (IANA, "UTC" or "UTC+02:00"). */
  enteredZone: string;
  /** Wall-clock time as typed, local to enteredZone. */
  enteredLocal: string;
  /** Present when the list was asked with `?zone=`. */
  inZone?: { zone: string; local: string; offset: string };
  kind: TimelineKind;
  source: TimelineSource;
  body: string;
  author: string | null;
  vendorIncidentUpdateId?: string | null;
  version: number;
}

export interface ActivityEntry {
  id: string;
  at: Iso;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface Service {
  id: string;
  slug: string;
  name: string;
  ownerTeam: string | null;
  tier: number;
  description: string;
  version: number;
}

export interface VendorComponent {
  id: string;
  vendorId: string;
  name: string;
  groupName: string | null;
  description: string;
  version: number;
}

export interface Vendor {
  id: string;
  slug: string;
  name: string;
  website: string | null;
  statusPageUrl: string | null;
  components?: VendorComponent[];
  version: number;
}

export interface BlastRadiusService {
  serviceId: string;
  slug: string;
  name: string;
  tier: number;
  /** 1 = depends on the component directly. */
  depth: number;
  /** Shortest dependency path, component first, e.g. ["CDN", "Public API", "Chat web"]. */
  path: string[];
  /** Every path to the component has no fallback. */
  singlePointOfFailure: boolean;
}

/** GET /api/catalog/blast-radius?vendor=…&component=… */
export interface BlastRadiusReport {
  vendor: { id: string; slug: string; name: string };
  components: Array<{ id: string; name: string }>;
  services: BlastRadiusService[];
  singlePointsOfFailure: BlastRadiusService[];
}

/** When something happened: an ISO instant with offset, or local time + IANA zone. */
export type InstantInput =
  Iso | { local: string; zone: string; disambiguation?: 'earlier' | 'later' };

/** Body of POST /api/incidents. */
export interface CreateIncidentBody {
  title: string;
  severity: Severity;
  startedAt: InstantInput;
  summary?: string;
  detectedAt?: InstantInput;
  labels?: string[];
  regions?: string[];
  errorSignatures?: string[];
  teamId?: string | null;
  private?: boolean;
}

// ---- Postmortems (docs/postmortems.md) and deadlines (docs/deadlines.md) ----

export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'approved', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

export interface PostmortemSection {
  key: string;
  title: string;
  markdown: string;
  origin: 'generated' | 'edited';
  internal: boolean;
}

export interface Postmortem {
  id: string;
  incidentId: string;
  title: string;
  status: PostmortemStatus;
  sections: PostmortemSection[];
  templateKey: string;
  revision: number;
  owner: string | null;
  team: string | null;
  /** SEV1–SEV5 (the server types it as a string). */
  severity: string;
  requiredReviewers: string[];
  resolvedAt: Iso | null;
  dueAt: Iso | null;
  /** The deadline policy in force (GET /api/deadline-policies/:id), null when none applies. */
  deadlinePolicyId: string | null;
  displayZone: string;
  publishedAt: Iso | null;
  version: number;
  createdAt: Iso;
  updatedAt: Iso;
}

/** POST /api/incidents/:id/postmortem/draft */
export interface DraftResult {
  postmortemId: string;
  created: boolean;
  skipped: boolean;
  templateKey: string;
  rewritten: string[];
  kept: string[];
  actionItemsCreated: number;
}

export interface ReviewChecklist {
  keyDataCollected: boolean;
  impactComplete: boolean;
  rootCauseDeepEnough: boolean;
  actionsAppropriate: boolean;
  sharedWithStakeholders: boolean;
}

export interface ReviewRecord {
  id: string;
  postmortemId: string;
  revision: number;
  reviewer: string;
  decision: 'approved' | 'changes_requested';
  checklist: ReviewChecklist;
  comment: string;
  createdAt: Iso;
}

export interface RevisionSummary {
  id: string;
  postmortemId: string;
  number: number;
  author: string;
  reason: string;
  changedSections: string[];
  status: string;
  title: string;
  createdAt: Iso;
}

export interface PostmortemDiff {
  from: number;
  to: number;
  mode: 'unified' | 'words';
  titleChanged: boolean;
  sections: Array<{
    key: string;
    title: string;
    internal: Record<string, boolean | null>;
    patch?: string;
    changes?: Array<{ value: string; added: boolean; removed: boolean }>;
  }>;
}

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export const ACTION_ITEM_TYPES = ['mitigate', 'prevent', 'process', 'detect'] as const;
export const ACTION_ITEM_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;

export interface ActionItem {
  id: string;
  postmortemId: string;
  title: string;
  description?: string | null;
  /** The linked owner's e-mail, or (ownerUnlinked) free text that matches no user. */
  owner?: string | null;
  ownerId?: string | null;
  /** The linked owner's display name. */
  ownerName: string | null;
  ownerUnlinked: boolean;
  dueDate?: string | null;
  priority?: (typeof ACTION_ITEM_PRIORITIES)[number];
  type: (typeof ACTION_ITEM_TYPES)[number];
  status?: (typeof ACTION_ITEM_STATUSES)[number];
  externalUrl?: string | null;
  sourceKey: string | null;
  /** The review meeting that decided it. */
  meetingId?: string | null;
  closedAt: Iso | null;
  version: number;
}

export const MEETING_ROLES = ['owner', 'reviewer', 'responder', 'guest'] as const;
export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;

/** Someone invited to a review meeting; `zone` is the zone their invitation shows the time in. */
export interface MeetingParticipant {
  email: string;
  displayName: string;
  role: (typeof MEETING_ROLES)[number];
  zone: string;
}

/** GET /api/postmortems/:id/meetings: the retrospective (review) meeting of a postmortem. */
export interface Meeting {
  id: string;
  postmortemId: string;
  title: string;
  startsAt: Iso;
  durationMinutes: number;
  zone: string;
  location: string;
  agenda: string;
  participants: MeetingParticipant[];
  organizerEmail: string;
  organizerName: string;
  status: (typeof MEETING_STATUSES)[number];
  /** Invitation round (ICS SEQUENCE): 0 when scheduled, +1 per move or cancellation. */
  sequence: number;
  notes: string;
  createdBy: string;
  version: number;
  createdAt: Iso;
  updatedAt: Iso;
}

/** GET /api/postmortems/:id/meeting-participants. */
export interface SuggestedParticipants {
  items: MeetingParticipant[];
  /** false: no SMTP is configured — the .ics file is the invitation. */
  emailInvitations: boolean;
}

/** GET /api/postmortems/:id/deadline-policy: the rules behind `dueAt`. */
export interface PolicyInForce {
  policy: {
    /** null: the built-in default (no stored policy matches). */
    id: string | null;
    stored: boolean;
    businessDays: number;
    zone: string;
    country: string | null;
    region: string | null;
    customHolidays: string[];
    dueTime: string;
    reminderHoursBefore: number[];
    escalationEveryHours: number;
  } | null;
}

/** GET /api/people: someone who can own an action item, review or be mentioned. */
export interface Person {
  id: string;
  email: string;
  displayName: string;
  active: boolean;
}

/** GET /api/postmortems/:id/action-item-activity */
export interface ActionItemActivity {
  id: string;
  postmortemId: string;
  actionItemId: string;
  title: string;
  /** linked / conflict / unlinked: the item's issue in a tracker. */
  action: 'created' | 'updated' | 'deleted' | 'linked' | 'conflict' | 'unlinked';
  actor: string;
  changes: Record<string, { from: unknown; to: unknown }>;
  createdAt: Iso;
}

/** GET /api/postmortems/:id/comments?section= (comments are part of the record, never of an export). */
export interface PostmortemComment {
  id: string;
  postmortemId: string;
  sectionKey: string;
  authorId: string | null;
  authorName: string;
  /** Plain text; `@e-mail` mentions a user. */
  body: string;
  /** The people mentioned, in order. */
  mentions: Array<{ id: string; email: string; displayName: string }>;
  createdAt: Iso;
}

/** GET /api/inbox/counts */
export interface InboxCounts {
  reviews: number;
  actionItems: number;
  mentions: number;
}

/** GET /api/inbox/reviews: a postmortem in review that waits for my approval. */
export interface InboxReview {
  id: string;
  incidentId: string;
  reference: string;
  title: string;
  severity: string;
  dueAt: Iso | null;
  submittedAt: Iso | null;
}

/** GET /api/inbox/action-items: an open item I own. */
export interface InboxActionItem extends ActionItem {
  reference: string;
  postmortemTitle: string;
}

/** GET /api/inbox/mentions: a comment that mentions me. */
export interface InboxMention {
  id: string;
  commentId: string;
  postmortemId: string;
  reference: string;
  postmortemTitle: string;
  sectionKey: string;
  authorName: string;
  body: string;
  mentions: Array<{ id: string; email: string; displayName: string }>;
  createdAt: Iso;
}

/** GET /api/deadlines */
export interface DeadlineItem {
  id: string;
  incidentId: string;
  reference: string;
  title: string;
  status: string;
  severity: string;
  team: string | null;
  owner: string | null;
  dueAt: Iso;
  resolvedAt: Iso | null;
  overdue: boolean;
  /** Negative when overdue. */
  hoursLeft: number;
}

/** GET /api/metrics/rca */
export interface RcaMetrics {
  onTimeByMonth: Array<{
    month: string;
    team: string | null;
    due: number;
    published: number;
    onTime: number;
    onTimeRate: number | null;
  }>;
  medianResolveToPublishHours: number | null;
  publishedCount: number;
  overdueCount: number;
  actionItems: { total: number; closed: number; done: number; closureRate: number | null };
  /** Postmortems of the period not published yet (overdueCount of them are past due). */
  openCount: number;
  /** Median resolve → publish per month of publication. */
  timeToPublishByMonth: Array<{ month: string; published: number; medianHours: number | null }>;
}

/** POST /api/catalog/import: a YAML or CSV file of services, vendors, components, dependencies. */
export const CATALOG_IMPORT_FORMATS = ['yaml', 'csv'] as const;
export type CatalogImportFormat = (typeof CATALOG_IMPORT_FORMATS)[number];
/** The largest file accepted (characters of `content`). */
export const CATALOG_IMPORT_MAX_CHARS = 512 * 1024;
export const CATALOG_IMPORT_KINDS = ['service', 'vendor', 'component', 'dependency'] as const;
export type CatalogImportKind = (typeof CATALOG_IMPORT_KINDS)[number];
export const CATALOG_IMPORT_ACTIONS = ['create', 'update', 'unchanged'] as const;
export type CatalogImportAction = (typeof CATALOG_IMPORT_ACTIONS)[number];

export interface CatalogImportResult {
  dryRun: boolean;
  counts: Record<CatalogImportKind, Record<CatalogImportAction, number>>;
  changes: Array<{
    kind: CatalogImportKind;
    /** "Chat web", "Cloudflare / CDN/Cache", "Chat web → Cloudflare / CDN/Cache" */
    name: string;
    action: CatalogImportAction;
    /** The fields an update changes. */
    fields: string[];
  }>;
}

/** How GET /api/metrics/incidents groups its monthly rows. */
export const TREND_GROUPINGS = ['all', 'team', 'service'] as const;
export type TrendGrouping = (typeof TREND_GROUPINGS)[number];

/** GET /api/metrics/incidents: one row per month (of the start) and group. */
export interface IncidentTrendRow {
  month: string;
  /**
   * The service's name; the team: the incident's own team, else (an incident without one) the
   * owner team of each service it impacted; null for grouping "all", or a service without a team.
   */
  group: string | null;
  incidents: number;
  /** Means over the incidents that have both instants (see INCIDENT_METRIC_SPANS). */
  meanSeconds: IncidentMetrics;
}

export interface IncidentTrends {
  groupBy: TrendGrouping;
  from: Iso;
  to: Iso;
  rows: IncidentTrendRow[];
}

/** A service's dependency on another service or on a vendor component (GET /api/dependencies). */
export interface Dependency {
  id: string;
  serviceId: string;
  vendorComponentId: string | null;
  dependsOnServiceId: string | null;
  kind: DependencyKind;
  criticality: Criticality;
  hasFallback: boolean;
  notes: string;
  version: number;
}

export const STATUS_SOURCE_FORMATS = [
  'auto',
  'statuspage',
  'atom',
  'rss',
  'google-cloud',
  'incident-io-widget',
] as const;
export type StatusSourceFormat = (typeof STATUS_SOURCE_FORMATS)[number];

/** A vendor status page we poll, with its health (GET /api/status-sources). */
export interface StatusSource {
  id: string;
  vendorId: string;
  url: string;
  format: string;
  detectedFormat: string | null;
  pollIntervalSeconds: number;
  enabled: boolean;
  health: {
    degraded: boolean;
    consecutiveFailures: number;
    lastPolledAt: Iso | null;
    lastSuccessAt: Iso | null;
    lastErrorAt: Iso | null;
    lastErrorKind: string | null;
    lastErrorMessage: string | null;
    lastLatencyMs: number | null;
    nextPollNotBefore: Iso | null;
  };
  version: number;
  createdAt: Iso;
  updatedAt: Iso;
}

/** A normalised enum of a status feed: the mapped word and exactly what the vendor sent. */
export interface FeedEnum {
  value: string;
  raw: string | null;
  unknown: boolean;
}

/** POST /api/status-sources/preview: what a poll of this URL would import (nothing is stored). */
export interface StatusPreview {
  url: string;
  finalUrl: string;
  contentType: string;
  latencyMs: number;
  feed: {
    format: string;
    page: { id: string | null; name: string | null; url: string | null } | null;
    incidents: Array<{
      externalId: string;
      kind: string;
      title: string;
      status: FeedEnum;
      impact: FeedEnum | null;
      startedAt: Iso | null;
      resolvedAt: Iso | null;
      shortlink: string | null;
      updates: Array<{ externalId: string; at: Iso; status: FeedEnum; body: string }>;
    }>;
    warnings: string[];
  };
}

export interface VendorIncidentUpdate {
  id: string;
  externalId: string;
  at: Iso;
  rawStatus: string;
  status: string;
  /** The latest text the vendor posted. */
  body: string;
  /** When an edit of the text was first imported (null: never edited). */
  editedAt: Iso | null;
  /** Earlier texts, oldest first (only with ?history=true). */
  history?: Array<{ body: string; status: string; replacedAt: Iso }>;
}

export const VENDOR_RESOLUTION_SOURCES = ['page', 'history', 'left_page'] as const;
export type VendorResolutionSource = (typeof VENDOR_RESOLUTION_SOURCES)[number];

/** A vendor component a vendor incident affects, with its statuses over time. */
export interface VendorIncidentComponent {
  vendorComponentId: string;
  name: string;
  groupName: string | null;
  rawStatus: string;
  status: string;
  statuses: Array<{ at: Iso; status: string; rawStatus: string }>;
}

/** GET /api/vendors/:idOrSlug/incidents: an incident copied from a vendor's status page. */
export interface VendorIncident {
  id: string;
  vendorId: string;
  externalId: string;
  kind: string;
  title: string;
  rawStatus: string;
  status: string;
  rawImpact: string | null;
  impact: string | null;
  startedAt: Iso | null;
  resolvedAt: Iso | null;
  vendorUpdatedAt: Iso | null;
  shortlink: string | null;
  /** Where resolvedAt comes from; left_page: inferred, the incident left a feed of open ones. */
  resolutionSource: VendorResolutionSource | null;
  resolvedInferred: boolean;
  lastSeenAt: Iso | null;
  updates: VendorIncidentUpdate[];
  components: VendorIncidentComponent[];
}

/** POST /api/status-sources/:id/poll: what one poll did, and the source after it. */
export interface PollNowResult {
  outcome: 'imported' | 'unchanged' | 'not_modified' | 'stale' | 'failed' | 'skipped';
  latencyMs?: number;
  changes?: {
    newIncidents: string[];
    changedIncidents: string[];
    newUpdates: number;
    editedUpdates: number;
    leftPage: string[];
    componentChanges: number;
    timelineEvents: number;
  };
  suggestions?: string[];
  kind?: string;
  message?: string;
  reason?: string;
  source: StatusSource;
}

// ---- Exports (docs/exports.md) ----

export const EXPORT_FORMATS = ['markdown', 'html', 'confluence', 'mediawiki', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_VARIANTS = ['internal', 'public'] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];
export const EXPORT_TARGET_KINDS = ['git', 'webhook', 'confluence', 'mediawiki'] as const;
export type ExportTargetKind = (typeof EXPORT_TARGET_KINDS)[number];
export const EXPORT_RUN_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type ExportRunStatus = (typeof EXPORT_RUN_STATUSES)[number];
export const EXPORT_RUN_TRIGGERS = ['publish', 'manual'] as const;
export type ExportRunTrigger = (typeof EXPORT_RUN_TRIGGERS)[number];

/** An export target as `GET /api/export-targets` returns it (credentials only by name). */
export interface ExportTarget {
  id: string;
  name: string;
  kind: ExportTargetKind;
  team: string | null;
  enabled: boolean;
  variant: ExportVariant;
  redactPatterns: string[];
  config: Record<string, string>;
  credentialKeys: string[];
  version: number;
  createdAt: Iso;
  updatedAt: Iso;
}

/** Body of POST /api/export-targets. */
export interface CreateExportTargetBody {
  name: string;
  kind: ExportTargetKind;
  team?: string | null;
  enabled?: boolean;
  variant?: ExportVariant;
  redactPatterns?: string[];
  config: Record<string, string>;
  /** Write-only. */
  credentials?: Record<string, string>;
}

/**
 * Body of PATCH /api/export-targets/:id (409 when `version` is stale). The kind cannot change;
 * `config` replaces the stored settings; `credentials` replaces the stored set, null removes
 * it, omitted keeps it.
 */
export interface UpdateExportTargetBody {
  version: number;
  name?: string;
  team?: string | null;
  enabled?: boolean;
  variant?: ExportVariant;
  redactPatterns?: string[];
  config?: Record<string, string>;
  credentials?: Record<string, string> | null;
}

/** One push of one postmortem revision to one target (GET /api/export-runs). */
export interface ExportRun {
  id: string;
  idempotencyKey: string;
  targetId: string;
  targetKind: ExportTargetKind;
  postmortemId: string;
  revision: number;
  trigger: ExportRunTrigger;
  status: ExportRunStatus;
  attempts: number;
  externalId: string | null;
  externalRevision: string | null;
  externalUrl: string | null;
  checksum: string | null;
  error: string | null;
  finishedAt: Iso | null;
  createdAt: Iso;
  updatedAt: Iso;
}

export { incidentMetrics, INCIDENT_METRIC_SPANS, type MetricInstants } from './incident-metrics';

// Accounts: users, teams, invitations, API tokens, the audit log (libs/accounts).

export const ROLES = ['viewer', 'responder', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** API token scopes; `admin` grants every scope. */
export const SCOPES = [
  'read:incidents',
  'write:incidents',
  'read:postmortems',
  'write:postmortems',
  'export:postmortems',
  'read:status',
  'write:status',
  'read:metrics',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

export interface Team {
  id: string;
  name: string;
}

/** GET /api/users, PATCH /api/users/:id */
export interface User {
  id: string;
  email: string | null;
  displayName: string;
  kind: string;
  role: Role;
  disabled: boolean;
  teams: Team[];
  version: number;
  lastLoginAt: string | null;
  createdAt: string;
}

/** POST /api/invitations: the one-time link to give to the person. */
export interface InvitationCreated {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  token: string;
  link: string;
}

/** GET /api/tokens */
export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** POST /api/tokens: the secret, shown once. */
export interface ApiTokenCreated extends ApiToken {
  token: string;
}

/** GET /api/audit-events (cursor pages, newest first) */
export interface AuditEvent {
  id: string;
  occurredAt: string;
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

/** Cursor pages that also say how many rows match (users, teams, tokens: the pages show it). */
export interface CountedPage<T> extends Page<T> {
  total: number;
}

/** GET /api/deadline-policies: when a postmortem is due, per severity (and team). */
export interface DeadlinePolicy {
  id: string;
  severity: string;
  team: string | null;
  businessDays: number;
  zone: string;
  country: string | null;
  region: string | null;
  customHolidays: string[];
  dueTime: string;
  reminderHoursBefore: number[];
  escalationEveryHours: number;
  version: number;
}

export const CHANNEL_KINDS = ['webhook', 'slack', 'slack_app', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const NOTIFICATION_TOPICS = [
  'reminder',
  'escalation',
  'workflow',
  'auto_draft',
  'incident_status',
  'test',
] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/** GET /api/notification-channels (secrets are never returned, only `hasSecret`). */
export interface NotificationChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  url: string | null;
  hasSecret: boolean;
  emailTo: string[];
  /** Slack app channels: the Slack channel id or #name. */
  slackChannel: string | null;
  topics: NotificationTopic[];
  team: string | null;
  enabled: boolean;
  createdAt: Iso;
  updatedAt: Iso;
}

/** POST /api/notification-channels/:id/test, GET /api/notification-deliveries/:id */
export interface NotificationDelivery {
  id: string;
  /** null for a message to one person (`recipient`). */
  channelId: string | null;
  recipient?: string | null;
  topic: NotificationTopic;
  subject: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  deliveredAt: Iso | null;
  createdAt: Iso;
}

// ---- Vendor ledger and SLA credits (docs/vendor-ledger.md) ----

export const LEDGER_PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type LedgerPeriodKind = (typeof LEDGER_PERIOD_KINDS)[number];
export const EVIDENCE_FORMATS = ['markdown', 'html', 'json'] as const;
export type EvidenceFormat = (typeof EVIDENCE_FORMATS)[number];

export interface LevelMinutes {
  majorOutage: number;
  partialOutage: number;
  degraded: number;
  total: number;
}

export interface LedgerCausedIncident {
  reference: string;
  title: string;
  severity: string;
  startedAt: string;
  detectedAt: string | null;
  vendorIncidentId: string | null;
  vendorIncidentTitle: string | null;
  vendorFirstUpdateAt: string | null;
  vendorResolvedAt: string | null;
  /** Minutes from our detection (or start) to the vendor's first update; negative: the vendor spoke first. */
  firstUpdateLagMinutes: number | null;
  resolvedLagMinutes: number | null;
}

export interface LedgerVendor {
  vendorId: string;
  vendorName: string;
  vendorSlug: string;
  incidents: {
    total: number;
    previousTotal: number;
    bySeverity: Record<string, number>;
    list: LedgerCausedIncident[];
  };
  ourMinutes: LevelMinutes & {
    previousTotal: number;
    byService: Array<
      LevelMinutes & {
        serviceId: string;
        serviceName: string;
        serviceSlug: string;
        noFallback: boolean;
      }
    >;
  };
  vendorMinutes: LevelMinutes & {
    previousTotal: number;
    byComponent: Array<LevelMinutes & { componentId: string; componentName: string }>;
    vendorIncidents: number;
    withoutComponentStatuses: number;
  };
  statusPageLag: {
    medianFirstUpdateMinutes: number | null;
    worstFirstUpdateMinutes: number | null;
    medianResolvedMinutes: number | null;
    worstResolvedMinutes: number | null;
  };
  singlePointsOfFailure: Array<{
    serviceId: string;
    serviceName: string;
    serviceSlug: string;
    components: string[];
    /** Our downtime on that service from this vendor in the period: what a fallback would have spared. */
    sparedMinutes: number;
  }>;
  trend: { ourMinutes: number; vendorMinutes: number; incidents: number };
}

/** `GET /api/vendor-ledger`. */
export interface VendorLedgerReport {
  period: {
    kind: LedgerPeriodKind;
    label: string;
    zone: string;
    from: string;
    to: string;
    previous: { label: string; from: string; to: string };
  };
  filters: { vendor: string | null; team: string | null; service: string | null };
  /** The chart's months (the twelve ending with the period). */
  months: string[];
  chart: Array<{
    month: string;
    vendorSlug: string;
    vendorName: string;
    serviceName: string;
    minutes: number;
  }>;
  vendors: LedgerVendor[];
}

export interface CreditTier {
  belowPercent: number;
  creditPercent: number;
}

export interface SlaContract {
  id: string;
  vendorId: string;
  name: string;
  targetPercent: number;
  componentIds: string[];
  tiers: CreditTier[];
  claimWindowCycles: number;
  claimTo: string;
  ownerUserId: string | null;
  zone: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreditMeasure {
  method: 'vendor_statuses' | 'our_impacts';
  description: string;
  unavailableMinutes: number;
  availabilityPercent: number;
  targetMissed: boolean;
  tier: CreditTier | null;
  intervals: Array<{ from: string; to: string; minutes: number }>;
}

/** One month of `GET /api/sla-contracts/:id/credits`. */
export interface CreditMonth {
  contractId: string;
  month: string;
  monthMinutes: number;
  targetPercent: number;
  vendorStatuses: CreditMeasure;
  ourImpacts: CreditMeasure;
  /** The credit to claim: the better of the two measures' tiers (0: none). */
  creditPercent: number;
  basis: 'vendor_statuses' | 'our_impacts' | null;
  claimDeadline: string;
  /** Last local day (contract zone) a claim is accepted. */
  claimBy: string;
  claimWindowOpen: boolean;
}
export * from './vendor-rca';
export * from './templates';

// --- trackers (docs/trackers.md) -----------------------------------------------------------------

export const TRACKER_KINDS = ['redmine', 'github', 'jira', 'linear'] as const;
export const TRACKER_LINK_STATES = [
  'creating',
  'linked',
  'detached',
  'deleted_remotely',
  'failed',
] as const;

export interface TrackerFieldMapping {
  statuses?: Partial<Record<'open' | 'in_progress' | 'done' | 'wont_do', string>>;
  priorities?: Partial<Record<'P0' | 'P1' | 'P2' | 'P3', string>>;
}

/** GET /api/tracker-targets (admins): where a team's action items go; credentials never shown. */
export interface TrackerTarget {
  id: string;
  name: string;
  kind: (typeof TRACKER_KINDS)[number];
  team: string | null;
  baseUrl: string;
  project: string;
  issueType: string | null;
  fieldMapping: TrackerFieldMapping;
  createOnApproval: boolean;
  enabled: boolean;
  hasCredentials: boolean;
  pollCursor: Iso | null;
  lastPolledAt: Iso | null;
  lastError: string | null;
  version: number;
  createdAt: Iso;
  updatedAt: Iso;
}

export interface TrackerTargetBody {
  name: string;
  kind: TrackerTarget['kind'];
  team?: string | null;
  baseUrl: string;
  project: string;
  issueType?: string | null;
  fieldMapping?: TrackerFieldMapping;
  createOnApproval?: boolean;
  enabled?: boolean;
  /** `username`: Jira Cloud's account e-mail (basic auth with the API token). */
  credentials: { apiKey: string; username?: string };
}

/** An action item's issue in a tracker. */
export interface TrackerLink {
  id: string;
  actionItemId: string;
  postmortemId: string;
  targetId: string;
  state: (typeof TRACKER_LINK_STATES)[number];
  externalId: string | null;
  /** "#42" */
  externalKey: string | null;
  url: string | null;
  remoteUpdatedAt: Iso | null;
  lastSyncedAt: Iso | null;
  lastError: string | null;
  requestedBy: string;
  version: number;
  createdAt: Iso;
  updatedAt: Iso;
}

/** GET /api/postmortems/:id/tracker-links */
export interface PostmortemTrackerLinks {
  /** Where this postmortem's items go; null: no target serves its team. */
  target: { id: string; name: string; kind: TrackerTarget['kind'] } | null;
  items: TrackerLink[];
}

// --- Slack (docs/slack.md) -------------------------------------------------------------------

export const SLACK_MESSAGE_STATES = ['proposed', 'accepted', 'dismissed'] as const;
export type SlackMessageState = (typeof SLACK_MESSAGE_STATES)[number];
export const SLACK_MESSAGE_ORIGINS = ['shortcut', 'history', 'export'] as const;
export type SlackMessageOrigin = (typeof SLACK_MESSAGE_ORIGINS)[number];

/** GET/PUT /api/slack/settings: never the secrets, only whether they are set. */
export interface SlackSettings {
  configured: boolean;
  version: number;
  teamId: string | null;
  signingSecretSet: boolean;
  botTokenSet: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** POST /api/slack/settings/check: what Slack's auth.test says of the bot token. */
export interface SlackConnectionCheck {
  ok: boolean;
  teamId: string | null;
  team: string | null;
  botUserId: string | null;
  error: string | null;
}

export interface UpdateSlackSettingsBody {
  version: number;
  signingSecret?: string;
  botToken?: string;
  teamId?: string | null;
}

export interface SlackChannelLink {
  channelId: string;
  channelName: string | null;
  linkedBy: string;
  createdAt: string;
}

export interface SlackImport {
  id: string;
  incidentId: string;
  channelId: string;
  origin: 'history' | 'export';
  fromAt: string;
  toAt: string;
  state: 'pending' | 'done' | 'failed';
  proposed: number;
  error: string | null;
  requestedBy: string;
  createdAt: string;
}

/** GET /api/incidents/:reference/slack */
export interface SlackOverview {
  channels: SlackChannelLink[];
  imports: SlackImport[];
}

/** A Slack message proposed for (or added to) an incident's timeline. */
export interface SlackMessage {
  id: string;
  incidentId: string;
  channelId: string;
  messageTs: string;
  occurredAt: string;
  authorId: string | null;
  authorName: string | null;
  authorZone: string | null;
  body: string;
  permalink: string | null;
  origin: SlackMessageOrigin;
  state: SlackMessageState;
  timelineEventId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}
export * from './ai-assist';
