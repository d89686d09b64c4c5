import { toSafeMarkdown } from './html-to-text';
import {
  COMPONENT_STATUSES,
  ComponentStatus,
  IMPACTS,
  INCIDENT_STATUSES,
  NormalisedComponent,
  NormalisedComponentState,
  NormalisedFeed,
  NormalisedIncident,
  NormalisedUpdate,
  StatusFormat,
} from './normalised.model';
import {
  byInstant,
  enumerated,
  instant,
  isObject,
  Json,
  object,
  optionalArray,
  optionalInstant,
  optionalString,
  string,
} from './read';
import { StatusParseError, StatusParseErrorKind } from './status-parse.error';

const STATUSPAGE_KEYS = ['status', 'components', 'incidents', 'scheduled_maintenances'];

export function looksLikeStatuspage(value: unknown): boolean {
  return isObject(value) && isObject(value.page) && STATUSPAGE_KEYS.some((key) => key in value);
}

/**
 * Atlassian Statuspage API v2 (summary, status, components, incidents, scheduled-maintenances),
 * and the Statuspage-compatible dialect served by incident.io pages.
 */
export function parseStatuspage(document: unknown): NormalisedFeed {
  if (!looksLikeStatuspage(document))
    throw new StatusParseError(
      StatusParseErrorKind.Unsupported,
      'not a Statuspage document: expected a "page" object and one of status, components, incidents, scheduled_maintenances',
    );
  const root = document as Json;
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const page = object(root.page, 'page');

  const indicator =
    root.status === undefined || root.status === null
      ? null
      : enumerated(object(root.status, 'status').indicator, IMPACTS, 'status.indicator', warn);

  const components = optionalArray(root.components, 'components').map((raw, index) =>
    component(raw, `components[${index}]`, warn),
  );
  const incidents = [
    ...optionalArray(root.incidents, 'incidents').map((raw, index) =>
      incident(raw, `incidents[${index}]`, 'incident', warn),
    ),
    ...optionalArray(root.scheduled_maintenances, 'scheduled_maintenances').map((raw, index) =>
      incident(raw, `scheduled_maintenances[${index}]`, 'maintenance', warn),
    ),
  ];
  return {
    format: StatusFormat.Statuspage,
    page: {
      id: optionalString(page.id, 'page.id'),
      name: optionalString(page.name, 'page.name'),
      url: optionalString(page.url, 'page.url'),
      updatedAt: optionalInstant(page.updated_at, 'page.updated_at'),
    },
    indicator,
    components,
    incidents,
    warnings,
  };
}

function componentStatus(raw: unknown, path: string, warn: (message: string) => void) {
  return enumerated<ComponentStatus>(raw, COMPONENT_STATUSES, path, warn);
}

function component(raw: unknown, path: string, warn: (m: string) => void): NormalisedComponent {
  const value = object(raw, path);
  return {
    externalId: string(value.id, `${path}.id`),
    name: string(value.name, `${path}.name`),
    status: componentStatus(value.status, `${path}.status`, warn),
    groupId: optionalString(value.group_id, `${path}.group_id`),
    group: value.group === true,
  };
}

function incident(
  raw: unknown,
  path: string,
  kind: 'incident' | 'maintenance',
  warn: (m: string) => void,
): NormalisedIncident {
  const value = object(raw, path);
  const externalId = string(value.id, `${path}.id`);
  const updates = byInstant(
    optionalArray(value.incident_updates, `${path}.incident_updates`).map((rawUpdate, index) =>
      update(rawUpdate, `${path}.incident_updates[${index}]`, warn),
    ),
  );
  const createdAt = optionalInstant(value.created_at, `${path}.created_at`);
  const attached: NormalisedComponentState[] = optionalArray(
    value.components,
    `${path}.components`,
  ).map((rawComponent, index) => {
    const c = component(rawComponent, `${path}.components[${index}]`, warn);
    return { externalId: c.externalId, name: c.name, status: c.status };
  });
  const postmortem = postmortemOf(value, path);
  return {
    externalId,
    kind,
    title: string(value.name, `${path}.name`),
    status: enumerated(value.status, INCIDENT_STATUSES, `${path}.status`, warn),
    impact: enumerated(value.impact, IMPACTS, `${path}.impact`, warn),
    startedAt:
      optionalInstant(value.started_at, `${path}.started_at`) ??
      createdAt ??
      updates[0]?.at ??
      null,
    resolvedAt: optionalInstant(value.resolved_at, `${path}.resolved_at`),
    updatedAt: optionalInstant(value.updated_at, `${path}.updated_at`),
    shortlink: optionalString(value.shortlink, `${path}.shortlink`),
    updates,
    components: attached,
    // Only when there is one, so incidents without a postmortem read as before.
    ...(postmortem ? { postmortem } : {}),
  };
}

/** `postmortem_body` / `postmortem_published_at`, when the incident carries a postmortem. */
function postmortemOf(value: Json, path: string): NormalisedIncident['postmortem'] {
  const body = optionalString(value.postmortem_body, `${path}.postmortem_body`) ?? '';
  const publishedAt = optionalInstant(
    value.postmortem_published_at,
    `${path}.postmortem_published_at`,
  );
  return body.trim() !== '' || publishedAt ? { body, publishedAt } : null;
}

function update(raw: unknown, path: string, warn: (m: string) => void): NormalisedUpdate {
  const value = object(raw, path);
  const at = value.display_at ?? value.created_at;
  return {
    externalId: string(value.id, `${path}.id`),
    at: instant(at, `${path}.display_at`),
    status: enumerated(value.status, INCIDENT_STATUSES, `${path}.status`, warn),
    body: toSafeMarkdown(optionalString(value.body, `${path}.body`) ?? ''),
    components: optionalArray(value.affected_components, `${path}.affected_components`).map(
      (rawAffected, index) => {
        const affected = object(rawAffected, `${path}.affected_components[${index}]`);
        const at2 = `${path}.affected_components[${index}]`;
        return {
          externalId: string(affected.code, `${at2}.code`),
          name:
            optionalString(affected.name, `${at2}.name`) ?? string(affected.code, `${at2}.code`),
          status: componentStatus(affected.new_status, `${at2}.new_status`, warn),
          oldStatus:
            affected.old_status === undefined || affected.old_status === null
              ? null
              : componentStatus(affected.old_status, `${at2}.old_status`, warn),
        };
      },
    ),
  };
}
