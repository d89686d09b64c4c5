import { Liquid } from 'liquidjs';
import { DomainError } from '@rca/shared';
import { incidentMetrics } from '@rca/api-contract';
import { IANAZone } from 'luxon';
import { TemplateSection } from './postmortem-template.entity';
import {
  PostmortemSection,
  SECTION_KEYS,
  SECTION_MARKDOWN_LIMIT,
  SectionKey,
} from './postmortem.entity';

/** Everything the draft is written from, read from the incident record in one go. */
export interface IncidentSnapshot {
  incident: {
    id: string;
    reference: string;
    title: string;
    summary: string;
    severity: string;
    status: string;
    labels: string[];
    regions: string[];
    errorSignatures: string[];
    startedAt: Date;
    detectedAt: Date | null;
    acknowledgedAt: Date | null;
    mitigatedAt: Date | null;
    resolvedAt: Date | null;
    version: number;
  };
  impacts: Array<{
    service: string;
    team: string | null;
    level: string;
    startedAt: Date;
    endedAt: Date | null;
  }>;
  events: Array<{
    occurredAt: Date;
    kind: string;
    source: string;
    body: string;
    enteredZone: string;
  }>;
  causes: Array<{
    vendor: string;
    role: string;
    explanation: string;
    vendorIncidentTitle: string | null;
    link: string | null;
    updates: Array<{ at: Date; status: string; body: string }>;
    /** The vendor's own post-incident report, once found (postmortem_vendor_report). */
    vendorReport?: { url: string | null; publishedAt: Date; text: string } | null;
  }>;
  /** Dependencies of impacted services that have no fallback. */
  singlePoints: Array<{
    id: string;
    service: string;
    vendor: string;
    component: string;
    kind: string;
    criticality: string;
  }>;
}

export function formatDuration(from: Date | null, to: Date | null): string {
  if (!from || !to) return 'n/a';
  return formatSeconds((to.getTime() - from.getTime()) / 1000);
}

/** "1 d 2 h 5 min" of a number of seconds; "n/a" when unknown or negative. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return 'n/a';
  const minutes = Math.round(seconds / 60);
  if (minutes < 0) return 'n/a';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [
    days ? `${days} d` : '',
    hours ? `${hours} h` : '',
    rest || (!days && !hours) ? `${rest} min` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

const utc = (date: Date | null) =>
  date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';

const pad = (value: number) => (value < 10 ? `0${value}` : String(value));

/** "yyyy-MM-dd HH:mm" of an instant shifted by `offsetMinutes`, without Intl on the hot path. */
function wallClock(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/**
 * Formats instants in a zone as "yyyy-MM-dd HH:mm EST". Offsets only change on quarter-hour
 * boundaries, so the zone is asked once per quarter hour: a 10,000-event timeline stays fast.
 */
export function zoneFormatter(zoneName: string): (date: Date) => string {
  const zone = IANAZone.create(zoneName);
  const offsets = new Map<number, number>();
  const names = new Map<number, string>();
  return (date: Date) => {
    const ms = date.getTime();
    const bucket = Math.floor(ms / 900_000);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = zone.isValid ? zone.offset(ms) : 0;
      offsets.set(bucket, offset);
    }
    let name = names.get(offset);
    if (name === undefined) {
      name = zone.isValid
        ? (zone.offsetName(ms, { format: 'short', locale: 'en-US' }) ?? zoneName)
        : 'UTC';
      names.set(offset, name);
    }
    return `${wallClock(ms, offset)} ${name}`;
  };
}

