import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, EmbeddedProcess, startEmbedded } from './embedded-process';
import { HttpSession } from './http-session';
import { call, firstAdmin, mixedRequests } from './support/embedded-admin';

describe('embedded mode under concurrent edits (npm start, PGlite)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rca-embedded-concurrency-'));
  let app: EmbeddedProcess;
  let session: HttpSession;

  beforeAll(async () => {
    assertBuilt();
    app = await startEmbedded({
      DATA_DIR: dataDir,
      QUEUE_PREFIX: `rca-test-embedded-concurrency-${process.pid}`,
      AUTH_RATE_LIMIT: '1000',
    });
    session = await firstAdmin(app);
  }, 120_000);
  afterAll(async () => {
    await app?.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const newIncident = async (title: string) => {
    const created = await call(session, 'POST', '/incidents', {
      title,
      severity: 'SEV2',
      startedAt: '2025-11-18T11:20:00Z',
    });
    expect(created.status).toBe(201);
    return created.body as { reference: string; version: number };
  };

  it('answers 20 concurrent stale PATCHes on one incident with 20 × 409 and stays ready', async () => {
    const incident = await newIncident('Chat web returns HTTP 500');
    const won = await call(session, 'PATCH', `/incidents/${incident.reference}`, {
      version: 1,
      title: 'Chat web returns HTTP 500 (Cloudflare)',
    });
    expect(won.status).toBe(200);

    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(session, 'PATCH', `/incidents/${incident.reference}`, {
          version: 1,
          title: `Stale edit ${index}`,
        }),
      ),
    );
    const elapsed = Date.now() - started;

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(409));
    expect(answers.map((answer) => answer.body.details.currentVersion)).toEqual(Array(20).fill(2));
    expect(answers[0].body.details.current.title).toBe('Chat web returns HTTP 500 (Cloudflare)');
    expect(elapsed).toBeLessThan(10_000);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
  }, 60_000);

  it('serves 200 mixed concurrent reads and writes without a single 5xx', async () => {
    const incidents = await Promise.all(
      ['A', 'B', 'C'].map((name) => newIncident(`Outage ${name}`)),
    );
    const requests = mixedRequests(
      session,
      incidents.map((incident) => incident.reference),
    );
    const statuses = (await Promise.all(requests)).map((answer) => answer.status);

    const serverErrors = statuses.filter((status) => status >= 500);
    expect(serverErrors).toEqual([]);
    expect(statuses.filter((status) => status === 200 || status === 201).length).toBeGreaterThan(
      100,
    );
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
  }, 120_000);
});
