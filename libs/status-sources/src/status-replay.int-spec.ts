import fc from 'fast-check';
import { Capture, OUTAGE_DAY, outageDay } from '../test/outage-day';
import { StatusServer } from '../test/status-server';
import { createTestApp, TestApp } from '../../../test/test-context';
import { CLOSED_STATUSES, NormalisedIncident, parseStatusPayload } from './parsers';
import { StatusPollService } from './status-poll.service';

/** A vendor incident as the page tells it (or, for an end, as inferred). */
interface Recorded {
  kind: string;
  title: string;
  status: string;
  rawStatus: string;
  resolvedAt: string | null;
  resolutionSource: string | null;
  updates: Array<{ externalId: string; body: string; rawStatus: string; at: string }>;
  components: Record<string, string>;
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

function recordOf(incident: NormalisedIncident, fromHistory: boolean): Recorded {
  const components: Record<string, string> = {};
  for (const update of incident.updates)
    for (const c of update.components) components[c.externalId] = c.status.raw ?? c.status.value;
  for (const c of incident.components) components[c.externalId] = c.status.raw ?? c.status.value;
  return {
    kind: incident.kind,
    title: incident.title,
    status: incident.status.value,
    rawStatus: incident.status.raw ?? incident.status.value,
    resolvedAt: iso(incident.resolvedAt),
    resolutionSource: incident.resolvedAt ? (fromHistory ? 'history' : 'page') : null,
    updates: incident.updates
      .map((u) => ({
        externalId: u.externalId,
        body: u.body,
        rawStatus: u.status.raw ?? u.status.value,
        at: iso(u.at)!,
      }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.externalId.localeCompare(b.externalId)),
    components,
  };
}

/**
 * What the page said after these captures, by the rules of issue 19: an incident listed by
 * summary.json is as listed; one that left it is as incidents.json / scheduled-maintenances.json
 * tell its end, else as last listed, closed ("left the page") at the clock of the first capture
 * that missed it.
 */
function expectedAfter(captures: Capture[]): Map<string, Recorded> {
  const model = new Map<string, Recorded>();
  for (const capture of captures) {
    const feed = parseStatusPayload(JSON.stringify(capture.summary));
    const listed = new Set(feed.incidents.map((i) => i.externalId));
    for (const incident of feed.incidents)
      model.set(incident.externalId, recordOf(incident, false));
    const history = [
      ...parseStatusPayload(JSON.stringify(capture.incidents)).incidents,
      ...parseStatusPayload(JSON.stringify(capture.maintenances)).incidents,
    ];
    for (const [id, record] of model) {
      if (listed.has(id) || record.resolvedAt) continue;
      const ended = history.find(
        (h) => h.externalId === id && (h.resolvedAt || CLOSED_STATUSES.has(h.status.value)),
      );
      model.set(
        id,
        ended
          ? recordOf(ended, true)
          : {
              ...record,
              status: record.kind === 'maintenance' ? 'completed' : 'resolved',
              resolvedAt: iso(capture.clock),
              resolutionSource: 'left_page',
            },
      );
    }
  }
  return model;
}

describe('replaying an outage day (loopback server, real client, poll job, Postgres)', () => {
  let sut: TestApp;
  let server: StatusServer;
  let polls: StatusPollService;
  const day = outageDay();
  let current: Capture = day[0];

  beforeAll(async () => {
    server = await new StatusServer().start();
    const serve = (pick: (capture: Capture) => unknown) => (_: unknown, response: any) =>
      response
        .writeHead(200, {
          'content-type': 'application/json',
          date: new Date(current.clock).toUTCString(),
        })
        .end(JSON.stringify(pick(current)));
    server.route(
      '/api/v2/summary.json',
      serve((c) => c.summary),
    );
    server.route(
      '/api/v2/incidents.json',
      serve((c) => c.incidents),
    );
    server.route(
      '/api/v2/scheduled-maintenances.json',
      serve((c) => c.maintenances),
    );
    sut = await createTestApp({
      env: { STATUS_FETCH_ALLOW_LOOPBACK: 'true', STATUS_FETCH_TIMEOUT_MS: '2000' },
    });
    polls = sut.app.get(StatusPollService);
  });
  afterAll(async () => {
    await sut.close();
    await server.stop();
  });

  async function newSource() {
    const vendor = await sut.factories.newVendor({ name: 'Cloudflare' });
    const source = await sut.factories.newStatusSource({
      vendorId: vendor.id,
      url: server.url('/api/v2/summary.json'),
    });
    return { vendorId: vendor.id, sourceId: source.id };
  }

  async function replay(sourceId: string, captures: Capture[]) {
    const outcomes = [];
    for (const capture of captures) {
      current = capture;
      outcomes.push(await polls.poll(sourceId, { force: true }));
    }
    return outcomes;
  }

  async function stored(vendorId: string): Promise<Map<string, Recorded>> {
    const incidents = (await sut.dataSource.query(
      `SELECT id, external_id, kind, title, status, raw_status, resolved_at, resolution_source
       FROM vendor_incident WHERE vendor_id = $1`,
      [vendorId],
    )) as Array<Record<string, any>>;
    const updates = (await sut.dataSource.query(
      `SELECT vendor_incident_id, external_id, body, raw_status, at FROM vendor_incident_update
       WHERE vendor_id = $1 ORDER BY at, external_id`,
      [vendorId],
    )) as Array<Record<string, any>>;
    const components = (await sut.dataSource.query(
      `SELECT c.vendor_incident_id, vc.external_id, c.raw_status
       FROM vendor_incident_component c JOIN vendor_component vc ON vc.id = c.vendor_component_id
       WHERE vc.vendor_id = $1`,
      [vendorId],
    )) as Array<Record<string, any>>;
    return new Map(
      incidents.map((i) => [
        i.external_id as string,
        {
          kind: i.kind,
          title: i.title,
          status: i.status,
          rawStatus: i.raw_status,
          resolvedAt: iso(i.resolved_at),
          resolutionSource: i.resolution_source,
          updates: updates
            .filter((u) => u.vendor_incident_id === i.id)
            .map((u) => ({
              externalId: u.external_id,
              body: u.body,
              rawStatus: u.raw_status,
              at: iso(u.at)!,
            })),
          components: Object.fromEntries(
            components
              .filter((c) => c.vendor_incident_id === i.id)
              .map((c) => [c.external_id, c.raw_status]),
          ),
        },
      ]),
    );
  }

  /** Everything stored for the vendor, to compare two moments (timestamps of our own writes excluded). */
  async function snapshot(vendorId: string) {
    const rows = async (sql: string) => JSON.stringify(await sut.dataSource.query(sql, [vendorId]));
    return {
      incidents: await rows(
        `SELECT external_id, kind, title, status, raw_status, raw_impact, started_at, resolved_at,
           vendor_updated_at, resolution_source, last_seen_at
         FROM vendor_incident WHERE vendor_id = $1 ORDER BY external_id`,
      ),
      updates: await rows(
        `SELECT external_id, body, raw_status, at, history, edited_at FROM vendor_incident_update
         WHERE vendor_id = $1 ORDER BY external_id`,
      ),
      components: await rows(
        `SELECT vi.external_id, vc.external_id AS component, c.raw_status
         FROM vendor_incident_component c JOIN vendor_incident vi ON vi.id = c.vendor_incident_id
         JOIN vendor_component vc ON vc.id = c.vendor_component_id
         WHERE vi.vendor_id = $1 ORDER BY 1, 2`,
      ),
      statuses: await rows(
        `SELECT vi.external_id, vc.external_id AS component, s.at, s.raw_status
         FROM vendor_incident_component_status s JOIN vendor_incident vi ON vi.id = s.vendor_incident_id
         JOIN vendor_component vc ON vc.id = s.vendor_component_id
         WHERE vi.vendor_id = $1 ORDER BY 1, 2, 3`,
      ),
      catalog: await rows(
        `SELECT name, external_id, group_name FROM vendor_component WHERE vendor_id = $1 ORDER BY external_id`,
      ),
    };
  }

  it('stores every incident, update text, component status and end as the last capture says', async () => {
    const { vendorId, sourceId } = await newSource();
    const outcomes = await replay(sourceId, day);
    expect(outcomes.map((o) => o.outcome)).toEqual(day.map(() => 'imported'));

    const expected = expectedAfter(day);
    const actual = await stored(vendorId);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, record] of expected)
      expect({ id, ...actual.get(id) }).toEqual({ id, ...record });

    // The three ways an incident ended, as the page told it or as inferred.
    expect(actual.get(OUTAGE_DAY.incident)).toMatchObject({
      status: 'resolved',
      resolutionSource: 'history',
    });
    expect(actual.get(OUTAGE_DAY.maintenance)).toMatchObject({
      status: 'completed',
      resolutionSource: 'history',
    });
    expect(actual.get(OUTAGE_DAY.short)).toMatchObject({
      status: 'resolved',
      rawStatus: 'investigating',
      resolutionSource: 'left_page',
      resolvedAt: iso(day[4].clock),
    });
  });

  it('keeps the first text of an edited update as history, and component statuses over time', async () => {
    const { vendorId, sourceId } = await newSource();
    await replay(sourceId, day);
    const edited = (await sut.dataSource.query(
      `SELECT body, history, edited_at FROM vendor_incident_update
       WHERE vendor_id = $1 AND jsonb_array_length(history) > 0`,
      [vendorId],
    )) as Array<{ body: string; history: Array<{ body: string }>; edited_at: Date }>;
    expect(edited).toHaveLength(1);
    expect(edited[0].body).toMatch(/^Cloudflare is experiencing an internal service degradation/);
    // The text as first posted (the capture's own).
    expect(edited[0].history[0].body).toMatch(/^We are actively investigating this problem/);
    expect(edited[0].history[0].body).not.toBe(edited[0].body);

    // The status change no update recorded is on the record at the page's clock.
    const changed = (await sut.dataSource.query(
      `SELECT s.at, s.raw_status FROM vendor_incident_component_status s
       JOIN vendor_incident vi ON vi.id = s.vendor_incident_id
       WHERE vi.vendor_id = $1 AND vi.external_id = $2 AND s.raw_status = 'major_outage'`,
      [vendorId, OUTAGE_DAY.incident],
    )) as Array<{ at: Date }>;
    expect(changed.map((row) => iso(row.at))).toContain(iso(day[8].clock));
  });

  it('changes nothing when any prefix of the day is replayed twice', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: day.length }), async (length) => {
        const { vendorId, sourceId } = await newSource();
        const prefix = day.slice(0, length);
        await replay(sourceId, prefix);
        const once = await snapshot(vendorId);
        const again = await replay(sourceId, prefix);
        expect(again.every((o) => ['unchanged', 'stale'].includes(o.outcome))).toBe(true);
        expect(await snapshot(vendorId)).toEqual(once);
        // And the record is what that prefix said.
        const expected = expectedAfter(prefix);
        const actual = await stored(vendorId);
        for (const [id, record] of expected) expect(actual.get(id)).toEqual(record);
      }),
      { numRuns: 5 },
    );
  });
});
