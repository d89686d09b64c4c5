import { SequenceStage, sequencePayload } from '../test/status-sequence';
import { StatusServer } from '../test/status-server';
import { createTestApp, TestApp } from '../../../test/test-context';
import { eventually, startHttpReceiver } from '../../../test/support/loopback-receivers';
import { StatusPollService } from './status-poll.service';

/**
 * A vendor's major outage of something a tier-1 service depends on opens one draft incident and
 * notifies `auto_draft` channels (real status client, Postgres, Redis, BullMQ, loopback receivers).
 */
describe('auto-drafted incidents (STATUS_AUTO_DRAFT_INCIDENTS)', () => {
  let server: StatusServer;
  let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;

  beforeAll(async () => {
    server = await new StatusServer().start();
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
  });

  /** A vendor with one CDN component on its status page, a source for it, and a scripted incident. */
  async function outage(
    sut: TestApp,
    name: string,
    options: { impact?: string; componentStatus?: string } = {},
  ) {
    const key = name
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .padEnd(8, '0')
      .slice(0, 8);
    const vendor = await sut.factories.newVendor({ name });
    const cdn = await sut.factories.newVendorComponent({
      vendorId: vendor.id,
      name: 'CDN',
      externalId: `${key}cdn1`,
    });
    const state = { stage: 'investigating' as SequenceStage };
    const url = server.serve(`/${key}/incidents.json`, () =>
      sequencePayload(state.stage, {
        incidentId: `${key}inc1`,
        componentId: `${key}cdn1`,
        ...options,
      }),
    );
    const source = await sut.factories.newStatusSource({ vendorId: vendor.id, url });
    return { vendor, cdn, source, state };
  }

  describe('when on', () => {
    let sut: TestApp;
    let polls: StatusPollService;
    let authorization = '';
    const api = (path: string, init: RequestInit = {}) =>
      globalThis.fetch(`${sut.url}/api${path}`, {
        ...init,
        headers: { authorization, 'content-type': 'application/json' },
      });
    const drafts = async (vendorName: string) =>
      (await sut.dataSource.query(
        `SELECT * FROM incident WHERE title LIKE $1 || ': %' AND 'auto-draft' = ANY(labels)`,
        [vendorName],
      )) as Array<Record<string, unknown>>;
    const draftDeliveries = async () =>
      Number(
        (
          await sut.dataSource.query(
            `SELECT count(*)::int AS n FROM notification_delivery WHERE topic = 'auto_draft'`,
          )
        )[0].n,
      );

    beforeAll(async () => {
      sut = await createTestApp({
        workers: true,
        env: {
          STATUS_AUTO_DRAFT_INCIDENTS: 'true',
          STATUS_FETCH_ALLOW_LOOPBACK: 'true',
          NOTIFICATION_ALLOW_LOOPBACK: 'true',
          NOTIFICATION_TIMEOUT_MS: '3000',
          PUBLIC_URL: 'https://rca.example.com',
        },
      });
      polls = sut.app.get(StatusPollService);
      authorization = await sut.bearer('admin@example.com', 'admin', ['admin']);
      const channel = await api('/notification-channels', {
        method: 'POST',
        body: JSON.stringify({
          name: 'incident-drafts',
          kind: 'webhook',
          url: `${receiver.url}/drafts`,
          topics: ['auto_draft'],
        }),
      });
      expect(channel.status).toBe(201);
    });
    afterAll(async () => {
      await sut?.close();
    });

    it('opens one draft for a critical outage a tier-1 service depends on, and notifies once', async () => {
      const { vendor, cdn, source, state } = await outage(sut, 'EdgeCo');
      // Chat web (tier 1) → Chat API (tier 2) → EdgeCo CDN.
      const chatApi = await sut.factories.newService({ name: 'Chat API', slug: 'chat-api' });
      const chatWeb = await sut.factories.newService({
        name: 'Chat web',
        slug: 'chat-web',
        tier: 1,
        ownerTeam: 'web',
      });
      await sut.factories.newDependency({ serviceId: chatApi.id, vendorComponentId: cdn.id });
      await sut.factories.newDependency({ serviceId: chatWeb.id, dependsOnServiceId: chatApi.id });
      // An open incident about something else does not hold the draft back.
      const unrelated = await sut.factories.newIncident({ status: 'investigating' });
      await sut.factories.newImpact({ incidentId: unrelated.id, level: 'major_outage' });

      expect((await polls.poll(source.id)).outcome).toBe('imported');
      const [draft, ...more] = await drafts('EdgeCo');
      expect(more).toHaveLength(0);
      expect(draft).toMatchObject({
        title: 'EdgeCo: Widespread HTTP 500 errors',
        status: 'investigating',
        // critical, and Chat web has no fallback for the CDN
        severity: 'SEV1',
        labels: ['auto-draft'],
        created_by: 'system',
        started_at: new Date('2025-11-18T11:20:00Z'),
      });
      expect(draft.reference).toMatch(/^INC-2025-\d{4}$/);
      expect(draft.summary).toContain('Chat web: EdgeCo CDN → chat-api → chat-web (no fallback)');
      expect(draft.summary).toContain('[status page](https://stspg.io/edgeco00inc1)');

      // Only the tier-1 service is an impact, as a suspicion to confirm.
      const impacts = await sut.dataSource.query(
        `SELECT service_id, level, note FROM impact WHERE incident_id = $1`,
        [draft.id],
      );
      expect(impacts).toEqual([
        expect.objectContaining({ service_id: chatWeb.id, level: 'degraded' }),
      ]);
      const [cause] = await sut.dataSource.query(`SELECT * FROM cause WHERE incident_id = $1`, [
        draft.id,
      ]);
      expect(cause).toMatchObject({
        vendor_id: vendor.id,
        state: 'suggested',
        created_by: 'system',
        vendor_component_ids: [cdn.id],
      });
      expect(cause.reasons).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            kind: 'dependency',
            path: ['Chat web', 'Chat API', 'EdgeCo CDN'],
          }),
        ]),
      );
      const [vendorIncident] = await sut.dataSource.query(
        `SELECT id FROM vendor_incident WHERE vendor_id = $1`,
        [vendor.id],
      );
      expect(cause.vendor_incident_id).toBe(vendorIncident.id);

      // Written through the incidents service: the activity log says what the system did.
      const activity = await (await api(`/incidents/${draft.reference}/activity`)).json();
      expect(
        activity.items.map((entry: { actor: string; action: string }) => [
          entry.actor,
          entry.action,
        ]),
      ).toEqual([
        ['system', 'incident.created'],
        ['system', 'impact.created'],
        ['system', 'cause.suggested'],
      ]);

      const message = await eventually(async () =>
        receiver.received.find((request) => request.path === '/drafts'),
      );
      const body = JSON.parse(message.body);
      expect(body).toMatchObject({
        topic: 'auto_draft',
        subject: `Draft incident ${draft.reference} (SEV1): EdgeCo: Widespread HTTP 500 errors`,
        data: {
          reference: draft.reference,
          url: `https://rca.example.com/incidents/${draft.reference}`,
          services: ['chat-web'],
          statusPage: 'https://stspg.io/edgeco00inc1',
        },
      });
      expect(body.text).toContain(`https://rca.example.com/incidents/${draft.reference}`);

      // The same poll replayed in full, then the vendor's next updates: never a second draft,
      // not even once the draft is resolved.
      await sut.dataSource.query(
        `UPDATE status_source SET etag = NULL, content_hash = NULL WHERE id = $1`,
        [source.id],
      );
      expect((await polls.poll(source.id)).outcome).toBe('imported');
      state.stage = 'identified';
      expect(await polls.poll(source.id)).toMatchObject({ changes: { newUpdates: 1 } });
      const resolved = await api(`/incidents/${draft.reference}/transitions`, {
        method: 'POST',
        body: JSON.stringify({ to: 'resolved', version: draft.version }),
      });
      expect(resolved.status).toBe(200);
      state.stage = 'monitoring';
      expect(await polls.poll(source.id)).toMatchObject({ changes: { newUpdates: 1 } });
      expect(await drafts('EdgeCo')).toHaveLength(1);
      expect(await draftDeliveries()).toBe(1);
      await eventually(async () => {
        const [row] = await sut.dataSource.query(
          `SELECT status FROM notification_delivery WHERE topic = 'auto_draft'`,
        );
        return row.status !== 'pending';
      });
      expect(receiver.received.filter((request) => request.path === '/drafts')).toHaveLength(1);
    });

    it('no draft when an open incident already has a tier-1 service it reaches as an impact', async () => {
      const { cdn, source } = await outage(sut, 'CoveredCDN');
      const search = await sut.factories.newService({ name: 'Search', tier: 1 });
      await sut.factories.newDependency({ serviceId: search.id, vendorComponentId: cdn.id });
      const ours = await sut.factories.newIncident({ status: 'identified' });
      await sut.factories.newImpact({
        incidentId: ours.id,
        serviceId: search.id,
        level: 'partial_outage',
      });
      const before = await draftDeliveries();
      const outcome = await polls.poll(source.id);
      expect(outcome).toMatchObject({ outcome: 'imported' });
      expect(await drafts('CoveredCDN')).toHaveLength(0);
      // It got the vendor incident as a suggested cause instead.
      if (outcome.outcome !== 'imported') throw new Error('unreachable');
      expect(outcome.suggestions).toHaveLength(1);
      expect(await draftDeliveries()).toBe(before);
    });

    it('no draft when only tier-2 services depend on the vendor', async () => {
      const { cdn, source } = await outage(sut, 'TierTwoCDN');
      const billing = await sut.factories.newService({ name: 'Billing', tier: 2 });
      await sut.factories.newDependency({ serviceId: billing.id, vendorComponentId: cdn.id });
      expect((await polls.poll(source.id)).outcome).toBe('imported');
      expect(await drafts('TierTwoCDN')).toHaveLength(0);
    });

    it('no draft for a minor incident whose components are only degraded', async () => {
      const { cdn, source } = await outage(sut, 'MinorCDN', {
        impact: 'minor',
        componentStatus: 'degraded_performance',
      });
      const login = await sut.factories.newService({ name: 'Login', tier: 1 });
      await sut.factories.newDependency({ serviceId: login.id, vendorComponentId: cdn.id });
      expect((await polls.poll(source.id)).outcome).toBe('imported');
      expect(await drafts('MinorCDN')).toHaveLength(0);
      const [stored] = await sut.dataSource.query(
        `SELECT impact FROM vendor_incident WHERE vendor_id = $1`,
        [cdn.vendorId],
      );
      expect(stored.impact).toBe('minor');
    });
  });

  it('is off by default: the same outage opens no draft', async () => {
    const sut = await createTestApp({ env: { STATUS_FETCH_ALLOW_LOOPBACK: 'true' } });
    try {
      expect(sut.environment.STATUS_AUTO_DRAFT_INCIDENTS).toBe(false);
      const { cdn, source } = await outage(sut, 'OffCDN');
      const web = await sut.factories.newService({ name: 'Web', tier: 1 });
      await sut.factories.newDependency({ serviceId: web.id, vendorComponentId: cdn.id });
      expect((await sut.app.get(StatusPollService).poll(source.id)).outcome).toBe('imported');
      const [row] = await sut.dataSource.query(
        `SELECT (SELECT count(*)::int FROM incident) AS incidents,
                (SELECT count(*)::int FROM auto_draft) AS drafts,
                (SELECT count(*)::int FROM vendor_incident) AS vendor_incidents`,
      );
      expect(row).toEqual({ incidents: 0, drafts: 0, vendor_incidents: 1 });
    } finally {
      await sut.close();
    }
  });
});
