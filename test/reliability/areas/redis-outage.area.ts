import { ReliabilityArea, sleep, waitFor } from '../harness';

const DOWN_REQUESTS = 30;

/**
 * (b) Redis stopped and restarted mid-run, API requests issued while it is down: no 500s, reads
 * 200, writes that must enqueue 503 with Retry-After; after it returns, everything queued before
 * the stop (kept in the AOF) and re-asked after it completes.
 */
export const redisOutageArea: ReliabilityArea = {
  name: 'redis-outage',
  description: 'Redis stopped and restarted mid-run: 0 × 500, reads 200, writes 503, all complete',
  timeoutMs: 150_000,
  async run(system) {
    const { postmortemId, incidentId } = await system.newPostmortem();
    // Work queued before the stop (kept in Redis' AOF) and requests made while it is down use
    // separate receivers, so each can be counted on its own.
    const receivers = await system.newReceivers('/redis-before');
    const during = await system.newReceivers('/redis-during');
    system.receiver.delayMs = 200;
    await system.queueWork(postmortemId, receivers, 10);
    await system.redis.stop();
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    let reads200 = 0;
    let readsTotal = 0;
    let retryAfterMissing = 0;
    let slowest = 0;
    for (let i = 0; i < DOWN_REQUESTS; i++) {
      const started = Date.now();
      const answers = await Promise.all([
        system.call('GET', '/api/incidents'),
        system.call('GET', `/api/incidents/${incidentId}`),
        system.call('GET', `/api/postmortems/${postmortemId}`),
        system.call('POST', `/api/postmortems/${postmortemId}/exports`, {
          targetId: during.targetId,
          force: true,
        }),
        system.call('POST', `/api/notification-channels/${during.channelId}/test`),
      ]);
      slowest = Math.max(slowest, Date.now() - started);
      answers.forEach((answer, index) => {
        count(answer.status);
        if (index < 3) {
          readsTotal += 1;
          if (answer.status === 200) reads200 += 1;
        }
        if (answer.status === 503 && !answer.headers.get('retry-after')) retryAfterMissing += 1;
      });
      await sleep(100);
    }
    const login = await fetch(`${system.apiUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.com', password: 'not-a-real-password' }),
    }).catch(() => undefined);
    const ready = await system.call('GET', '/readyz');
    await system.redis.start();
    const back = Date.now();
    // Re-ask after the outage: the pushes that answered 503 are asked again.
    const after = await waitFor(async () => {
      const answer = await system.call('POST', `/api/postmortems/${postmortemId}/exports`, {
        targetId: during.targetId,
      });
      return answer.status < 300 ? answer : undefined;
    }, 30_000);
    const recoverMs = Date.now() - back;
    const { runs: runsBefore } = await system.outcomes(receivers);
    const expectedRuns = Object.values(runsBefore).reduce((sum, n) => sum + n, 0);
    const done = await waitFor(async () => {
      const { runs, deliveries } = await system.outcomes(receivers);
      return (runs.pending ?? 0) === 0 && (deliveries.pending ?? 0) === 0;
    }, 90_000);
    system.receiver.delayMs = 0;
    const { runs, deliveries } = await system.outcomes(receivers);
    // Rows a 503'd write left behind (the run or delivery is recorded, its job could not be
    // queued): picked up by the outbox relay / reconciler (issue 12, the lead's part); reported
    // here, checked in the outbox area redis-outage-follow-ups.
    const leftBehind = await system.outcomes(during);
    const s500 = [...statuses]
      .filter(([status]) => status >= 500 && status !== 503)
      .reduce((sum, [, n]) => sum + n, 0);
    const failures: string[] = [];
    if (s500 > 0) failures.push(`${s500} answers 5xx other than 503`);
    if ((statuses.get(0) ?? 0) > 0)
      failures.push(`${statuses.get(0)} requests hung or were refused`);
    if (reads200 !== readsTotal) failures.push(`${readsTotal - reads200} reads not 200`);
    if (retryAfterMissing > 0) failures.push(`${retryAfterMissing} 503 without Retry-After`);
    if (login?.status !== 401) failures.push(`login answered ${login?.status} (expected 401)`);
    if (ready.status !== 503 || ready.body?.details?.redis?.status !== 'down')
      failures.push('/readyz did not name redis');
    if (!after) failures.push('writes did not recover after Redis returned');
    if (!done) failures.push('work queued before the stop still pending');
    return {
      figures: {
        requestsWhileDown: DOWN_REQUESTS * 5,
        s200: statuses.get(200) ?? 0,
        s201: statuses.get(201) ?? 0,
        s503: statuses.get(503) ?? 0,
        s500,
        hung: statuses.get(0) ?? 0,
        readsOk: `${reads200}/${readsTotal}`,
        slowestBatchMs: slowest,
        loginWhileDown: login?.status ?? 0,
        recoverMs,
        runs: expectedRuns,
        pending: (runs.pending ?? 0) + (deliveries.pending ?? 0),
        failed: (runs.failed ?? 0) + (deliveries.failed ?? 0),
        leftPendingBy503: (leftBehind.runs.pending ?? 0) + (leftBehind.deliveries.pending ?? 0),
      },
      failures,
    };
  },
};
