import { createHmac } from 'node:crypto';
import { FetchError, FetchErrorKind, OutboundHttpClient } from '@rca/shared';
import { TrackerRefusedError } from './connector';
import { LinearConnector } from './linear-connector';
import { LinearContractServer, startLinear } from '../../../test/support/linear-contract-server';
import { eventually } from '../../../test/support/loopback-receivers';
import { actionItemHelpers } from '../../../test/support/action-items';
import { createTestApp, TestApp } from '../../../test/test-context';
import { TrackersService } from './trackers.service';

/**
 * CONTRACT TEST: Linear is a hosted service only, so it cannot run here. Action items are synced
 * with a loopback server shaped like Linear's documented GraphQL API (test/support/
 * linear-contract-server.ts: graphql-js executes every document against a subset of Linear's
 * schema), through the real API, Postgres, Redis, the outbox and BullMQ workers.
 */
describe('action items ↔ Linear (contract server)', () => {
  let linear: LinearContractServer;
  let sut: TestApp;
  const { newItem, linkOf, item, activity } = actionItemHelpers(() => sut);
  let trackers: TrackersService;
  let targetId: string;
  let targetVersion: number;

  beforeAll(async () => {
    linear = await startLinear();
    sut = await createTestApp({
      workers: true,
      env: {
        OUTBOUND_ALLOW_LOOPBACK: 'true',
        PUBLIC_URL: 'https://rca.example.com',
        // The test polls by hand.
        TRACKER_POLL_SECONDS: '3600',
      },
    });
    trackers = sut.app.get(TrackersService);
    const created = await sut.api('POST', '/tracker-targets', {
      name: 'Ops Linear',
      kind: 'linear',
      baseUrl: linear.baseUrl,
      project: 'ops',
      issueType: 'Postmortem',
      credentials: { apiKey: linear.apiKey },
    });
    expect(created.status).toBe(201);
    expect(created.body.hasCredentials).toBe(true);
    targetId = created.body.id;
    targetVersion = created.body.version;
  }, 120_000);
  afterAll(async () => {
    await sut?.close();
    await linear?.close();
  });

  /** An item with its issue in Linear, the link recorded and shown on the item. */
  async function linkedItem(title: string, extra: Record<string, unknown> = {}) {
    const created = await newItem(title, extra);
    expect((await sut.api('POST', `/action-items/${created.item.id}/tracker-link`)).status).toBe(
      202,
    );
    const link = await eventually(async () => {
      const found = await linkOf(created.postmortemId, created.item.id);
      return found?.state === 'linked' ? found : undefined;
    });
    const current = await eventually(async () => {
      const found = await item(created.postmortemId, created.item.id);
      return found.externalUrl ? found : undefined;
    });
    return { ...created, link, current };
  }

  it('checks the team with the key; a project that is no team key is refused naming the field', async () => {
    const check = await sut.api('POST', `/tracker-targets/${targetId}/test`);
    expect(check.body).toEqual({
      ok: true,
      message: 'Linear team "Operations" (OPS) is reachable with these credentials',
    });
    const bad = await sut.api('POST', '/tracker-targets', {
      name: 'Bad Linear',
      kind: 'linear',
      team: 'payments',
      baseUrl: linear.baseUrl,
      project: 'Operations team',
      credentials: { apiKey: linear.apiKey },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['project']);
    expect(bad.body.errors[0].messages[0]).toContain('team key');
  });

  it('a label the team does not have fails the test, listing the labels it has', async () => {
    const created = await sut.api('POST', '/tracker-targets', {
      name: 'Linear with a bad label',
      kind: 'linear',
      team: 'payments',
      baseUrl: linear.baseUrl,
      project: 'OPS',
      issueType: 'Incident follow-up',
      credentials: { apiKey: linear.apiKey },
    });
    expect(created.status).toBe(201);
    const check = await sut.api('POST', `/tracker-targets/${created.body.id}/test`);
    expect(check.body).toEqual({
      ok: false,
      message: 'Linear team OPS has no label "Incident follow-up" (it has: Bug, Postmortem)',
    });
    expect((await sut.api('DELETE', `/tracker-targets/${created.body.id}`)).status).toBe(204);
  });

  it('creates the issue once, with our fields, the label and the marker', async () => {
    const before = linear.issues.size;
    const {
      postmortemId,
      reference,
      item: created,
      link,
      current,
    } = await linkedItem('Fail over to a second CDN');
    expect(link.externalKey).toMatch(/^OPS-\d+$/);
    const issue = linear.issue(link.externalId);
    expect(issue.identifier).toBe(link.externalKey);
    expect(current.externalUrl).toBe(link.url);
    expect(link.url).toMatch(/^https:\/\/linear\.app\/rca-test\/issue\/OPS-\d+\//);
    expect(issue.title).toBe('Fail over to a second CDN');
    expect(issue.priority).toBe(2); // P1 → High
    expect(issue.dueDate).toBe('2027-01-15');
    expect(linear.stateOf(issue.id).name).toBe('Todo'); // the first "unstarted" state
    expect(linear.labelNames(issue.id)).toEqual(['Postmortem']);
    expect(issue.description).toContain(`rca-desk:action-item:${created.id}`);
    expect(issue.description).toContain(
      `https://rca.example.com/incidents/${reference}/postmortem`,
    );
    // Every call carried the API key as Linear wants it (no "Bearer").
    expect(linear.received.every((call) => call.headers.authorization === linear.apiKey)).toBe(
      true,
    );

    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    expect(await trackers.sync(created.id)).toBe('in step');
    expect(linear.issues.size).toBe(before + 1);
    expect((await activity(postmortemId)).map((entry) => entry.action)).toContain('linked');
  });

  it('a create cut off after Linear made the issue adopts that issue', async () => {
    const { postmortemId, item: created } = await newItem('Cap retries on the edge');
    const orphan = linear.createDirectly({
      title: 'Cap retries on the edge',
      description: `rca-desk:action-item:${created.id}`,
    });
    await sut.dataSource.query(
      `INSERT INTO tracker_link (action_item_id, postmortem_id, target_id, requested_by) VALUES ($1, $2, $3, 'test')`,
      [created.id, postmortemId, targetId],
    );
    const before = linear.issues.size;
    expect(await trackers.sync(created.id)).toBe(`created ${orphan.identifier}`);
    expect(linear.issues.size).toBe(before);
    expect((await linkOf(postmortemId, created.id)).externalId).toBe(orphan.id);
  });

  it('edits here reach Linear: title, priority, due date and status', async () => {
    const { link, current } = await linkedItem('Alert on edge 5xx rate');
    const edited = await sut.api('PATCH', `/action-items/${current.id}`, {
      version: current.version,
      title: 'Alert on edge 5xx rate above 1 %',
      priority: 'P0',
      dueDate: '2027-02-01',
      status: 'in_progress',
    });
    expect(edited.status).toBe(200);
    const issue = await eventually(async () => {
      const found = linear.issue(link.externalId);
      return found.title === 'Alert on edge 5xx rate above 1 %' ? found : undefined;
    });
    expect(issue.priority).toBe(1); // Urgent
    expect(issue.dueDate).toBe('2027-02-01');
    expect(linear.stateOf(issue.id).name).toBe('In Progress');
  });

  it('completed in Linear: the item is done after the poll, even when the change is on a later page', async () => {
    const { postmortemId, link, current } = await linkedItem('Runbook for CDN failover');
    linear.moveTo(link.externalId, 'Done');
    // Changed later, so first in Linear's newest-first order; one issue per page.
    linear.edit(linear.createDirectly({ title: 'Unrelated' }).id, { title: 'Unrelated, edited' });
    linear.pageCap = 1;
    try {
      const polled = await trackers.poll();
      expect(polled.failed).toBe(0);
    } finally {
      linear.pageCap = 250;
    }
    const done = await item(postmortemId, current.id);
    expect(done.status).toBe('done');
    expect(done.closedAt).not.toBeNull();
    const updates = (await activity(postmortemId)).filter((entry) => entry.action === 'updated');
    expect(updates[0]).toMatchObject({
      actor: 'Ops Linear (tracker sync)',
      changes: { status: { from: 'open', to: 'done' } },
    });
    await trackers.poll();
    expect((await item(postmortemId, current.id)).version).toBe(done.version);
  });

  it('canceled in Linear: the item is won’t do after the poll', async () => {
    const { postmortemId, link, current } = await linkedItem('Drop the legacy CDN');
    linear.moveTo(link.externalId, 'Duplicate'); // a state of type canceled
    expect((await trackers.poll()).failed).toBe(0);
    expect((await item(postmortemId, current.id)).status).toBe('wont_do');
  });

  it('the same field changed on both sides: the later writer wins and the conflict is in the activity', async () => {
    const { postmortemId, link, current } = await linkedItem('Shorter DNS TTLs');
    linear.edit(link.externalId, { dueDate: '2027-03-01' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sut.api('PATCH', `/action-items/${current.id}`, {
      version: current.version,
      dueDate: '2027-01-20',
    });
    await eventually(async () => linear.issue(link.externalId).dueDate === '2027-01-20');
    const conflict = await eventually(async () =>
      (await activity(postmortemId)).find((entry) => entry.action === 'conflict'),
    );
    expect(conflict.changes).toEqual({ dueDate: { from: '2027-03-01', to: '2027-01-20' } });
    expect((await item(postmortemId, current.id)).dueDate).toBe('2027-01-20');
  });

  it('deleted in Linear (trashed, or gone for good): the link says so and the item is kept', async () => {
    for (const remove of [(id: string) => linear.trash(id), (id: string) => linear.purge(id)]) {
      const { postmortemId, link, current } = await linkedItem('Rotate the CDN keys');
      remove(link.externalId);
      expect(await trackers.sync(current.id)).toBe(
        'deleted in the tracker; the action item is kept',
      );
      expect(await item(postmortemId, current.id)).toBeDefined();
      expect((await linkOf(postmortemId, current.id)).state).toBe('deleted_remotely');
      expect((await activity(postmortemId)).map((entry) => entry.action)).toContain('unlinked');
    }
  });

  it('deleted here: the issue stays in Linear with a comment saying so', async () => {
    const { postmortemId, link, current } = await linkedItem('Retire the old status page');
    const removed = await sut.api(
      'DELETE',
      `/action-items/${current.id}?version=${current.version}`,
    );
    expect(removed.status).toBe(204);
    await eventually(async () => (await linkOf(postmortemId, current.id))?.state === 'detached');
    const issue = linear.issue(link.externalId);
    expect(issue.trashed).toBe(false);
    expect(issue.comments.map((comment) => comment.body).join('\n')).toContain(
      'This action item was deleted in RCA desk',
    );
  });

  it('rate limited: the poll records it on the target and the next poll is fine', async () => {
    linear.rateLimitNext(1, { status: 400, resetInMs: 20_000 });
    expect((await trackers.poll()).failed).toBe(1);
    const limited = await sut.api('GET', `/tracker-targets/${targetId}`);
    expect(limited.body.lastError).toMatch(/^Linear answered 400 to RcaTeam: Rate limit exceeded/);
    expect((await trackers.poll()).failed).toBe(0);
    expect((await sut.api('GET', `/tracker-targets/${targetId}`)).body.lastError).toBeNull();
  });

  it('a 429, an outage or a body that is no GraphQL answer is retried, honouring Retry-After', async () => {
    const { postmortemId, current } = await linkedItem('Cache the status API');
    linear.rateLimitNext(1, { status: 429, retryAfter: '7' });
    await expect(trackers.sync(current.id)).rejects.toMatchObject({
      kind: FetchErrorKind.RateLimited,
      details: { status: 429, retryAfterMs: 7_000 },
    });
    linear.answerNext(503, '<html>upstream unavailable</html>');
    await expect(trackers.sync(current.id)).rejects.toMatchObject({
      kind: FetchErrorKind.HttpStatus,
      details: { status: 503 },
    });
    linear.answerNext(200, '<html>captive portal</html>');
    const wrong = await trackers.sync(current.id).catch((error: unknown) => error);
    expect(wrong).toBeInstanceOf(FetchError);
    expect((wrong as FetchError).kind).toBe(FetchErrorKind.ContentType);
    expect(await trackers.sync(current.id)).toBe('in step');
    expect((await linkOf(postmortemId, current.id)).lastError).toBeNull();
  });

  it('a key Linear refuses: the test says why and the link fails with Linear’s words', async () => {
    const updated = await sut.api('PATCH', `/tracker-targets/${targetId}`, {
      version: targetVersion,
      credentials: { apiKey: 'lin_api_revoked' },
    });
    expect(updated.status).toBe(200);
    try {
      const check = await sut.api('POST', `/tracker-targets/${targetId}/test`);
      expect(check.body).toEqual({
        ok: false,
        message:
          'Linear answered 400 to RcaTeam: You need to authenticate to access this operation.',
      });
      const { postmortemId, item: created } = await newItem('Page the CDN vendor faster');
      await sut.api('POST', `/action-items/${created.id}/tracker-link`);
      const failed = await eventually(async () => {
        const link = await linkOf(postmortemId, created.id);
        return link?.state === 'failed' ? link : undefined;
      });
      expect(failed.lastError).toContain('You need to authenticate');
    } finally {
      const fixed = await sut.api('PATCH', `/tracker-targets/${targetId}`, {
        version: updated.body.version,
        credentials: { apiKey: linear.apiKey },
      });
      targetVersion = fixed.body.version;
    }
  });

  it('a signed Linear webhook syncs the issue without a poll; an unsigned one is refused', async () => {
    const { postmortemId, link, current } = await linkedItem('Alert on origin latency');
    const setup = await sut.api('GET', `/tracker-targets/${targetId}/webhook`);
    expect(setup.body).toMatchObject({ supported: true, signatureHeader: 'linear-signature' });
    expect(setup.body.url).toBe(`https://rca.example.com/api/tracker-webhooks/${targetId}`);
    linear.edit(link.externalId, { title: 'Alert on origin latency above 300 ms', priority: 3 });
    const body = JSON.stringify({
      action: 'update',
      type: 'Issue',
      createdAt: new Date().toISOString(),
      data: { id: link.externalId, identifier: link.externalKey, title: 'ignored: read again' },
      updatedFrom: { title: 'Alert on origin latency' },
      webhookTimestamp: Date.now(),
    });
    const call = (signature: string) =>
      fetch(`${sut.url}/api/tracker-webhooks/${targetId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'linear-signature': signature },
        body,
      });
    expect((await call('0'.repeat(64))).status).toBe(401);
    const signed = await call(createHmac('sha256', setup.body.secret).update(body).digest('hex'));
    expect(signed.status).toBe(202);
    expect(await signed.json()).toEqual({ queued: 1 });
    const synced = await eventually(async () => {
      const found = await item(postmortemId, current.id);
      return found.title === 'Alert on origin latency above 300 ms' ? found : undefined;
    });
    expect(synced.priority).toBe('P2'); // Medium
  });

  describe('the connector on its own', () => {
    const http = new OutboundHttpClient({ allowLoopback: true });
    afterAll(() => http.close());
    const connectorWith = (statuses: Record<string, string>) =>
      new LinearConnector(http, {
        baseUrl: linear.baseUrl,
        project: 'OPS',
        issueType: null,
        mapping: { statuses },
        credentials: { apiKey: linear.apiKey },
      });
    const fields = {
      title: 'Mapped states',
      status: 'open' as const,
      priority: 'P3' as const,
      dueDate: null,
    };

    it('writes and reads the workflow states the mapping names, before the state types', async () => {
      const sut = connectorWith({ open: 'Backlog', done: 'In Review' });
      const issue = await sut.create(fields, 'no marker');
      expect(linear.stateOf(issue.externalId).name).toBe('Backlog');
      expect(linear.labelNames(issue.externalId)).toEqual([]);
      expect(linear.issue(issue.externalId).priority).toBe(4); // Low
      await sut.update(issue.externalId, { status: 'done' });
      expect(linear.stateOf(issue.externalId).name).toBe('In Review');
      expect((await sut.get(issue.externalId))?.fields.status).toBe('done');
      // The other "started" state is still in progress; a state with no priority reads as P3.
      linear.edit(issue.externalId, { stateId: linear.stateNamed('In Progress').id, priority: 0 });
      expect((await sut.get(issue.externalId))?.fields).toMatchObject({
        status: 'in_progress',
        priority: 'P3',
      });
    });

    it('a mapped state the team does not have is refused, naming the states it has', async () => {
      const refused = await connectorWith({ wont_do: "Won't fix" })
        .create({ ...fields, status: 'wont_do' }, 'no marker')
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TrackerRefusedError);
      expect((refused as Error).message).toBe(
        `Linear team OPS has no workflow state "Won't fix" for wont_do (it has: Triage, Backlog, Todo, In Progress, In Review, Done, Canceled, Duplicate)`,
      );
    });

    it('the contract server executes the GraphQL it gets: a field Linear has not is refused', async () => {
      const response = await http.request(`${linear.baseUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: linear.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ issues(first: 1) { nodes { id assigneeEmail } } }' }),
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).errors[0].message).toContain('assigneeEmail');
    });
  });
});
