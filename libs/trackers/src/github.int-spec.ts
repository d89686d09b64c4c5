import { createHmac } from 'node:crypto';
import {
  GitHubContractServer,
  startGitHubContractServer,
} from '../../../test/support/github-contract-server';
import { eventually } from '../../../test/support/loopback-receivers';
import { actionItemHelpers } from '../../../test/support/action-items';
import { createTestApp, TestApp } from '../../../test/test-context';
import { TrackersService } from './trackers.service';

/**
 * CONTRACT TEST — GitHub cannot run here (a hosted service; GitHub Enterprise Server cannot be
 * installed on this machine, and there is no network), so action items are synced with a loopback
 * server shaped like GitHub's documented REST API (test/support/github-contract-server.ts), through
 * the real API of the app, Postgres, Redis, the outbox, BullMQ workers and the real `@octokit/rest`
 * on the product's outbound client. It proves the connector speaks that contract and survives its
 * failure modes, not how github.com behaves beyond its documentation.
 */
describe('action items ↔ GitHub Issues (contract test)', () => {
  let github: GitHubContractServer;
  let sut: TestApp;
  const { newItem, linkOf, item, activity } = actionItemHelpers(() => sut);
  let trackers: TrackersService;
  let targetId: string;

  beforeAll(async () => {
    github = await startGitHubContractServer();
    // A pull request first: GitHub numbers them with the issues and lists them among them.
    github.openPullRequest('Bump the CDN client', 'Not an action item');
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
      name: 'Payments GitHub',
      kind: 'github',
      baseUrl: github.baseUrl,
      project: github.project,
      issueType: 'action item',
      credentials: { apiKey: github.token },
    });
    expect(created.status).toBe(201);
    expect(created.body.hasCredentials).toBe(true);
    targetId = created.body.id;
  }, 120_000);
  afterAll(async () => {
    await sut?.close();
    await github?.close();
  });

  const target = async () => (await sut.api('GET', `/tracker-targets/${targetId}`)).body;

  /** An item with its issue on GitHub, linked and shown on the item. */
  async function linkedItem(title: string, extra: Record<string, unknown> = {}) {
    const made = await newItem(title, extra);
    expect((await sut.api('POST', `/action-items/${made.item.id}/tracker-link`)).status).toBe(202);
    const link = await eventually(async () => {
      const found = await linkOf(made.postmortemId, made.item.id);
      return found?.state === 'linked' ? found : undefined;
    });
    const current = await eventually(async () => {
      const found = await item(made.postmortemId, made.item.id);
      return found.externalUrl ? found : undefined;
    });
    return { ...made, link, current, issue: () => github.issue(link.externalId) };
  }

  /** GitHub stores seconds: a change there lands after what the sync last read. */
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  it('checks the repository with the token, and refuses a project that is not owner/repo', async () => {
    const check = await sut.api('POST', `/tracker-targets/${targetId}/test`);
    expect(check.body).toEqual({
      ok: true,
      message:
        'GitHub repository "acme/payments" is reachable with these credentials and has issues on',
    });
    const before = (await sut.api('GET', '/tracker-targets')).body.items.length;
    const bad = await sut.api('POST', '/tracker-targets', {
      name: 'Nope',
      kind: 'github',
      team: 'nope',
      baseUrl: github.baseUrl,
      project: 'nope',
      credentials: { apiKey: github.token },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        field: 'project',
        messages: ['a GitHub project is the repository as owner/repo (e.g. acme/payments)'],
      },
    ]);
    expect((await sut.api('GET', '/tracker-targets')).body.items).toHaveLength(before);
  });

  it('a bad token: the test answers ok false with GitHub’s message', async () => {
    const created = await sut.api('POST', '/tracker-targets', {
      name: 'Payments GitHub, bad token',
      kind: 'github',
      team: 'payments',
      baseUrl: github.baseUrl,
      project: github.project,
      credentials: { apiKey: 'ghp_revoked' },
    });
    expect(created.status).toBe(201);
    const check = await sut.api('POST', `/tracker-targets/${created.body.id}/test`);
    expect(check.body).toEqual({
      ok: false,
      message: 'GitHub answered 401 to GET /repos/acme/payments: Bad credentials',
    });
    expect((await sut.api('DELETE', `/tracker-targets/${created.body.id}`)).status).toBe(204);
  });

  it('a repository the token cannot see: the test says so', async () => {
    const created = await sut.api('POST', '/tracker-targets', {
      name: 'Unknown repository',
      kind: 'github',
      team: 'ledger',
      baseUrl: github.baseUrl,
      project: 'acme/ledger',
      credentials: { apiKey: github.token },
    });
    expect(created.status).toBe(201);
    const check = await sut.api('POST', `/tracker-targets/${created.body.id}/test`);
    expect(check.body).toEqual({
      ok: false,
      message:
        'GitHub answered 404 to GET /repos/acme/ledger: Not Found (no repository acme/ledger, or the token has no access to it)',
    });
    expect((await sut.api('DELETE', `/tracker-targets/${created.body.id}`)).status).toBe(204);
  });

  it('a repository with issues turned off fails the test with the setting to change', async () => {
    github.hasIssues = false;
    try {
      const check = await sut.api('POST', `/tracker-targets/${targetId}/test`);
      expect(check.body.ok).toBe(false);
      expect(check.body.message).toContain('has issues turned off');
    } finally {
      github.hasIssues = true;
    }
  });

  it('syncs one item at a time: a second sync waits for the first, a dead worker’s lease runs out', async () => {
    const { item: created, current } = await linkedItem('Pin the proxy config');
    const marker = `rca-desk:action-item:${created.id}`;
    const renamed = await sut.api('PATCH', `/action-items/${created.id}`, {
      version: current.version,
      title: 'Pin the proxy config everywhere',
    });
    expect(renamed.status).toBe(200);
    const both = await Promise.all([trackers.sync(created.id), trackers.sync(created.id)]);
    expect(both).toHaveLength(2);
    expect(github.issuesWith(marker)).toHaveLength(1);
    expect(github.issuesWith(marker)[0].title).toBe('Pin the proxy config everywhere');
    // A worker that died mid-sync left its lease: the poll skips the item until it runs out.
    await sut.dataSource.query(
      `UPDATE tracker_link SET sync_claimed_until = now() + interval '1 minute' WHERE action_item_id = $1`,
      [created.id],
    );
    expect(await trackers.sync(created.id, 'skip')).toBe('busy');
    await sut.dataSource.query(
      `UPDATE tracker_link SET sync_claimed_until = now() - interval '1 second' WHERE action_item_id = $1`,
      [created.id],
    );
    expect(await trackers.sync(created.id, 'skip')).toBe('in step');
    const [{ claimed }] = (await sut.dataSource.query(
      `SELECT sync_claimed_until AS claimed FROM tracker_link WHERE action_item_id = $1`,
      [created.id],
    )) as Array<{ claimed: Date | null }>;
    expect(claimed).toBeNull();
  });

  it('"Create in tracker" creates exactly one issue, with the labels and the marker', async () => {
    const {
      postmortemId,
      reference,
      item: created,
      link,
    } = await linkedItem('Fail over to a second CDN');
    expect(link.externalKey).toBe(`#${link.externalId}`);
    const issue = github.issue(link.externalId);
    expect(issue.pullRequest).toBe(false);
    expect(link.url).toBe(
      `${github.baseUrl.replace('/api/v3', '')}/acme/payments/issues/${issue.number}`,
    );
    expect(issue.title).toBe('Fail over to a second CDN');
    expect(issue.state).toBe('open');
    expect(issue.labels).toEqual(['action item', 'P1']);
    expect(issue.body).toContain(`rca-desk:action-item:${created.id}`);
    expect(issue.body).toContain(`https://rca.example.com/incidents/${reference}/postmortem`);

    // Asking again, or the job running twice, adds no issue.
    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    expect(await trackers.sync(created.id)).toBe('in step');
    expect(await trackers.sync(created.id)).toBe('in step');
    expect(github.issuesWith(`rca-desk:action-item:${created.id}`)).toHaveLength(1);
    expect((await activity(postmortemId)).map((entry) => entry.action)).toContain('linked');
  });

  it('a create cut off after GitHub made the issue adopts that issue (pull requests skipped)', async () => {
    const { postmortemId, item: created } = await newItem('Cap retries on the edge');
    const orphan = github.openIssue(
      'Cap retries on the edge',
      `rca-desk:action-item:${created.id}`,
    );
    // Newer, so read first: a pull request quoting the marker is not the issue.
    github.openPullRequest('Cap retries', `Mentions rca-desk:action-item:${created.id}`);
    await sut.dataSource.query(
      `INSERT INTO tracker_link (action_item_id, postmortem_id, target_id, requested_by) VALUES ($1, $2, $3, 'test')`,
      [created.id, postmortemId, targetId],
    );
    expect(await trackers.sync(created.id)).toBe(`created #${orphan.number}`);
    expect(github.issuesWith(`rca-desk:action-item:${created.id}`)).toHaveLength(1);
  });

  it('title and priority edited here reach GitHub, one priority label kept', async () => {
    const { current, issue } = await linkedItem('Alert on edge 5xx rate');
    const edited = await sut.api('PATCH', `/action-items/${current.id}`, {
      version: current.version,
      title: 'Alert on edge 5xx rate above 1 %',
      priority: 'P0',
    });
    expect(edited.status).toBe(200);
    await eventually(async () => issue().title === 'Alert on edge 5xx rate above 1 %');
    await eventually(async () => issue().labels.includes('P0'));
    expect(issue().labels).toEqual(['action item', 'P0']);
  });

  it('in progress here is a label there; closed there as completed is done here after a poll', async () => {
    const { postmortemId, current, issue } = await linkedItem('Runbook for CDN failover');
    await sut.api('PATCH', `/action-items/${current.id}`, {
      version: current.version,
      status: 'in_progress',
    });
    await eventually(async () => issue().labels.includes('in progress'));
    expect(issue().state).toBe('open');

    await nextSecond();
    github.closeIssue(issue().number, 'completed');
    expect((await trackers.poll()).failed).toBe(0);
    const done = await item(postmortemId, current.id);
    expect(done.status).toBe('done');
    expect(done.closedAt).not.toBeNull();
    const updates = (await activity(postmortemId)).filter((entry) => entry.action === 'updated');
    expect(updates[0]).toMatchObject({
      actor: 'Payments GitHub (tracker sync)',
      changes: { status: { from: 'in_progress', to: 'done' } },
    });
    // Polling again changes nothing.
    await trackers.poll();
    expect((await item(postmortemId, current.id)).version).toBe(done.version);
  });

  it('closed there as not planned is won’t do here', async () => {
    const { postmortemId, current, issue } = await linkedItem('Drop the legacy edge');
    await nextSecond();
    github.closeIssue(issue().number, 'not_planned');
    expect((await trackers.poll()).failed).toBe(0);
    expect((await item(postmortemId, current.id)).status).toBe('wont_do');
  });

  it('won’t do here closes the issue there as not planned', async () => {
    const { current, issue } = await linkedItem('Retire the old purge API');
    await sut.api('PATCH', `/action-items/${current.id}`, {
      version: current.version,
      status: 'wont_do',
    });
    await eventually(async () => issue().state === 'closed');
    expect(issue().state_reason).toBe('not_planned');
  });

  it('the poll reads past the first page of changes', async () => {
    const { postmortemId, current, issue } = await linkedItem('Purge the CDN on deploy');
    // A first poll moves the cursor past everything so far.
    await trackers.poll();
    await nextSecond();
    for (let index = 0; index < 120; index += 1) github.openIssue(`Someone else's issue ${index}`);
    await nextSecond();
    github.closeIssue(issue().number, 'completed');
    const pagesBefore = github.requests('GET', '/issues').length;
    expect((await trackers.poll()).failed).toBe(0);
    expect((await item(postmortemId, current.id)).status).toBe('done');
    const pages = github.requests('GET', '/issues').slice(pagesBefore);
    expect(pages.map((request) => request.query.get('page'))).toEqual(['1', '2']);
    expect(pages[0].query.get('sort')).toBe('updated');
    expect(pages[0].query.get('direction')).toBe('asc');
    expect(pages[0].query.get('since')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('the same field changed on both sides: the later writer wins and the conflict is in the activity', async () => {
    const { postmortemId, current, issue } = await linkedItem('Rotate the CDN keys');
    // GitHub first, then here (later): ours wins and goes there.
    github.edit(issue().number, { labels: ['action item', 'P2'] });
    await nextSecond();
    await sut.api('PATCH', `/action-items/${current.id}`, {
      version: current.version,
      priority: 'P0',
    });
    await eventually(async () => issue().labels.includes('P0'));
    expect(issue().labels).toEqual(['action item', 'P0']);
    const conflict = await eventually(async () =>
      (await activity(postmortemId)).find((entry) => entry.action === 'conflict'),
    );
    expect(conflict.changes).toEqual({ priority: { from: 'P2', to: 'P0' } });
    expect((await item(postmortemId, current.id)).priority).toBe('P0');
  });

  it('a due date changed here is kept here and never sent to GitHub', async () => {
    const { postmortemId, current, link, issue } = await linkedItem('Load-test the new CDN');
    const patchesBefore = github.requests('PATCH', `/issues/${issue().number}`).length;
    await sut.api('PATCH', `/action-items/${current.id}`, {
      version: current.version,
      dueDate: '2027-03-01',
    });
    await eventually(async () => {
      const found = await linkOf(postmortemId, current.id);
      return found.lastSyncedAt !== link.lastSyncedAt;
    });
    expect(github.requests('PATCH', `/issues/${issue().number}`)).toHaveLength(patchesBefore);
    // A later change on GitHub does not bring GitHub's "no due date" back.
    await nextSecond();
    github.edit(issue().number, { title: 'Load-test the new CDN at peak' });
    await trackers.poll();
    const after = await item(postmortemId, current.id);
    expect(after.title).toBe('Load-test the new CDN at peak');
    expect(after.dueDate).toBe('2027-03-01');
  });

  it('an issue deleted on GitHub leaves the item here; the link says deleted_remotely', async () => {
    const { postmortemId, current, issue } = await linkedItem('Drop the legacy CDN');
    github.deleteIssue(issue().number);
    expect(await trackers.sync(current.id)).toBe('deleted in the tracker; the action item is kept');
    expect(await item(postmortemId, current.id)).toBeDefined();
    expect((await linkOf(postmortemId, current.id)).state).toBe('deleted_remotely');
    expect((await activity(postmortemId)).map((entry) => entry.action)).toContain('unlinked');
  });

  it('a rate-limited poll is recorded on the target, and the next poll succeeds', async () => {
    github.failNext({ kind: 'secondary-rate-limit', retryAfterSeconds: 60 });
    expect((await trackers.poll()).failed).toBe(1);
    expect((await target()).lastError).toMatch(
      /^GitHub answered 403 to GET \/repos\/acme\/payments\/issues: You have exceeded a secondary rate limit/,
    );
    github.failNext({ kind: 'primary-rate-limit', resetInSeconds: 120 });
    expect((await trackers.poll()).failed).toBe(1);
    expect((await target()).lastError).toContain('API rate limit exceeded');
    expect((await trackers.poll()).failed).toBe(0);
    expect((await target()).lastError).toBeNull();
  });

  it('a rate-limited push is recorded on the link and retried after GitHub’s retry-after', async () => {
    const { postmortemId, current, issue } = await linkedItem('Shorten the CDN TTLs');
    github.failNext({ kind: 'too-many-requests', retryAfterSeconds: 2 });
    await sut.api('PATCH', `/action-items/${current.id}`, {
      version: current.version,
      title: 'Shorten the CDN TTLs to 60 s',
    });
    const limited = await eventually(async () => {
      const found = await linkOf(postmortemId, current.id);
      return found.lastError ? found : undefined;
    });
    expect(limited.lastError).toMatch(/^GitHub answered 429 to GET .*: API rate limit exceeded/);
    await eventually(async () => issue().title === 'Shorten the CDN TTLs to 60 s', 20_000);
    await eventually(async () => (await linkOf(postmortemId, current.id)).lastError === null);
  });

  it('a signed webhook for an issue closed on GitHub syncs it without a poll', async () => {
    const { postmortemId, current, issue } = await linkedItem('Page the CDN vendor faster');
    const setup = await sut.api('GET', `/tracker-targets/${targetId}/webhook`);
    expect(setup.body).toMatchObject({ supported: true, signatureHeader: 'x-hub-signature-256' });
    const polledAt = (await target()).lastPolledAt;
    await nextSecond();
    const closed = github.closeIssue(issue().number, 'completed');
    const body = JSON.stringify({
      action: 'closed',
      issue: { id: closed.id, number: closed.number, state: 'closed', state_reason: 'completed' },
      repository: { full_name: github.project },
    });
    const deliver = (signature: string) =>
      fetch(`${sut.url}/api/tracker-webhooks/${targetId}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'issues',
          'x-hub-signature-256': signature,
        },
        body,
      });
    expect((await deliver('sha256=' + '0'.repeat(64))).status).toBe(401);
    const signed = `sha256=${createHmac('sha256', setup.body.secret).update(body).digest('hex')}`;
    expect((await deliver(signed)).status).toBe(202);
    await eventually(async () => (await item(postmortemId, current.id)).status === 'done');
    expect((await target()).lastPolledAt).toBe(polledAt);
  });
});
