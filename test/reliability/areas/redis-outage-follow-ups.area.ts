import { ReliabilityArea, waitFor } from '../harness';

/**
 * The outbox's promise: resolve and push while Redis is down commit (the API never needs Redis to
 * commit), and their follow-ups (the RCA draft, the push) run once Redis returns.
 */
export const redisOutageFollowUpsArea: ReliabilityArea = {
  name: 'redis-outage-follow-ups',
  description: 'resolve/push while Redis is down: draft and push done after it returns',
  timeoutMs: 120_000,
  async run(system) {
    const { postmortemId } = await system.newPostmortem();
    const receivers = await system.newReceivers('/follow-ups');
    const incident = await system.factories.newIncident({
      status: 'monitoring',
      startedAt: new Date(Date.now() - 3600_000),
    });
    await system.redis.stop();
    const resolve = await system.call('POST', `/api/incidents/${incident.id}/transitions`, {
      to: 'resolved',
      version: incident.version,
    });
    const push = await system.call('POST', `/api/postmortems/${postmortemId}/exports`, {
      targetId: receivers.targetId,
    });
    await system.redis.start();
    const drafted = await waitFor(
      async () => {
        const answer = await system.call('GET', `/api/incidents/${incident.id}/postmortem`);
        return answer.status === 200;
      },
      60_000,
      1_000,
    );
    const pushed = await waitFor(
      async () => {
        const { runs } = await system.outcomes(receivers);
        return (runs.succeeded ?? 0) > 0 && (runs.pending ?? 0) === 0;
      },
      30_000,
      1_000,
    );
    const failures: string[] = [];
    if (resolve.status !== 200) failures.push(`resolve answered ${resolve.status}`);
    if (push.status >= 300) failures.push(`push answered ${push.status}`);
    if (!drafted) failures.push('no draft after Redis returned');
    if (!pushed) failures.push('push not done after Redis returned');
    const { runs } = await system.outcomes(receivers);
    return {
      figures: {
        resolveStatus: resolve.status,
        pushStatus: push.status,
        draftAfterReturn: String(drafted),
        pushDoneAfterReturn: String(pushed),
        runsPending: runs.pending ?? 0,
      },
      failures,
    };
  },
};
