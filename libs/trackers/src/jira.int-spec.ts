import { createHmac } from 'node:crypto';
import { FetchErrorKind } from '@rca/shared';
import { JiraContractServer, startJira, textOf } from '../../../test/support/jira-contract-server';
import { eventually } from '../../../test/support/loopback-receivers';
import { actionItemHelpers } from '../../../test/support/action-items';
import { createTestApp, TestApp } from '../../../test/test-context';
import { TrackerRefusedError } from './connector';
import { TrackersService } from './trackers.service';

/**
 * CONTRACT TEST — Jira cannot run here (Cloud is hosted; Data Center is licensed software with no
 * package to install), so action items are synced with test/support/jira-contract-server.ts, an
 * in-memory loopback server shaped like Jira's documented REST API (Cloud v3 with ADF, Data Center
 * v2, JQL search paged per edition, workflow transitions, a user time zone other than UTC). The
 * product runs for real: the API, Postgres, Redis, the outbox and BullMQ workers.
 */
describe('action items ↔ Jira (contract server)', () => {
  let cloud: JiraContractServer;
  let dataCenter: JiraContractServer;
  let sut: TestApp;
  const { newItem, linkOf, item, activity } = actionItemHelpers(() => sut);
  let trackers: TrackersService;
  let targetId: string;
  let targetVersion: number;

  beforeAll(async () => {
    cloud = await startJira({ edition: 'cloud' });
    dataCenter = await startJira({
      edition: 'datacenter',
      project: { key: 'PLAT', name: 'Platform' },
    });
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
      name: 'Ops Jira',
      kind: 'jira',
      baseUrl: cloud.baseUrl,
      project: cloud.project.key,
      credentials: cloud.credentials,
    });
    expect(created.status).toBe(201);
    targetId = created.body.id;
    targetVersion = created.body.version;
  }, 120_000);
  afterAll(async () => {
    await sut?.close();
    await cloud?.close();
    await dataCenter?.close();
  });

  /** Asks for the issue and waits until the link is made and the item shows its URL. */
  async function linkedItem(postmortemId: string, itemId: string) {
    const asked = await sut.api('POST', `/action-items/${itemId}/tracker-link`);
    expect(asked.status).toBe(202);
    const link = await eventually(async () => {
      const found = await linkOf(postmortemId, itemId);
      return found?.state === 'linked' ? found : undefined;
    });
    const current = await eventually(async () => {
      const found = await item(postmortemId, itemId);
      return found.externalUrl ? found : undefined;
    });
    return { link, current };
  }

  it('checks the target with its credentials; a project that is not a Jira key is refused', async () => {
    const check = await sut.api('POST', `/tracker-targets/${targetId}/test`);
    expect(check.body).toEqual({
      ok: true,
      message:
        'Jira Cloud project "Operations" (OPS) is reachable with these credentials; new issues are of type "Task"',
    });
    const bad = await sut.api('POST', '/tracker-targets', {
      name: 'Lower-case key',
      kind: 'jira',
      team: 'web',
      baseUrl: cloud.baseUrl,
      project: 'ops-board',
      credentials: cloud.credentials,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        field: 'project',
        messages: [
          '"ops-board" is not a Jira project key: 2–10 capital letters, digits or _, starting with a letter (e.g. OPS)',
        ],
      },
    ]);
    expect((await sut.api('GET', '/tracker-targets')).body.items).toHaveLength(1);
  });

  it('an issue type the project lacks fails the check, naming the types it has', async () => {
    const created = await sut.api('POST', '/tracker-targets', {
      name: 'Epic Jira',
      kind: 'jira',
      team: 'epics',
      baseUrl: cloud.baseUrl,
      project: cloud.project.key,
      issueType: 'Epic',
      credentials: cloud.credentials,
    });
    expect(created.status).toBe(201);
    const check = await sut.api('POST', `/tracker-targets/${created.body.id}/test`);
    expect(check.body).toEqual({
      ok: false,
      message: 'Jira project OPS has no issue type "Epic" (it has: Task, Bug, Story)',
    });
    await sut.api('DELETE', `/tracker-targets/${created.body.id}`);
  });

  it('creates one issue (asked twice), with an ADF description holding the marker', async () => {
    const before = cloud.count();
    const { postmortemId, reference, item: created } = await newItem('Fail over to a second CDN');
    const { link, current } = await linkedItem(postmortemId, created.id);
    const issue = cloud.issue(link.externalId)!;
    expect(link.externalKey).toBe(issue.key);
    expect(link.externalKey).toMatch(/^OPS-\d+$/);
    expect(link.url).toBe(`${cloud.baseUrl}/browse/${issue.key}`);
    expect(current.externalUrl).toBe(link.url);
    expect(issue).toMatchObject({
      summary: 'Fail over to a second CDN',
      issuetype: 'Task',
      priority: 'High',
      duedate: '2027-01-15',
      status: 'To Do',
    });
    expect(issue.description).toMatchObject({ type: 'doc', version: 1 });
    expect(textOf(issue.description)).toContain(`rca-desk:action-item:${created.id}`);
    expect(textOf(issue.description)).toContain(
      `https://rca.example.com/incidents/${reference}/postmortem`,
    );
    // Cloud: REST v3, the API token with the account's e-mail as Basic auth.
    const create = cloud.received.find(
      (request) => request.method === 'POST' && request.path === '/rest/api/3/issue',
    )!;
    expect(create.headers.authorization).toBe(
      `Basic ${Buffer.from(`${cloud.credentials.username}:${cloud.credentials.apiKey}`).toString('base64')}`,
    );

    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    expect(await trackers.sync(created.id)).toBe('in step');
    expect(cloud.count()).toBe(before + 1);
    expect((await activity(postmortemId)).map((entry) => entry.action)).toContain('linked');
  });

  it('an item already in progress gets its issue moved there by a transition', async () => {
    const { postmortemId, item: created } = await newItem('Cache the origin map', {
      status: 'in_progress',
    });
    const { link } = await linkedItem(postmortemId, created.id);
    expect(cloud.issue(link.externalId)!.status).toBe('In Progress');
  });

  it('edits here reach Jira: title, priority, due date, and the status by a transition', async () => {
    const { postmortemId, item: created } = await newItem('Alert on edge 5xx rate');
    const { link, current } = await linkedItem(postmortemId, created.id);
    const edited = await sut.api('PATCH', `/action-items/${created.id}`, {
      version: current.version,
      title: 'Alert on edge 5xx rate above 1 %',
      priority: 'P0',
      dueDate: '2027-01-31',
      status: 'in_progress',
    });
    expect(edited.status).toBe(200);
    const issue = await eventually(async () => {
      const found = cloud.issue(link.externalId)!;
      return found.status === 'In Progress' ? found : undefined;
    });
    expect(issue).toMatchObject({
      summary: 'Alert on edge 5xx rate above 1 %',
      priority: 'Highest',
      duedate: '2027-01-31',
    });
    expect(
      cloud.received.some(
        (request) =>
          request.method === 'POST' &&
          request.path === `/rest/api/3/issue/${link.externalId}/transitions` &&
          request.body.transition.id === '21',
      ),
    ).toBe(true);
  });

  it('moved to Done in Jira: the poll (JQL in the user’s zone, paged) closes the item', async () => {
    const { postmortemId, item: created } = await newItem('Drain the old POP');
    const { link } = await linkedItem(postmortemId, created.id);
    // A first round sets the cursor, so the next one asks for `updated >= "<New York time>"`.
    expect((await trackers.poll()).failed).toBe(0);
    // Issues changed in Jira but not linked here: the change list spans several pages.
    for (const title of ['Unrelated 1', 'Unrelated 2', 'Unrelated 3'])
      cloud.createDirect(title, 'made in Jira');
    cloud.transition(link.externalId, 'Done');
    const polled = await trackers.poll();
    expect(polled.failed).toBe(0);
    const done = await item(postmortemId, created.id);
    expect(done.status).toBe('done');
    expect(done.closedAt).not.toBeNull();
    const updates = (await activity(postmortemId)).filter((entry) => entry.action === 'updated');
    expect(updates[0]).toMatchObject({
      actor: 'Ops Jira (tracker sync)',
      changes: { status: { from: 'open', to: 'done' } },
    });
    const searches = cloud.received.filter((request) => request.path === '/rest/api/3/search/jql');
    expect(searches.some((request) => request.body.nextPageToken)).toBe(true);
    expect(searches.at(-1)!.body.jql).toMatch(
      /^project = "OPS" AND updated >= "\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}" ORDER BY updated ASC, id ASC$/,
    );
    // Polling again changes nothing.
    await trackers.poll();
    expect((await item(postmortemId, created.id)).version).toBe(done.version);
  });

  it('a busy minute before the cursor does not fill the batch (JQL reads minutes, the cursor is finer)', async () => {
    const { postmortemId, item: created } = await newItem('Rebalance the edge pools');
    const { link } = await linkedItem(postmortemId, created.id);
    // A bulk edit in Jira: more issues than one poll reads (200), just before the issue's change.
    cloud.pageSize = 100;
    try {
      for (let index = 0; index < 205; index++) cloud.createDirect(`Bulk ${index}`, 'bulk');
      await new Promise((resolve) => setTimeout(resolve, 5));
      cloud.transition(link.externalId, 'Done');
      const connector = trackers.connectorFor(await trackers.getTarget(targetId));
      const since = (await connector.get(link.externalId))!.updatedAt;
      const changed = await connector.changedSince(since, 200);
      expect(changed.map((issue) => issue.key)).toEqual([link.externalKey]);
    } finally {
      cloud.pageSize = 2;
    }
  });

  it('the same field changed on both sides: the later writer wins and the conflict is in the activity', async () => {
    const { postmortemId, item: created } = await newItem('Runbook for CDN failover');
    const { link, current } = await linkedItem(postmortemId, created.id);
    // Jira first, then here (later): ours wins and goes there.
    cloud.edit(link.externalId, { duedate: '2027-02-01' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await sut.api('PATCH', `/action-items/${created.id}`, {
      version: current.version,
      dueDate: '2027-01-20',
    });
    await eventually(async () => cloud.issue(link.externalId)!.duedate === '2027-01-20');
    const conflict = await eventually(async () =>
      (await activity(postmortemId)).find((entry) => entry.action === 'conflict'),
    );
    expect(conflict.changes).toEqual({ dueDate: { from: '2027-02-01', to: '2027-01-20' } });
    expect((await item(postmortemId, created.id)).dueDate).toBe('2027-01-20');
  });

  it('a status the workflow cannot reach from where the issue is is refused, naming what it can reach', async () => {
    const issue = cloud.createDirect('Closed in Jira', 'made in Jira');
    cloud.transition(issue.id, 'Done');
    const connector = trackers.connectorFor(await trackers.getTarget(targetId));
    const attempt = connector.update(String(issue.id), { status: 'in_progress' });
    await expect(attempt).rejects.toBeInstanceOf(TrackerRefusedError);
    await expect(attempt).rejects.toThrow(
      `Jira has no transition of ${issue.key} from "Done" to "In Progress" (for in_progress); reachable: "To Do"`,
    );
    expect(cloud.issue(issue.id)!.status).toBe('Done');
  });

  it('a create cut off after Jira made the issue adopts it (found by its marker) instead of making a second', async () => {
    const { postmortemId, item: created } = await newItem('Cap retries on the edge');
    const orphan = cloud.createDirect(
      'Cap retries on the edge',
      `rca-desk:action-item:${created.id}`,
    );
    await sut.dataSource.query(
      `INSERT INTO tracker_link (action_item_id, postmortem_id, target_id, requested_by) VALUES ($1, $2, $3, 'test')`,
      [created.id, postmortemId, targetId],
    );
    const before = cloud.count();
    expect(await trackers.sync(created.id)).toBe(`created ${orphan.key}`);
    expect(cloud.count()).toBe(before);
    expect((await linkOf(postmortemId, created.id)).externalId).toBe(String(orphan.id));
  });

  it('an issue deleted in Jira leaves the item here; an item deleted here leaves a comment there', async () => {
    const there = await newItem('Drop the legacy CDN');
    const { link: thereLink } = await linkedItem(there.postmortemId, there.item.id);
    cloud.delete(thereLink.externalId);
    expect(await trackers.sync(there.item.id)).toBe(
      'deleted in the tracker; the action item is kept',
    );
    expect(await item(there.postmortemId, there.item.id)).toBeDefined();
    expect((await linkOf(there.postmortemId, there.item.id)).state).toBe('deleted_remotely');
    expect((await activity(there.postmortemId)).map((entry) => entry.action)).toContain('unlinked');

    const here = await newItem('Rotate the CDN keys');
    const { link: hereLink, current } = await linkedItem(here.postmortemId, here.item.id);
    const removed = await sut.api(
      'DELETE',
      `/action-items/${here.item.id}?version=${current.version}`,
    );
    expect(removed.status).toBe(204);
    await eventually(
      async () => (await linkOf(here.postmortemId, here.item.id))?.state === 'detached',
    );
    const comments = cloud.issue(hereLink.externalId)!.comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({ type: 'doc', version: 1 });
    expect(textOf(comments[0])).toContain('This action item was deleted in RCA desk');
  });

  it('rate limited (429 with Retry-After): the poll records it on the target, the next round is fine', async () => {
    cloud.failNext(429, { 'retry-after': '30' });
    const limited = await trackers.poll();
    expect(limited.failed).toBe(1);
    const target = (await sut.api('GET', `/tracker-targets/${targetId}`)).body;
    expect(target.lastError).toMatch(
      /^Jira answered 429 to [A-Z]+ \/rest\/api\/3\/\S+: Rate limit exceeded\.$/,
    );
    expect((await trackers.poll()).failed).toBe(0);
    expect((await sut.api('GET', `/tracker-targets/${targetId}`)).body.lastError).toBeNull();
  });

  it('a 503 with Retry-After is a rate limit to wait out; another 5xx is a failure to retry', async () => {
    const issue = cloud.createDirect('Read while Jira is busy', 'made in Jira');
    const connector = trackers.connectorFor(await trackers.getTarget(targetId));
    cloud.failNext(503, { 'retry-after': '7' });
    await expect(connector.get(String(issue.id))).rejects.toMatchObject({
      name: 'FetchError',
      kind: FetchErrorKind.RateLimited,
      details: { status: 503, retryAfterMs: 7_000 },
    });
    cloud.failNext(502);
    await expect(connector.get(String(issue.id))).rejects.toMatchObject({
      name: 'FetchError',
      kind: FetchErrorKind.HttpStatus,
      details: { status: 502 },
    });
    expect((await connector.get(String(issue.id)))?.key).toBe(issue.key);
  });

  it('refused credentials: the test says so in Jira’s words; the sync works again after the fix', async () => {
    const updated = await sut.api('PATCH', `/tracker-targets/${targetId}`, {
      version: targetVersion,
      credentials: { username: cloud.credentials.username, apiKey: 'revoked-token' },
    });
    expect(updated.status).toBe(200);
    const check = await sut.api('POST', `/tracker-targets/${targetId}/test`);
    expect(check.body).toEqual({
      ok: false,
      message:
        'Jira answered 401 to GET /rest/api/3/project/OPS: Client must be authenticated to access this resource.',
    });
    // The API token without the account's e-mail: the answer says what is missing.
    const tokenOnly = await sut.api('PATCH', `/tracker-targets/${targetId}`, {
      version: updated.body.version,
      credentials: { apiKey: cloud.credentials.apiKey },
    });
    expect((await sut.api('POST', `/tracker-targets/${targetId}/test`)).body.message).toBe(
      "Jira answered 401 to GET /rest/api/3/project/OPS: Client must be authenticated to access this resource. (Jira Cloud: enter the account's e-mail as username, with an API token)",
    );
    const { postmortemId, item: created } = await newItem('Page the CDN vendor faster');
    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    const failed = await eventually(async () => {
      const link = await linkOf(postmortemId, created.id);
      return link?.state === 'failed' ? link : undefined;
    });
    expect(failed.lastError).toMatch(/^Jira answered 401/);

    const fixed = await sut.api('PATCH', `/tracker-targets/${targetId}`, {
      version: tokenOnly.body.version,
      credentials: cloud.credentials,
    });
    targetVersion = fixed.body.version;
    const { link } = await linkedItem(postmortemId, created.id);
    expect(link.lastError).toBeNull();
  });

  it('a signed Jira webhook brings a change without waiting for the poll', async () => {
    const { postmortemId, item: created } = await newItem('Shorten the DNS TTL');
    const { link } = await linkedItem(postmortemId, created.id);
    cloud.transition(link.externalId, 'Done');
    const setup = (await sut.api('GET', `/tracker-targets/${targetId}/webhook`)).body;
    expect(setup).toMatchObject({ supported: true, signatureHeader: 'x-hub-signature' });
    const body = JSON.stringify(cloud.webhookPayload(link.externalId));
    const unsigned = await fetch(`${sut.url}/api/tracker-webhooks/${targetId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature': 'sha256=00' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const signed = await fetch(`${sut.url}/api/tracker-webhooks/${targetId}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature': `sha256=${createHmac('sha256', setup.secret).update(body).digest('hex')}`,
      },
      body,
    });
    expect(signed.status).toBe(202);
    expect(await signed.json()).toEqual({ queued: 1 });
    const done = await eventually(async () => {
      const found = await item(postmortemId, created.id);
      return found.status === 'done' ? found : undefined;
    });
    expect(done.closedAt).not.toBeNull();
  });

  describe('Data Center (REST v2, a personal access token)', () => {
    const team = 'platform';
    let dataCenterTargetId: string;

    beforeAll(async () => {
      const created = await sut.api('POST', '/tracker-targets', {
        name: 'Platform Jira',
        kind: 'jira',
        team,
        baseUrl: dataCenter.baseUrl,
        project: dataCenter.project.key,
        issueType: 'Bug',
        credentials: dataCenter.credentials,
      });
      expect(created.status).toBe(201);
      dataCenterTargetId = created.body.id;
    });

    it('checks the project as Data Center', async () => {
      const check = await sut.api('POST', `/tracker-targets/${dataCenterTargetId}/test`);
      expect(check.body).toEqual({
        ok: true,
        message:
          'Jira Data Center project "Platform" (PLAT) is reachable with these credentials; new issues are of type "Bug"',
      });
    });

    it('creates the issue with a plain-text description, and the poll (startAt pages) brings Done back', async () => {
      const { postmortemId, item: created } = await newItem('Pin the base image', {}, team);
      const { link } = await linkedItem(postmortemId, created.id);
      const issue = dataCenter.issue(link.externalId)!;
      expect(link.externalKey).toMatch(/^PLAT-\d+$/);
      expect(issue).toMatchObject({
        summary: 'Pin the base image',
        issuetype: 'Bug',
        priority: 'High',
      });
      expect(typeof issue.description).toBe('string');
      expect(issue.description).toContain(`rca-desk:action-item:${created.id}`);
      const create = dataCenter.received.find(
        (request) => request.method === 'POST' && request.path === '/rest/api/2/issue',
      )!;
      expect(create.headers.authorization).toBe(`Bearer ${dataCenter.credentials.apiKey}`);

      expect((await trackers.poll()).failed).toBe(0);
      for (const title of ['Unrelated 1', 'Unrelated 2', 'Unrelated 3'])
        dataCenter.createDirect(title, 'made in Jira');
      dataCenter.transition(link.externalId, 'Done');
      expect((await trackers.poll()).failed).toBe(0);
      expect((await item(postmortemId, created.id)).status).toBe('done');
      const searches = dataCenter.received.filter(
        (request) => request.path === '/rest/api/2/search',
      );
      expect(searches.some((request) => request.body.startAt > 0)).toBe(true);
      expect(dataCenter.received.some((request) => request.path.startsWith('/rest/api/3'))).toBe(
        false,
      );
    });
  });
});
