// The ledger and the SLA credits on the demo workspace: the seeds' two Cloudflare outages
// (2019-07-02 WAF deploy, 2025-11-18 HTTP 500s) as vendor incidents with component statuses,
// our incidents they caused and the demo Cloudflare contract. Real Postgres, real HTTP API.
import { createTestApp, TestApp } from '../../../test/test-context';

type Json = any;

describe('vendor ledger and SLA credits on the two Cloudflare outages (demo seed, real Postgres)', () => {
  let sut: TestApp;
  let contractId: string;

  beforeAll(async () => {
    sut = await createTestApp({ env: { DEMO_SEED: 'true' } });
    const contracts = await sut.api('GET', '/sla-contracts');
    contractId = contracts.body.items[0].id;
  });
  afterAll(() => sut.close());

  const cloudflare = (body: Json) =>
    body.vendors.find((vendor: Json) => vendor.vendorSlug === 'cloudflare');

  it('2025-11: one SEV1, our minutes per service by level, the vendor page beside them, lag and single points of failure', async () => {
    const response = await sut.api(
      'GET',
      '/vendor-ledger?period=month&at=2025-11-18&vendor=cloudflare',
    );
    expect(response.status).toBe(200);
    expect(response.body.period).toMatchObject({
      label: '2025-11',
      from: '2025-11-01T00:00:00.000Z',
      to: '2025-12-01T00:00:00.000Z',
    });
    const vendor = cloudflare(response.body);
    expect(vendor.incidents).toMatchObject({ total: 1, previousTotal: 0, bySeverity: { SEV1: 1 } });
    expect(vendor.incidents.list[0]).toMatchObject({
      severity: 'SEV1',
      firstUpdateLagMinutes: 20,
      resolvedLagMinutes: 338,
    });
    // Chat web and Public API: major 11:20–14:30 (190 min), degraded 14:30–17:06 (156 min); iOS app stayed up.
    expect(vendor.ourMinutes).toMatchObject({
      majorOutage: 380,
      partialOutage: 0,
      degraded: 312,
      total: 692,
    });
    const services = Object.fromEntries(
      vendor.ourMinutes.byService.map((service: Json) => [service.serviceSlug, service]),
    );
    expect(Object.keys(services).sort()).toEqual(['chat-web', 'public-api']);
    expect(services['chat-web']).toMatchObject({
      majorOutage: 190,
      degraded: 156,
      total: 346,
      noFallback: true,
    });
    // The page: major 11:48–14:42 on CDN/Cache and Bot Management, then CDN/Cache partial until 17:06;
    // Access and Workers (no service of ours depends on them) do not count.
    expect(vendor.vendorMinutes).toMatchObject({
      majorOutage: 174,
      partialOutage: 144,
      degraded: 0,
      total: 318,
    });
    expect(
      vendor.vendorMinutes.byComponent.map((component: Json) => component.componentName).sort(),
    ).toEqual(['Bot Management', 'CDN/Cache']);
    expect(vendor.statusPageLag).toEqual({
      medianFirstUpdateMinutes: 20,
      worstFirstUpdateMinutes: 20,
      medianResolvedMinutes: 338,
      worstResolvedMinutes: 338,
    });
    const spofs = Object.fromEntries(
      vendor.singlePointsOfFailure.map((spof: Json) => [spof.serviceSlug, spof]),
    );
    expect(Object.keys(spofs).sort()).toEqual(['chat-web', 'public-api']);
    expect(spofs['chat-web']).toMatchObject({
      components: ['Bot Management', 'CDN/Cache'],
      sparedMinutes: 346,
    });
    expect(vendor.trend).toEqual({ ourMinutes: 692, vendorMinutes: 318, incidents: 1 });
    const november = response.body.chart.filter((point: Json) => point.month === '2025-11');
    expect(november.map((point: Json) => [point.serviceName, point.minutes]).sort()).toEqual([
      ['Chat web', 346],
      ['Public API', 346],
    ]);
  });

  it('2019-07: the WAF outage, the page understating our 27 minutes of major outage with 21', async () => {
    const response = await sut.api('GET', '/vendor-ledger?period=month&at=2019-07-02');
    const vendor = cloudflare(response.body);
    expect(vendor.incidents.total).toBe(1);
    expect(vendor.ourMinutes).toMatchObject({ majorOutage: 54, degraded: 13, total: 67 });
    expect(vendor.vendorMinutes).toMatchObject({ majorOutage: 21, degraded: 39, total: 60 });
    expect(vendor.statusPageLag.medianFirstUpdateMinutes).toBe(7);
    expect(vendor.statusPageLag.worstResolvedMinutes).toBe(67);
    // The marketing site fails over to Fastly: not a single point of failure.
    expect(vendor.singlePointsOfFailure.map((spof: Json) => spof.serviceSlug)).not.toContain(
      'marketing-site',
    );
  });

  it('a year and a team filter: 2025 for the web-platform team counts Chat web only', async () => {
    const response = await sut.api(
      'GET',
      '/vendor-ledger?period=year&at=2025-06-01&team=web-platform',
    );
    expect(response.body.period.label).toBe('2025');
    const vendor = cloudflare(response.body);
    expect(vendor.ourMinutes.byService.map((service: Json) => service.serviceSlug)).toEqual([
      'chat-web',
    ]);
    expect(vendor.ourMinutes.total).toBe(346);
    const aws = response.body.vendors.find((item: Json) => item.vendorSlug === 'aws');
    expect(aws).toBeUndefined();
  });

  it('refuses a bad period and a bad zone with 400 naming the field', async () => {
    const period = await sut.api('GET', '/vendor-ledger?period=week');
    expect(period.status).toBe(400);
    expect(period.body.errors[0].field).toBe('period');
    const zone = await sut.api('GET', '/vendor-ledger?zone=Mars/Olympus');
    expect(zone.status).toBe(400);
    expect(zone.body.errors[0].field).toBe('zone');
  });

  it('exports the ledger as CSV, ours beside the vendor page', async () => {
    const response = await sut.api('GET', '/vendor-ledger/csv?period=month&at=2025-11-18');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('vendor-ledger-2025-11.csv');
    const lines = response.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'period,vendor,source,service_or_component,major_outage_minutes,partial_outage_minutes,degraded_minutes,total_minutes,no_fallback,incidents,median_first_update_lag_minutes,worst_first_update_lag_minutes',
    );
    expect(lines).toContain('2025-11,Cloudflare,ours,(all services),380,0,312,692,,1,20,20');
    expect(lines).toContain('2025-11,Cloudflare,ours,Chat web,190,0,156,346,yes,,,');
    expect(lines).toContain(
      '2025-11,Cloudflare,vendor page,(components we depend on),174,144,0,318,,,,',
    );
  });

  it('the Cloudflare contract: 25 % for 2025-11 by both measures, claim by 2026-01-31; 10 % for 2019-07', async () => {
    const response = await sut.api('GET', `/sla-contracts/${contractId}/credits`);
    expect(response.status).toBe(200);
    const months = Object.fromEntries(response.body.items.map((item: Json) => [item.month, item]));
    expect(Object.keys(months)).toEqual(['2025-11', '2019-07']);
    expect(months['2025-11']).toMatchObject({
      monthMinutes: 43200,
      creditPercent: 25,
      basis: 'vendor_statuses',
      claimDeadline: '2026-02-01T00:00:00.000Z',
      claimBy: '2026-01-31',
      vendorStatuses: {
        unavailableMinutes: 318,
        availabilityPercent: 99.2639,
        targetMissed: true,
        tier: { belowPercent: 99.9, creditPercent: 25 },
      },
      ourImpacts: {
        unavailableMinutes: 190,
        availabilityPercent: 99.5602,
        targetMissed: true,
        tier: { creditPercent: 25 },
      },
    });
    expect(months['2019-07']).toMatchObject({
      creditPercent: 10,
      claimBy: '2019-09-30',
      vendorStatuses: { unavailableMinutes: 21, tier: { creditPercent: 10 } },
      ourImpacts: { unavailableMinutes: 27, tier: { creditPercent: 10 } },
    });
  });

  it('the evidence pack in markdown: the updates with timestamps, component statuses, our windows, the arithmetic', async () => {
    const response = await sut.api(
      'GET',
      `/sla-contracts/${contractId}/credits/2025-11/evidence?format=markdown`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="sla-evidence-cloudflare-.*-2025-11\.md"/,
    );
    const text = response.text;
    expect(text).toContain('# SLA credit evidence: Cloudflare, Enterprise plan (demo), 2025-11');
    expect(text).toContain(
      '| 2025-11-18 11:48:00 UTC | investigating | Cloudflare is aware of, and investigating an issue which potentially impacts multiple customers. |',
    );
    expect(text).toContain(
      '| 2025-11-18 14:42:00 UTC | CDN/Cache | partial\\_outage | partial\\_outage |',
    );
    expect(text).toContain(
      'Chat web | major\\_outage | 2025-11-18 11:20:00 UTC | 2025-11-18 14:30:00 UTC |',
    );
    expect(text).toContain('Availability = 100 × (1 − 318.0 / 43200) = 99.2639 %');
    expect(text).toContain("| Credit owed | 25 % (by the vendor's own statuses) |");
  });

  it('the evidence pack in HTML (a standalone page with a CSP) and JSON (the same facts as data)', async () => {
    const html = await sut.api(
      'GET',
      `/sla-contracts/${contractId}/credits/2019-07/evidence?format=html`,
    );
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.text).toContain('<meta http-equiv="Content-Security-Policy"');
    expect(html.text).toContain(
      '<td>Cloudflare is observing network performance issues. Customers may be experiencing 502 errors while accessing sites on Cloudflare.</td>',
    );
    expect(html.text).toContain('Availability = 100 × (1 − 21.0 / 44640) = 99.953 %');
    const json = await sut.api(
      'GET',
      `/sla-contracts/${contractId}/credits/2019-07/evidence?format=json`,
    );
    expect(json.body).toMatchObject({
      schemaVersion: 1,
      credit: { month: '2019-07', creditPercent: 10 },
      contract: { targetPercent: 99.99, components: ['Bot Management', 'CDN/Cache', 'DNS', 'WAF'] },
    });
    expect(json.body.vendorIncidents[0].updates.map((update: Json) => update.at)).toEqual([
      '2019-07-02T13:52:00.000Z',
      '2019-07-02T14:13:00.000Z',
      '2019-07-02T14:52:00.000Z',
    ]);
    expect(json.body.impacts.map((impact: Json) => impact.serviceName).sort()).toEqual([
      'Chat web',
      'Public API',
    ]);
  });

  it('contracts are admin-managed: a responder gets 403, a tier above the target 400, a stale version 409', async () => {
    const cloudflareVendor = await sut.api('GET', '/vendors/cloudflare');
    const asResponder = await sut.fetchAs('responder@example.com', 'responder')(
      '/api/sla-contracts',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          vendor: 'cloudflare',
          name: 'x',
          targetPercent: 99.9,
          componentIds: [],
          tiers: [],
        }),
      },
    );
    expect(asResponder.status).toBe(403);
    const badTier = await sut.api('POST', '/sla-contracts', {
      vendor: 'cloudflare',
      name: 'Pro',
      targetPercent: 99.9,
      componentIds: [],
      tiers: [{ belowPercent: 99.95, creditPercent: 10 }],
    });
    expect(badTier.status).toBe(400);
    expect(badTier.body.errors[0].field).toBe('tiers');
    const created = await sut.api('POST', '/sla-contracts', {
      vendor: cloudflareVendor.body.id,
      name: 'Pro',
      targetPercent: 99.9,
      componentIds: [],
      tiers: [{ belowPercent: 99.9, creditPercent: 10 }],
    });
    expect(created.status).toBe(201);
    const first = await sut.api('PATCH', `/sla-contracts/${created.body.id}`, {
      version: 1,
      targetPercent: 99.95,
    });
    expect(first.body).toMatchObject({ version: 2, targetPercent: 99.95 });
    const stale = await sut.api('PATCH', `/sla-contracts/${created.body.id}`, {
      version: 1,
      claimTo: 'x',
    });
    expect(stale.status).toBe(409);
  });
});
