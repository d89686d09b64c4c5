import { Client } from 'pg';
import { createTestApp, TestApp } from './test-context';

// Counts the SQL statements the API sends per request on the main routes, so an N+1 (one query
// per row) or an extra authentication round trip fails here instead of in production.
let statements = 0;
const clientQuery = Client.prototype.query;

beforeAll(() => {
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    statements += 1;
    if (process.env.DEBUG_BUDGET)
      process.stderr.write(
        `SQL: ${String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text).slice(0, 160)}\n`,
      );
    return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof clientQuery;
});

afterAll(() => {
  Client.prototype.query = clientQuery;
});

async function countedGet(sut: TestApp, authorization: string, path: string) {
  statements = 0;
  const response = await fetch(`${sut.url}${path}`, { headers: { authorization } });
  const body: unknown = await response.json();
  // The last-use write runs after the response, off the request path; let it land first.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { status: response.status, body, statements };
}

describe('SQL statements per request (real Postgres)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    // No relay polling in the background: only the request's own statements are counted.
    sut = await createTestApp({ env: { OUTBOX_RELAY: 'false' } });
  });

  afterAll(async () => {
    await sut?.close();
  });

  async function incidentWithHistory() {
    const incident = await sut.factories.newIncident();
    for (let index = 0; index < 5; index += 1) {
      await sut.factories.newImpact({ incidentId: incident.id });
      await sut.factories.newTimelineEvent({ incidentId: incident.id });
    }
    await sut.factories.newCause({ incidentId: incident.id });
    return incident;
  }

  it('authenticates a bearer token in one statement, and from the cache on the next request', async () => {
    const authorization = await sut.bearer('budget-auth@example.com', 'viewer', ['read:incidents']);
    const first = await countedGet(sut, authorization, '/api/incidents?limit=1');
    const second = await countedGet(sut, authorization, '/api/incidents?limit=1');
    expect(first.status).toBe(200);
    // First call: authentication + last-use write + the list; then the list only.
    expect(first.statements).toBeLessThanOrEqual(3);
    expect(second.statements).toBe(1);
  });

  it.each([
    // Authentication comes from the principal cache here (warmed by the first call).
    ['the incident list, 50 incidents', '/api/incidents?limit=50', 1],
    ['an incident', '/api/incidents/:ref', 3],
    ['its timeline', '/api/incidents/:ref/timeline', 2],
    ['its impacts', '/api/incidents/:ref/impacts', 2],
    ['its causes', '/api/incidents/:ref/causes', 2],
  ])('%s stays within its budget whatever the number of rows', async (_label, route, budget) => {
    const authorization = await sut.bearer('budget@example.com', 'viewer', ['read:incidents']);
    const incident = await incidentWithHistory();
    for (let index = 0; index < 3; index += 1) await incidentWithHistory();
    const path = route.replace(':ref', incident.reference);
    await countedGet(sut, authorization, path); // warms the principal cache
    const { status, statements: count } = await countedGet(sut, authorization, path);
    expect(status).toBe(200);
    expect(count).toBeLessThanOrEqual(budget);
  });

  it.each([
    ['the incident list', '/api/incidents?limit=50', 1],
    ['a private incident', '/api/incidents/:ref', 3],
    ['its timeline', '/api/incidents/:ref/timeline', 2],
    ['its causes', '/api/incidents/:ref/causes', 2],
  ])(
    'visibility is part of the same statements: %s, read by a member of its team',
    async (_label, route, budget) => {
      const team = await sut.factories.newTeam();
      const member = await sut.factories.newUser({ role: 'viewer', teams: [team] });
      const { secret } = await sut.factories.newToken(member, ['read:incidents']);
      const authorization = `Bearer ${secret}`;
      const incident = await sut.factories.newIncident({ teamId: team.id, private: true });
      await sut.factories.newTimelineEvent({ incidentId: incident.id });
      await sut.factories.newCause({ incidentId: incident.id });
      await sut.factories.newIncident({
        teamId: (await sut.factories.newTeam()).id,
        private: true,
      });
      const path = route.replace(':ref', incident.reference);
      await countedGet(sut, authorization, path); // warms the principal cache
      const { status, body, statements: count } = await countedGet(sut, authorization, path);
      expect(status).toBe(200);
      expect(JSON.stringify(body)).toContain(incident.id);
      expect(count).toBeLessThanOrEqual(budget);
    },
  );
});
