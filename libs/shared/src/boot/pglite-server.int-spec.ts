import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import * as path from 'node:path';
import { Client, Pool } from 'pg';
import { SSL_REQUEST_CODE } from './pglite-protocol';

const FIXTURE = path.resolve(__dirname, '../../../../test/support/pglite-server-fixture.ts');
const TSX = path.resolve(__dirname, '../../../../node_modules/.bin/tsx');

interface Context {
  url: string;
  port: number;
  output(): string;
  client(): Promise<Client>;
  close(): Promise<void>;
}

/** The server under test, on an in-memory PGlite with one table `note`, in a child process. */
async function start(idleInTransactionMs = 5_000): Promise<Context> {
  const child = spawn(TSX, [FIXTURE], {
    env: { ...process.env, IDLE_IN_TRANSACTION_MS: String(idleInTransactionMs) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening (\d+)/);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`fixture exited with ${code}: ${output}`)));
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const clients: Client[] = [];
  return {
    url,
    port,
    output: () => output,
    async client() {
      const client = new Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms),
    ),
  ]);

const IDLE_LIMIT_MS = 300;

describe('PgliteServer (the embedded database over the wire protocol)', () => {
  // One server process for the file (PGlite takes seconds to boot); each test has its own table
  // and its own connections.
  let server: Context;
  let tables = 0;
  beforeAll(async () => {
    server = await start(IDLE_LIMIT_MS);
  }, 60_000);
  afterAll(() => server?.close());

  async function newTable(): Promise<string> {
    const name = `note_${++tables}`;
    const client = await server.client();
    await client.query(`CREATE TABLE ${name} (id serial PRIMARY KEY, body text NOT NULL)`);
    await client.end();
    return name;
  }

  it('gives each of many concurrent extended-protocol queries its own answer', async () => {
    const pool = new Pool({ connectionString: server.url, max: 8 });
    try {
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          pool
            .query<{ value: number; body: string }>(
              `SELECT $1::int AS value, repeat('x', $1::int % 7) AS body`,
              [index],
            )
            .then((result) => result.rows[0]),
        ),
      );
      expect(answers).toEqual(
        Array.from({ length: 200 }, (_, index) => ({ value: index, body: 'x'.repeat(index % 7) })),
      );
    } finally {
      await pool.end();
    }
  });

  it('keeps serving other connections after a query fails', async () => {
    const failing = await server.client();
    const other = await server.client();
    await expect(failing.query('SELECT * FROM no_such_table WHERE id = $1', [1])).rejects.toThrow(
      /does not exist/,
    );
    const result = await within(other.query('SELECT 41 + $1::int AS n', [1]), 2_000, 'other');
    expect(result.rows).toEqual([{ n: 42 }]);
    expect((await failing.query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
  });

  it('runs another connection only after a transaction has committed', async () => {
    const table = await newTable();
    const writer = await server.client();
    const reader = await server.client();
    await writer.query('BEGIN');
    await writer.query(`INSERT INTO ${table} (body) VALUES ($1)`, ['first']);
    const read = reader.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await writer.query(`INSERT INTO ${table} (body) VALUES ($1)`, ['second']);
    await writer.query('COMMIT');
    expect((await read).rows).toEqual([{ count: 2 }]);
  });

  it('rolls back the open transaction of a connection that goes away', async () => {
    const table = await newTable();
    const leaving = await server.client();
    const staying = await server.client();
    await leaving.query('BEGIN');
    await leaving.query(`INSERT INTO ${table} (body) VALUES ('never committed')`);
    const read = staying.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`);
    (
      leaving as unknown as { connection: { stream: { destroy(): void } } }
    ).connection.stream.destroy();
    expect((await within(read, 2_000, 'read after disconnect')).rows).toEqual([{ count: 0 }]);
  });

  it('rolls back and closes a connection idle in a transaction while others wait past the limit', async () => {
    const table = await newTable();
    const stuck = await server.client();
    const waiting = await server.client();
    const stuckError = new Promise<Error>((resolve) => stuck.once('error', resolve));
    await stuck.query('BEGIN');
    await stuck.query(`INSERT INTO ${table} (body) VALUES ('abandoned')`);
    const started = Date.now();
    const read = await within(
      waiting.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table}`),
      3_000,
      'waiting connection',
    );
    expect(read.rows).toEqual([{ count: 0 }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_LIMIT_MS - 50);
    expect((await stuckError).message).toMatch(/idle in transaction/);
    await expect(stuck.query('COMMIT')).rejects.toThrow();
  });

  it('leaves a connection idle in a transaction alone while nobody waits', async () => {
    const table = await newTable();
    const client = await server.client();
    await client.query('BEGIN');
    await client.query(`INSERT INTO ${table} (body) VALUES ('slow but alone')`);
    await new Promise((resolve) => setTimeout(resolve, IDLE_LIMIT_MS * 2));
    await client.query('COMMIT');
    const other = await server.client();
    expect((await other.query(`SELECT body FROM ${table}`)).rows).toEqual([
      { body: 'slow but alone' },
    ]);
  });

  it('answers an SSL request with N (no encryption on loopback)', async () => {
    const socket = connect(server.port, '127.0.0.1');
    const answer = await new Promise<string>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('data', (data) => resolve(data.toString('latin1')));
      const request = Buffer.alloc(8);
      request.writeInt32BE(8, 0);
      request.writeInt32BE(SSL_REQUEST_CODE, 4);
      socket.write(request);
    });
    socket.destroy();
    expect(answer).toBe('N');
  });
});
