/**
 * Compile-time check that what the server sends matches what the web app expects: each line
 * fails `npm run typecheck` when a server DTO or entity drifts from libs/api-contract.
 * Type-only imports: nothing here runs, and the web bundle never imports this file.
 */
import type {
  STATUS_SOURCE_FORMATS as SERVER_STATUS_SOURCE_FORMATS,
  StatusSourcePage,
  StatusSourceView,
} from '@rca/status-sources';
import type { VendorIncidentPageDto } from '@rca/vendor-incidents';
import type { DeadlinePolicyEntity } from '@rca/deadlines';
import type { ChannelDto, DeliveryDto } from '../../notifications/src/notification.dto';
import type {
  AuditPageDto,
  InvitationCreatedDto,
  TokenCreatedDto,
  TokenPageDto,
  UserDto,
  UserPageDto,
  TeamPageDto,
} from '../../accounts/src/accounts.dto';
import type { PersonPageDto } from '../../accounts/src/people.controller';
import type { CommentService, InboxService, MeetingService } from '@rca/postmortems';
import type {
  MEETING_ROLES as SERVER_MEETING_ROLES,
  MEETING_STATUSES as SERVER_MEETING_STATUSES,
} from '../../postmortems/src/postmortem-meeting.entity';
import type { ROLES as SERVER_ROLES, SCOPES as SERVER_SCOPES } from '@rca/shared';
import type {
  EXPORT_FORMATS as SERVER_EXPORT_FORMATS,
  EXPORT_RUN_STATUSES as SERVER_EXPORT_RUN_STATUSES,
  EXPORT_RUN_TRIGGERS as SERVER_EXPORT_RUN_TRIGGERS,
  EXPORT_TARGET_KINDS as SERVER_EXPORT_TARGET_KINDS,
  EXPORT_VARIANTS as SERVER_EXPORT_VARIANTS,
  ExportsService,
} from '@rca/exports';
import type {
  BlastRadiusDto,
  DependencyEntity,
  ServiceEntity,
  VendorComponentEntity,
  VendorEntity,
} from '@rca/catalog';
import type {
  CAUSE_ROLES as SERVER_CAUSE_ROLES,
  CAUSE_STATES as SERVER_CAUSE_STATES,
  IMPACT_LEVELS as SERVER_IMPACT_LEVELS,
  INCIDENT_STATUSES as SERVER_INCIDENT_STATUSES,
  CauseService,
  ImpactService,
  IncidentService,
  TimelineEventService,
  SEVERITIES as SERVER_SEVERITIES,
  TIMELINE_KINDS as SERVER_TIMELINE_KINDS,
  TIMELINE_SOURCES as SERVER_TIMELINE_SOURCES,
} from '@rca/incidents';
import type {
  ACTION_ITEM_PRIORITIES as SERVER_ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES as SERVER_ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES as SERVER_ACTION_ITEM_TYPES,
  POSTMORTEM_STATUSES as SERVER_POSTMORTEM_STATUSES,
  DeadlineSchedulerService,
  PostmortemRepository,
  PostmortemService,
  RcaDraftService,
  SECTION_KEYS as SERVER_SECTION_KEYS,
  TemplateService,
} from '@rca/postmortems';
import type {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  ActionItem,
  ActionItemActivity,
  InboxActionItem,
  Meeting,
  MeetingParticipant,
  MEETING_ROLES,
  MEETING_STATUSES,
  InboxCounts,
  InboxMention,
  InboxReview,
  Person,
  PolicyInForce,
  PostmortemComment,
  DeadlineItem,
  DraftResult,
  IncidentTrends,
  RcaMetrics,
  Postmortem,
  POSTMORTEM_STATUSES,
  ReviewRecord,
  RevisionSummary,
  CAUSE_ROLES,
  CAUSE_STATES,
  IMPACT_LEVELS,
  INCIDENT_STATUSES,
  SEVERITIES,
  TIMELINE_KINDS,
  TIMELINE_SOURCES,
  ActivityEntry,
  BlastRadiusReport,
  Cause,
  Impact,
  IncidentDetail,
  IncidentSummary,
  Page,
  Service,
  TimelineEvent,
  Vendor,
  VendorComponent,
  Dependency,
  STATUS_SOURCE_FORMATS,
  StatusSource,
  VendorIncident,
  EXPORT_FORMATS,
  EXPORT_RUN_STATUSES,
  EXPORT_RUN_TRIGGERS,
  EXPORT_TARGET_KINDS,
  EXPORT_VARIANTS,
  ExportRun,
  ExportTarget,
  ApiTokenCreated,
  AuditEvent,
  CountedPage,
  InvitationCreated,
  ApiToken,
  ROLES,
  SCOPES,
  Team,
  User,
  DeadlinePolicy,
  CHANNEL_KINDS,
  NOTIFICATION_TOPICS,
  NotificationChannel,
  NotificationDelivery,
  VendorLedgerReport,
  SlaContract,
  CreditMonth,
  PostmortemTemplate,
  BuiltinTemplate,
  TemplatePreview,
  TEMPLATE_SECTION_KEYS,
} from './index';
import type { SlaContractEntity, SlaCreditService, VendorLedgerService } from '@rca/vendor-ledger';

