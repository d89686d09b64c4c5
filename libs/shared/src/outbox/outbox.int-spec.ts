import { OutboxRelayService } from '@rca/shared';
import { eventually, startHttpReceiver } from '../../../../test/support/loopback-receivers';
import { OwnRedis, startOwnRedis } from '../../../../test/support/faults';
import { createTestApp, TestApp } from '../../../../test/test-context';

// The outbox against a Redis of the test's own that it stops and restarts (real Postgres too).
describe('transactional outbox: a committed change keeps its follow-ups through a Redis outage', () => {
  let redis: OwnRedis;
  let sut: TestApp;

  beforeAll(async () => {
    redis = await startOwnRedis();
    sut = await createTestApp({
      workers: true,
      env: {
        REDIS_URL: redis.url,
        OUTBOX_RELAY_INTERVAL_MS: '100',
        NOTIFICATION_ALLOW_LOOPBACK: 'true',
      },
    });
  });
  afterAll(async () => {
    await redis.start().catch(() => undefined);
    await sut?.close();
    await redis?.destroy();
  });

  const pendingRows = async (incidentId: string) =>
    (await sut.dataSource.query(
      `SELECT job_name FROM outbox_message WHERE relayed_at IS NULL AND payload->>'incidentId' = $1`,
      [incidentId],
    )) as Array<{ job_name: string }>;

  it('resolve while Redis is down: 200, and the RCA draft with its deadline appears once Redis is back', async () => {
    const api = sut.api.bind(sut);
    await api('GET', '/incidents'); // the token exists before Redis goes away
    const incident = await sut.factories.newIncident({
      title: 'Chat web down',
      severity: 'SEV1',
      status: 'identified',
    });
    await redis.stop();

    const resolved = await api('POST', `/incidents/${incident.reference}/transitions`, {
      to: 'resolved',
      version: incident.version,
      at: '2025-11-18T14:30:00Z',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    // The follow-up waits in the outbox, committed with the change.
    expect((await pendingRows(incident.id)).map((row) => row.job_name).sort()).toEqual([
      'postmortems.incident-changed',
      'postmortems.incident-status-notify',
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await pendingRows(incident.id)).toHaveLength(2);

    await redis.start();
    const postmortem = await eventually(async () => {
      const { body } = await api('GET', `/postmortems?incidentId=${incident.id}`);
      return body.items?.[0]?.dueAt ? body.items[0] : undefined;
    }, 30_000);
    expect(postmortem.status).toBe('draft');
    expect(await pendingRows(incident.id)).toEqual([]);
  });

  it('a hung Redis never holds a database transaction open while the relay waits on it', async () => {
    // In embedded mode the relay's transaction would be the only database connection: every
    // request would wait for Redis' command timeout. Sampled for 2.5 s while Redis hangs.
    const incidentId = '00000000-0000-4000-8000-0000000000aa';
    redis.freeze();
    try {
      await sut.dataSource.query(
        `INSERT INTO outbox_message (event, job_name, payload) VALUES ('job', 'status-sources.suggest-for-incident', $1)`,
        [{ incidentId }],
      );
      const idleInTransaction: number[] = [];
      for (const until = Date.now() + 2_500; Date.now() < until;) {
        const [{ n }] = await sut.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
        );
        idleInTransaction.push(n);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(Math.max(...idleInTransaction)).toBe(0);
    } finally {
      redis.thaw();
    }
    await eventually(
      async () => ((await pendingRows(incidentId)).length === 0 ? true : undefined),
      30_000,
    );
  });

  it('relaying twice enqueues once: the BullMQ job id is the outbox row id', async () => {
    const relay = sut.app.get(OutboxRelayService);
    const incident = await sut.factories.newIncident({ status: 'investigating' });
    const api = sut.api.bind(sut);
    const moved = await api('POST', `/incidents/${incident.reference}/transitions`, {
      to: 'identified',
      version: incident.version,
    });
    expect(moved.status).toBe(200);
    await eventually(async () => (await pendingRows(incident.id)).length === 0);
    const [row] = (await sut.dataSource.query(
      `SELECT id FROM outbox_message WHERE payload->>'incidentId' = $1 AND job_name = 'postmortems.incident-changed'`,
      [incident.id],
    )) as Array<{ id: string }>;
    // Pretend the relay crashed after BullMQ took the job but before the row was marked.
    await sut.dataSource.query(`UPDATE outbox_message SET relayed_at = NULL WHERE id = $1`, [
      row.id,
    ]);
    await eventually(async () => (await pendingRows(incident.id)).length === 0 || undefined);
    await relay.relayBatch();
    const queue = sut.app
      .get((await import('@rca/shared')).QueueService)
      .queue((await import('@rca/shared')).QueueName.RcaDraft);
    const jobs = (
      await queue.getJobs(['completed', 'waiting', 'active', 'delayed', 'failed'])
    ).filter(
      (job) => job.data?.incidentId === incident.id && job.name === 'postmortems.incident-changed',
    );
    expect(jobs.map((job) => job.id)).toEqual([row.id]);
  });

  it('a channel test sent while Redis is down is delivered once Redis is back', async () => {
    const receiver = await startHttpReceiver();
    try {
      const channel = await sut.api('POST', '/notification-channels', {
        name: 'managers-outage',
        kind: 'webhook',
        url: `${receiver.url}/hook`,
        topics: ['reminder'],
      });
      expect(channel.status).toBe(201);
      await redis.stop();
      const test = await sut.api('POST', `/notification-channels/${channel.body.id}/test`);
      expect(test.status).toBeLessThan(300);
      expect(test.body.status).toBe('pending');
      await redis.start();
      const delivery = await eventually(async () => {
        const { body } = await sut.api('GET', `/notification-deliveries/${test.body.id}`);
        return body.status === 'delivered' ? body : undefined;
      }, 30_000);
      expect(delivery.attempts).toBe(1);
      expect(receiver.received.filter((request) => request.path === '/hook')).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('a delivery left pending after BullMQ gave up is queued again by the reconciler and delivered once', async () => {
    const receiver = await startHttpReceiver();
    try {
      const channel = await sut.api('POST', '/notification-channels', {
        name: 'managers-reconcile',
        kind: 'webhook',
        url: `${receiver.url}/late`,
        topics: ['reminder'],
      });
      // What an outage leaves behind: a delivery recorded pending 20 minutes ago whose job is gone.
      const [delivery] = (await sut.dataSource.query(
        `INSERT INTO notification_delivery (dedupe_key, channel_id, channel_kind, topic, subject, text, created_at)
         VALUES ('outage-left-over', $1, 'webhook', 'reminder', 'RCA due', 'due soon', now() - interval '20 minutes')
         RETURNING id`,
        [channel.body.id],
      )) as Array<{ id: string }>;
      const notifications = sut.app.get((await import('@rca/notifications')).NotificationService);
      expect(await notifications.reconcile()).toBe(1);
      const done = await eventually(async () => {
        const { body } = await sut.api('GET', `/notification-deliveries/${delivery.id}`);
        return body.status === 'delivered' ? body : undefined;
      }, 20_000);
      expect(done.attempts).toBe(1);
      // Live work is left alone: a second pass finds nothing stuck.
      expect(await notifications.reconcile()).toBe(0);
      expect(receiver.received.filter((request) => request.path === '/late')).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
