import { ReliabilityArea, waitFor } from '../harness';

const JOBS = 40;

/** (a) SIGTERM of a worker with jobs in flight: it drains, nothing fails, nothing is sent twice. */
export const workerSigtermArea: ReliabilityArea = {
  name: 'worker-sigterm',
  description: 'SIGTERM of a worker with pushes and deliveries in flight: 0 failed, 0 duplicates',
  timeoutMs: 150_000,
  async run(system) {
    const { postmortemId } = await system.newPostmortem();
    const receivers = await system.newReceivers('/sigterm');
    // Slow receiver: jobs are still in flight and queued when the signal comes.
    system.receiver.delayMs = 1_000;
    const failedBefore = await system.failedJobs();
    await system.queueWork(postmortemId, receivers, JOBS);
    await waitFor(async () => system.receiver.callsTo('/sigterm').length >= 6, 30_000, 50);
    const worker = system.workers.shift()!;
    const inFlightAtSignal = system.receiver.callsTo('/sigterm').length;
    const started = Date.now();
    const exitCode = await worker.stop('SIGTERM');
    const drainMs = Date.now() - started;
    const driverErrors = (worker.log().match(/Driver not Connected|Connection terminated/g) ?? [])
      .length;
    await system.startWorker();
    const done = await waitFor(async () => {
      const { runs, deliveries } = await system.outcomes(receivers);
      return (runs.succeeded ?? 0) === JOBS && (deliveries.delivered ?? 0) === JOBS;
    }, 90_000);
    system.receiver.delayMs = 0;
    const { runs, deliveries } = await system.outcomes(receivers);
    const failedJobs = (await system.failedJobs()) - failedBefore;
    const duplicates = system.receiver.duplicates('/sigterm');
    const failures: string[] = [];
    if (exitCode !== 0) failures.push(`worker exited ${exitCode}`);
    if ((runs.failed ?? 0) + (deliveries.failed ?? 0) > 0) failures.push('records failed');
    if (failedJobs > 0) failures.push(`${failedJobs} jobs in the failed set`);
    if (duplicates.size > 0) failures.push(`duplicates: ${[...duplicates.keys()].join(',')}`);
    if (driverErrors > 0) failures.push(`${driverErrors} database errors while draining`);
    if (!done) failures.push('not every job completed after the restart');
    return {
      figures: {
        jobs: JOBS * 2,
        receivedAtSignal: inFlightAtSignal,
        drainMs,
        exitCode: String(exitCode),
        succeeded: (runs.succeeded ?? 0) + (deliveries.delivered ?? 0),
        failed: (runs.failed ?? 0) + (deliveries.failed ?? 0),
        failedJobs,
        duplicates: duplicates.size,
      },
      failures,
    };
  },
};
