import { createTestApp, TestApp } from '../../../test/test-context';
import { DemoSeedService } from './demo-seed.service';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('demo seed (DEMO_SEED=true on an empty database, real Postgres)', () => {
  let sut: TestApp;
  const get = async (path: string) => {
    const response = await fetch(`${sut.url}${path}`);
    return { status: response.status, body: (await response.json()) as Json };
  };

  beforeAll(async () => {
    sut = await createTestApp({ env: { DEMO_SEED: 'true' } });
  });
  afterAll(() => sut.close());

  it('loads the Cloudflare 2025-11-18 outage and the API serves it with impacts, cause, metrics and timeline', async () => {
    const list = await get('/api/incidents?q=Cloudflare%20global');
    expect(list.body.items).toHaveLength(1);
    const ref = list.body.items[0].reference;
    expect(ref).toMatch(/^INC-2025-\d{4}$/);
    const detail = await get(`/api/incidents/${ref}`);
    expect(detail.body).toMatchObject({
      severity: 'SEV1',
      status: 'resolved',
      startedAt: '2025-11-18T11:20:00.000Z',
      acknowledgedAt: '2025-11-18T11:35:00.000Z',
      errorSignatures: ['HTTP 500'],
    });
    expect(detail.body.metrics.timeToResolveSeconds).toBe((5 * 60 + 46) * 60);
    const levels = detail.body.impacts.map(
      (impact: Json) => `${impact.serviceSlug}:${impact.level}`,
    );
    expect(levels).toEqual(
      expect.arrayContaining([
        'chat-web:major_outage',
        'public-api:major_outage',
        'ios-app:operational',
      ]),
    );
    expect(detail.body.causes[0]).toMatchObject({
      vendorSlug: 'cloudflare',
      role: 'root_cause',
      state: 'accepted',
    });
    expect(detail.body.causes[0].vendorIncidentId).toEqual(expect.any(String));

    const timeline = await get(`/api/incidents/${ref}/timeline?zone=America/New_York`);
    const zones = new Set(timeline.body.items.map((event: Json) => event.entered.zone));
    expect([...zones].sort()).toEqual(['America/New_York', 'Europe/Paris', 'UTC']);
    const instants = timeline.body.items.map((event: Json) => event.occurredAt);
    expect([...instants].sort()).toEqual(instants);
    expect(timeline.body.items[0].inZone.zone).toBe('America/New_York');
  });

  it('loads the 2019-07-02 WAF incident (HTTP 502, about 30 minutes) closed, and smaller incidents, one still open', async () => {
    const waf = await get('/api/incidents?q=WAF');
    expect(waf.body.items).toHaveLength(1);
    expect(waf.body.items[0]).toMatchObject({ status: 'closed', errorSignatures: ['HTTP 502'] });
    expect(waf.body.items[0].metrics.timeToResolveSeconds).toBe(27 * 60);
    const all = await get('/api/incidents');
    expect(all.body.items.length).toBeGreaterThanOrEqual(5);
    const open = await get('/api/incidents?status=investigating,identified,monitoring');
    expect(open.body.items.length).toBeGreaterThanOrEqual(1);
  });

  it('answers the blast radius of Cloudflare from the seeded dependencies', async () => {
    const report = await get('/api/catalog/blast-radius?vendor=cloudflare');
    const slugs = report.body.services.map((service: Json) => service.slug);
    expect(slugs).toEqual(expect.arrayContaining(['chat-web', 'public-api', 'marketing-site']));
    expect(slugs).not.toContain('ios-app');
    const spof = report.body.singlePointsOfFailure.map((service: Json) => service.slug);
    expect(spof).toContain('chat-web');
    expect(spof).not.toContain('marketing-site');
  });

  it('does not seed twice', async () => {
    const before = (await get('/api/incidents')).body.items.length;
    const result = await sut.app.get(DemoSeedService).seedIfEmpty();
    expect(result.seeded).toBe(false);
    expect((await get('/api/incidents')).body.items.length).toBe(before);
  });
});
