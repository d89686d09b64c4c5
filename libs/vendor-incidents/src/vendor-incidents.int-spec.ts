import { createTestApp, TestApp } from '../../../test/test-context';
import { VendorIncidentRepository } from './vendor-incident.repository';

describe('GET /api/vendors/:idOrSlug/incidents (real Postgres)', () => {
  let sut: TestApp;
  let repository: VendorIncidentRepository;
  beforeAll(async () => {
    sut = await createTestApp();
    repository = sut.app.get(VendorIncidentRepository);
  });
  afterAll(() => sut.close());

  async function get(path: string, authorization?: string) {
    const response = await fetch(`${sut.url}/api${path}`, {
      headers: {
        authorization:
          authorization ?? (await sut.bearer('viewer@example.com', 'viewer', ['read:status'])),
      },
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  async function seed(vendorId: string, externalId: string, startedAt: string, resolved: boolean) {
    const { incident } = await repository.upsert({
      vendorId,
      externalId,
      kind: 'incident',
      title: `Incident ${externalId}`,
      rawStatus: resolved ? 'resolved' : 'investigating',
      status: resolved ? 'resolved' : 'investigating',
      rawImpact: 'major',
      impact: 'major',
      startedAt: new Date(startedAt),
      resolvedAt: resolved ? new Date(Date.parse(startedAt) + 3_600_000) : null,
      vendorUpdatedAt: null,
      shortlink: `https://stspg.io/${externalId}`,
      rawPayload: { secret: 'raw payload stays on the server' },
    });
    // Inserted newest first: the answer must still list them oldest first.
    for (const [index, minutes] of [30, 0].entries()) {
      await repository.insertUpdateIfNew(incident, {
        externalId: `${externalId}-u${index}`,
        at: new Date(Date.parse(startedAt) + minutes * 60_000),
        rawStatus: minutes === 0 ? 'investigating' : 'identified',
        status: minutes === 0 ? 'investigating' : 'identified',
        body: `update at +${minutes} min`,
      });
    }
    return incident;
  }

  it('lists a vendor’s incidents newest first with their updates, pages with the cursor and filters open ones', async () => {
    const vendor = await sut.factories.newVendor();
    const other = await sut.factories.newVendor();
    await seed(vendor.id, 'old', '2025-11-10T10:00:00Z', true);
    await seed(vendor.id, 'mid', '2025-11-15T10:00:00Z', true);
    await seed(vendor.id, 'new', '2025-11-18T11:48:00Z', false);
    await seed(other.id, 'elsewhere', '2025-11-19T10:00:00Z', false);

    const first = await get(`/vendors/${vendor.slug}/incidents?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: any) => item.externalId)).toEqual(['new', 'mid']);
    expect(first.body.items[0]).toMatchObject({
      title: 'Incident new',
      status: 'investigating',
      impact: 'major',
      startedAt: '2025-11-18T11:48:00.000Z',
      resolvedAt: null,
      shortlink: 'https://stspg.io/new',
    });
    expect(first.body.items[0].rawPayload).toBeUndefined();
    expect(first.body.items[0].updates.map((update: any) => update.body)).toEqual([
      'update at +0 min',
      'update at +30 min',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await get(
      `/vendors/${vendor.id}/incidents?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body.items.map((item: any) => item.externalId)).toEqual(['old']);
    expect(second.body.nextCursor).toBeNull();

    const open = await get(`/vendors/${vendor.slug}/incidents?open=true`);
    expect(open.body.items.map((item: any) => item.externalId)).toEqual(['new']);
  });

  it('answers 404 for an unknown vendor, 400 naming a bad field, 401 without a session, 403 without the read:status scope', async () => {
    const missing = await get('/vendors/no-such-vendor/incidents');
    expect(missing.status).toBe(404);
    const vendor = await sut.factories.newVendor();
    const bad = await get(`/vendors/${vendor.slug}/incidents?kind=outage&limit=500`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: any) => error.field).sort()).toEqual(['kind', 'limit']);
    const anonymous = await fetch(`${sut.url}/api/vendors/${vendor.slug}/incidents`);
    expect(anonymous.status).toBe(401);
    // A token without read:status may not read them.
    const unscoped = await get(
      `/vendors/${vendor.slug}/incidents`,
      await sut.bearer('unscoped@example.com', 'viewer', ['read:incidents']),
    );
    expect(unscoped.status).toBe(403);
  });

  it('is documented in OpenAPI with its filters and the shape of an incident with its updates', async () => {
    const document = (await (await fetch(`${sut.url}/api/openapi.json`)).json()) as any;
    const operation = document.paths['/api/vendors/{idOrSlug}/incidents']?.get;
    expect(operation).toBeDefined();
    expect(operation.parameters.map((parameter: any) => parameter.name).sort()).toEqual(
      ['cursor', 'history', 'idOrSlug', 'kind', 'limit', 'open'].sort(),
    );
    expect(operation.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/VendorIncidentPageDto',
    );
    expect(Object.keys(document.components.schemas.VendorIncidentView.properties)).toEqual(
      expect.arrayContaining([
        'title',
        'status',
        'impact',
        'startedAt',
        'resolvedAt',
        'shortlink',
        'updates',
      ]),
    );
  });
});
