import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, bootFailure, startEmbedded } from './embedded-process';

async function readiness(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: await response.json() };
}

async function waitForHeartbeat(url: string, minimumRuns: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const { body } = await readiness(url);
    if ((body.details?.heartbeat?.runs ?? 0) >= minimumRuns) return body.details.heartbeat.runs;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`heartbeat never reached ${minimumRuns} runs`);
}

describe('embedded mode (npm start without DATABASE_URL): PGlite on DATA_DIR', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rca-embedded-'));
  const prefix = `rca-test-embedded-${process.pid}`;

  beforeAll(assertBuilt);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('becomes ready, and a stop and a start keep the data', async () => {
    const first = await startEmbedded({
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      HEARTBEAT_INTERVAL_MS: '1000',
    });
    let runsBefore: number;
    try {
      const { status, body } = await readiness(first.url);
      expect(status).toBe(200);
      expect(body.details).toMatchObject({
        database: { status: 'up' },
        redis: { status: 'up' },
        migrations: { status: 'up' },
      });
      runsBefore = await waitForHeartbeat(first.url, 2);
      // A second process on the same DATA_DIR would corrupt PGlite: it is refused.
      const second = await bootFailure({ DATA_DIR: dataDir, QUEUE_PREFIX: prefix });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        /DATA_DIR .* is in use by another RCA desk process \(pid \d+\)/,
      );
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    expect(existsSync(path.join(dataDir, 'rca-desk.lock'))).toBe(false);

    const restarted = await startEmbedded({
      DATA_DIR: dataDir,
      QUEUE_PREFIX: `${prefix}-2`,
      HEARTBEAT_INTERVAL_MS: '60000',
    });
    try {
      // The heartbeat row written before the restart is still there; the restart adds to its count.
      const runsAfter = await waitForHeartbeat(restarted.url, runsBefore + 1);
      expect(runsAfter).toBeGreaterThan(runsBefore);
      expect(readdirSync(path.join(dataDir, 'pgdata')).length).toBeGreaterThan(0);
    } finally {
      expect(await restarted.stop('SIGTERM')).toBe(0);
    }
  });
});

describe('boot refuses bad input with one clear sentence and exit code 1', () => {
  beforeAll(assertBuilt);

  it('names each bad variable', async () => {
    const { code, stderr } = await bootFailure({ DATABASE_URL: 'mysql://db/rca', PORT: 'x' });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /DATABASE_URL="mysql:\/\/db\/rca": DATABASE_URL must be a URL starting with postgres/,
    );
    expect(stderr).toMatch(/PORT="x": PORT must be an integer/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('says when the database does not answer', async () => {
    const { code, stderr } = await bootFailure({
      DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/rca',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^Cannot reach the database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/rca .*; start PostgreSQL, fix DATABASE_URL, or unset it/,
    );
    expect(stderr).not.toContain('secret');
  });

  it('says when Redis does not answer', async () => {
    const { code, stderr } = await bootFailure({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*fix REDIS_URL/);
  });

  it('says when DATA_DIR cannot be written, and leaves what is there alone', async () => {
    const parent = mkdtempSync(path.join(os.tmpdir(), 'rca-notdir-'));
    const file = path.join(parent, 'a-file');
    writeFileSync(file, 'keep me');
    const { code, stderr } = await bootFailure({ DATA_DIR: path.join(file, 'data') });
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /^DATA_DIR .*a-file\/data is not writable \(ENOTDIR\); point DATA_DIR at a folder/,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    rmSync(parent, { recursive: true, force: true });
  });

  it('says when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rca-port-'));
    try {
      const { code, stderr } = await bootFailure({
        DATA_DIR: dataDir,
        PORT: String(port),
        QUEUE_PREFIX: `rca-test-port-${process.pid}`,
      });
      expect(code).toBe(1);
      expect(stderr).toContain(
        `Port ${port} on 127.0.0.1 is already in use; stop the other process or set PORT to a free port.`,
      );
      expect(existsSync(path.join(dataDir, 'rca-desk.lock'))).toBe(false);
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
