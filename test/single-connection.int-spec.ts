import { JOB_QUEUE, QueueService } from '@rca/shared';
import { GitHubContractServer, startGitHubContractServer } from './support/github-contract-server';
import { eventually, startHttpReceiver } from './support/loopback-receivers';
import { createTestApp, TestApp } from './test-context';

/**
 * The embedded database (npm start, PGlite) is one session: while a transaction holds it, a query
 * on another pool connection waits, and the idle transaction is ended after
 * EMBEDDED_DB_IDLE_IN_TRANSACTION_MS. With a pool of ONE connection on real Postgres the same
 * mistake — a query outside the transaction it runs in — hangs instead of passing unnoticed, so
 * the flows here run with DATABASE_POOL_SIZE=1 and must finish.
 */
describe('with one database connection (as in embedded mode)', () => {
  let sut: TestApp;
  let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;
  // GitHub cannot run here: the tracker part uses the contract server shaped like its REST API.
  let github: GitHubContractServer;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    github = await startGitHubContractServer();
    sut = await createTestApp({
      workers: true,
      env: { DATABASE_POOL_SIZE: '1', OUTBOUND_ALLOW_LOOPBACK: 'true' },
    });
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
    await receiver?.close();
    await github?.close();
  });

  it('tells the incident_status channels of a status change', async () => {
    const channel = await sut.api('POST', '/notification-channels', {
      name: 'status-webhook',
      kind: 'webhook',
      url: `${receiver.url}/status`,
      topics: ['incident_status'],
    });
    expect(channel.status).toBe(201);
    const created = await sut.api('POST', '/incidents', {
      title: 'Edge returns HTTP 500',
      severity: 'SEV1',
      startedAt: '2025-11-18T11:20:00Z',
    });
    expect(created.status).toBe(201);
    const moved = await sut.api('POST', `/incidents/${created.body.reference}/transitions`, {
      to: 'identified',
      version: created.body.version,
    });
    expect(moved.status).toBe(200);
    const received = await eventually(
      async () => receiver.received.find((entry) => entry.path === '/status'),
      20_000,
    );
    expect(JSON.parse(received.body).subject).toBe(
      `${created.body.reference} identified: Edge returns HTTP 500`,
    );
  });

  it('drafts the RCA when the incident resolves, syncs an action item, takes a comment and a review, publishes and exports', async () => {
    await sut.bearer('rita@example.com', 'admin', ['admin']);
    const exportTarget = await sut.api('POST', '/export-targets', {
      name: 'wiki hook',
      kind: 'webhook',
      config: { url: `${receiver.url}/export` },
      credentials: { secret: 'a-long-enough-signing-secret' },
    });
    expect(exportTarget.status).toBe(201);
    const trackerTarget = await sut.api('POST', '/tracker-targets', {
      name: 'Ops GitHub',
      kind: 'github',
      baseUrl: github.baseUrl,
      project: github.project,
      credentials: { apiKey: github.token },
    });
    expect(trackerTarget.status).toBe(201);
    const created = await sut.api('POST', '/incidents', {
      title: 'Checkout 502s',
      severity: 'SEV2',
      startedAt: '2025-11-18T11:20:00Z',
    });
    let incident = created.body;
    for (const to of ['identified', 'monitoring', 'resolved']) {
      const moved = await sut.api('POST', `/incidents/${incident.reference}/transitions`, {
        to,
        version: incident.version,
      });
      expect(moved.status).toBe(200);
      incident = moved.body;
    }
    const postmortem = await eventually(async () => {
      const found = await sut.api('GET', `/incidents/${incident.id}/postmortem`);
      return found.status === 200 ? found.body : undefined;
    }, 20_000);
    const item = await sut.api('POST', `/postmortems/${postmortem.id}/action-items`, {
      title: 'Fail over to a second CDN',
      type: 'prevent',
      priority: 'P1',
    });
    expect(item.status).toBe(201);
    expect((await sut.api('POST', `/action-items/${item.body.id}/tracker-link`)).status).toBe(202);
    await eventually(async () => github.issues.size === 1, 20_000);
    const comment = await sut.api('POST', `/postmortems/${postmortem.id}/comments`, {
      sectionKey: 'root_cause',
      body: '@rita@example.com can you confirm the proxy config was the trigger?',
    });
    expect(comment.status).toBe(201);
    const reviewers = await sut.api('PATCH', `/postmortems/${postmortem.id}`, {
      version: postmortem.version,
      requiredReviewers: ['rita@example.com'],
    });
    expect(reviewers.status).toBe(200);
    const submitted = await sut.api('POST', `/postmortems/${postmortem.id}/submit`, {
      version: reviewers.body.version,
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.status).toBe('in_review');
    const approved = await sut.api('POST', `/postmortems/${postmortem.id}/reviews`, {
      version: submitted.body.version,
      reviewer: 'rita',
      decision: 'approved',
      checklist: {
        keyDataCollected: true,
        impactComplete: true,
        rootCauseDeepEnough: true,
        actionsAppropriate: true,
        sharedWithStakeholders: true,
      },
    });
    expect(approved.status).toBe(201);
    const published = await sut.api('POST', `/postmortems/${postmortem.id}/publish`, {
      version: approved.body.postmortem.version,
    });
    expect(published.status).toBe(201);
    await eventually(
      async () => receiver.received.find((entry) => entry.path === '/export'),
      20_000,
    );
    // Every side effect committed so far was carried out: the outbox is relayed, the queues
    // drain, and no job failed (a job waiting on its own transaction fails with a timeout).
    const queues = sut.app.get(QueueService);
    await eventually(async () => {
      const [{ pending }] = (await sut.dataSource.query(
        `SELECT count(*)::int AS pending FROM outbox_message WHERE relayed_at IS NULL`,
      )) as Array<{ pending: number }>;
      if (pending) return false;
      for (const name of new Set(Object.values(JOB_QUEUE))) {
        // (Delayed jobs are the deadline's reminders, due days from now.)
        const counts = await queues.queue(name).getJobCounts('waiting', 'active');
        if (counts.waiting || counts.active) return false;
      }
      return true;
    }, 30_000);
    for (const name of new Set(Object.values(JOB_QUEUE))) {
      const queue = queues.queue(name);
      expect([name, await queue.getFailedCount()]).toEqual([name, 0]);
      // A job waiting for its retry is delayed too: none may be.
      const retrying = (await queue.getDelayed()).filter((job) => job.attemptsMade > 0);
      expect(retrying.map((job) => `${job.name}: ${job.failedReason}`)).toEqual([]);
    }
  });
});
