import { randomUUID } from 'node:crypto';

/**
 * The bad-input corpus: every route of the OpenAPI document, called with hostile variants of its
 * path, query and body (NUL bytes, integers beyond int4, JSON nested 5,000 levels). Each answer
 * must be 4xx, never 5xx, and a 4xx must leave the database as it was.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface BadInputCase {
  method: string;
  path: string;
  variant: string;
  status: number;
  /** A 4xx that changed the database. */
  stored: boolean;
  body?: string;
}

export interface BadInputResult {
  cases: number;
  client4xx: number;
  server5xx: number;
  storedOn4xx: number;
  /** The cases that failed (5xx, or stored on a 4xx). */
  failures: BadInputCase[];
}

export const INT_OVERFLOW = 99_999_999_999;
export const NUL = '\u0000';
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `{"a":{"a":…}}` nested `depth` levels, built as text (JSON.stringify would recurse). */
export function deepJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function sample(
  schema: Schema | undefined,
  document: OpenApiDocument,
  leaf: { string: (schema: Schema) => string; number: number },
  depth = 0,
): unknown {
  if (!schema || depth > 6) return leaf.string({});
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return sample(document.components?.schemas?.[name], document, leaf, depth + 1);
  }
  const composed = schema.allOf ?? schema.oneOf ?? schema.anyOf;
  if (composed) {
    const parts = composed.map((part) => sample(part, document, leaf, depth + 1));
    return parts.every((part) => part && typeof part === 'object' && !Array.isArray(part))
      ? Object.assign({}, ...(parts as object[]))
      : parts[0];
  }
  if (schema.type === 'integer' || schema.type === 'number') return leaf.number;
  if (schema.type === 'boolean') return true;
  if (schema.type === 'array') return [sample(schema.items, document, leaf, depth + 1)];
  if (schema.type === 'object' || schema.properties) {
    const value: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties ?? {}))
      value[key] = sample(property, document, leaf, depth + 1);
    return value;
  }
  return leaf.string(schema);
}

function plainString(schema: Schema): string {
  if (schema.enum?.length) return String(schema.enum[0]);
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'date-time') return '2025-11-18T11:20:00Z';
  if (schema.format === 'email') return 'someone@example.com';
  if (schema.format === 'uri' || schema.format === 'url') return 'https://status.example.com/';
  return 'x';
}

interface Variant {
  name: string;
  path: (value: (name: string) => string) => Record<string, string>;
  query?: Record<string, string>;
  body?: string;
}

/** The hostile variants of one operation. */
function variantsOf(
  operation: OpenApiOperation,
  document: OpenApiDocument,
  hasBody: boolean,
): Variant[] {
  const pathNames = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
  const queryNames = (operation.parameters ?? [])
    .filter((p) => p.in === 'query')
    .map((p) => p.name);
  const all = (make: (name: string) => string) =>
    Object.fromEntries(pathNames.map((name) => [name, make(name)]));
  const real = (value: (name: string) => string) => all(value);
  const variants: Variant[] = [];
  // One parameter at a time, the others real: a pipe on an earlier parameter must not hide a
  // later one (/postmortems/{id}/revisions/{number}).
  for (const target of pathNames) {
    const only = (bad: string) => (value: (name: string) => string) =>
      all((name) => (name === target ? bad : value(name)));
    variants.push({ name: `NUL in path {${target}}`, path: only(`a${NUL}b`) });
    variants.push({ name: `int overflow in path {${target}}`, path: only(String(INT_OVERFLOW)) });
  }
  const queries = queryNames.length ? queryNames : ['q'];
  variants.push({
    name: 'NUL in query',
    path: real,
    query: Object.fromEntries(queries.map((name) => [name, `a${NUL}b`])),
  });
  variants.push({
    name: 'int overflow in query',
    path: real,
    query: Object.fromEntries(queries.map((name) => [name, String(INT_OVERFLOW)])),
  });
  if (hasBody) {
    const schema = operation.requestBody?.content?.['application/json']?.schema;
    variants.push({
      name: 'NUL in body strings',
      path: real,
      body: JSON.stringify(
        sample(schema, document, { string: (s) => `${plainString(s)}${NUL}`, number: 1 }),
      ),
    });
    variants.push({
      name: 'int overflow in body numbers',
      path: real,
      body: JSON.stringify(sample(schema, document, { string: plainString, number: INT_OVERFLOW })),
    });
  }
  if (hasBody)
    variants.push({ name: 'JSON nested 5,000 levels', path: real, body: deepJson(5000) });
  return variants;
}