/** The JSON form of a server type: Dates become ISO strings. */
type Json<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Array<Json<U>>
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

type Assert<T extends true> = T;
type Returned<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
/** A method of one of the incident-record services (incident, impact, timeline event, cause). */
type Answer<K extends string> = K extends keyof IncidentService
  ? Returned<IncidentService[K]>
  : K extends keyof ImpactService
    ? Returned<ImpactService[K]>
    : K extends keyof TimelineEventService
      ? Returned<TimelineEventService[K]>
      : K extends keyof CauseService
        ? Returned<CauseService[K]>
        : never;
type PostmortemAnswer<K extends keyof PostmortemService> = PostmortemService[K] extends (
  ...args: never[]
) => infer R
  ? Awaited<R>
  : never;
type ExportsAnswer<K extends keyof ExportsService> = ExportsService[K] extends (
  ...args: never[]
) => infer R
  ? Awaited<R>
  : never;
/** true when the server's JSON fits the client type (and the server type was found at all). */
type Sends<Server, Client> = [Server] extends [never]
  ? false
  : 0 extends 1 & Server
    ? false
    : [Json<Server>] extends [Client]
      ? true
      : false;

/** Same members in the same order. */
type SameList<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type LedgerAnswer<K extends keyof VendorLedgerService> = VendorLedgerService[K] extends (
  ...args: never[]
) => infer R
  ? Awaited<R>
  : never;
type CreditAnswer<K extends keyof SlaCreditService> = SlaCreditService[K] extends (
  ...args: never[]
) => infer R
  ? Awaited<R>
  : never;

