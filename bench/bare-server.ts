// The API bench's baseline: a bare node:http + pg server doing the same job as GET /api/incidents
// (one statement authenticates the bearer token with its user, role and teams; then the list query,
// keyset-paged like the product's). Started by api.bench.ts as a child process.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const port = Number(process.env.PORT ?? '3109');

const SORTS: Record<string, { column: string; type: string }> = {
  startedAt: { column: 'started_at', type: 'timestamptz' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
  severity: { column: 'severity', type: 'text' },
};

const AUTH = `SELECT t.id, t.scopes, t.revoked_at, t.expires_at, u.id AS user_id, u.role, u.disabled_at,
  ARRAY(SELECT m.team_id FROM team_membership m WHERE m.user_id = u.id) AS team_ids
  FROM api_token t JOIN user_account u ON u.id = t.user_id WHERE t.token_hash = $1`;

const server = createServer((request, response) => {
  void handle(request.url ?? '/', request.headers.authorization).then(
    ([status, body]) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body);
    },
    (error: Error) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: error.message }));
    },
  );
});

async function handle(url: string, authorization: string | undefined): Promise<[number, string]> {
  const parsed = new URL(url, 'http://localhost');
  if (parsed.pathname !== '/api/incidents') return [404, '{"message":"not found"}'];
  const secret = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!secret) return [401, '{"message":"not authenticated"}'];
  const hash = createHash('sha256').update(secret).digest('hex');
  const auth = await pool.query(AUTH, [hash]);
  const principal = auth.rows[0] as
    { revoked_at: Date | null; disabled_at: Date | null; scopes: string[] } | undefined;
  if (!principal || principal.revoked_at || principal.disabled_at)
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
  params.push(limit + 1);
  const sql = `SELECT *, CAST(${sort.column} AS text) AS keyset_value, CAST(id AS text) AS keyset_id FROM incident
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${sort.column} ${direction}, id ${direction} LIMIT $${params.length}`;
  const rows = (await pool.query(sql, params)).rows as Array<Record<string, unknown>>;
  const items = rows.slice(0, limit).map((row) => {
    const { keyset_value: _value, keyset_id: _id, ...incident } = row;
    return incident;
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
