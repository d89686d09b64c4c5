import { ReliabilityArea, waitFor } from '../harness';

const JOBS = 500;
/** Incidents resolved while no worker runs: each leads to a reaction, a draft and a deadline job. */
const RESOLVES = 1000;

/**
 * (d) kill -9 of a worker mid-run with queued jobs: after a new worker starts every job completes
 * (stalled-job recovery); the receiver-side duplicates are counted and reported with their keys
 * (only jobs that were mid-request at the kill may be sent twice). Beside the pushes and deliveries,
 * incidents resolved while no worker ran each lead to a reaction, a draft and a deadline job: every
 * one gets exactly one postmortem with its deadline.
 */
export const workerKillArea: ReliabilityArea = {
  name: 'worker-kill',
  description: 'kill -9 of a worker mid-run: all complete after a new worker, duplicates by key',
  timeoutMs: 330_000,
  async run(system) {
    const { postmortemId } = await system.newPostmortem();
    const receivers = await system.newReceivers('/kill');
    system.receiver.delayMs = 100;
    // Queue everything while no worker runs, so the kill finds most of it still queued.
    for (const idle of system.workers.splice(0)) await idle.stop('SIGTERM');
    await system.queueWork(postmortemId, receivers, JOBS);
    const incidents: string[] = [];
    for (let i = 0; i < RESOLVES; i++) {
      const incident = await system.factories.newIncident({
        status: 'monitoring',
        startedAt: new Date(Date.now() - 3 * 3600_000),
      });
      const resolved = await system.call('POST', `/api/incidents/${incident.id}/transitions`, {
        to: 'resolved',
        version: incident.version,
      });
      if (resolved.status === 200) incidents.push(incident.id);
    }
    const drafted = async () =>
      (
        await system.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM postmortem WHERE incident_id = ANY($1::uuid[]) AND due_at IS NOT NULL`,
          [incidents],
        )
      )[0].n;
    await system.startWorker();
    await waitFor(async () => system.receiver.callsTo('/kill').length >= 10, 30_000, 50);
    const worker = system.workers.shift()!;
    await worker.stop('SIGKILL');
    const receivedAtKill = system.receiver.callsTo('/kill').length;
    const started = Date.now();
    await system.startWorker();
    // Stalled jobs come back once their lock (30 s) has expired.
    const done = await waitFor(
      async () => {
        const { runs, deliveries } = await system.outcomes(receivers);
        return (
          (runs.succeeded ?? 0) === JOBS &&
          (deliveries.delivered ?? 0) === JOBS &&
          (await drafted()) === incidents.length
        );
      },
      240_000,
      500,
    );
    const completeMs = Date.now() - started;
    system.receiver.delayMs = 0;
    const { runs, deliveries } = await system.outcomes(receivers);
    const duplicates = system.receiver.duplicates('/kill');
    const [{ postmortems, runs: draftRuns }] = await system.query<{
      postmortems: number;
      runs: number;
    }>(
      `SELECT (SELECT count(*)::int FROM postmortem WHERE incident_id = ANY($1::uuid[])) AS postmortems,
              (SELECT count(DISTINCT incident_id)::int FROM rca_draft_run WHERE incident_id = ANY($1::uuid[])) AS runs`,
      [incidents],
    );
    const failures: string[] = [];
    if (incidents.length !== RESOLVES)
      failures.push(`${RESOLVES - incidents.length} resolves refused`);
    if (postmortems !== incidents.length)
      failures.push(`${postmortems} postmortems for ${incidents.length} resolved incidents`);
    if ((await drafted()) !== incidents.length)
      failures.push('a drafted postmortem has no deadline');
    if (!done) failures.push('not every job completed after the new worker started');
    if ((runs.failed ?? 0) + (deliveries.failed ?? 0) > 0) failures.push('records failed');
    // At most the jobs that were active at the kill (concurrency 4 per queue) may repeat.
    if (duplicates.size > 8)
      failures.push(`${duplicates.size} duplicates, more than were in flight`);
    return {
      figures: {
        jobs: JOBS * 2 + RESOLVES * 3,
        resolves: incidents.length,
        postmortems,
        draftedIncidents: draftRuns,
        receivedAtKill,
        completeAfterRestartMs: completeMs,
        succeeded: (runs.succeeded ?? 0) + (deliveries.delivered ?? 0),
        pending: (runs.pending ?? 0) + (deliveries.pending ?? 0),
        failed: (runs.failed ?? 0) + (deliveries.failed ?? 0),
        duplicates: duplicates.size,
        duplicateKeys: [...duplicates.keys()].join(',') || '-',
      },
      failures,
    };
  },
};
