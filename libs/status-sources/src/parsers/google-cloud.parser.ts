import { toSafeMarkdown } from './html-to-text';
import {
  ComponentStatus,
  Enumerated,
  Impact,
  IncidentStatus,
  NormalisedFeed,
  NormalisedIncident,
  StatusFormat,
} from './normalised.model';
import {
  array,
  byInstant,
  enumerated,
  instant,
  isObject,
  object,
  optionalArray,
  optionalInstant,
  optionalString,
  string,
} from './read';
import { StatusParseError, StatusParseErrorKind } from './status-parse.error';

const GCP_URL = 'https://status.cloud.google.com';

/** Google's update statuses: impact words while ongoing, AVAILABLE for the closing update. */
const UPDATE_STATUS: Record<string, IncidentStatus> = {
  SERVICE_INFORMATION: 'investigating',
  SERVICE_DISRUPTION: 'investigating',
  SERVICE_OUTAGE: 'investigating',
  AVAILABLE: 'resolved',
};
const SEVERITY: Record<string, Impact> = { low: 'minor', medium: 'major', high: 'critical' };
const PRODUCT_STATUS: Record<string, ComponentStatus> = {
  SERVICE_INFORMATION: 'degraded_performance',
  SERVICE_DISRUPTION: 'partial_outage',
  SERVICE_OUTAGE: 'major_outage',
  AVAILABLE: 'operational',
};

export function looksLikeGoogleCloud(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every(isObject) &&
    (value.length === 0 ||
      value.some(
        (item) => 'most_recent_update' in item || ('external_desc' in item && 'begin' in item),
      ))
  );
}

/** Google Cloud status `incidents.json`: a bare array of incidents. */
export function parseGoogleCloud(document: unknown): NormalisedFeed {
  if (!looksLikeGoogleCloud(document))
    throw new StatusParseError(
      StatusParseErrorKind.Unsupported,
      'not a Google Cloud incidents.json: expected an array of incidents with most_recent_update',
    );
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const incidents = array(document, '$').map((raw, index) => incident(raw, `[${index}]`, warn));
  return {
    format: StatusFormat.GoogleCloud,
    page: { id: 'google-cloud', name: 'Google Cloud', url: GCP_URL, updatedAt: null },
    indicator: null,
    components: [],
    incidents,
    warnings,
  };
}

function incident(raw: unknown, path: string, warn: (m: string) => void): NormalisedIncident {
  const value = object(raw, path);
  const externalId = string(value.id, `${path}.id`);
  const updates = byInstant(
    optionalArray(value.updates, `${path}.updates`).map((rawUpdate, index) => {
      const updatePath = `${path}.updates[${index}]`;
      const update = object(rawUpdate, updatePath);
      const at = instant(update.when ?? update.created, `${updatePath}.when`);
      return {
        externalId: `${externalId}:${at}`,
        at,
        status: enumerated(update.status, [], `${updatePath}.status`, warn, UPDATE_STATUS),
        body: toSafeMarkdown(optionalString(update.text, `${updatePath}.text`) ?? ''),
        components: [],
      };
    }),
  );
  const end = optionalInstant(value.end, `${path}.end`);
  const latest = updates[updates.length - 1];
  const closed = end !== null && (latest === undefined || latest.status.value === 'resolved');
  const status: Enumerated<IncidentStatus> = closed
    ? { value: 'resolved', raw: latest?.status.raw ?? null, unknown: false }
    : { value: 'investigating', raw: latest?.status.raw ?? null, unknown: false };
  const impactWord = optionalString(value.status_impact, `${path}.status_impact`);
  const productStatus: Enumerated<ComponentStatus> = closed
    ? { value: 'operational', raw: latest?.status.raw ?? null, unknown: false }
    : enumerated(impactWord, [], `${path}.status_impact`, warn, PRODUCT_STATUS);
  return {
    externalId,
    kind: 'incident',
    title: string(value.external_desc, `${path}.external_desc`),
    status,
    impact: enumerated(value.severity, [], `${path}.severity`, warn, SEVERITY),
    startedAt: optionalInstant(value.begin, `${path}.begin`) ?? updates[0]?.at ?? null,
    resolvedAt: closed ? end : null,
    updatedAt: optionalInstant(value.modified, `${path}.modified`),
    shortlink: `${GCP_URL}/incidents/${encodeURIComponent(externalId)}`,
    updates,
    components: optionalArray(value.affected_products, `${path}.affected_products`).map(
      (rawProduct, index) => {
        const product = object(rawProduct, `${path}.affected_products[${index}]`);
        return {
          externalId: string(product.id, `${path}.affected_products[${index}].id`),
          name: string(product.title, `${path}.affected_products[${index}].title`),
          status: productStatus,
        };
      },
    ),
  };
}
