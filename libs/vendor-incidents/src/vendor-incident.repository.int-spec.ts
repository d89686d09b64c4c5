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

  it('marks the open incidents of sources whose page answered as before seen, in one batch, never backwards', async () => {
    const vendor = await sut.factories.newVendor();
    const [a, b, other] = [
      await sut.factories.newStatusSource({ vendorId: vendor.id }),
      await sut.factories.newStatusSource({ vendorId: vendor.id }),
      await sut.factories.newStatusSource({ vendorId: vendor.id }),
    ];
    const seenAt = new Date('2025-11-18T12:00:00Z');
    const insert = async (sourceId: string, externalId: string, resolvedAt: Date | null) => {
      const { incident } = await repository.upsert({
        vendorId: vendor.id,
        externalId,
        kind: 'incident',
        title: externalId,
        rawStatus: resolvedAt ? 'resolved' : 'investigating',
        status: resolvedAt ? 'resolved' : 'investigating',
        rawImpact: 'minor',
        impact: 'minor',
        startedAt: new Date('2025-11-18T11:00:00Z'),
        resolvedAt,
        vendorUpdatedAt: null,
        shortlink: null,
        rawPayload: {},
      });
      await repository.markSeen([{ id: incident.id, sourceId, at: seenAt }]);
      return incident.id;
    };
    const openOfA = await insert(a.id, 'open-a', null);
    const closedOfA = await insert(a.id, 'closed-a', new Date('2025-11-18T11:30:00Z'));
    const openOfB = await insert(b.id, 'open-b', null);
    const openOfOther = await insert(other.id, 'open-other', null);

    await repository.markSourcesSeen([
      { sourceId: a.id, at: new Date('2025-11-18T12:05:00Z') },
      { sourceId: b.id, at: new Date('2025-11-18T11:55:00Z') }, // an older clock: kept as it was
      { sourceId: a.id, at: new Date('2025-11-18T12:10:00Z') }, // twice in a batch: the latest
    ]);
    const seen = async (id: string) =>
      (
        (await sut.dataSource.query(`SELECT last_seen_at FROM vendor_incident WHERE id = $1`, [
          id,
        ])) as Array<{ last_seen_at: Date }>
      )[0].last_seen_at.toISOString();
    expect(await seen(openOfA)).toBe('2025-11-18T12:10:00.000Z');
    expect(await seen(closedOfA)).toBe(seenAt.toISOString());
    expect(await seen(openOfB)).toBe(seenAt.toISOString());
    expect(await seen(openOfOther)).toBe(seenAt.toISOString());
  });
});
