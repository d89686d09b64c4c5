import { databaseFingerprint, runBadInputCorpus } from '../bad-input';
import { ReliabilityArea, waitFor } from '../harness';

/** The bad-input corpus over every route of the built API's OpenAPI document. */
export const badInputArea: ReliabilityArea = {
  name: 'bad-input',
  description:
    'NUL bytes, int4 overflows and 5,000-deep JSON on every route of the OpenAPI document: 4xx, never 5xx, nothing stored on a 4xx',
  timeoutMs: 240_000,
  totals: { '× 5xx on bad input': 'server5xx', 'rows stored on a refused request': 'storedOn4xx' },
  async run(system) {
    const { incidentId, postmortemId } = await system.newPostmortem();
    const [incident] = await system.query(`SELECT reference FROM incident WHERE id = $1`, [
      incidentId,
    ]);
    // The draft's follow-ups settle first, so the fingerprint changes only if a refused request
    // wrote something.
    await waitFor(async () => {
      const [row] = await system.query(
        `SELECT count(*)::int AS n FROM outbox_message WHERE relayed_at IS NULL`,
      );
      return row.n === 0;
    }, 30_000);
    await system.fetchAsAdmin('/api/auth/session');
    const result = await runBadInputCorpus({
      fetch: system.fetchAsAdmin,
      snapshot: () => databaseFingerprint((sql, parameters) => system.query(sql, parameters)),
      pathValues: { ref: incident.reference, incidentId, id: postmortemId },
      skip: ['POST /api/auth/logout', 'POST /api/auth/logout-everywhere'],
    });
    return {
      figures: {
        cases: result.cases,
        client4xx: result.client4xx,
        server5xx: result.server5xx,
        storedOn4xx: result.storedOn4xx,
        failures: result.failures.length,
      },
      failures: result.failures
        .slice(0, 10)
        .map(
          (f) => `${f.method} ${f.path} (${f.variant}) → ${f.status}${f.stored ? ' stored' : ''}`,
        ),
    };
  },
};
