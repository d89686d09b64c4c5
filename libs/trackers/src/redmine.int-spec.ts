import { startRedmine, RunningRedmine } from '../../../test/support/redmine';
import { eventually } from '../../../test/support/loopback-receivers';
import { actionItemHelpers } from '../../../test/support/action-items';
import { createTestApp, TestApp } from '../../../test/test-context';
import { TrackersService } from './trackers.service';

/**
 * Action items synced both ways with a real Redmine (Debian's package on loopback, see
 * test/support/redmine.ts), through the real API, Postgres, Redis, the outbox and BullMQ workers.
 */
describe('action items ↔ a real Redmine', () => {
  let redmine: RunningRedmine;
  let sut: TestApp;
  const { newItem, linkOf, item, activity } = actionItemHelpers(() => sut);
  let trackers: TrackersService;
  let targetId: string;
  let targetVersion: number;

  beforeAll(async () => {
    redmine = await startRedmine();
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
      name: 'Ops Redmine',
      kind: 'redmine',
      baseUrl: redmine.baseUrl,
      project: redmine.project,
      issueType: 'Feature',
      credentials: { apiKey: redmine.apiKey },
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('credentials');
    expect(created.body.hasCredentials).toBe(true);
    targetId = created.body.id;
    targetVersion = created.body.version;
  }, 180_000);
  afterAll(async () => {
    await sut?.close();
    await redmine?.close();
  });

  const linked = (postmortemId: string, itemId: string) =>
    eventually(async () => {
      const link = await linkOf(postmortemId, itemId);
      return link?.state === 'linked' ? link : undefined;
    });
  const issueCount = async () =>
    (await redmine.api('GET', `/issues.json?project_id=${redmine.project}&status_id=*&limit=1`))
      .body.total_count as number;

  it('checks the target with its credentials, and refuses a bad one clearly', async () => {
    const check = await sut.api('POST', `/tracker-targets/${targetId}/test`);
    expect(check.body).toEqual({
      ok: true,
      message: 'Redmine project "Reliability" is reachable with these credentials',
    });
    const bad = await sut.api('POST', '/tracker-targets', {
      name: 'Bad',
      kind: 'redmine',
      baseUrl: 'ftp://redmine.example.com',
      project: 'x',
      credentials: { apiKey: 'k' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toContain('baseUrl');
    const second = await sut.api('POST', '/tracker-targets', {
      name: 'Second default',
      kind: 'redmine',
      baseUrl: redmine.baseUrl,
      project: 'x',
      credentials: { apiKey: 'k' },
    });
    expect(second.status).toBe(400);
    expect(second.body.errors[0].field).toBe('team');
  });

  it('creates the issue once, with our fields, and links it back on the item', async () => {
    const before = await issueCount();
    const { postmortemId, reference, item: created } = await newItem('Fail over to a second CDN');
    const asked = await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    expect(asked.status).toBe(202);
    const link = await linked(postmortemId, created.id);
    expect(link.externalKey).toMatch(/^#\d+$/);
    expect(link.url).toBe(`${redmine.baseUrl}/issues/${link.externalId}`);

    const issue = (await redmine.api('GET', `/issues/${link.externalId}.json`)).body.issue;
    expect(issue.subject).toBe('Fail over to a second CDN');
    expect(issue.tracker.name).toBe('Feature');
    expect(issue.priority.name).toBe('Urgent');
    expect(issue.due_date).toBe('2027-01-15');
    expect(issue.status.name).toBe('New');
    expect(issue.description).toContain(
      `https://rca.example.com/incidents/${reference}/postmortem`,
    );

    // The item shows the issue's link; asking again, or the job running twice, adds no issue.
    const shown = await eventually(async () => {
      const current = await item(postmortemId, created.id);
      return current.externalUrl ? current : undefined;
    });
    expect(shown.externalUrl).toBe(link.url);
    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    expect(await trackers.sync(created.id)).toBe('in step');
    expect(await trackers.sync(created.id)).toBe('in step');
    expect(await issueCount()).toBe(before + 1);
    expect((await activity(postmortemId)).map((entry) => entry.action)).toContain('linked');
  });

  it('edits here reach Redmine; closing it there closes it here', async () => {
    const { postmortemId, item: created } = await newItem('Alert on edge 5xx rate');
    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    const link = await linked(postmortemId, created.id);
    const current = await eventually(async () => {
      const found = await item(postmortemId, created.id);
      return found.externalUrl ? found : undefined;
    });

    const edited = await sut.api('PATCH', `/action-items/${created.id}`, {
      version: current.version,
      title: 'Alert on edge 5xx rate above 1 %',
      priority: 'P0',
    });
    expect(edited.status).toBe(200);
    await eventually(async () => {
      const issue = (await redmine.api('GET', `/issues/${link.externalId}.json`)).body.issue;
      return issue.subject === 'Alert on edge 5xx rate above 1 %' &&
        issue.priority.name === 'Immediate'
        ? issue
        : undefined;
    });

    // Someone closes it in Redmine (status Closed); the poll brings it here.
    const closedStatus = (
      await redmine.api('GET', '/issue_statuses.json')
    ).body.issue_statuses.find((status: { name: string }) => status.name === 'Closed');
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // Redmine stores seconds
    const put = await redmine.api('PUT', `/issues/${link.externalId}.json`, {
      issue: { status_id: closedStatus.id, notes: 'Done: the alert is live' },
    });
    expect(put.status).toBe(204);
    const polled = await trackers.poll();
    expect(polled.failed).toBe(0);
    const done = await item(postmortemId, created.id);
    expect(done.status).toBe('done');
    expect(done.closedAt).not.toBeNull();
    const updates = (await activity(postmortemId)).filter((entry) => entry.action === 'updated');
    expect(updates[0]).toMatchObject({
      actor: 'Ops Redmine (tracker sync)',
      changes: { status: { from: 'open', to: 'done' } },
    });
    // Polling again changes nothing.
    await trackers.poll();
    expect((await item(postmortemId, created.id)).version).toBe(done.version);
  });

  it('the same field changed on both sides: the later writer wins and the conflict is in the activity', async () => {
    const { postmortemId, item: created } = await newItem('Runbook for CDN failover');
    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    const link = await linked(postmortemId, created.id);
    const current = await eventually(async () => {
      const found = await item(postmortemId, created.id);
      return found.externalUrl ? found : undefined;
    });
    // Redmine first, then here (later): ours wins and goes there.
    await redmine.api('PUT', `/issues/${link.externalId}.json`, {
      issue: { due_date: '2027-02-01' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await sut.api('PATCH', `/action-items/${created.id}`, {
      version: current.version,
      dueDate: '2027-01-20',
    });
    const issue = await eventually(async () => {
      const found = (await redmine.api('GET', `/issues/${link.externalId}.json`)).body.issue;
      return found.due_date === '2027-01-20' ? found : undefined;
    });
    expect(issue.due_date).toBe('2027-01-20');
    const conflict = await eventually(async () =>
      (await activity(postmortemId)).find((entry) => entry.action === 'conflict'),
    );
    expect(conflict.changes).toEqual({ dueDate: { from: '2027-02-01', to: '2027-01-20' } });
    expect((await item(postmortemId, created.id)).dueDate).toBe('2027-01-20');
  });

  it('a create cut off after Redmine made the issue adopts that issue instead of making a second', async () => {
    const { postmortemId, item: created } = await newItem('Cap retries on the edge');
    // The issue exists (a run that crashed before recording it) and the link is still claimed.
    const orphan = await redmine.api('POST', '/issues.json', {
      issue: {
        project_id: redmine.project,
        subject: 'Cap retries on the edge',
        description: `rca-desk:action-item:${created.id}`,
      },
    });
    expect(orphan.status).toBe(201);
    await sut.dataSource.query(
      `INSERT INTO tracker_link (action_item_id, postmortem_id, target_id, requested_by) VALUES ($1, $2, $3, 'test')`,
      [created.id, postmortemId, targetId],
    );
    const before = await issueCount();
    expect(await trackers.sync(created.id)).toBe(`created #${orphan.body.issue.id}`);
    expect(await issueCount()).toBe(before);
    expect((await linkOf(postmortemId, created.id)).externalId).toBe(String(orphan.body.issue.id));
  });

  it('deleting on one side never deletes on the other', async () => {
    const there = await newItem('Drop the legacy CDN');
    await sut.api('POST', `/action-items/${there.item.id}/tracker-link`);
    const thereLink = await linked(there.postmortemId, there.item.id);
    expect((await redmine.api('DELETE', `/issues/${thereLink.externalId}.json`)).status).toBe(204);
    expect(await trackers.sync(there.item.id)).toBe(
      'deleted in the tracker; the action item is kept',
    );
    expect(await item(there.postmortemId, there.item.id)).toBeDefined();
    expect((await linkOf(there.postmortemId, there.item.id)).state).toBe('deleted_remotely');
    expect((await activity(there.postmortemId)).map((entry) => entry.action)).toContain('unlinked');

    const here = await newItem('Rotate the CDN keys');
    await sut.api('POST', `/action-items/${here.item.id}/tracker-link`);
    const hereLink = await linked(here.postmortemId, here.item.id);
    const current = await eventually(async () => {
      const found = await item(here.postmortemId, here.item.id);
      return found.externalUrl ? found : undefined;
    });
    const removed = await sut.api(
      'DELETE',
      `/action-items/${here.item.id}?version=${current.version}`,
    );
    expect(removed.status).toBe(204);
    await eventually(async () => {
      const link = await linkOf(here.postmortemId, here.item.id);
      return link?.state === 'detached' ? link : undefined;
    });
    const issue = await redmine.api('GET', `/issues/${hereLink.externalId}.json?include=journals`);
    expect(issue.status).toBe(200);
    expect(
      issue.body.issue.journals.map((journal: { notes: string }) => journal.notes).join('\n'),
    ).toContain('This action item was deleted in RCA desk');
  });

  it('refused credentials fail the link with the reason; asking again after the fix links it', async () => {
    const updated = await sut.api('PATCH', `/tracker-targets/${targetId}`, {
      version: targetVersion,
      credentials: { apiKey: 'wrong-key' },
    });
    expect(updated.status).toBe(200);
    const { postmortemId, item: created } = await newItem('Page the CDN vendor faster');
    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    const failed = await eventually(async () => {
      const link = await linkOf(postmortemId, created.id);
      return link?.state === 'failed' ? link : undefined;
    });
    expect(failed.lastError).toMatch(/^Redmine answered 401/);
    const check = await sut.api('POST', `/tracker-targets/${targetId}/test`);
    expect(check.body.ok).toBe(false);

    const fixed = await sut.api('PATCH', `/tracker-targets/${targetId}`, {
      version: updated.body.version,
      credentials: { apiKey: redmine.apiKey },
    });
    targetVersion = fixed.body.version;
    await sut.api('POST', `/action-items/${created.id}/tracker-link`);
    expect((await linked(postmortemId, created.id)).lastError).toBeNull();
  });

  it('Redmine has no webhooks: the setup says so, and every call is refused with 401', async () => {
    const setup = await sut.api('GET', `/tracker-targets/${targetId}/webhook`);
    expect(setup.status).toBe(200);
    expect(setup.body).toMatchObject({ supported: false, secret: null });
    expect(setup.body.note).toContain('poll');
    const call = await fetch(`${sut.url}/api/tracker-webhooks/${targetId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
      body: JSON.stringify({ issue: { id: 1 } }),
    });
    expect(call.status).toBe(401);
    const responder = await sut.fetchAs('responder@example.com', 'responder', ['read:postmortems'])(
      `/api/tracker-targets/${targetId}/webhook`,
    );
    expect(responder.status).toBe(403);
  });
});
