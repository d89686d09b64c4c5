import { incidentMetrics } from '@rca/api-contract';

/**
 * What a record entry is, by the letter of its label: [T3] timeline event, [I2] impact, [C1]
 * cause, [V4] vendor update, [M1] metric (the incident's instants and durations).
 */
export const RECORD_KINDS = {
  T: 'timeline event',
  I: 'impact',
  C: 'cause',
  V: 'vendor update',
  M: 'metric',
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;

/** One citable fact of the incident record, as the prompt shows it. */
export interface RecordEntry {
  /** "T3": the kind's letter and its 1-based position in this incident's record. */
  label: string;
  kind: RecordKind;
  /** The row it comes from (timeline event id, impact id, …; "incident:<field>" for metrics). */
  refId: string;
  /** ISO instant of the fact, when it has one. */
  at: string | null;
  /** One line of text (redacted before it is put in a prompt). */
  text: string;
}

/** The incident record, as read for one suggestion (rows of this incident only). */
export interface IncidentRecordInput {
  incident: {
    id: string;
    reference: string;
    title: string;
    summary: string;
    severity: string;
    startedAt: Date;
    detectedAt: Date | null;
    acknowledgedAt: Date | null;
    mitigatedAt: Date | null;
    resolvedAt: Date | null;
  };
  events: Array<{ id: string; occurredAt: Date; kind: string; source: string; body: string }>;
  impacts: Array<{
    id: string;
    service: string;
    level: string;
    startedAt: Date;
    endedAt: Date | null;
    note: string;
  }>;
  causes: Array<{
    id: string;
    vendor: string;
    role: string;
    explanation: string;
    vendorIncidentTitle: string | null;
  }>;
  updates: Array<{ id: string; vendor: string; at: Date; status: string; body: string }>;
}

const iso = (date: Date | string | null) => (date ? new Date(date).toISOString() : null);

/** Keeps an entry on one line (the prompt is one entry per line) and bounded. */
function oneLine(text: string, limit = 1_000): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${minutes % 60} min`;
}

/** Labels every fact of the record; the same record always gets the same labels. */
export function buildRecord(input: IncidentRecordInput): RecordEntry[] {
  const entries: RecordEntry[] = [];
  const add = (kind: RecordKind, refId: string, at: Date | null, text: string) => {
    const number = entries.filter((entry) => entry.kind === kind).length + 1;
    entries.push({ label: `${kind}${number}`, kind, refId, at: iso(at), text: oneLine(text) });
  };
  const { incident } = input;
  for (const event of input.events)
    add(
      'T',
      event.id,
      event.occurredAt,
      `${iso(event.occurredAt)} ${event.kind} (${event.source}): ${event.body}`,
    );
  for (const impact of input.impacts)
    add(
      'I',
      impact.id,
      impact.startedAt,
      `${impact.service} ${impact.level} from ${iso(impact.startedAt)} to ${iso(impact.endedAt) ?? 'ongoing'}${impact.note ? `: ${impact.note}` : ''}`,
    );
  for (const cause of input.causes)
    add(
      'C',
      cause.id,
      null,
      `${cause.vendor} (${cause.role.replace(/_/g, ' ')})${cause.vendorIncidentTitle ? `, vendor incident "${cause.vendorIncidentTitle}"` : ''}${cause.explanation ? `: ${cause.explanation}` : ''}`,
    );
  for (const update of input.updates)
    add(
      'V',
      update.id,
      update.at,
      `${iso(update.at)} ${update.vendor} ${update.status}: ${update.body}`,
    );
  const instants: Array<[keyof IncidentRecordInput['incident'], string]> = [
    ['startedAt', 'started'],
    ['detectedAt', 'detected'],
    ['acknowledgedAt', 'acknowledged'],
    ['mitigatedAt', 'mitigated'],
    ['resolvedAt', 'resolved'],
  ];
  for (const [field, words] of instants) {
    const value = incident[field] as Date | null;
    if (value) add('M', `incident:${field}`, value, `Incident ${words} at ${iso(value)}`);
  }
  const metrics = incidentMetrics(incident);
  const names: Record<keyof typeof metrics, string> = {
    timeToDetectSeconds: 'Time to detect',
    timeToAcknowledgeSeconds: 'Time to acknowledge',
    timeToMitigateSeconds: 'Time to mitigate',
    timeToResolveSeconds: 'Time to resolve',
  };
  for (const [name, seconds] of Object.entries(metrics) as Array<[keyof typeof metrics, number]>)
    if (seconds !== null && seconds !== undefined)
      add('M', `incident:${name}`, null, `${names[name]}: ${duration(seconds)}`);
  return entries;
}