/** One line of a markdown table cell: no pipes or newlines leak out of it. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n+/g, ' ')
    .trim();
}

function quote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `> ${line}`)
    .join('\n');
}

/** A markdown link to a vendor report; brackets and parentheses in the address are escaped. */
function reportLink(url: string | null): string {
  if (!url) return '';
  const safe = url.replace(/[()[\]<>\s]/g, (c) => encodeURIComponent(c));
  return `[${safe.replace(/[\\*_`]/g, (c) => `\\${c}`)}](${safe})`;
}

/** The first lines of a vendor report's text, quoted, for the supporting information. */
function excerpt(text: string): string {
  const cut = text.length > 1_500 ? `${text.slice(0, 1_499).trimEnd()}…` : text;
  return cut ? quote(cut) : '';
}

/** Builds the Liquid context. Large tables are built here in one pass, not in Liquid loops. */
export function buildDraftContext(
  snapshot: IncidentSnapshot,
  displayZone: string,
): Record<string, unknown> {
  const { incident } = snapshot;
  const metrics = incidentMetrics(incident);
  const zoneLabel = displayZone;
  const timelineLines: string[] = [
    `| Time (UTC) | Time (${cell(zoneLabel)}) | Kind | Event |`,
    '| --- | --- | --- | --- |',
  ];
  const mitigationEvents: Array<{ utc: string; text: string }> = [];
  const inZone = zoneFormatter(displayZone);
  for (const event of snapshot.events) {
    const kind = event.source === 'vendor_import' ? `${event.kind} (vendor)` : event.kind;
    timelineLines.push(
      `| ${wallClock(event.occurredAt.getTime(), 0)} | ${inZone(event.occurredAt)} | ${kind} | ${cell(event.body)} |`,
    );
    if (event.kind === 'mitigation' || event.kind === 'resolution')
      mitigationEvents.push({ utc: utc(event.occurredAt), text: cell(event.body) });
  }
  const impactLines = [
    '| Service | Level | From (UTC) | To (UTC) | Duration |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const impact of snapshot.impacts)
    impactLines.push(
      `| ${cell(impact.service)} | ${impact.level.replace(/_/g, ' ')} | ${utc(impact.startedAt)} | ${impact.endedAt ? utc(impact.endedAt) : 'ongoing'} | ${formatDuration(impact.startedAt, impact.endedAt)} |`,
    );
  const hit = [
    ...new Set(
      snapshot.impacts
        .filter((impact) => impact.level !== 'operational')
        .map((impact) => impact.service),
    ),
  ];
  const notHit = [
    ...new Set(
      snapshot.impacts
        .filter((impact) => impact.level === 'operational')
        .map((impact) => impact.service),
    ),
  ];
  if (notHit.length) impactLines.push('', `Not affected: ${notHit.join(', ')}.`);
  const vendorReports = snapshot.causes.flatMap((cause) =>
    cause.vendorReport
      ? [
          {
            vendor: cause.vendor,
            date: cause.vendorReport.publishedAt.toISOString().slice(0, 10),
            url: cause.vendorReport.url ?? '',
            link: reportLink(cause.vendorReport.url),
            excerpt: excerpt(cause.vendorReport.text),
          },
        ]
      : [],
  );
  const thirdParty = snapshot.causes
    .map((cause) => {
      const report = cause.vendorReport
        ? `\n\nPer the vendor's report of ${cause.vendorReport.publishedAt.toISOString().slice(0, 10)}${
            cause.vendorReport.url
              ? `: ${reportLink(cause.vendorReport.url)}`
              : ' (on its status page)'
          }`
        : '';
      const heading = `**${cause.vendor}** (${cause.role.replace(/_/g, ' ')})${cause.vendorIncidentTitle ? `: ${cause.vendorIncidentTitle}` : ''}${report}`;
      const explanation = cause.explanation ? `\n\n${cause.explanation}` : '';
      const updates = cause.updates.length
        ? `\n\n${cause.vendor}'s own updates:\n\n${cause.updates
            .map((update) => quote(`**${utc(update.at)}, ${update.status}**: ${update.body}`))
            .join('\n>\n')}`
        : '';
      const link = cause.link ? `\n\nSource: ${cause.link}` : '';
      return `${heading}${explanation}${updates}${link}`;
    })
    .join('\n\n');
  return {
    incident: {
      ...incident,
      error_signatures: incident.errorSignatures,
      started_at_utc: utc(incident.startedAt),
      detected_at_utc: utc(incident.detectedAt),
      acknowledged_at_utc: utc(incident.acknowledgedAt),
      mitigated_at_utc: utc(incident.mitigatedAt),
      resolved_at_utc: incident.resolvedAt ? utc(incident.resolvedAt) : 'ongoing',
    },
    metrics: {
      time_to_detect: formatSeconds(metrics.timeToDetectSeconds),
      time_to_acknowledge: formatSeconds(metrics.timeToAcknowledgeSeconds),
      time_to_mitigate: formatSeconds(metrics.timeToMitigateSeconds),
      time_to_resolve: formatSeconds(metrics.timeToResolveSeconds),
    },
    impacts: snapshot.impacts,
    impacted_count: hit.length,
    services_hit: hit.join(', '),
    impact_table: impactLines.join('\n'),
    timeline_table: timelineLines.join('\n'),
    timeline_count: snapshot.events.length,
    mitigation_events: mitigationEvents,
    display_zone: displayZone,
    causes: snapshot.causes.map((cause) => ({ ...cause, link: cause.link ?? '' })),
    third_party_names: snapshot.causes.map((cause) => cause.vendor).join(', '),
    third_party_markdown: thirdParty,
    vendor_reports: vendorReports,
    single_points: snapshot.singlePoints,
  };
}

/**
 * The one Liquid configuration: every template is parsed and rendered with these bounds, so no
 * template can hold the event loop or the memory for long. Per section: `parseLimit` characters
 * of Liquid (the template DTO's limit), `renderLimit` milliseconds, `memoryLimit` characters and
 * array items allocated (ranges, joins, filters).
 */
export const LIQUID_LIMITS = { parseLimit: 100_000, renderLimit: 25, memoryLimit: 5_000_000 };

const liquid = new Liquid({
  strictFilters: true,
  cache: 200,
  jsTruthy: false,
  ...LIQUID_LIMITS,
});

/** A template section that cannot be rendered within the limits (code TEMPLATE_LIMIT). */
export class TemplateRenderError extends DomainError {
  constructor(
    readonly section: string,
    problem: string,
    /** A limit was exceeded (rather than, say, a filter failing on a missing value). */
    readonly limitExceeded = true,
    /** The limit exceeded was the render time. */
    readonly timeLimit = false,
  ) {
    super(
      422,
      `Template section "${section}" cannot be rendered: ${problem}`,
      { code: 'TEMPLATE_LIMIT', section },
      undefined,
      'TEMPLATE_LIMIT',
    );
  }
}

function describeLiquidError(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  if (/template render limit exceeded/.test(message))
    return `it takes longer than ${LIQUID_LIMITS.renderLimit} ms to render`;
  if (/memory alloc limit exceeded/.test(message))
    return `it allocates more than ${LIQUID_LIMITS.memoryLimit.toLocaleString('en-US')} characters or items`;
  if (/parse length limit exceeded/.test(message))
    return `it is longer than ${LIQUID_LIMITS.parseLimit.toLocaleString('en-US')} characters`;
  return message;
}

/** One section, bounded: Liquid's limits, then the edit limit on what it produced. */
function renderOne(key: string, body: string, context: Record<string, unknown>): string {
  let markdown: string;
  try {
    markdown = (liquid.parseAndRenderSync(body, context) as string).trim();
  } catch (error) {
    throw new TemplateRenderError(
      key,
      describeLiquidError(error),
      /limit exceeded/.test((error as Error).message ?? ''),
      /template render limit exceeded/.test((error as Error).message ?? ''),
    );
  }
  if (markdown.length > SECTION_MARKDOWN_LIMIT)
    throw new TemplateRenderError(
      key,
      `it produces ${markdown.length.toLocaleString('en-US')} characters, more than the ${SECTION_MARKDOWN_LIMIT.toLocaleString('en-US')} a section may hold`,
    );
  return markdown;
}

/**
 * renderOne, given a second chance after the event loop ran when the first one ran out of time:
 * a cold start or a busy machine can slow an ordinary template; a runaway one fails twice.
 */
async function renderOneWithRetry(
  key: string,
  body: string,
  context: Record<string, unknown>,
): Promise<string> {
  try {
    return renderOne(key, body, context);
  } catch (error) {
    if (!(error instanceof TemplateRenderError && error.timeLimit)) throw error;
    await yieldToEventLoop();
    return renderOne(key, body, context);
  }
}

/** Lets other requests (and /healthz) run between two sections. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Parses a section body now, so a broken template is refused when saved, not at draft time. */
export function checkTemplateSyntax(body: string): string | null {
  try {
    liquid.parse(body);
    return null;
  } catch (error) {
    return describeLiquidError(error);
  }
}

/**
 * Renders a section once with an empty record when it is saved, so a template that exceeds the
 * limits whatever the record holds (`{% for i in (1..10000000) %}`) is refused then. Null when fine.
 */
export async function checkTemplateLimits(key: string, body: string): Promise<string | null> {
  await yieldToEventLoop();
  try {
    await renderOneWithRetry(key, body, {});
    return null;
  } catch (error) {
    // Other failures may only come from the empty record; the real draft will tell.
    if (error instanceof TemplateRenderError) return error.limitExceeded ? error.message : null;
    throw error;
  }
}

/**
 * Renders every template section with the context, in the canonical section order. Each section
 * is bounded (LIQUID_LIMITS, SECTION_MARKDOWN_LIMIT) and the event loop is released between
 * sections; a section over a limit fails the whole draft with TemplateRenderError.
 */
export async function renderSections(
  sections: TemplateSection[],
  context: Record<string, unknown>,
): Promise<PostmortemSection[]> {
  const byKey = new Map(sections.map((section) => [section.key, section]));
  const result: PostmortemSection[] = [];
  for (const key of SECTION_KEYS as readonly SectionKey[]) {
    const section = byKey.get(key);
    if (!section) continue;
    await yieldToEventLoop();
    result.push({
      key,
      title: section.title,
      markdown: await renderOneWithRetry(key, section.body, context),
      origin: 'generated',
      internal: section.internal,
    });
  }
  return result;
}

/** renderSections without releasing the event loop (benchmarks, where a yield would be noise). */
export function renderSectionsSync(
  sections: TemplateSection[],
  context: Record<string, unknown>,
): PostmortemSection[] {
  const byKey = new Map(sections.map((section) => [section.key, section]));
  return (SECTION_KEYS as readonly SectionKey[]).flatMap((key) => {
    const section = byKey.get(key);
    return section
      ? [
          {
            key,
            title: section.title,
            markdown: renderOne(key, section.body, context),
            origin: 'generated' as const,
            internal: section.internal,
          },
        ]
      : [];
  });
}
