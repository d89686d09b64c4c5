import { createTestApp, TestApp } from '../../../test/test-context';
import { VendorIncidentRepository } from './vendor-incident.repository';

describe('VendorIncidentRepository (real Postgres)', () => {
  let sut: TestApp;
  let repository: VendorIncidentRepository;
  beforeAll(async () => {
    sut = await createTestApp();
    repository = sut.app.get(VendorIncidentRepository);
  });
  afterAll(() => sut.close());

  it('keeps one row per vendor + external id, writes a replayed update once, and reports component status changes', async () => {
    const vendor = await sut.factories.newVendor();
    const component = await sut.factories.newVendorComponent({ vendorId: vendor.id });
    const input = {
      vendorId: vendor.id,
      externalId: 'lkqm4d0rbl0x',
      kind: 'incident' as const,
      title: 'Cloudflare Global Network experiencing issues',
      rawStatus: 'investigating',
      status: 'investigating' as const,
      rawImpact: 'catastrophic',
      impact: 'unknown' as const,
      startedAt: new Date('2025-11-18T11:48:00Z'),
      resolvedAt: null,
      vendorUpdatedAt: null,
      shortlink: 'https://stspg.io/x',
      rawPayload: { id: 'lkqm4d0rbl0x' },
    };
    const first = await repository.upsert(input);
    expect(first.created).toBe(true);
    const second = await repository.upsert({
      ...input,
      rawStatus: 'resolved',
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T17:06:00Z'),
    });
    expect(second.created).toBe(false);
    expect(second.incident).toMatchObject({
      id: first.incident.id,
      status: 'resolved',
      rawImpact: 'catastrophic',
      impact: 'unknown',
    });

    const update = {
      externalId: 'upd-1',
      at: new Date('2025-11-18T11:48:00Z'),
      rawStatus: 'investigating',
      status: 'investigating' as const,
      body: 'Investigating',
    };
    expect(await repository.insertUpdateIfNew(first.incident, update)).not.toBeNull();
    expect(await repository.insertUpdateIfNew(first.incident, update)).toBeNull();
    expect(await repository.listUpdates(first.incident.id)).toHaveLength(1);

    expect(
      await repository.setComponentStatus(
        first.incident.id,
        component.id,
        'major_outage',
        'major_outage',
      ),
    ).toBe(true);
    expect(
      await repository.setComponentStatus(
        first.incident.id,
        component.id,
        'major_outage',
        'major_outage',
      ),
    ).toBe(false);
    expect(
      await repository.setComponentStatus(
        first.incident.id,
        component.id,
        'operational',
        'operational',
      ),
    ).toBe(true);
    expect((await repository.listComponents(first.incident.id)).map((row) => row.status)).toEqual([
      'operational',
    ]);

    const overlapping = await repository.findOverlapping(
      vendor.id,
      new Date('2025-11-18T16:00:00Z'),
      new Date('2025-11-18T18:00:00Z'),
    );
    expect(overlapping.map((row) => row.id)).toEqual([first.incident.id]);
    expect(
      await repository.findOverlapping(
        vendor.id,
        new Date('2025-11-19T00:00:00Z'),
        new Date('2025-11-19T01:00:00Z'),
      ),
    ).toEqual([]);
  });
});
