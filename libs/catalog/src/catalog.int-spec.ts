import { createTestApp, TestApp } from '../../../test/test-context';

async function call(sut: TestApp, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sut.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe('catalog API (real Postgres)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  it('creates a vendor with components and refuses a duplicate slug with 409', async () => {
    const vendor = await call(sut, 'POST', '/api/vendors', { slug: 'fastly', name: 'Fastly' });
    expect(vendor.status).toBe(201);
    const component = await call(sut, 'POST', '/api/vendors/fastly/components', { name: 'CDN' });
    expect(component.status).toBe(201);
    expect(component.body.vendorId).toBe(vendor.body.id);
    const duplicate = await call(sut, 'POST', '/api/vendors', { slug: 'fastly', name: 'Other' });
    expect(duplicate.status).toBe(409);
    const bad = await call(sut, 'POST', '/api/services', {
      slug: 'Bad Slug',
      name: '',
      tier: 9,
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'extra',
      'name',
      'slug',
      'tier',
    ]);
  });

  it('reports the blast radius through two levels of services, flags single points of failure, and refuses a cycle', async () => {
    const f = sut.factories;
    const vendor = await f.newVendor({ slug: 'cloudflare', name: 'Cloudflare' });
    const cdn = await f.newVendorComponent({ vendorId: vendor.id, name: 'CDN/Cache' });
    const dns = await f.newVendorComponent({ vendorId: vendor.id, name: 'Authoritative DNS' });
    const edge = await f.newService({ slug: 'edge-gateway' });
    const api = await f.newService({ slug: 'public-api' });
    const web = await f.newService({ slug: 'chat-web' });
    const ios = await f.newService({ slug: 'ios-app' });
    const unrelated = await f.newService({ slug: 'billing' });
    await f.newDependency({
      serviceId: edge.id,
      vendorComponentId: cdn.id,
      kind: 'cdn',
      hasFallback: false,
    });
    await f.newDependency({
      serviceId: ios.id,
      vendorComponentId: dns.id,
      kind: 'dns',
      hasFallback: true,
    });
    // level 2 and 3: api → edge, web → api
    let response = await call(sut, 'POST', '/api/dependencies', {
      serviceId: api.id,
      dependsOnServiceId: edge.id,
      kind: 'proxy',
    });
    expect(response.status).toBe(201);
    response = await call(sut, 'POST', '/api/dependencies', {
      serviceId: web.id,
      dependsOnServiceId: api.id,
      kind: 'api',
    });
    expect(response.status).toBe(201);

    const report = await call(sut, 'GET', '/api/catalog/blast-radius?vendor=cloudflare');
    expect(report.status).toBe(200);
    const bySlug = Object.fromEntries(
      report.body.services.map((service: { slug: string }) => [service.slug, service]),
    );
    expect(Object.keys(bySlug).sort()).toEqual([
      'chat-web',
      'edge-gateway',
      'ios-app',
      'public-api',
    ]);
    expect(bySlug['chat-web']).toMatchObject({
      depth: 3,
      path: ['CDN/Cache', 'edge-gateway', 'public-api', 'chat-web'],
      singlePointOfFailure: true,
    });
    expect(bySlug['ios-app']).toMatchObject({ depth: 1, singlePointOfFailure: false });
    expect(
      report.body.singlePointsOfFailure.map((service: { slug: string }) => service.slug),
    ).not.toContain('ios-app');
    expect(bySlug[unrelated.slug]).toBeUndefined();

    const onlyDns = await call(sut, 'GET', `/api/catalog/blast-radius?component=${dns.id}`);
    expect(onlyDns.body.services.map((service: { slug: string }) => service.slug)).toEqual([
      'ios-app',
    ]);

    // edge → chat-web would close edge → chat-web → public-api → edge
    const cycle = await call(sut, 'POST', '/api/dependencies', {
      serviceId: edge.id,
      dependsOnServiceId: web.id,
      kind: 'api',
    });
    expect(cycle.status).toBe(409);
    expect(cycle.body.message).toContain('cycle');
    expect(cycle.body.details.cycle).toEqual([
      'edge-gateway',
      'chat-web',
      'public-api',
      'edge-gateway',
    ]);
    const self = await call(sut, 'POST', '/api/dependencies', {
      serviceId: edge.id,
      dependsOnServiceId: edge.id,
      kind: 'api',
    });
    expect(self.status).toBe(400);
    const edges = await call(sut, 'GET', `/api/dependencies?serviceId=${edge.id}`);
    expect(edges.body.items).toHaveLength(1);

    const missing = await call(sut, 'GET', '/api/catalog/blast-radius?vendor=nobody');
    expect(missing.status).toBe(404);
  });

  it('lets only one of two concurrent opposite edges in, so no cycle slips through', async () => {
    const a = await sut.factories.newService();
    const b = await sut.factories.newService();
    const results = await Promise.all([
      call(sut, 'POST', '/api/dependencies', {
        serviceId: a.id,
        dependsOnServiceId: b.id,
        kind: 'api',
      }),
      call(sut, 'POST', '/api/dependencies', {
        serviceId: b.id,
        dependsOnServiceId: a.id,
        kind: 'api',
      }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
  });

  it('refuses a stale version with 409 and the current version', async () => {
    const service = await sut.factories.newService();
    const first = await call(sut, 'PATCH', `/api/services/${service.slug}`, {
      version: 1,
      name: 'Renamed',
    });
    expect(first.status).toBe(200);
    expect(first.body.version).toBe(2);
    const stale = await call(sut, 'PATCH', `/api/services/${service.slug}`, {
      version: 1,
      name: 'Lost update',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.details.currentVersion).toBe(2);
    expect((await call(sut, 'GET', `/api/services/${service.id}`)).body.name).toBe('Renamed');
  });
});
