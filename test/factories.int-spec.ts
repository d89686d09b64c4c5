import { createTestApp, TestApp } from './test-context';

describe('factories build the incident record (real Postgres)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it('builds linked rows and hands out sequential references per year', async () => {
    const f = sut.factories;
    const first = await f.newIncident({ startedAt: new Date('2024-03-01T00:00:00Z') });
    const second = await f.newIncident({ startedAt: new Date('2024-05-01T00:00:00Z') });
    const other = await f.newIncident({ startedAt: new Date('2025-01-01T00:00:00Z') });
    expect([first.reference, second.reference, other.reference]).toEqual([
      'INC-2024-0001',
      'INC-2024-0002',
      'INC-2025-0001',
    ]);
    const dependency = await f.newDependency();
    expect(dependency.vendorComponentId).toEqual(expect.any(String));
    const impact = await f.newImpact({ incidentId: first.id });
    expect(impact.startedAt.toISOString()).toBe('2024-03-01T00:00:00.000Z');
    const update = await f.newVendorIncidentUpdate();
    await f.newVendorIncidentComponent({ vendorIncidentId: update.vendorIncidentId });
    await f.newTimelineEvent({ incidentId: first.id, vendorIncidentUpdateId: update.id });
    await f.newCause({ incidentId: first.id, vendorIncidentId: update.vendorIncidentId });
  });

  it('refuses to rewrite or delete the activity log', async () => {
    const incident = await sut.factories.newIncident();
    await sut.dataSource.query(
      `INSERT INTO incident_activity (incident_id, actor, action, subject_type, subject_id) VALUES ($1, 'a', 'x', 'incident', $1)`,
      [incident.id],
    );
    await expect(sut.dataSource.query(`UPDATE incident_activity SET actor = 'b'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(sut.dataSource.query(`DELETE FROM incident_activity`)).rejects.toThrow(/append-only/);
  });
});