export type ServerContract = [
  Assert<Sends<LedgerAnswer<'report'>, VendorLedgerReport>>,
  Assert<Sends<SlaContractEntity, SlaContract>>,
  Assert<Sends<CreditAnswer<'credits'>, CreditMonth[]>>,
  Assert<SameList<typeof SERVER_SEVERITIES, typeof SEVERITIES>>,
  Assert<SameList<typeof SERVER_INCIDENT_STATUSES, typeof INCIDENT_STATUSES>>,
  Assert<SameList<typeof SERVER_IMPACT_LEVELS, typeof IMPACT_LEVELS>>,
  Assert<SameList<typeof SERVER_TIMELINE_KINDS, typeof TIMELINE_KINDS>>,
  Assert<SameList<typeof SERVER_TIMELINE_SOURCES, typeof TIMELINE_SOURCES>>,
  Assert<SameList<typeof SERVER_CAUSE_ROLES, typeof CAUSE_ROLES>>,
  Assert<SameList<typeof SERVER_CAUSE_STATES, typeof CAUSE_STATES>>,
  Assert<Sends<BlastRadiusDto, BlastRadiusReport>>,
  Assert<Sends<ServiceEntity, Service>>,
  Assert<Sends<VendorEntity, Vendor>>,
  Assert<Sends<VendorComponentEntity, VendorComponent>>,
  Assert<Sends<Answer<'getIncidentDetail'>, IncidentDetail>>,
  Assert<Sends<Answer<'listIncidents'>, Page<IncidentSummary>>>,
  Assert<Sends<Answer<'createIncident'>, IncidentSummary>>,
  Assert<Sends<Answer<'transition'>, IncidentSummary>>,
  Assert<Sends<Answer<'setVisibility'>, IncidentSummary>>,
  Assert<Sends<Answer<'listTimeline'>, { items: TimelineEvent[] }>>,
  Assert<Sends<Answer<'createTimelineEvent'>, TimelineEvent>>,
  Assert<Sends<Answer<'createImpact'>, Impact>>,
  Assert<Sends<Answer<'updateCause'>, Cause>>,
  Assert<Sends<Answer<'listActivity'>, Page<ActivityEntry>>>,
  Assert<SameList<typeof SERVER_POSTMORTEM_STATUSES, typeof POSTMORTEM_STATUSES>>,
  Assert<SameList<typeof SERVER_ACTION_ITEM_STATUSES, typeof ACTION_ITEM_STATUSES>>,
  Assert<SameList<typeof SERVER_ACTION_ITEM_TYPES, typeof ACTION_ITEM_TYPES>>,
  Assert<SameList<typeof SERVER_ACTION_ITEM_PRIORITIES, typeof ACTION_ITEM_PRIORITIES>>,
  Assert<Sends<PostmortemAnswer<'get'>, Postmortem>>,
  Assert<Sends<PostmortemAnswer<'reviews'>, ReviewRecord[]>>,
  Assert<Sends<PostmortemAnswer<'revisions'>, Page<RevisionSummary>>>,
  // (diff is not checked: the service types its sections as Record<string, unknown>)
  Assert<Sends<PostmortemAnswer<'addActionItem'>, ActionItem>>,
  Assert<Sends<PostmortemAnswer<'listActionItems'>, Page<ActionItem>>>,
  Assert<Sends<PostmortemAnswer<'updateActionItem'>, ActionItem>>,
  Assert<Sends<PostmortemAnswer<'actionItemActivity'>, Page<ActionItemActivity>>>,
  Assert<Sends<PersonPageDto, Page<Person>>>,
  Assert<SameList<typeof SERVER_MEETING_ROLES, typeof MEETING_ROLES>>,
  Assert<SameList<typeof SERVER_MEETING_STATUSES, typeof MEETING_STATUSES>>,
  Assert<Sends<Awaited<ReturnType<MeetingService['schedule']>>, Meeting>>,
  Assert<Sends<Awaited<ReturnType<MeetingService['list']>>, Page<Meeting>>>,
  Assert<Sends<Awaited<ReturnType<MeetingService['suggestedParticipants']>>, MeetingParticipant[]>>,
  Assert<Sends<Awaited<ReturnType<DeadlineSchedulerService['policyInForce']>>, PolicyInForce>>,
  Assert<Sends<Awaited<ReturnType<CommentService['list']>>, Page<PostmortemComment>>>,
  Assert<Sends<Awaited<ReturnType<CommentService['add']>>, PostmortemComment>>,
  Assert<Sends<Awaited<ReturnType<InboxService['counts']>>, InboxCounts>>,
  Assert<Sends<Awaited<ReturnType<InboxService['reviews']>>, Page<InboxReview>>>,
  Assert<Sends<Awaited<ReturnType<InboxService['actionItems']>>, Page<InboxActionItem>>>,
  Assert<Sends<Awaited<ReturnType<InboxService['mentions']>>, Page<InboxMention>>>,
  Assert<Sends<Awaited<ReturnType<RcaDraftService['generate']>>, DraftResult>>,
  Assert<Sends<Awaited<ReturnType<PostmortemRepository['deadlines']>>, CountedPage<DeadlineItem>>>,
  Assert<Sends<DependencyEntity, Dependency>>,
  Assert<SameList<typeof SERVER_SECTION_KEYS, typeof TEMPLATE_SECTION_KEYS>>,
  Assert<Sends<Awaited<ReturnType<TemplateService['get']>>, PostmortemTemplate>>,
  Assert<Sends<ReturnType<TemplateService['builtin']>, BuiltinTemplate>>,
  Assert<Sends<Awaited<ReturnType<TemplateService['preview']>>, TemplatePreview>>,
  Assert<SameList<typeof SERVER_STATUS_SOURCE_FORMATS, typeof STATUS_SOURCE_FORMATS>>,
  Assert<Sends<StatusSourceView, StatusSource>>,
  Assert<Sends<StatusSourcePage, Page<StatusSource>>>,
  Assert<Sends<VendorIncidentPageDto, Page<VendorIncident>>>,
  Assert<SameList<typeof SERVER_EXPORT_FORMATS, typeof EXPORT_FORMATS>>,
  Assert<SameList<typeof SERVER_EXPORT_VARIANTS, typeof EXPORT_VARIANTS>>,
  Assert<SameList<typeof SERVER_EXPORT_TARGET_KINDS, typeof EXPORT_TARGET_KINDS>>,
  Assert<SameList<typeof SERVER_EXPORT_RUN_STATUSES, typeof EXPORT_RUN_STATUSES>>,
  Assert<SameList<typeof SERVER_EXPORT_RUN_TRIGGERS, typeof EXPORT_RUN_TRIGGERS>>,
  Assert<Sends<ExportsAnswer<'listTargets'>, Page<ExportTarget>>>,
  Assert<Sends<ExportsAnswer<'createTarget'>, ExportTarget>>,
  Assert<Sends<ExportsAnswer<'updateTarget'>, ExportTarget>>,
  Assert<Sends<ExportsAnswer<'listRuns'>, Page<ExportRun>>>,
  Assert<Sends<ExportsAnswer<'pushNow'>, ExportRun[]>>,
  Assert<SameList<typeof SERVER_ROLES, typeof ROLES>>,
  Assert<SameList<typeof SERVER_SCOPES, typeof SCOPES>>,
  Assert<Sends<UserDto, User>>,
  Assert<Sends<UserPageDto, CountedPage<User>>>,
  Assert<Sends<TeamPageDto, CountedPage<Team>>>,
  Assert<Sends<InvitationCreatedDto, InvitationCreated>>,
  Assert<Sends<TokenPageDto, CountedPage<ApiToken>>>,
  Assert<Sends<TokenCreatedDto, ApiTokenCreated>>,
  Assert<Sends<AuditPageDto, Page<AuditEvent>>>,
  Assert<Sends<DeadlinePolicyEntity, DeadlinePolicy>>,
  Assert<Sends<import('../../postmortems/src/postmortem-responses.dto').RcaMetricsDto, RcaMetrics>>,
  Assert<Sends<import('@rca/incidents').IncidentTrendsDto, IncidentTrends>>,
  Assert<Sends<ChannelDto, NotificationChannel>>,
  Assert<Sends<DeliveryDto, NotificationDelivery>>,
  // The server's enums, as the lists the web app offers.
  Assert<SameList<`${import('@rca/notifications').ChannelKind}`, (typeof CHANNEL_KINDS)[number]>>,
  Assert<
    SameList<
      `${import('@rca/notifications').NotificationTopic}`,
      (typeof NOTIFICATION_TOPICS)[number]
    >
  >,
  // The vendor's report (libs/vendor-rca, libs/vendor-incidents).
  Assert<
    SameList<
      typeof import('@rca/vendor-incidents').VENDOR_REPORT_SOURCES,
      typeof import('./vendor-rca').VENDOR_REPORT_SOURCES
    >
  >,
  Assert<
    Sends<
      Awaited<ReturnType<import('@rca/vendor-rca').VendorRcaService['paste']>>,
      import('./vendor-rca').VendorReport
    >
  >,
  Assert<
    Sends<
      Awaited<ReturnType<import('@rca/vendor-rca').VendorRcaService['statusOfIncident']>>,
      import('./vendor-rca').VendorRcaStatus[]
    >
  >,
];
