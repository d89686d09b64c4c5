import { fixture } from '../test/fixtures';
import { sequencePayload } from '../test/status-sequence';
import { createTestApp, TestApp } from '../../../test/test-context';
import { NormalisedFeed, parseStatusPayload } from './parsers';
import { StatusImportService } from './status-import.service';

/**
 * Imports of concurrent polls share one transaction. Calls made in the same event-loop turn are
 * batched for certain, so these tests call the importer directly, all at once.
 */
describe('status import batches (real Postgres)', () => {
  let sut: TestApp;
  let importer: StatusImportService;
  const count = async (table: string, vendorId: string) =>
    Number(
      (
        await sut.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE vendor_id = $1`, [
          vendorId,
        ])
      )[0].n,
    );
  const updatesOf = (feed: NormalisedFeed) =>
    feed.incidents.reduce((n, incident) => n + incident.updates.length, 0);

  beforeAll(async () => {
    sut = await createTestApp();
    importer = sut.app.get(StatusImportService);
  });
  afterAll(() => sut.close());

  it('writes the feeds of several vendors together, each with its own result', async () => {
    const names = [
      'cloudflare/summary_2023-11-03T0436Z_incident-hm7491k53ppg.json',
      'github/summary_2023-05-09T1952Z_incident-f0mhbz9xn497.json',
      'gcp/incidents_2022-07-03_slice-newest.json',
      'synthetic/incident-io-widget.json',
    ];
    const feeds = names.map((name) => parseStatusPayload(fixture(name)));
    const vendors = await Promise.all(names.map(() => sut.factories.newVendor()));
    const results = await Promise.all(feeds.map((feed, i) => importer.import(vendors[i].id, feed)));
    for (const [i, feed] of feeds.entries()) {
      expect(results[i].changes.newIncidents).toHaveLength(feed.incidents.length);
      expect(results[i].changes.newUpdates).toBe(updatesOf(feed));
      expect(await count('vendor_incident', vendors[i].id)).toBe(feed.incidents.length);
      expect(await count('vendor_incident_update', vendors[i].id)).toBe(updatesOf(feed));
      // Each result names only its own vendor's incidents.
      expect(results[i].touched.every((row) => row.vendorId === vendors[i].id)).toBe(true);
    }
    // The same feeds again, together: nothing new anywhere.
    const replays = await Promise.all(feeds.map((feed, i) => importer.import(vendors[i].id, feed)));
    for (const replay of replays)
      expect(replay.changes).toMatchObject({
        newIncidents: [],
        changedIncidents: [],
        newUpdates: 0,
        componentChanges: 0,
        touched: [],
      });
  });

  it('applies two feeds of one vendor in the same batch one after the other', async () => {
    const vendor = await sut.factories.newVendor();
    const [first, second] = await Promise.all([
      importer.import(vendor.id, parseStatusPayload(sequencePayload('investigating'))),
      importer.import(vendor.id, parseStatusPayload(sequencePayload('identified'))),
    ]);
    expect(first.changes).toMatchObject({ newUpdates: 1, componentChanges: 1 });
    expect(first.changes.newIncidents).toHaveLength(1);
    expect(second.changes).toMatchObject({ newIncidents: [], newUpdates: 1 });
    expect(second.changes.changedIncidents).toEqual(first.changes.newIncidents);
    const [incident] = await sut.dataSource.query(
      `SELECT status FROM vendor_incident WHERE vendor_id = $1`,
      [vendor.id],
    );
    expect(incident.status).toBe('identified');
    expect(await count('vendor_incident_update', vendor.id)).toBe(2);
  });

  it('fails only the bad feed of a batch; the others are stored', async () => {
    const [good, bad, other] = await Promise.all([1, 2, 3].map(() => sut.factories.newVendor()));
    const broken = parseStatusPayload(sequencePayload('identified'));
    broken.incidents[0].updates[0].at = 'not a date';
    const outcomes = await Promise.allSettled([
      importer.import(good.id, parseStatusPayload(sequencePayload('monitoring'))),
      importer.import(bad.id, broken),
      importer.import(other.id, parseStatusPayload(sequencePayload('resolved'))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await count('vendor_incident_update', good.id)).toBe(3);
    expect(await count('vendor_incident_update', other.id)).toBe(4);
    // The failed import left nothing behind: no incident, no update, no component.
    expect(await count('vendor_incident', bad.id)).toBe(0);
    expect(await count('vendor_incident_update', bad.id)).toBe(0);
  });
});
