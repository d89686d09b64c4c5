// The API bench's baseline: a bare node:http + pg server doing the same job as GET /api/incidents
// for the bench's user: one statement authenticates the bearer token with its user, role and
// teams; then the same keyset-paged list query with the same team visibility rule, and the same
// JSON body (camelCase fields, each item's `metrics` from the shared incidentMetrics, the same
// cursor). The bench fails when the two bodies differ. Started by api.bench.ts as a child process.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { incidentMetrics } from '@rca/api-contract';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const port = Number(process.env.PORT ?? '3109');

const SORTS: Record<string, { column: string; type: string }> = {
  startedAt: { column: 'started_at', type: 'timestamptz' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
  severity: { column: 'severity', type: 'text' },
};

/** The incident's columns under their API names, in the product's order. */
const COLUMNS = [
  'id',
  'reference',
  'year',
  'sequence',
  'title',
  'summary',
  'severity',
  'status',
  'started_at AS "startedAt"',
  'detected_at AS "detectedAt"',
  'acknowledged_at AS "acknowledgedAt"',
  'mitigated_at AS "mitigatedAt"',
  'resolved_at AS "resolvedAt"',
  'closed_at AS "closedAt"',
  'reopen_count AS "reopenCount"',
  'labels',
  'regions',
  'error_signatures AS "errorSignatures"',
  'created_by AS "createdBy"',
  'team_id AS "teamId"',
  'private',
  'version',
  'created_at AS "createdAt"',
  'updated_at AS "updatedAt"',
].join(', ');

const AUTH = `SELECT t.id, t.scopes, t.revoked_at, t.expires_at, u.id AS user_id, u.role, u.disabled_at,
  ARRAY(SELECT m.team_id FROM team_membership m WHERE m.user_id = u.id) AS team_ids
  FROM api_token t JOIN user_account u ON u.id = t.user_id WHERE t.token_hash = $1`;

const server = createServer((request, response) => {
  void handle(request.url ?? '/', request.headers.authorization).then(
    ([status, body]) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(body);
    },
    (error: Error) => {
      response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ message: error.message }));
    },
  );
});

function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2) return value as [string, string];
  } catch {
    // fall through
  }
  return undefined;
}

async function handle(url: string, authorization: string | undefined): Promise<[number, string]> {
  const parsed = new URL(url, 'http://localhost');
  if (parsed.pathname !== '/api/incidents') return [404, '{"message":"not found"}'];
  const secret = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!secret) return [401, '{"message":"not authenticated"}'];
  const hash = createHash('sha256').update(secret).digest('hex');
  const auth = await pool.query(AUTH, [hash]);
  const principal = auth.rows[0] as
    | {
        revoked_at: Date | null;
        disabled_at: Date | null;
        expires_at: Date | null;
        scopes: string[];
        role: string;
        team_ids: string[];
      }
    | undefined;
  if (
    !principal ||
    principal.revoked_at ||
    principal.disabled_at ||
    (principal.expires_at && principal.expires_at.getTime() <= Date.now())
  )
    return [401, '{"message":"not authenticated"}'];
  if (!principal.scopes.includes('read:incidents')) return [403, '{"message":"forbidden"}'];
  const sort = SORTS[parsed.searchParams.get('sort') ?? 'startedAt'] ?? SORTS.startedAt;
  const direction = parsed.searchParams.get('order') === 'asc' ? 'ASC' : 'DESC';
  const limit = Math.min(200, Number(parsed.searchParams.get('limit') ?? '50') || 50);
  const where: string[] = [];
  const params: unknown[] = [];
  const q = parsed.searchParams.get('q');
  if (q) {
    params.push(`%${q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
    where.push(
      `(title ILIKE $${params.length} OR summary ILIKE $${params.length} OR reference ILIKE $${params.length})`,
    );
  }
  // The product's visibility rule: private incidents only for their team's members (and admins).
  if (principal.role !== 'admin') {
    params.push(principal.team_ids);
    where.push(`(NOT private OR team_id = ANY(CAST($${params.length} AS uuid[])))`);
  }
  const cursor = parsed.searchParams.get('cursor');
  if (cursor) {
    const keyset = decodeCursor(cursor);
    if (!keyset) return [400, '{"message":"bad cursor"}'];
    params.push(keyset[0], keyset[1]);
    where.push(
      `(${sort.column}, id) ${direction === 'DESC' ? '<' : '>'} (CAST($${params.length - 1} AS ${sort.type}), CAST($${params.length} AS uuid))`,
    );
  }
  params.push(limit + 1);
  const sql = `SELECT ${COLUMNS}, CAST(${sort.column} AS text) AS keyset_value, CAST(id AS text) AS keyset_id
    FROM incident ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${sort.column} ${direction}, id ${direction} LIMIT $${params.length}`;
  const rows = (await pool.query(sql, params)).rows as Array<Record<string, unknown>>;
  const items = rows.slice(0, limit).map((row) => {
    const { keyset_value: _value, keyset_id: _id, ...incident } = row;
    return { ...incident, metrics: incidentMetrics(incident as never) };
  });
  const last = rows[limit - 1];
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([last.keyset_value, last.keyset_id])).toString('base64url')
      : null;
  return [200, JSON.stringify({ items, nextCursor })];
}

server.listen(port, '127.0.0.1', () => process.send?.('ready'));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
