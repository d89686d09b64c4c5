import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, EmbeddedProcess, startEmbedded } from './embedded-process';
import { HttpSession } from './http-session';

const PASSWORD = 'meadow-copper-signal-5';

/** The first admin, through the setup link the embedded process prints on a fresh DATA_DIR. */
async function firstAdmin(app: EmbeddedProcess): Promise<HttpSession> {
  let match: RegExpExecArray | null = null;
  for (let attempt = 0; attempt < 100 && !match; attempt += 1) {
    match = /\/setup#token=([A-Za-z0-9_-]+)/.exec(app.output());
    if (!match) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!match) throw new Error(`no setup link printed:\n${app.output()}`);
  const accept = await fetch(`${app.url}/api/auth/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token: match[1],
      email: 'sre@example.com',
      displayName: 'SRE',
      password: PASSWORD,
    }),
  });
  if (accept.status !== 200) throw new Error(`setup link refused: ${accept.status}`);
  const session = new HttpSession(app.url);
  const login = await session.login('sre@example.com', PASSWORD);
  if (login.status !== 200) throw new Error(`login refused: ${login.status}`);
  return session;
}

async function call(session: HttpSession, method: string, path: string, body?: unknown) {
  const response = await session.request(method, `/api${path}`, { body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

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
    const incidents = await Promise.all(['A', 'B', 'C'].map((name) => newIncident(`Outage ${name}`)));
    const targets = ['identified', 'monitoring', 'investigating'] as const;
    const requests = Array.from({ length: 200 }, (_, index) => {
      const incident = incidents[index % incidents.length];
      const ref = incident.reference;
      switch (index % 6) {
        case 0:
          return call(session, 'GET', '/incidents?limit=20');
        case 1:
          return call(session, 'GET', `/incidents/${ref}/timeline`);
        case 2:
          // Versions race on purpose: 200 or 409, never a 5xx.
          return call(session, 'POST', `/incidents/${ref}/transitions`, {
            version: 1 + (index % 4),
            to: targets[index % targets.length],
          });
        case 3:
          return call(session, 'PATCH', `/incidents/${ref}`, {
            version: 1 + (index % 5),
            summary: `Edit ${index}`,
          });
        case 4:
          return call(session, 'POST', `/incidents/${ref}/timeline`, {
            occurredAt: '2025-11-18T11:35:00Z',
            kind: 'note',
            body: `Note ${index}`,
          });
        default:
          return call(session, 'GET', `/incidents/${ref}`);
      }
    });
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
