import { toSafeMarkdown } from './html-to-text';
import {
  ComponentStatus,
  COMPONENT_STATUSES,
  Impact,
  IncidentStatus,
  INCIDENT_STATUSES,
  NormalisedFeed,
  NormalisedIncident,
  StatusFormat,
} from './normalised.model';
import {
  enumerated,
  isObject,
  Json,
  object,
  optionalArray,
  optionalInstant,
  optionalString,
  string,
} from './read';
import { StatusParseError, StatusParseErrorKind } from './status-parse.error';

const WIDGET_KEYS = ['ongoing_incidents', 'in_progress_maintenances', 'scheduled_maintenances'];

const STATUS_ALIASES: Record<string, IncidentStatus> = {
  maintenance_in_progress: 'in_progress',
  maintenance_scheduled: 'scheduled',
};
const IMPACT: Record<string, Impact> = {
  degraded_performance: 'minor',
  partial_outage: 'major',
  full_outage: 'critical',
};
const COMPONENT_ALIASES: Record<string, ComponentStatus> = { full_outage: 'major_outage' };
const IMPACT_TO_COMPONENT: Record<Impact, ComponentStatus> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
  maintenance: 'under_maintenance',
  unknown: 'unknown',
};

export function looksLikeIncidentIoWidget(value: unknown): boolean {
  return (
    isObject(value) && !('page' in value) && WIDGET_KEYS.some((key) => Array.isArray(value[key]))
  );
}

/** incident.io status page widget JSON (`/proxy/<page>/widget` style payload). */
export function parseIncidentIoWidget(document: unknown): NormalisedFeed {
  if (!looksLikeIncidentIoWidget(document))
    throw new StatusParseError(
      StatusParseErrorKind.Unsupported,
      'not an incident.io widget: expected ongoing_incidents / in_progress_maintenances / scheduled_maintenances arrays',
    );
  const root = document as Json;
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const incidents: NormalisedIncident[] = [];
  for (const key of WIDGET_KEYS)
    optionalArray(root[key], key).forEach((raw, index) =>
      incidents.push(
        event(
          raw,
          `${key}[${index}]`,
          key === 'ongoing_incidents' ? 'incident' : 'maintenance',
          warn,
        ),
      ),
    );
  return {
    format: StatusFormat.IncidentIoWidget,
    page: { id: null, name: null, url: null, updatedAt: null },
    indicator: null,
    components: [],
    incidents,
    warnings,
  };
}

function event(
  raw: unknown,
  path: string,
  kind: 'incident' | 'maintenance',
  warn: (m: string) => void,
): NormalisedIncident {
  const value = object(raw, path);
  const externalId = string(value.id, `${path}.id`);
  const status =
    value.status === undefined && kind === 'maintenance'
      ? { value: 'scheduled' as const, raw: null, unknown: false }
      : enumerated(value.status, INCIDENT_STATUSES, `${path}.status`, warn, STATUS_ALIASES);
  const impact =
    kind === 'maintenance'
      ? {
          value: 'maintenance' as const,
          raw: optionalString(value.current_worst_impact, `${path}.current_worst_impact`),
          unknown: false,
        }
      : enumerated(value.current_worst_impact, [], `${path}.current_worst_impact`, warn, IMPACT);
  const lastUpdateAt = optionalInstant(value.last_update_at, `${path}.last_update_at`);
  const message = optionalString(value.last_update_message, `${path}.last_update_message`);
  const startedAt =
    optionalInstant(value.started_at, `${path}.started_at`) ??
    optionalInstant(value.starts_at, `${path}.starts_at`) ??
    optionalInstant(value.scheduled_start_at, `${path}.scheduled_start_at`) ??
    lastUpdateAt;
  return {
    externalId,
    kind,
    title: string(value.name, `${path}.name`),
    status,
    impact,
    startedAt,
    resolvedAt: null,
    updatedAt: lastUpdateAt,
    shortlink: optionalString(value.url, `${path}.url`),
    // The widget only carries the latest update; its instant identifies it.
    updates:
      lastUpdateAt && message !== null
        ? [
            {
              externalId: `${externalId}:${lastUpdateAt}`,
              at: lastUpdateAt,
              status,
              body: toSafeMarkdown(message),
              components: [],
            },
          ]
        : [],
    components: optionalArray(value.affected_components, `${path}.affected_components`).map(
      (rawComponent, index) => {
        const componentPath = `${path}.affected_components[${index}]`;
        const component = object(rawComponent, componentPath);
        const group = optionalString(component.group_name, `${componentPath}.group_name`);
        const name = string(component.name, `${componentPath}.name`);
        return {
          externalId: string(component.id, `${componentPath}.id`),
          name: group ? `${group} - ${name}` : name,
          status:
            component.current_status === undefined || component.current_status === null
              ? { value: IMPACT_TO_COMPONENT[impact.value], raw: null, unknown: false }
              : enumerated(
                  component.current_status,
                  COMPONENT_STATUSES,
                  `${componentPath}.current_status`,
                  warn,
                  COMPONENT_ALIASES,
                ),
        };
      },
    ),
  };
}
