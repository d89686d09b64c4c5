import { eventually } from './support/loopback-receivers';
import { databaseFingerprint, runBadInputCorpus } from './reliability/bad-input';
import { createTestApp, TestApp } from './test-context';

describe('bad input over every route of the OpenAPI document (real Postgres)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ env: { AUTH_RATE_LIMIT: '100000' } });
  });
  afterAll(() => sut.close());

  const snapshot = () =>
    databaseFingerprint((sql, parameters) => sut.dataSource.query(sql, parameters));

  it('answers every NUL byte, int4 overflow and 5,000-deep JSON with a 4xx that stores nothing', async () => {
    const fetchAsAdmin = sut.fetchAs();
    await fetchAsAdmin('/api/auth/session'); // creates the admin's token before the first snapshot
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    const draft = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
    expect(draft.status).toBe(201);
    // The draft's follow-ups (outbox rows) are relayed in the background; let that settle first,
    // so the fingerprint changes only if a refused request wrote something.
    await eventually(async () => {
      const [row] = await sut.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_message WHERE relayed_at IS NULL`,
      );
      return row.n === 0;
    });
    const result = await runBadInputCorpus({
      fetch: fetchAsAdmin,
      snapshot,
      // Real records behind the parameters, so bad input meets the queries, not only a 404.
      pathValues: {
        ref: incident.reference,
        incidentId: incident.id,
        id: draft.body.postmortemId,
      },
      skip: ['POST /api/auth/logout', 'POST /api/auth/logout-everywhere'],
    });
    expect(result.failures).toEqual([]);
    expect(result.server5xx).toBe(0);
    expect(result.storedOn4xx).toBe(0);
    expect(result.cases).toBeGreaterThan(300);
  }, 300_000);
});
