import { ReliabilityArea, sleep, waitFor } from '../harness';

const DOWN_ROUNDS = 20;

/**
 * (c) Postgres stopped (pg_ctl stop -m fast) and restarted mid-run: the API answers 503 with
 * Retry-After while it is down (never 500), /readyz names the database, and API and worker
 * recover without a restart; pushes and deliveries queued before the stop retry past the outage.
 */
export const postgresOutageArea: ReliabilityArea = {
  name: 'postgres-outage',
  description: 'Postgres stopped and restarted mid-run: 503 while down, recovery without restart',
  timeoutMs: 180_000,
  async run(system) {
    const { postmortemId, incidentId } = await system.newPostmortem();
    const receivers = await system.newReceivers('/postgres');
    system.receiver.delayMs = 100;
    await system.queueWork(postmortemId, receivers, 15);
    // The suite's own connection would log every failed query; it stays idle while Postgres is down.
    await system.postgres.stop();
    const downAt = Date.now();
    const statuses = new Map<number, number>();
    let retryAfterMissing = 0;
    let readyNamesDatabase = false;
    for (let i = 0; i < DOWN_ROUNDS; i++) {
      const answers = await Promise.all([
        system.call('GET', '/api/incidents'),
        system.call('GET', `/api/incidents/${incidentId}`),
        system.call('POST', `/api/postmortems/${postmortemId}/exports`, {
          targetId: receivers.targetId,
          force: true,
        }),
        system.call('POST', '/api/incidents', {
          title: 'Written while the database is down',
          severity: 'SEV3',
          startedAt: new Date().toISOString(),
        }),
      ]);
      for (const answer of answers) {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 503 && !answer.headers.get('retry-after')) retryAfterMissing += 1;
      }
      if (i === 0) {
        const ready = await system.call('GET', '/readyz');
        readyNamesDatabase =
          ready.status === 503 && ready.body?.details?.database?.status === 'down';
      }
      await sleep(300);
    }
    await system.postgres.start();
    const downMs = Date.now() - downAt;
    const back = Date.now();
    const recovered = await waitFor(async () => {
      const answer = await system.call('GET', '/api/incidents');
      return answer.status === 200;
    }, 30_000);
    const recoverMs = Date.now() - back;
    const done = await waitFor(
      async () => {
        const { runs, deliveries } = (await system.outcomes(receivers).catch(() => ({
          runs: { pending: 1 },
          deliveries: {},
        }))) as { runs: Record<string, number>; deliveries: Record<string, number> };
        return (runs.pending ?? 0) === 0 && (deliveries.pending ?? 0) === 0;
      },
      120_000,
      500,
    );
    system.receiver.delayMs = 0;
    const { runs, deliveries } = await system.outcomes(receivers);
    const written = await system.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incident WHERE title = 'Written while the database is down'`,
    );
    const s5xx = [...statuses]
      .filter(([status]) => status >= 500 && status !== 503)
      .reduce((sum, [, n]) => sum + n, 0);
    const apiRestarted = !system.api?.running;
    const workersAlive = system.workers.filter((worker) => worker.running).length;
    const failures: string[] = [];
    if (s5xx > 0) failures.push(`${s5xx} answers 5xx other than 503`);
    if ((statuses.get(503) ?? 0) === 0) failures.push('no 503 while down');
    if ((statuses.get(0) ?? 0) > 0)
      failures.push(`${statuses.get(0)} requests hung or were refused`);
    if (retryAfterMissing > 0) failures.push(`${retryAfterMissing} 503 without Retry-After`);
    if (!readyNamesDatabase) failures.push('/readyz did not name the database');
    if (!recovered) failures.push('API did not recover without a restart');
    if (apiRestarted || workersAlive === 0) failures.push('a process died');
    if (!done) failures.push('runs or deliveries still pending after the outage');
    if (written[0].n !== 0) failures.push(`${written[0].n} writes answered 503 but were stored`);
    return {
      figures: {
        downMs,
        requestsWhileDown: DOWN_ROUNDS * 4,
        s503: statuses.get(503) ?? 0,
        s500: s5xx,
        hung: statuses.get(0) ?? 0,
        readyNamesDatabase: String(readyNamesDatabase),
        recoverMs,
        succeeded: (runs.succeeded ?? 0) + (deliveries.delivered ?? 0),
        pending: (runs.pending ?? 0) + (deliveries.pending ?? 0),
        failed: (runs.failed ?? 0) + (deliveries.failed ?? 0),
      },
      failures,
    };
  },
};
