import type { IncidentMetrics } from './index';

type Instant = Date | string | null | undefined;

/** The lifecycle instants the metrics are derived from (Dates on the server, ISO in JSON). */
export interface MetricInstants {
  startedAt: Instant;
  detectedAt: Instant;
  acknowledgedAt: Instant;
  mitigatedAt: Instant;
  resolvedAt: Instant;
}

/**
 * The one definition of an incident's metrics: each is the span between two lifecycle instants.
 * Time to acknowledge counts from detection (the page or alert the on-call acknowledges); the
 * others count from the start of the incident. The incident API, the web page and the RCA draft
 * use `incidentMetrics`; the dashboard's SQL (MTTA/MTTR trends) is built from these same spans.
 */
export const INCIDENT_METRIC_SPANS = {
  timeToDetectSeconds: { from: 'startedAt', to: 'detectedAt' },
  timeToAcknowledgeSeconds: { from: 'detectedAt', to: 'acknowledgedAt' },
  timeToMitigateSeconds: { from: 'startedAt', to: 'mitigatedAt' },
  timeToResolveSeconds: { from: 'startedAt', to: 'resolvedAt' },
} as const satisfies Record<
  keyof IncidentMetrics,
  { from: keyof MetricInstants; to: keyof MetricInstants }
>;

// A Date is read as it is (no copy: this runs for every item of every incident list).
const millis = (value: Instant) =>
  value === null || value === undefined
    ? null
    : value instanceof Date
      ? value.getTime()
      : new Date(value).getTime();

function seconds(to: Instant, from: Instant): number | null {
  const end = millis(to);
  const start = millis(from);
  return end === null || start === null ? null : Math.round((end - start) / 1000);
}

export function incidentMetrics(instants: MetricInstants): IncidentMetrics {
  const span = (name: keyof IncidentMetrics) =>
    seconds(instants[INCIDENT_METRIC_SPANS[name].to], instants[INCIDENT_METRIC_SPANS[name].from]);
  return {
    timeToDetectSeconds: span('timeToDetectSeconds'),
    timeToAcknowledgeSeconds: span('timeToAcknowledgeSeconds'),
    timeToMitigateSeconds: span('timeToMitigateSeconds'),
    timeToResolveSeconds: span('timeToResolveSeconds'),
  };
}
