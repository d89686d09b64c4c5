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

const millis = (value: Instant) =>
  value === null || value === undefined ? null : new Date(value).getTime();

function seconds(to: Instant, from: Instant): number | null {
  const end = millis(to);
  const start = millis(from);
  return end === null || start === null ? null : Math.round((end - start) / 1000);
}

/**
 * The one definition of an incident's metrics, used by the incident API, the web page and the
 * RCA draft so they always agree. Time to acknowledge counts from detection (the page or alert
 * the on-call acknowledges); the others count from the start of the incident.
 */
export function incidentMetrics(instants: MetricInstants): IncidentMetrics {
  return {
    timeToDetectSeconds: seconds(instants.detectedAt, instants.startedAt),
    timeToAcknowledgeSeconds: seconds(instants.acknowledgedAt, instants.detectedAt),
    timeToMitigateSeconds: seconds(instants.mitigatedAt, instants.startedAt),
    timeToResolveSeconds: seconds(instants.resolvedAt, instants.startedAt),
  };
}
