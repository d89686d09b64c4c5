import { StatusServer } from '../test/status-server';
import { createTestApp, TestApp, TestFetch } from '../../../test/test-context';
import { StatusPollService } from './status-poll.service';
import { CauseSuggestionService } from './cause-suggestion.service';

const GROUP = 'Cloudflare Sites and Services';
const at = (hhmm: string) => `2025-11-18T${hhmm}:00.000Z`;

interface Update {
  id: string;
  at: string;
  status: string;
  body: string;
  components?: Array<{ code: string; name: string; status: string }>;
}

/** A Statuspage summary.json shaped like Cloudflare's: a group with CDN/Cache, Network and DNS. */
function summary(
  clock: string,
  incidents: Array<{ id: string; name: string; impact: string; updates: Update[] }>,
) {
  const component = (id: string, name: string, status = 'operational') => ({
    id,
    name,
    status,
    group: false,
    group_id: 'grp000000001',
    position: 1,
  });
  return JSON.stringify({
    page: {
      id: 'yh6f0r4529hb',
      name: 'Cloudflare',
      url: 'https://www.cloudflarestatus.com',
      time_zone: 'Etc/UTC',
      updated_at: clock,
    },
    components: [
      {
        id: 'grp000000001',
        name: GROUP,
        status: 'major_outage',
        group: true,
        group_id: null,
        components: ['cdncache0001', 'network00001', 'dns000000001'],
      },
      component('cdncache0001', 'CDN/Cache'),
      component('network00001', 'Network'),
      component('dns000000001', 'DNS'),
    ],
    incidents: incidents.map((incident) => ({
      id: incident.id,
      name: incident.name,
      status: incident.updates[incident.updates.length - 1]!.status,
      impact: incident.impact,
      created_at: incident.updates[0]!.at,
      started_at: incident.updates[0]!.at,
      updated_at: incident.updates[incident.updates.length - 1]!.at,
      monitoring_at: null,
      resolved_at: null,
      shortlink: `https://stspg.io/${incident.id}`,
      components: [],
      incident_updates: [...incident.updates].reverse().map((update) => ({
        id: update.id,
        incident_id: incident.id,
        status: update.status,
        body: update.body,
        created_at: update.at,
        updated_at: update.at,
        display_at: update.at,
        affected_components: (update.components ?? []).map((c) => ({
          code: c.code,
          name: `${GROUP} - ${c.name}`,
          old_status: 'operational',
          new_status: c.status,
        })),
        deliver_notifications: true,
      })),
    })),
    scheduled_maintenances: [],
    status: { indicator: 'major', description: 'Partial System Outage' },
  });
}

const OUTAGE = 'outage000001';
const UNRELATED = 'unrelated001';
const first: Update = {
  id: 'outageupd001',
  at: at('11:20'),
  status: 'investigating',
  body: 'Cloudflare is aware of, and investigating an issue which potentially impacts multiple customers.',
  components: [{ code: 'network00001', name: 'Network', status: 'degraded_performance' }],
};
const second: Update = {
  id: 'outageupd002',
  at: at('11:48'),
  status: 'identified',
  body: 'We have identified the issue and are working on a fix.',
  components: [{ code: 'cdncache0001', name: 'CDN/Cache', status: 'major_outage' }],
};
const unrelated = {
  id: UNRELATED,
  name: 'DNS resolution delays in Sydney',
  impact: 'minor',
  updates: [
    {
      id: 'unrelupd0001',
      at: at('11:10'),
      status: 'investigating',
      body: 'We are investigating delays in DNS resolution in Sydney.',
      components: [{ code: 'dns000000001', name: 'DNS', status: 'degraded_performance' }],
    },
  ],
};

