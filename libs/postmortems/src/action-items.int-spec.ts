import { DataSource } from 'typeorm';
import { createTestApp, TestApp } from '../../../test/test-context';
import { ActionItemOwnerBackfill1796190071128 } from '../../../migrations/1796190071128-action-item-owner-backfill';
import { ActionItemEntity } from './action-item.entity';

/**
 * Action items: owners are users (by id, shown by name), edits and deletions are versioned and
 * logged, and every export names the owner (real Postgres, the whole API).
 */
describe('action items with people as owners (real Postgres)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(async () => {
    await sut?.close();
  });

  /** A resolved incident with its drafted postmortem. */
  async function newPostmortem(): Promise<{ id: string }> {
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      startedAt: new Date('2026-11-18T11:20:00Z'),
      detectedAt: new Date('2026-11-18T11:28:00Z'),
      resolvedAt: new Date('2026-11-18T14:30:00Z'),
    });
    const drafted = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
    expect(drafted.status).toBe(201);
    return { id: drafted.body.postmortemId };
  }

  it('refuses an owner e-mail that is no user with a 400 naming the field; nothing is stored', async () => {
    const pm = await newPostmortem();
    const response = await sut.api('POST', `/postmortems/${pm.id}/action-items`, {
      title: 'Add a second CDN',
      type: 'prevent',
      owner: 'nobody@example.org',
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      {
        field: 'owner',
        messages: ['no user with e-mail nobody@example.org — invite them first'],
      },
    ]);
    const items = await sut.api('GET', `/postmortems/${pm.id}/action-items`);
    expect(
      items.body.items.filter((item: { sourceKey: string | null }) => !item.sourceKey),
    ).toEqual([]);
  });

  it('refuses an owner id that is no user, and a disabled user', async () => {
    const pm = await newPostmortem();
    const gone = await sut.factories.newUser({ disabledAt: new Date() });
    for (const ownerId of ['7c1e1d4a-1111-4a4a-8a8a-000000000000', gone.id]) {
      const response = await sut.api('POST', `/postmortems/${pm.id}/action-items`, {
        title: 'Add a second CDN',
        type: 'prevent',
        ownerId,
      });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('ownerId');
    }
  });

  it('stores the owner by user id and answers their name, by e-mail or by id', async () => {
    const pm = await newPostmortem();
    const ada = await sut.factories.newUser({
      email: 'ada.owner@example.com',
      displayName: 'Ada Lovelace',
    });
    const byEmail = await sut.api('POST', `/postmortems/${pm.id}/action-items`, {
      title: 'Fallback origin for chat assets',
      type: 'prevent',
      owner: 'Ada.Owner@Example.com',
    });
    expect(byEmail.status).toBe(201);
    expect(byEmail.body).toMatchObject({
      ownerId: ada.id,
      owner: 'ada.owner@example.com',
      ownerName: 'Ada Lovelace',
      ownerUnlinked: false,
    });
    const byId = await sut.api('POST', `/postmortems/${pm.id}/action-items`, {
      title: 'Alert on CDN 5xx',
      type: 'detect',
      ownerId: ada.id,
    });
    expect(byId.body).toMatchObject({ ownerId: ada.id, ownerName: 'Ada Lovelace' });
    const stored = await sut.dataSource
      .getRepository(ActionItemEntity)
      .findOneByOrFail({ id: byEmail.body.id });
    expect(stored).toMatchObject({ ownerId: ada.id, owner: null });
  });

  it('edits every field with the version read; a stale version is refused with 409', async () => {
    const pm = await newPostmortem();
    const grace = await sut.factories.newUser({ displayName: 'Grace Hopper' });
    const created = await sut.api('POST', `/postmortems/${pm.id}/action-items`, {
      title: 'Draft title',
      type: 'process',
    });
    const edited = await sut.api('PATCH', `/action-items/${created.body.id}`, {
      version: created.body.version,
      title: 'Runbook for CDN failover',
      ownerId: grace.id,
      dueDate: '2030-01-15',
      priority: 'P1',
      type: 'mitigate',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      title: 'Runbook for CDN failover',
      ownerName: 'Grace Hopper',
      dueDate: '2030-01-15',
      priority: 'P1',
      type: 'mitigate',
      version: created.body.version + 1,
    });
    const stale = await sut.api('PATCH', `/action-items/${created.body.id}`, {
      version: created.body.version,
      title: 'Overwritten',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.details.currentVersion).toBe(created.body.version + 1);
    const unknown = await sut.api('PATCH', `/action-items/${created.body.id}`, {
      version: edited.body.version,
      owner: 'stranger@example.org',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('owner');
    const cleared = await sut.api('PATCH', `/action-items/${created.body.id}`, {
      version: edited.body.version,
      ownerId: null,
    });
    expect(cleared.body).toMatchObject({ ownerId: null, owner: null, ownerName: null });
  });

  it('deletes with the version read (409 when stale), and the activity log keeps who did what', async () => {
    const pm = await newPostmortem();
    const created = await sut.api('POST', `/postmortems/${pm.id}/action-items`, {
      title: 'Temporary item',
      type: 'process',
      author: 'editor',
    });
    await sut.api('PATCH', `/action-items/${created.body.id}`, {
      version: 1,
      priority: 'P0',
      author: 'editor',
    });
    const stale = await sut.api('DELETE', `/action-items/${created.body.id}?version=1`);
    expect(stale.status).toBe(409);
    const deleted = await sut.api('DELETE', `/action-items/${created.body.id}?version=2`, {
      author: 'remover',
    });
    expect(deleted.status).toBe(204);
    expect(
      (await sut.api('PATCH', `/action-items/${created.body.id}`, { version: 2 })).status,
    ).toBe(404);
    const activity = await sut.api('GET', `/postmortems/${pm.id}/action-item-activity`);
    expect(
      activity.body.items
        .filter((entry: { actionItemId: string }) => entry.actionItemId === created.body.id)
        .map((entry: { action: string; actor: string; changes: object }) => [
          entry.action,
          entry.actor,
          entry.changes,
        ]),
    ).toEqual([
      ['deleted', 'remover@example.com', {}],
      ['updated', 'editor@example.com', { priority: { from: 'P2', to: 'P0' } }],
      ['created', 'editor@example.com', {}],
    ]);
    expect(activity.body.nextCursor).toBeNull();
  });

  it('the people picker finds users by name or e-mail, page by page', async () => {
    await sut.factories.newUser({ email: 'linus.picker@example.com', displayName: 'Linus Picker' });
    await sut.factories.newUser({ email: 'lina.picker@example.com', displayName: 'Lina Picker' });
    await sut.factories.newUser({
      email: 'gone.picker@example.com',
      displayName: 'Gone Picker',
      disabledAt: new Date(),
    });
    const viewer = sut.fetchAs('viewer.people@example.com', 'viewer', ['read:postmortems']);
    const first = await (await viewer('/api/people?q=picker&limit=1')).json();
    expect(first.items.map((person: { displayName: string }) => person.displayName)).toEqual([
      'Lina Picker',
    ]);
    const second = await (
      await viewer(`/api/people?q=picker&limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items.map((person: { email: string }) => person.email)).toEqual([
      'linus.picker@example.com',
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it('the owner migration links free-text owners that are users and keeps the others as unlinked', async () => {
    const pm = await newPostmortem();
    const bob = await sut.factories.newUser({
      email: 'bob.legacy@example.com',
      displayName: 'Bob Legacy',
    });
    const items = sut.dataSource.getRepository(ActionItemEntity);
    const linked = await items.save(
      items.create({
        postmortemId: pm.id,
        title: 'Legacy linked',
        type: 'prevent',
        owner: ' BOB.legacy@example.com ',
      }),
    );
    const unlinked = await items.save(
      items.create({
        postmortemId: pm.id,
        title: 'Legacy unlinked',
        type: 'prevent',
        owner: 'the web team',
      }),
    );
    await runBackfill(sut.dataSource);
    const list = await sut.api('GET', `/postmortems/${pm.id}/action-items`);
    const byId = (id: string) => list.body.items.find((item: { id: string }) => item.id === id);
    expect(byId(linked.id)).toMatchObject({
      ownerId: bob.id,
      ownerName: 'Bob Legacy',
      ownerUnlinked: false,
    });
    expect(byId(unlinked.id)).toMatchObject({
      ownerId: null,
      owner: 'the web team',
      ownerName: null,
      ownerUnlinked: true,
    });
  });

  it.each(['markdown', 'html', 'confluence', 'mediawiki', 'json'])(
    'the %s export shows each action item with its owner name and due date',
    async (format) => {
      const pm = await newPostmortem();
      await sut.factories.newUser({
        email: `mae.${format}@example.com`,
        displayName: 'Mae Jemison',
      });
      await sut.api('POST', `/postmortems/${pm.id}/action-items`, {
        title: 'Second CDN for chat assets',
        type: 'prevent',
        owner: `mae.${format}@example.com`,
        dueDate: '2030-03-01',
      });
      const exported = await sut.api(
        'GET',
        `/postmortems/${pm.id}/export?format=${format}&variant=internal`,
      );
      expect(exported.status).toBe(200);
      expect(exported.text).toContain('Second CDN for chat assets');
      expect(exported.text).toContain('Mae Jemison');
      // MediaWiki escapes the hyphens of the date.
      expect(exported.text.replaceAll('&#45;', '-')).toContain('2030-03-01');
      expect(exported.text).not.toContain(`mae.${format}@example.com`);
    },
  );
});

async function runBackfill(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    await new ActionItemOwnerBackfill1796190071128().up(runner);
  } finally {
    await runner.release();
  }
}
