import { eventually } from './support/loopback-receivers';
import { runBadInputCorpus } from './reliability/bad-input';
import { createTestApp, TestApp } from './test-context';

// Bookkeeping a refused request may legitimately touch: the audit log records refusals, and the
// caller's token and session record their last use.
const BOOKKEEPING = ['audit_event', 'api_token', 'user_session', 'migrations', 'job_heartbeat'];

describe('bad input over every route of the OpenAPI document (real Postgres)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ env: { AUTH_RATE_LIMIT: '100000' } });
  });
  afterAll(() => sut.close());

  /** md5 of every table's rows, so an update is noticed as well as an insert or a delete. */
  const snapshot = async () => {
    const tables: Array<{ table_name: string }> = await sut.dataSource.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1))
        ORDER BY table_name`,
      [BOOKKEEPING],
    );
    const [row] = await sut.dataSource.query(
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
  };

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
