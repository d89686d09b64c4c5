import { randomUUID } from 'node:crypto';
import { Principal, TeamEntity, VisibilityService } from '@rca/accounts';
import { DeadlineSchedulerService } from '@rca/postmortems';
import { HttpSession, signIn } from './http-session';
import { createTestApp, TestApp } from './test-context';

describe('VisibilityService: private records are visible to their team and admins only', () => {
  let sut: TestApp;
  const visibility = new VisibilityService();
  const principal = (role: Principal['role'], teamIds: string[]): Principal => ({
    userId: '00000000-0000-4000-8000-000000000001',
    email: null,
    displayName: 'x',
    role,
    kind: 'human',
    teamIds,
    via: 'session',
  });

  beforeAll(async () => {
    sut = await createTestApp();
    // A stand-in for the incidents table (built by another domain).
    await sut.dataSource.query(
      `CREATE TABLE demo_incident (title text, private boolean NOT NULL, team_id uuid)`,
    );
  });
  afterAll(() => sut.close());

  it('filters list queries in SQL and answers single-record checks', async () => {
    const payments = await sut.factories.newTeam({ name: 'payments' });
    const search = await sut.factories.newTeam({ name: 'search' });
    await sut.dataSource.query(
      `INSERT INTO demo_incident VALUES ('public', false, NULL), ('payments secret', true, $1), ('search secret', true, $2)`,
      [payments.id, search.id],
    );
    const titles = async (who: Principal) => {
      const query = sut.dataSource
        .createQueryBuilder()
        .select('i.title', 'title')
        .from('demo_incident', 'i')
        .orderBy('i.title');
      visibility.restrict(query, who, { privateColumn: 'i.private', teamColumn: 'i.team_id' });
      return (await query.getRawMany()).map((row) => row.title);
    };
    expect(await titles(principal('manager', [payments.id]))).toEqual([
      'payments secret',
      'public',
    ]);
    expect(await titles(principal('responder', []))).toEqual(['public']);
    expect(await titles(principal('admin', []))).toEqual([
      'payments secret',
      'public',
      'search secret',
    ]);

    expect(
      visibility.canSee(principal('viewer', [search.id]), {
        isPrivate: true,
        teamIds: [search.id],
      }),
    ).toBe(true);
    expect(
      visibility.canSee(principal('manager', [payments.id]), {
        isPrivate: true,
        teamIds: [search.id],
      }),
    ).toBe(false);
    expect(
      visibility.canSee(principal('viewer', []), { isPrivate: false, teamIds: [search.id] }),
    ).toBe(true);
    expect(visibility.canSee(principal('admin', []), { isPrivate: true, teamIds: [null] })).toBe(
      true,
    );
  });
});

