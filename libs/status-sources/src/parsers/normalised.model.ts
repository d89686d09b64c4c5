/** The formats a status source can be read as. */
export enum StatusFormat {
  Statuspage = 'statuspage',
  Atom = 'atom',
  Rss = 'rss',
  GoogleCloud = 'google-cloud',
  IncidentIoWidget = 'incident-io-widget',
}

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
] as const;
/** Workflow stage; `unknown` when the vendor sent a value we do not know (the raw text is kept). */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number] | 'unknown';

/** Statuses that end an incident or maintenance. */
export const CLOSED_STATUSES: ReadonlySet<IncidentStatus> = new Set([
  'resolved',
  'postmortem',
  'completed',
]);

export const IMPACTS = ['none', 'minor', 'major', 'critical', 'maintenance'] as const;
export type Impact = (typeof IMPACTS)[number] | 'unknown';

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number] | 'unknown';

/** A vendor enum value: the mapped value next to the raw string, flagged when unknown. */
export interface Enumerated<T extends string> {
  value: T | 'unknown';
  /** What the payload said, verbatim (null when the format has no such field). */
  raw: string | null;
  /** True when `raw` is not a value we know; `value` is then `unknown`. */
  unknown: boolean;
}

export interface NormalisedComponentState {
  externalId: string;
  name: string;
  status: Enumerated<ComponentStatus>;
}

export interface NormalisedComponent extends NormalisedComponentState {
  /** External id of the group this component belongs to, if any. */
  groupId: string | null;
  group: boolean;
}

export interface NormalisedUpdate {
  /** The vendor's update id, or a stable synthesised one when the format has none. */
  externalId: string;
  /** ISO-8601 instant in UTC. */
  at: string;
  status: Enumerated<IncidentStatus>;
  /** Safe markdown/plain text (HTML converted). */
  body: string;
  /** Component transitions recorded with this update, when the format carries them. */
  components: Array<NormalisedComponentState & { oldStatus: Enumerated<ComponentStatus> | null }>;
}

export interface NormalisedIncident {
  externalId: string;
  kind: 'incident' | 'maintenance';
  title: string;
  status: Enumerated<IncidentStatus>;
  impact: Enumerated<Impact>;
  /** ISO-8601 instants in UTC. */
  startedAt: string | null;
  resolvedAt: string | null;
  updatedAt: string | null;
  shortlink: string | null;
  /** Oldest first. */
  updates: NormalisedUpdate[];
  /** Components attached to the incident, with their status as reported. */
  components: NormalisedComponentState[];
  /**
   * Set by the poller, not the parsers: this entry was looked up in the page's history (e.g.
   * Statuspage incidents.json) after it left a feed that lists only open incidents.
   */
  fromHistory?: boolean;
  /**
   * The vendor's postmortem attached to the incident (Statuspage `postmortem_body`,
   * `postmortem_published_at`), as the payload has it (not yet sanitised); absent when none.
   */
  postmortem?: { body: string; publishedAt: string | null } | null;
}

export interface NormalisedFeed {
  format: StatusFormat;
  page: { id: string | null; name: string | null; url: string | null; updatedAt: string | null };
  /** Overall indicator (Statuspage `status.indicator`), when the payload has one. */
  indicator: Enumerated<Impact> | null;
  components: NormalisedComponent[];
  incidents: NormalisedIncident[];
  /** Human-readable notes on unknown enum values and other oddities that were kept, not dropped. */
  warnings: string[];
}
