// The ledger's minute arithmetic, case by case, on real Postgres (it is SQL: range_agg over
// tstzrange windows, split at month boundaries of the period's zone). Each test builds its own
// vendor and services so nothing is shared between tests.
import { NotificationDeliveryEntity } from '@rca/notifications';
import { createTestApp, TestApp } from '../../../test/test-context';
import { SlaCreditService } from './sla-credit.service';
import { VendorLedgerService } from './vendor-ledger.service';

describe('ledger minute arithmetic (real Postgres)', () => {
  let sut: TestApp;
  let ledger: VendorLedgerService;

  beforeAll(async () => {
    sut = await createTestApp();
    ledger = sut.app.get(VendorLedgerService);
  });
  afterAll(() => sut.close());

  /** A vendor with one component a new service depends on (no fallback). */
  async function world() {
    const f = sut.factories;
    const vendor = await f.newVendor();
    const component = await f.newVendorComponent({ vendorId: vendor.id, name: 'CDN' });
    const service = await f.newService();
    await f.newDependency({ serviceId: service.id, vendorComponentId: component.id });
    return { vendor, component, service };
  }

  async function caused(
    vendorId: string,
    incident: { startedAt: string; resolvedAt?: string | null; detectedAt?: string },
    impacts: Array<{
      serviceId: string;
      level?: 'major_outage' | 'partial_outage' | 'degraded';
      from: string;
      to: string | null;
    }>,
    vendorIncidentId: string | null = null,
  ) {
    const row = await sut.factories.newIncident({
      startedAt: new Date(incident.startedAt),
      resolvedAt: incident.resolvedAt ? new Date(incident.resolvedAt) : null,
      detectedAt: incident.detectedAt ? new Date(incident.detectedAt) : null,
      status: incident.resolvedAt ? 'resolved' : 'investigating',
    });
    for (const impact of impacts)
      await sut.factories.newImpact({
        incidentId: row.id,
        serviceId: impact.serviceId,
        level: impact.level ?? 'major_outage',
        startedAt: new Date(impact.from),
        endedAt: impact.to ? new Date(impact.to) : null,
      });
    await sut.factories.newCause({
      incidentId: row.id,
      vendorId,
      vendorIncidentId,
      state: 'accepted',
    });
    return row;
  }

  const ours = async (
    vendorSlug: string,
    at: string,
    zone = 'UTC',
    now = new Date('2026-06-01T00:00:00Z'),
  ) => {
    const report = await ledger.report(
      { period: 'month', at, zone, vendor: vendorSlug },
      undefined,
      now,
    );
    return report.vendors[0];
  };

  it('overlapping windows of one service, from two incidents, count once', async () => {
    const { vendor, service } = await world();
    await caused(
      vendor.id,
      { startedAt: '2025-05-10T10:00:00Z', resolvedAt: '2025-05-10T11:00:00Z' },
      [{ serviceId: service.id, from: '2025-05-10T10:00:00Z', to: '2025-05-10T11:00:00Z' }],
    );
    await caused(
      vendor.id,
      { startedAt: '2025-05-10T10:30:00Z', resolvedAt: '2025-05-10T12:00:00Z' },
      [{ serviceId: service.id, from: '2025-05-10T10:30:00Z', to: '2025-05-10T12:00:00Z' }],
    );
    const result = await ours(vendor.slug, '2025-05-10');
    expect(result.ourMinutes.majorOutage).toBe(120);
    expect(result.incidents.total).toBe(2);
  });

  it('a minute at two levels counts once, at the worse one', async () => {
    const { vendor, service } = await world();
    await caused(
      vendor.id,
      { startedAt: '2025-05-11T10:00:00Z', resolvedAt: '2025-05-11T12:00:00Z' },
      [
        {
          serviceId: service.id,
          level: 'degraded',
          from: '2025-05-11T10:00:00Z',
          to: '2025-05-11T12:00:00Z',
        },
        {
          serviceId: service.id,
          level: 'major_outage',
          from: '2025-05-11T10:30:00Z',
          to: '2025-05-11T11:00:00Z',
        },
      ],
    );
    const result = await ours(vendor.slug, '2025-05-11');
    expect(result.ourMinutes).toMatchObject({ majorOutage: 30, degraded: 90, total: 120 });
  });

  it('a window across a month end is split at local midnight of the zone (Paris: 23:00 UTC)', async () => {
    const { vendor, service } = await world();
    await caused(
      vendor.id,
      { startedAt: '2025-10-31T22:30:00Z', resolvedAt: '2025-11-01T00:30:00Z' },
      [{ serviceId: service.id, from: '2025-10-31T22:30:00Z', to: '2025-11-01T00:30:00Z' }],
    );
    expect((await ours(vendor.slug, '2025-10-15', 'Europe/Paris')).ourMinutes.total).toBe(30);
    expect((await ours(vendor.slug, '2025-11-15', 'Europe/Paris')).ourMinutes.total).toBe(90);
    expect((await ours(vendor.slug, '2025-10-15', 'UTC')).ourMinutes.total).toBe(90);
    // A day given as a date is a day of the zone: 2025-11-01 in Los Angeles is November there.
    const losAngeles = await ledger.report(
      { period: 'month', at: '2025-11-01', zone: 'America/Los_Angeles', vendor: vendor.slug },
      undefined,
      new Date('2026-06-01T00:00:00Z'),
    );
    expect(losAngeles.period.label).toBe('2025-11');
  });

  it('a window over the spring-forward night counts the real 120 minutes, not the 3 hours the local clock shows', async () => {
    const { vendor, service } = await world();
    await caused(
      vendor.id,
      { startedAt: '2025-03-30T00:30:00Z', resolvedAt: '2025-03-30T02:30:00Z' },
      [{ serviceId: service.id, from: '2025-03-30T00:30:00Z', to: '2025-03-30T02:30:00Z' }],
    );
    const result = await ours(vendor.slug, '2025-03-30', 'Europe/Paris');
    expect(result.ourMinutes.total).toBe(120);
  });

  it('an open impact ends at the incident resolution, and at now while the incident is open', async () => {
    const { vendor, service } = await world();
    await caused(
      vendor.id,
      { startedAt: '2025-06-01T10:00:00Z', resolvedAt: '2025-06-01T10:45:00Z' },
      [{ serviceId: service.id, from: '2025-06-01T10:00:00Z', to: null }],
    );
    expect((await ours(vendor.slug, '2025-06-01')).ourMinutes.total).toBe(45);

    const other = await world();
    await caused(other.vendor.id, { startedAt: '2025-06-02T10:00:00Z' }, [
      {
        serviceId: other.service.id,
        level: 'partial_outage',
        from: '2025-06-02T10:00:00Z',
        to: null,
      },
    ]);
    const now = new Date('2025-06-02T12:30:00Z');
    expect((await ours(other.vendor.slug, '2025-06-02', 'UTC', now)).ourMinutes.partialOutage).toBe(
      150,
    );
  });

  it('a vendor incident with no component statuses: the vendor page shows no minutes, ours still count, and it is flagged', async () => {
    const { vendor, service } = await world();
    const vendorIncident = await sut.factories.newVendorIncident({
      vendorId: vendor.id,
      startedAt: new Date('2025-07-01T10:05:00Z'),
      resolvedAt: new Date('2025-07-01T11:00:00Z'),
    });
    await sut.factories.newVendorIncidentUpdate({
      vendorIncidentId: vendorIncident.id,
      at: new Date('2025-07-01T10:25:00Z'),
    });
    await caused(
      vendor.id,
      {
        startedAt: '2025-07-01T10:00:00Z',
        detectedAt: '2025-07-01T10:10:00Z',
        resolvedAt: '2025-07-01T11:00:00Z',
      },
      [{ serviceId: service.id, from: '2025-07-01T10:00:00Z', to: '2025-07-01T11:00:00Z' }],
      vendorIncident.id,
    );
    const result = await ours(vendor.slug, '2025-07-01');
    expect(result.ourMinutes.total).toBe(60);
    expect(result.vendorMinutes).toMatchObject({
      total: 0,
      vendorIncidents: 1,
      withoutComponentStatuses: 1,
    });
    expect(result.statusPageLag.medianFirstUpdateMinutes).toBe(15);
    expect(result.statusPageLag.worstResolvedMinutes).toBe(50);
  });

  it("the vendor's statuses: each lasts until the next one of its component, the last until the vendor's resolution", async () => {
    const { vendor, component, service } = await world();
    const vendorIncident = await sut.factories.newVendorIncident({
      vendorId: vendor.id,
      startedAt: new Date('2025-08-01T10:00:00Z'),
      resolvedAt: new Date('2025-08-01T12:00:00Z'),
    });
    await sut.dataSource.query(
      `INSERT INTO vendor_incident_component_status (vendor_incident_id, vendor_component_id, at, raw_status, status)
       VALUES ($1, $2, '2025-08-01T10:00:00Z', 'major_outage', 'major_outage'),
              ($1, $2, '2025-08-01T10:40:00Z', 'degraded_performance', 'degraded_performance')`,
      [vendorIncident.id, component.id],
    );
    await caused(
      vendor.id,
      { startedAt: '2025-08-01T10:00:00Z', resolvedAt: '2025-08-01T11:00:00Z' },
      [{ serviceId: service.id, from: '2025-08-01T10:00:00Z', to: '2025-08-01T11:00:00Z' }],
      vendorIncident.id,
    );
    const result = await ours(vendor.slug, '2025-08-01');
    expect(result.vendorMinutes).toMatchObject({ majorOutage: 40, degraded: 80, total: 120 });
  });

  it('reminds the contract owner once per contract, month and threshold before the claim window closes', async () => {
    const { vendor, component, service } = await world();
    // A user row as accounts stores it (no password: nobody signs in here).
    const [owner] = (await sut.dataSource.query(
      `INSERT INTO user_account (email, display_name, role) VALUES ('contracts@example.com', 'Casey Contracts', 'manager') RETURNING id`,
    )) as Array<{ id: string }>;
    await sut.dataSource.query(
      `INSERT INTO notification_channel (name, kind, url, topics) VALUES ('sla', 'webhook', 'http://127.0.0.1:9/hook', '{reminder}')`,
    );
    await caused(
      vendor.id,
      { startedAt: '2025-12-10T10:00:00Z', resolvedAt: '2025-12-10T12:00:00Z' },
      [{ serviceId: service.id, from: '2025-12-10T10:00:00Z', to: '2025-12-10T12:00:00Z' }],
    );
    const credits = sut.app.get(SlaCreditService);
    const contract = await credits.create({
      vendor: vendor.slug,
      name: 'Business',
      targetPercent: 99.9,
      componentIds: [component.id],
      tiers: [{ belowPercent: 99.9, creditPercent: 10 }],
      claimWindowCycles: 1,
      claimTo: 'billing@vendor.example',
      ownerUserId: owner.id,
    });
    // December 2025 with one cycle: claims close at the end of January 2026.
    const early = await credits.remind(contract.id, new Date('2026-01-10T06:00:00Z'));
    const first = await credits.remind(contract.id, new Date('2026-01-20T06:00:00Z'));
    const again = await credits.remind(contract.id, new Date('2026-01-21T06:00:00Z'));
    const last = await credits.remind(contract.id, new Date('2026-01-29T06:00:00Z'));
    const closed = await credits.remind(contract.id, new Date('2026-02-02T06:00:00Z'));
    expect([early, first, again, last, closed]).toEqual([0, 1, 0, 1, 0]);
    const deliveries = await sut.dataSource
      .getRepository(NotificationDeliveryEntity)
      .find({ order: { createdAt: 'ASC' } });
    expect(deliveries.map((delivery) => delivery.subject)).toEqual([
      `Claim the ${vendor.name} SLA credit for 2025-12 by 2026-01-31`,
      `Claim the ${vendor.name} SLA credit for 2025-12 by 2026-01-31`,
    ]);
    expect(deliveries[0].text).toContain('Owner: ');
    expect(deliveries[0].text).toContain('contracts@example.com');
    expect(deliveries[0].text).toContain('billing@vendor.example');
  });

  it('the daily scan only enqueues, through the outbox, one remind job per contract with an owner and day', async () => {
    const { vendor } = await world();
    const [owner] = (await sut.dataSource.query(
      `INSERT INTO user_account (email, display_name, role) VALUES ('scan-owner@example.com', 'Scan Owner', 'manager') RETURNING id`,
    )) as Array<{ id: string }>;
    const credits = sut.app.get(SlaCreditService);
    const owned = await credits.create({
      vendor: vendor.slug,
      name: 'Owned',
      targetPercent: 99.9,
      componentIds: [],
      tiers: [],
      ownerUserId: owner.id,
    });
    await credits.create({
      vendor: vendor.slug,
      name: 'Nobody',
      targetPercent: 99.9,
      componentIds: [],
      tiers: [],
    });
    await credits.scan(new Date('2026-01-20T06:00:00Z'));
    await credits.scan(new Date('2026-01-20T06:00:05Z'));
    const rows = (await sut.dataSource.query(
      `SELECT job_name, job_id, payload FROM outbox_message WHERE job_name = 'vendor-ledger.sla-credit-remind' AND payload->>'contractId' IN ($1)`,
      [owned.id],
    )) as Array<{ job_name: string; job_id: string; payload: Record<string, string> }>;
    // Two rows, one job id: the relay adds the second as the same BullMQ job, i.e. nothing.
    expect(new Set(rows.map((row) => row.job_id))).toEqual(
      new Set([`sla-remind_${owned.id}_2026-01-20`]),
    );
    expect(rows[0].payload).toEqual({ contractId: owned.id, day: '2026-01-20' });
  });
});
