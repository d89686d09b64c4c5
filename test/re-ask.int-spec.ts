import { eventually } from './support/loopback-receivers';
// Re-asking after an outage: a push whose job gave up while the run stayed pending (its failure
// could not be recorded) is queued again when asked again, although BullMQ still keeps the failed
// job under the same id.
import { RcaDraftService } from '@rca/postmortems';
import { QueueName, QueueService } from '@rca/shared';
import { UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { createTestApp, TestApp } from './test-context';
import { TEST_REDIS_URL } from './test-environment';

describe('re-asking a push whose job sits in the failed set', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ env: { EXPORT_CREDENTIALS_KEY: 'ef'.repeat(32) } });
  });
  afterAll(() => sut.close());

  /** Runs the queue's waiting jobs once with a processor that gives up, like an exhausted budget. */
  async function failEveryWaitingJob(): Promise<void> {
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const failed = new Promise<void>((resolve) => {
      const worker = new Worker(
        QueueName.Exports,
        async () => {
          throw new UnrecoverableError('database down while recording the failure');
        },
        { connection, prefix: sut.environment.QUEUE_PREFIX },
      );
      worker.on('failed', () => void worker.close().then(() => resolve()));
    });
    await failed;
    connection.disconnect();
  }

  it('queues the pending run again instead of being ignored', async () => {
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      startedAt: new Date('2025-11-18T11:20:00Z'),
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await sut.app.get(RcaDraftService).generate(incident.id);
    const postmortem = (await sut.api('GET', `/incidents/${incident.id}/postmortem`)).body;
    const target = await sut.factories.newExportTarget();
    const first = await sut.api('POST', `/postmortems/${postmortem.id}/exports`, {
      targetId: target.id,
    });
    const runId = first.body[0].id;
    await failEveryWaitingJob();
    const queue = sut.app.get(QueueService).queue(QueueName.Exports);
    expect(await queue.getJobState(`export-${runId}`)).toBe('failed');

    const again = await sut.api('POST', `/postmortems/${postmortem.id}/exports`, {
      targetId: target.id,
    });

    expect(again.body[0]).toMatchObject({ id: runId, status: 'pending' });
    // The new job goes through the outbox: relayed within moments, under a fresh id.
    const waiting = await eventually(async () => {
      const jobs = (await queue.getWaiting()).filter((job) => job.data.runId === runId);
      return jobs.length ? jobs : undefined;
    });
    expect(waiting.map((job) => job.id)).not.toContain(`export-${runId}`);
  });
});
