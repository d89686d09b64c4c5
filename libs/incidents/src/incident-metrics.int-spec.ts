import { incidentMetrics } from '@rca/api-contract';
import { createTestApp, TestApp } from '../../../test/test-context';

// GET /api/metrics/incidents: the dashboard's MTTA/MTTR trends, computed in SQL from the same
// definitions as the incident page and the RCA (real Postgres).
describe('incident metric trends (GET /api/metrics/incidents)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it('averages MTTA and MTTR per month and service exactly as each incident page computes them', async () => {
    const f = sut.factories;
    const chat = await f.newService({ name: 'Trend chat', slug: 'trend-chat', ownerTeam: 'web' });
    const ios = await f.newService({ name: 'Trend iOS', slug: 'trend-ios', ownerTeam: 'mobile' });
    const a = await f.newIncident({
      startedAt: new Date('2024-03-01T10:00:00Z'),
      detectedAt: new Date('2024-03-01T10:05:00Z'),
      acknowledgedAt: new Date('2024-03-01T10:13:00Z'),
      resolvedAt: new Date('2024-03-01T12:00:00Z'),
    });
    const b = await f.newIncident({
      startedAt: new Date('2024-03-20T08:00:00Z'),
      detectedAt: new Date('2024-03-20T08:00:00Z'),
      acknowledgedAt: new Date('2024-03-20T08:04:00Z'),
      resolvedAt: new Date('2024-03-20T09:00:00Z'),
    });
    // Unresolved: counted, but not in the MTTR mean.
    await f.newIncident({
      startedAt: new Date('2024-04-02T08:00:00Z'),
      detectedAt: new Date('2024-04-02T08:10:00Z'),
    });
    await f.newImpact({ incidentId: a.id, serviceId: chat.id });
    await f.newImpact({ incidentId: a.id, serviceId: ios.id });
    await f.newImpact({ incidentId: b.id, serviceId: chat.id });

    const period = 'from=2024-01-01T00:00:00Z&to=2025-01-01T00:00:00Z';
    const byService = await sut.api('GET', `/metrics/incidents?${period}&groupBy=service`);
    expect(byService.status).toBe(200);
    const mean = (x: number, y: number) => Math.round((x + y) / 2);
    const [ma, mb] = [incidentMetrics(a), incidentMetrics(b)];
    expect(byService.body.rows).toEqual([
      {
        month: '2024-03',
        group: 'Trend chat',
        incidents: 2,
        meanSeconds: {
          timeToDetectSeconds: mean(ma.timeToDetectSeconds!, mb.timeToDetectSeconds!),
          timeToAcknowledgeSeconds: mean(
            ma.timeToAcknowledgeSeconds!,
            mb.timeToAcknowledgeSeconds!,
          ),
          timeToMitigateSeconds: null,
          timeToResolveSeconds: mean(ma.timeToResolveSeconds!, mb.timeToResolveSeconds!),
        },
      },
      {
        month: '2024-03',
        group: 'Trend iOS',
        incidents: 1,
        meanSeconds: { ...ma, timeToMitigateSeconds: null },
      },
    ]);
    // MTTA of the chat service: (8 min + 4 min) / 2.
    expect(byService.body.rows[0].meanSeconds.timeToAcknowledgeSeconds).toBe(360);

    const overall = await sut.api('GET', `/metrics/incidents?${period}`);
    expect(overall.body.groupBy).toBe('all');
    expect(
      overall.body.rows.map((row: { month: string; incidents: number }) => [
        row.month,
        row.incidents,
      ]),
    ).toEqual([
      ['2024-03', 2],
      ['2024-04', 1],
    ]);
    expect(overall.body.rows[1].meanSeconds.timeToResolveSeconds).toBeNull();

    const byTeam = await sut.api('GET', `/metrics/incidents?${period}&groupBy=team`);
    expect(
      byTeam.body.rows.map((row: { group: string; incidents: number }) => [
        row.group,
        row.incidents,
      ]),
    ).toEqual([
      ['mobile', 1],
      ['web', 2],
    ]);
  });

  it('counts a private incident only for those who may see it (its team and admins)', async () => {
    const payments = await sut.factories.newTeam({ name: 'trend-payments' });
    await sut.factories.newIncident({
      startedAt: new Date('2023-06-01T10:00:00Z'),
      private: true,
      teamId: payments.id,
    });
    await sut.factories.newIncident({ startedAt: new Date('2023-06-02T10:00:00Z') });
    const period = '/api/metrics/incidents?from=2023-06-01T00:00:00Z&to=2023-07-01T00:00:00Z';
    const count = async (fetchAs: ReturnType<TestApp['fetchAs']>) =>
      ((await (await fetchAs(period)).json()) as { rows: Array<{ incidents: number }> }).rows[0]
        ?.incidents;
    expect(await count(sut.fetchAs('outsider.manager@example.com', 'manager'))).toBe(1);
    expect(await count(sut.fetchAs('trend.admin@example.com', 'admin'))).toBe(2);
  });

  it('by team: an incident counts under its own team, else under the owner teams of the services it impacted; a private one only for those who may see it', async () => {
    const f = sut.factories;
    const payments = await f.newTeam({ name: 'team-payments' });
    const search = await f.newTeam({ name: 'team-search' });
    const checkout = await f.newService({ slug: 'team-checkout', ownerTeam: 'team-web' });
    const startedAt = new Date('2022-05-10T10:00:00Z');
    // Its own team wins over the owner team of the service it impacted.
    const owned = await f.newIncident({ startedAt, teamId: search.id });
    await f.newImpact({ incidentId: owned.id, serviceId: checkout.id });
    const teamless = await f.newIncident({ startedAt });
    await f.newImpact({ incidentId: teamless.id, serviceId: checkout.id });
    const hidden = await f.newIncident({ startedAt, teamId: payments.id, private: true });
    await f.newImpact({ incidentId: hidden.id, serviceId: checkout.id });
    const path =
      '/api/metrics/incidents?from=2022-05-01T00:00:00Z&to=2022-06-01T00:00:00Z&groupBy=team';
    const groups = async (authorization: string) => {
      const response = await fetch(`${sut.url}${path}`, { headers: { authorization } });
      const body = (await response.json()) as { rows: Array<{ group: string; incidents: number }> };
      return body.rows.map((row) => [row.group, row.incidents]);
    };
    const member = await f.newUser({ role: 'manager', teams: [payments] });
    const memberToken = `Bearer ${(await f.newToken(member, ['read:incidents'])).secret}`;
    expect(await groups(await sut.bearer('team.outsider@example.com', 'manager'))).toEqual([
      ['team-search', 1],
      ['team-web', 1],
    ]);
    const everything = [
      ['team-payments', 1],
      ['team-search', 1],
      ['team-web', 1],
    ];
    expect(await groups(memberToken)).toEqual(everything);
    expect(await groups(await sut.bearer('team.admin@example.com', 'admin', ['admin']))).toEqual(
      everything,
    );
  });

  it('refuses a bad grouping or period with the field named, and answers only managers', async () => {
    const bad = await sut.api('GET', '/metrics/incidents?groupBy=region&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'from',
      'groupBy',
    ]);
    const backwards = await sut.api(
      'GET',
      '/metrics/incidents?from=2025-01-01T00:00:00Z&to=2024-01-01T00:00:00Z',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toBe('from');
    const responder = sut.fetchAs('responder@example.com', 'responder');
    expect((await responder('/api/metrics/incidents')).status).toBe(403);
  });
});
