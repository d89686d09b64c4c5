import type { TestApp } from '../test-context';

export interface ActivityEntry {
  action: string;
  actor: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/**
 * Action items through the API, as the tracker tests use them (`app` is read when called: the
 * app is made in beforeAll). `newItem` makes a resolved incident, its draft and one item.
 */
export function actionItemHelpers(app: () => TestApp) {
  async function newItem(title: string, extra: Record<string, unknown> = {}, team?: string) {
    const sut = app();
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      startedAt: new Date('2026-11-18T11:20:00Z'),
      resolvedAt: new Date('2026-11-18T14:30:00Z'),
    });
    const drafted = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
    const postmortemId = drafted.body.postmortemId as string;
    if (team)
      await sut.dataSource.query(`UPDATE postmortem SET team = $2 WHERE id = $1`, [
        postmortemId,
        team,
      ]);
    const item = await sut.api('POST', `/postmortems/${postmortemId}/action-items`, {
      title,
      type: 'prevent',
      priority: 'P1',
      dueDate: '2027-01-15',
      ...extra,
    });
    expect(item.status).toBe(201);
    return { postmortemId, reference: incident.reference as string, item: item.body };
  }
  const linkOf = async (postmortemId: string, itemId: string) =>
    (await app().api('GET', `/postmortems/${postmortemId}/tracker-links`)).body.items.find(
      (link: { actionItemId: string }) => link.actionItemId === itemId,
    );
  const item = async (postmortemId: string, id: string) =>
    (await app().api('GET', `/postmortems/${postmortemId}/action-items`)).body.items.find(
      (candidate: { id: string }) => candidate.id === id,
    );
  const activity = async (postmortemId: string) =>
    (await app().api('GET', `/postmortems/${postmortemId}/action-item-activity`)).body
      .items as ActivityEntry[];
  return { newItem, linkOf, item, activity };
}