describe('private incidents and their postmortems (real routes)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp({ env: { AUTH_RATE_LIMIT: '100000' } });
  });
  afterAll(() => sut.close());

  /** A resolved incident of `team` (private unless told), with a drafted postmortem holding an internal secret. */
  async function recordOf(team: TeamEntity, options: { private?: boolean; title?: string } = {}) {
    const incident = await sut.factories.newIncident({
      teamId: team.id,
      private: options.private ?? true,
      title: options.title ?? `Incident ${randomUUID()}`,
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T17:06:00Z'),
    });
    const drafted = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`, {});
    expect(drafted.status).toBe(201);
    const postmortemId: string = drafted.body.postmortemId;
    const secret = `secret-${randomUUID()}`;
    const current = await sut.api('GET', `/postmortems/${postmortemId}`);
    const saved = await sut.api('PATCH', `/postmortems/${postmortemId}`, {
      version: current.body.version,
      sections: [{ key: 'went_poorly', markdown: secret, internal: true }],
    });
    expect(saved.status).toBe(200);
    return { incident, postmortemId, secret };
  }

  async function person(role: Principal['role'], teams: TeamEntity[]) {
    const user = await sut.factories.newUser({ role, teams });
    return { user, session: await signIn(sut.url, user.email!) };
  }

  async function json(session: HttpSession, path: string) {
    const response = await session.request('GET', path);
    return { status: response.status, body: await response.json() };
  }

  it('lists, search, counts, deadlines, metrics and export history leave them out for outsiders', async () => {
    const payments = await sut.factories.newTeam();
    const search = await sut.factories.newTeam();
    const word = `Ledger${randomUUID().slice(0, 8)}`;
    const hidden = await recordOf(payments, { title: `${word} private outage` });
    const open = await sut.factories.newIncident({ title: `${word} public outage` });
    // Overdue, with an action item and a push: every manager view counts it.
    await sut.dataSource.query(
      `UPDATE postmortem SET due_at = now() - interval '1 day', resolved_at = '2025-11-18T17:06:00Z' WHERE id = $1`,
      [hidden.postmortemId],
    );
    await sut.api('POST', `/postmortems/${hidden.postmortemId}/action-items`, {
      title: 'Alert on ledger lag',
      type: 'detect',
    });
    await sut.factories.newExportRun({ postmortemId: hidden.postmortemId });
    const outsider = await person('manager', [search]);
    const member = await person('manager', [payments]);

    const seen = async (session: HttpSession) => ({
      search: (await json(session, `/api/incidents?q=${word}`)).body.items.map(
        (item: { id: string }) => item.id,
      ),
      postmortems: (await json(session, `/api/postmortems?incidentId=${hidden.incident.id}`)).body
        .items.length,
      allPostmortems: (await json(session, '/api/postmortems?limit=100')).body.items.map(
        (item: { id: string }) => item.id,
      ),
      deadlines: (await json(session, '/api/deadlines?limit=100')).body.items.map(
        (item: { id: string }) => item.id,
      ),
      overdue: (await json(session, '/api/metrics/rca')).body.overdueCount,
      actionItems: (await json(session, '/api/action-items?limit=100')).body.items.filter(
        (item: { postmortemId: string }) => item.postmortemId === hidden.postmortemId,
      ).length,
      pushes: (await json(session, `/api/export-runs?postmortemId=${hidden.postmortemId}`)).body
        .items.length,
    });
    expect(await seen(outsider.session)).toEqual({
      search: [open.id],
      postmortems: 0,
      allPostmortems: [],
      deadlines: [],
      overdue: 0,
      actionItems: 0,
      pushes: 0,
    });
    const forMember = await seen(member.session);
    expect(forMember).toEqual({
      search: expect.arrayContaining([open.id, hidden.incident.id]),
      postmortems: 1,
      allPostmortems: [hidden.postmortemId],
      deadlines: [hidden.postmortemId],
      overdue: 1,
      actionItems: 1,
      pushes: 1,
    });
    expect(forMember.search).toHaveLength(2);
  });

  it('the vendor ledger, its CSV, SLA credits and evidence packs count a private incident only for its team and admins', async () => {
    const payments = await sut.factories.newTeam();
    const search = await sut.factories.newTeam();
    const vendor = await sut.factories.newVendor();
    const component = await sut.factories.newVendorComponent({ vendorId: vendor.id, name: 'CDN' });
    const service = await sut.factories.newService();
    await sut.factories.newDependency({ serviceId: service.id, vendorComponentId: component.id });
    /** An incident the vendor caused: one hour (private) or thirty minutes (public) of major outage. */
    const caused = async (day: string, minutes: number, team: TeamEntity | null) => {
      const startedAt = new Date(`2025-03-${day}T10:00:00Z`);
      const resolvedAt = new Date(startedAt.getTime() + minutes * 60_000);
      const incident = await sut.factories.newIncident({
        title: `${team ? 'Secret' : 'Known'} outage ${randomUUID()}`,
        teamId: team?.id ?? null,
        private: !!team,
        status: 'resolved',
        startedAt,
        resolvedAt,
      });
      await sut.factories.newImpact({
        incidentId: incident.id,
        serviceId: service.id,
        startedAt,
        endedAt: resolvedAt,
      });
      await sut.factories.newCause({
        incidentId: incident.id,
        vendorId: vendor.id,
        state: 'accepted',
      });
      return incident;
    };
    const hidden = await caused('10', 60, payments);
    const known = await caused('12', 30, null);
    const contract = await sut.api('POST', '/sla-contracts', {
      vendor: vendor.slug,
      name: 'Business',
      targetPercent: 99.99,
      componentIds: [component.id],
      tiers: [{ belowPercent: 99.99, creditPercent: 10 }],
    });
    expect(contract.status).toBe(201);
    const outsider = await person('manager', [search]);
    const member = await person('manager', [payments]);
    const admin = await person('admin', []);

    const ledgerOf = async (session: HttpSession) => {
      const filters = `period=month&at=2025-03-15&vendor=${vendor.slug}`;
      const ledger = await json(session, `/api/vendor-ledger?${filters}`);
      const csv = await session.request('GET', `/api/vendor-ledger/csv?${filters}`);
      const credits = await json(session, `/api/sla-contracts/${contract.body.id}/credits`);
      const evidence = await session.request(
        'GET',
        `/api/sla-contracts/${contract.body.id}/credits/2025-03/evidence?format=markdown`,
      );
      const csvText = await csv.text();
      const everything = [JSON.stringify(ledger.body), csvText, await evidence.text()].join('\n');
      const [entry] = ledger.body.vendors;
      return {
        statuses: [ledger.status, csv.status, credits.status, evidence.status],
        incidents: entry.incidents.list.map((item: { reference: string }) => item.reference),
        ourMinutes: entry.ourMinutes.total,
        csvTotal: csvText
          .split('\r\n')
          .find((line) => line.includes(',ours,(all services),'))
          ?.split(',')[7],
        creditMinutes: credits.body.items[0].ourImpacts.unavailableMinutes,
        mentionsSecret: everything.includes(hidden.title) || everything.includes(hidden.reference),
      };
    };
    expect(await ledgerOf(outsider.session)).toEqual({
      statuses: [200, 200, 200, 200],
      incidents: [known.reference],
      ourMinutes: 30,
      csvTotal: '30',
      creditMinutes: 30,
      mentionsSecret: false,
    });
    const full = {
      statuses: [200, 200, 200, 200],
      incidents: [hidden.reference, known.reference],
      ourMinutes: 90,
      csvTotal: '90',
      creditMinutes: 90,
      mentionsSecret: true,
    };
    expect(await ledgerOf(member.session)).toEqual(full);
    expect(await ledgerOf(admin.session)).toEqual(full);
  });

  it('a team-a viewer cannot read the internal sections of a team-b postmortem', async () => {
    const teamA = await sut.factories.newTeam();
    const teamB = await sut.factories.newTeam();
    const record = await recordOf(teamB);
    const viewer = await person('viewer', [teamA]);
    const teammate = await person('viewer', [teamB]);
    const paths = [
      `/api/postmortems/${record.postmortemId}`,
      `/api/incidents/${record.incident.id}/postmortem`,
      `/api/postmortems/${record.postmortemId}/rendered?audience=internal`,
      `/api/postmortems/${record.postmortemId}/revisions/2`,
      `/api/postmortems/${record.postmortemId}/diff?from=1&to=2`,
    ];
    for (const path of paths) {
      const response = await viewer.session.request('GET', path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      expect(await response.text()).not.toContain(record.secret);
      const allowed = await teammate.session.request('GET', path);
      expect({ path, status: allowed.status }).toEqual({ path, status: 200 });
      expect(await allowed.text()).toContain(record.secret);
    }
    const { secret } = await sut.factories.newToken(viewer.user, ['export:postmortems']);
    const exported = await fetch(
      `${sut.url}/api/postmortems/${record.postmortemId}/export?format=markdown&variant=internal`,
      { headers: { authorization: `Bearer ${secret}` } },
    );
    expect(exported.status).toBe(404);
    expect(await exported.text()).not.toContain(record.secret);
  });

  it('a team-a responder cannot edit a team-b postmortem', async () => {
    const teamA = await sut.factories.newTeam();
    const teamB = await sut.factories.newTeam();
    const record = await recordOf(teamB);
    const responder = await person('responder', [teamA]);
    const [before] = await sut.dataSource.query(
      `SELECT version, sections FROM postmortem WHERE id = $1`,
      [record.postmortemId],
    );
    const response = await responder.session.request(
      'PATCH',
      `/api/postmortems/${record.postmortemId}`,
      {
        body: {
          version: before.version,
          sections: [{ key: 'went_poorly', markdown: 'overwritten', internal: false }],
        },
      },
    );
    expect(response.status).toBe(404);
    const [after] = await sut.dataSource.query(
      `SELECT version, sections FROM postmortem WHERE id = $1`,
      [record.postmortemId],
    );
    expect(after).toEqual(before);
  });

  it('changing visibility is a versioned write by the team or an admin, in the activity log', async () => {
    const team = await sut.factories.newTeam();
    const other = await sut.factories.newTeam();
    const incident = await sut.factories.newIncident({ teamId: team.id });
    const outsider = await person('responder', [other]);
    const teamViewer = await person('viewer', [team]);
    const responder = await person('responder', [team]);
    const path = `/api/incidents/${incident.reference}/visibility`;
    const body = { version: incident.version, private: true };

    expect((await outsider.session.request('POST', path, { body })).status).toBe(403);
    expect((await teamViewer.session.request('POST', path, { body })).status).toBe(403);
    const stale = await responder.session.request('POST', path, {
      body: { ...body, version: incident.version + 5 },
    });
    expect(stale.status).toBe(409);
    const changed = await responder.session.request('POST', path, { body });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      private: true,
      teamId: team.id,
      version: incident.version + 1,
    });

    // From now on the outsider does not find it at all.
    expect((await outsider.session.request('GET', `/api/incidents/${incident.id}`)).status).toBe(
      404,
    );
    const detail = await json(teamViewer.session, `/api/incidents/${incident.id}`);
    expect(detail.body.team).toEqual({ id: team.id, name: team.name });

    const activity = await json(responder.session, `/api/incidents/${incident.id}/activity`);
    const entries = activity.body.items.filter(
      (entry: { action: string }) => entry.action === 'incident.visibility_changed',
    );
    expect(entries).toEqual([
      expect.objectContaining({
        actor: responder.user.email,
        before: expect.objectContaining({ private: false, teamId: team.id }),
        after: expect.objectContaining({ private: true, teamId: team.id }),
      }),
    ]);
  });

  it('a private incident needs a team its creator belongs to', async () => {
    const team = await sut.factories.newTeam();
    const member = await person('responder', [team]);
    const outsider = await person('responder', []);
    const input = {
      title: 'Ledger drift',
      severity: 'SEV3',
      startedAt: '2025-11-18T11:20:00Z',
      private: true,
    };
    const missing = await member.session.request('POST', '/api/incidents', { body: input });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('teamId');
    expect(
      (
        await outsider.session.request('POST', '/api/incidents', {
          body: { ...input, teamId: team.id },
        })
      ).status,
    ).toBe(403);
    const created = await member.session.request('POST', '/api/incidents', {
      body: { ...input, teamId: team.id },
    });
    expect(created.status).toBe(201);
    const incident = await created.json();
    expect(incident).toMatchObject({ private: true, teamId: team.id });
    expect(
      (await outsider.session.request('GET', `/api/incidents/${incident.reference}`)).status,
    ).toBe(404);
  });
});

describe('reminders about a private incident', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it("go to the owning team's channels only, never to team-less ones", async () => {
    const team = await sut.factories.newTeam({ name: `payments-${randomUUID().slice(0, 6)}` });
    const channel = async (name: string, channelTeam: string | null) => {
      const created = await sut.api('POST', '/notification-channels', {
        name,
        kind: 'email',
        emailTo: [`${name}@example.com`],
        topics: ['reminder'],
        team: channelTeam,
      });
      expect(created.status).toBe(201);
      return created.body.id as string;
    };
    const everyone = await channel('everyone', null);
    const payments = await channel('payments', team.name);
    const incident = await sut.factories.newIncident({ teamId: team.id, private: true });
    const drafted = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`, {});
    const postmortemId: string = drafted.body.postmortemId;
    const dueAt = new Date(Date.now() + 86_400_000);
    await sut.dataSource.query(`UPDATE postmortem SET due_at = $2 WHERE id = $1`, [
      postmortemId,
      dueAt,
    ]);
    const scheduler = sut.app.get(DeadlineSchedulerService);
    expect(
      await scheduler.remind({ postmortemId, kind: 'before-24h', dueAt: dueAt.toISOString() }),
    ).toBe('sent');
    const deliveries: Array<{ channel_id: string }> = await sut.dataSource.query(
      `SELECT channel_id FROM notification_delivery WHERE dedupe_key LIKE $1`,
      [`deadline:${postmortemId}:%`],
    );
    expect(deliveries.map((delivery) => delivery.channel_id)).toEqual([payments]);
    expect(everyone).toBeDefined();
  });
});