describe('vendor record fidelity: components by page identity, re-scored suggestions, edited updates on the timeline', () => {
  let sut: TestApp;
  let server: StatusServer;
  let polls: StatusPollService;
  let fetch: TestFetch;
  const post = (path: string, body: unknown = {}) =>
    fetch(`${sut.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await new StatusServer().start();
    sut = await createTestApp({
      env: { STATUS_FETCH_ALLOW_LOOPBACK: 'true', STATUS_FETCH_TIMEOUT_MS: '2000' },
    });
    polls = sut.app.get(StatusPollService);
    fetch = sut.fetchAs('admin@example.com', 'admin');
  });
  afterAll(async () => {
    await sut.close();
    await server.stop();
  });

  /** Cloudflare with a hand-made "CDN/Cache" that Chat web depends on, and our incident on Chat web. */
  async function scenario(path: string) {
    const vendor = await sut.factories.newVendor({ name: 'Cloudflare' });
    const cdn = await sut.factories.newVendorComponent({ vendorId: vendor.id, name: 'CDN/Cache' });
    const chat = await sut.factories.newService({ name: 'Chat web' });
    await sut.factories.newDependency({
      serviceId: chat.id,
      vendorComponentId: cdn.id,
      kind: 'cdn',
    });
    const ours = await sut.factories.newIncident({
      startedAt: new Date(at('11:25')),
      status: 'investigating',
      severity: 'SEV1',
    });
    await sut.factories.newImpact({
      incidentId: ours.id,
      serviceId: chat.id,
      level: 'major_outage',
    });
    let body = summary(at('11:20'), [
      {
        id: OUTAGE,
        name: 'Cloudflare Sites and Services issues',
        impact: 'critical',
        updates: [first],
      },
      unrelated,
    ]);
    const url = server.serve(path, () => body);
    const source = await sut.factories.newStatusSource({ vendorId: vendor.id, url });
    return { vendor, cdn, ours, source, setPage: (next: string) => (body = next) };
  }
  const causesOf = (incidentId: string) =>
    sut.dataSource.query(
      `SELECT c.*, vi.external_id FROM cause c JOIN vendor_incident vi ON vi.id = c.vendor_incident_id
       WHERE c.incident_id = $1 ORDER BY c.score DESC`,
      [incidentId],
    ) as Promise<Array<Record<string, any>>>;

  it('adopts the hand-made component by the page identity, re-scores the suggestion, and ranks the real cause first', async () => {
    const { vendor, cdn, ours, source, setPage } = await scenario('/adopt/summary.json');
    expect((await polls.poll(source.id)).outcome).toBe('imported');
    const [early] = await causesOf(ours.id);
    expect(early.external_id).toBe(OUTAGE);
    expect(early.state).toBe('suggested');

    // The page names CDN/Cache ("<group> - <name>" in the update): the hand-made one is adopted.
    setPage(
      summary(at('11:48'), [
        {
          id: OUTAGE,
          name: 'Cloudflare Sites and Services issues',
          impact: 'critical',
          updates: [first, second],
        },
        unrelated,
      ]),
    );
    expect((await polls.poll(source.id)).outcome).toBe('imported');
    const components = await sut.dataSource.query(
      `SELECT id, name, external_id, group_name FROM vendor_component WHERE vendor_id = $1 ORDER BY name`,
      [vendor.id],
    );
    expect(components.filter((c: { name: string }) => c.name.includes('CDN/Cache'))).toEqual([
      { id: cdn.id, name: 'CDN/Cache', external_id: 'cdncache0001', group_name: GROUP },
    ]);
    const causes = await causesOf(ours.id);
    expect(causes.map((c) => c.external_id)[0]).toBe(OUTAGE);
    const rescored = causes[0]!;
    expect(rescored.id).toBe(early.id);
    expect(rescored.score).toBeGreaterThan(early.score);
    expect(rescored.vendor_component_ids).toEqual([cdn.id]);
    const parts = rescored.reasons.find((r: { kind: string }) => r.kind === 'score_parts').parts;
    expect(parts).toMatchObject({ componentStatus: 1, dependencyPath: 1, severityMatch: 1 });
    const other = causes.find((c) => c.external_id === UNRELATED);
    if (other) expect(other.score).toBeLessThan(rescored.score);
    expect(
      Number(
        (
          await sut.dataSource.query(
            `SELECT count(*)::int AS n FROM incident_activity WHERE incident_id = $1 AND action = 'cause.rescored'`,
            [ours.id],
          )
        )[0].n,
      ),
    ).toBeGreaterThan(0);
  });

  it('withdraws a suggestion when the impact it was scored on is deleted', async () => {
    const { ours, source } = await scenario('/delete-impact/summary.json');
    await polls.poll(source.id);
    const [before] = await causesOf(ours.id);
    expect(before!.state).toBe('suggested');
    const [impact] = await sut.dataSource.query(
      `SELECT id, version FROM impact WHERE incident_id = $1`,
      [ours.id],
    );
    const deleted = await fetch(
      `${sut.url}/api/incidents/${ours.reference}/impacts/${impact.id}?version=${impact.version}`,
      { method: 'DELETE' },
    );
    expect(deleted.status).toBe(204);
    // The trigger is committed with the deletion (this app runs no workers: run the job's work).
    const [{ n }] = await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_message
        WHERE event = 'incident.impacts-changed' AND payload->>'incidentId' = $1`,
      [ours.id],
    );
    expect(n).toBe(1);
    await sut.app.get(CauseSuggestionService).suggestForIncident(ours.id);
    expect(await causesOf(ours.id)).toEqual([]);
    const [withdrawn] = await sut.dataSource.query(
      `SELECT actor, before->>'score' AS score FROM incident_activity
        WHERE incident_id = $1 AND action = 'cause.withdrawn' AND subject_id = $2`,
      [ours.id, before!.id],
    );
    expect(withdrawn).toEqual({ actor: 'system', score: String(before!.score) });
    // Running the job twice changes nothing more.
    await sut.app.get(CauseSuggestionService).suggestForIncident(ours.id);
    expect(await causesOf(ours.id)).toEqual([]);
  });

  it('keeps an accepted cause as decided, and brings an edited update text to the timeline unless a person edited it (then flags it)', async () => {
    const { ours, source, setPage } = await scenario('/edits/summary.json');
    await polls.poll(source.id);
    const [cause] = await causesOf(ours.id);
    const accepted = await post(`/status-sources/suggestions/${cause!.id}/accept`, {
      version: cause!.version,
    });
    expect(accepted.status).toBe(200);
    setPage(
      summary(at('11:48'), [
        {
          id: OUTAGE,
          name: 'Cloudflare Sites and Services issues',
          impact: 'critical',
          updates: [first, second],
        },
      ]),
    );
    await polls.poll(source.id);
    const [after] = await causesOf(ours.id);
    expect({ state: after!.state, score: after!.score }).toEqual({
      state: 'accepted',
      score: cause!.score,
    });

    const events = async () =>
      (await sut.dataSource.query(
        `SELECT e.id, e.version, e.body, e.vendor_text_changed_at, u.external_id
         FROM timeline_event e JOIN vendor_incident_update u ON u.id = e.vendor_incident_update_id
         WHERE e.incident_id = $1 ORDER BY e.occurred_at`,
        [ours.id],
      )) as Array<Record<string, any>>;
    const [, secondEvent] = await events();
    // A person edits the second imported event.
    const edited = await fetch(
      `${sut.url}/api/incidents/${ours.reference}/timeline/${secondEvent!.id}`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          version: secondEvent!.version,
          body: 'Our note: Cloudflare identified it.',
        }),
      },
    );
    expect(edited.status).toBe(200);

    // The vendor rewrites both updates under the same ids.
    const rewrittenFirst = {
      ...first,
      body: 'Cloudflare is experiencing an internal service degradation. Some services may be intermittently impacted.',
    };
    const rewrittenSecond = {
      ...second,
      body: 'The issue has been identified and a fix is being implemented.',
    };
    setPage(
      summary(at('11:55'), [
        {
          id: OUTAGE,
          name: 'Cloudflare Sites and Services issues',
          impact: 'critical',
          updates: [rewrittenFirst, rewrittenSecond],
        },
      ]),
    );
    const outcome = await polls.poll(source.id);
    expect(outcome).toMatchObject({
      outcome: 'imported',
      changes: { editedUpdates: 2, newUpdates: 0 },
    });
    const [one, two] = await events();
    expect(one!.body).toContain(rewrittenFirst.body);
    expect(one!.vendor_text_changed_at).toBeNull();
    expect(two!.body).toBe('Our note: Cloudflare identified it.');
    expect(two!.vendor_text_changed_at).not.toBeNull();
    const [update] = await sut.dataSource.query(
      `SELECT body, history FROM vendor_incident_update WHERE external_id = $1 AND vendor_incident_id = $2`,
      [first.id, cause!.vendor_incident_id],
    );
    expect(update.body).toBe(rewrittenFirst.body);
    expect(update.history.map((h: { body: string }) => h.body)).toEqual([first.body]);

    // The API shows the history on request.
    const vendorIncident = await (
      await fetch(
        `${sut.url}/api/vendors/${cause!.vendor_id}/incidents/${cause!.vendor_incident_id}?history=true`,
      )
    ).json();
    expect(vendorIncident.updates[0]).toMatchObject({
      body: rewrittenFirst.body,
      history: [expect.objectContaining({ body: first.body })],
    });
    expect(
      vendorIncident.components.map((c: { name: string; status: string }) => [c.name, c.status]),
    ).toEqual(
      expect.arrayContaining([
        ['CDN/Cache', 'major_outage'],
        ['Network', 'degraded_performance'],
      ]),
    );
  });

  it('Poll now polls at once and reports the outcome; a malformed page is a failed poll on the health', async () => {
    const { source, setPage } = await scenario('/poll-now/summary.json');
    const polled = await post(`/status-sources/${source.id}/poll`);
    expect(polled.status).toBe(200);
    expect(await polled.json()).toMatchObject({
      outcome: 'imported',
      changes: { newUpdates: 2 },
      source: { id: source.id, health: { consecutiveFailures: 0 } },
    });
    setPage('{"page": {"id": 1}, "incidents": "nope"');
    const failed = await (await post(`/status-sources/${source.id}/poll`)).json();
    expect(failed).toMatchObject({
      outcome: 'failed',
      source: {
        health: { consecutiveFailures: 1, lastErrorKind: expect.stringMatching(/^parse_/) },
      },
    });
    expect((await post(`/status-sources/00000000-0000-4000-8000-000000000000/poll`)).status).toBe(
      404,
    );
  });

  it('links a hand-made component to a page component, merging the duplicate the import created', async () => {
    const vendor = await sut.factories.newVendor({ name: 'Cloudflare' });
    const url = server.serve('/link/summary.json', () =>
      summary(at('11:48'), [
        {
          id: OUTAGE,
          name: 'Cloudflare Sites and Services issues',
          impact: 'critical',
          updates: [second],
        },
      ]),
    );
    // Named otherwise by hand, so the import does not adopt it: it creates "CDN/Cache".
    const handMade = await sut.factories.newVendorComponent({
      vendorId: vendor.id,
      name: 'Cloudflare CDN',
    });
    const chat = await sut.factories.newService({ name: 'Chat web' });
    await sut.factories.newDependency({
      serviceId: chat.id,
      vendorComponentId: handMade.id,
      kind: 'cdn',
    });
    const source = await sut.factories.newStatusSource({ vendorId: vendor.id, url });
    await polls.poll(source.id);
    const [duplicate] = await sut.dataSource.query(
      `SELECT id FROM vendor_component WHERE vendor_id = $1 AND external_id = 'cdncache0001'`,
      [vendor.id],
    );
    expect(duplicate.id).not.toBe(handMade.id);

    const linked = await post(`/vendor-components/${handMade.id}/link`, {
      version: handMade.version,
      externalId: 'cdncache0001',
    });
    expect(linked.status).toBe(200);
    expect(await linked.json()).toMatchObject({
      id: handMade.id,
      name: 'Cloudflare CDN',
      externalId: 'cdncache0001',
      groupName: GROUP,
    });
    const remaining = await sut.dataSource.query(
      `SELECT id FROM vendor_component WHERE vendor_id = $1 ORDER BY name`,
      [vendor.id],
    );
    expect(remaining.map((r: { id: string }) => r.id)).toEqual([handMade.id]);
    const [affected] = await sut.dataSource.query(
      `SELECT c.vendor_component_id, c.status FROM vendor_incident_component c
       JOIN vendor_incident vi ON vi.id = c.vendor_incident_id WHERE vi.vendor_id = $1`,
      [vendor.id],
    );
    expect(affected).toEqual({ vendor_component_id: handMade.id, status: 'major_outage' });

    // Merging needs the same vendor and refuses itself.
    const self = await post(`/vendor-components/${handMade.id}/merge`, {
      version: handMade.version + 1,
      duplicateId: handMade.id,
    });
    expect(self.status).toBe(400);
  });
});