export async function runBadInputCorpus(options: {
  /** Calls the API as a principal allowed to reach every route (an admin's token). */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  /** A fingerprint of the stored data; equal before and after a request that stored nothing. */
  snapshot: () => Promise<string>;
  /** Real values for path parameters by name (ids of seeded records); random UUIDs otherwise. */
  pathValues?: Record<string, string>;
  /** Routes (`METHOD /path`) left out, e.g. logout, which would end the caller's own session. */
  skip?: string[];
}): Promise<BadInputResult> {
  const document = (await (await options.fetch('/api/openapi.json')).json()) as OpenApiDocument;
  const result: BadInputResult = {
    cases: 0,
    client4xx: 0,
    server5xx: 0,
    storedOn4xx: 0,
    failures: [],
  };
  const realValue = (name: string) => options.pathValues?.[name] ?? randomUUID();
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = operations[method];
      if (!operation || options.skip?.includes(`${method.toUpperCase()} ${template}`)) continue;
      const hasBody = Boolean(operation.requestBody) || ['post', 'put', 'patch'].includes(method);
      for (const variant of variantsOf(operation, document, hasBody)) {
        const values = variant.path(realValue);
        const path = template.replace(/\{([^}]+)\}/g, (_, name: string) =>
          encodeURIComponent(values[name] ?? realValue(name)),
        );
        const query = variant.query
          ? `?${Object.entries(variant.query)
              .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
              .join('&')}`
          : '';
        const before = await options.snapshot();
        const response = await options.fetch(`${path}${query}`, {
          method: method.toUpperCase(),
          headers: variant.body ? { 'content-type': 'application/json' } : {},
          body: variant.body,
          redirect: 'manual',
        });
        const text = await response.text();
        const status = response.status;
        const stored = status >= 400 && status < 500 && (await options.snapshot()) !== before;
        result.cases += 1;
        if (status >= 500) result.server5xx += 1;
        else if (status >= 400) result.client4xx += 1;
        if (stored) result.storedOn4xx += 1;
        if (status >= 500 || stored)
          result.failures.push({
            method: method.toUpperCase(),
            path: template,
            variant: variant.name,
            status,
            stored,
            body: text.slice(0, 300),
          });
      }
    }
  }
  return result;
}

// Bookkeeping a refused request may legitimately touch: the audit log records refusals, and the
// caller's token and session record their last use.
export const BOOKKEEPING_TABLES = [
  'audit_event',
  'api_token',
  'user_session',
  'migrations',
  'job_heartbeat',
];

/**
 * md5 of every table's rows but the bookkeeping ones, so an update is noticed as well as an insert
 * or a delete. `query` runs SQL on the product's database.
 */
export async function databaseFingerprint(
  query: (sql: string, parameters?: unknown[]) => Promise<any[]>,
): Promise<string> {
  const tables: Array<{ table_name: string }> = await query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1))
      ORDER BY table_name`,
    [BOOKKEEPING_TABLES],
  );
  const [row] = await query(
    `SELECT md5(${tables
      .map(({ table_name }) =>
        // The relay marks outbox rows of earlier accepted requests at any moment: only a row's
        // content counts, not its relay bookkeeping.
        table_name === 'outbox_message'
          ? `coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM (SELECT id, event, job_name, payload, job_id, delay_ms, created_at FROM outbox_message) t), '')`
          : `coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM "${table_name}" t), '')`,
      )
      .join(" || '#' || ")}) AS digest`,
  );
  return row.digest as string;
}
