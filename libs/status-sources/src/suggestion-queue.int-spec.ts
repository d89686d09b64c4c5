// Incident-side cause suggestions run on a queue of their own: a storm of them (here held in
// flight on purpose) takes every suggestion slot but none of the status polls' slots.
import { JobName, QueueName, QueueService } from '@rca/shared';
import { sequencePayload } from '../test/status-sequence';
import { StatusServer } from '../test/status-server';
import { eventually } from '../../../test/support/loopback-receivers';
import { createTestApp, TestApp } from '../../../test/test-context';
import { CauseSuggestionService } from './cause-suggestion.service';

describe('suggestions do not share the status poll queue', () => {
  let sut: TestApp;
  let server: StatusServer;

  beforeAll(async () => {
    server = await new StatusServer().start();
    sut = await createTestApp({
      workers: true,
      env: {
        STATUS_FETCH_ALLOW_LOOPBACK: 'true',
        STATUS_POLL_CONCURRENCY: '2',
        STATUS_SUGGEST_CONCURRENCY: '2',
      },
    });
  });
  afterAll(async () => {
    await sut.close();
    await server.stop();
  });

  it('polls a source while 41 suggestion jobs are queued, and the storm adds no second cause', async () => {
    // Every suggestion job waits for the gate: the storm holds all its slots until released.
    const suggestions = sut.app.get(CauseSuggestionService);
    const real = suggestions.suggestForIncident.bind(suggestions);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = 0;
    jest.spyOn(suggestions, 'suggestForIncident').mockImplementation(async (incidentId) => {
      entered += 1;
      await gate;
      return real(incidentId);
    });

    const vendor = await sut.factories.newVendor({ name: 'StormCDN' });
    const cdn = await sut.factories.newVendorComponent({
      vendorId: vendor.id,
      name: 'CDN',
      externalId: 'stormcdn0001',
    });
    const api = await sut.factories.newService({ name: 'Checkout API' });
    await sut.factories.newDependency({
      serviceId: api.id,
      vendorComponentId: cdn.id,
      kind: 'cdn',
    });
    const url = server.serve('/storm', () =>
      sequencePayload('identified', { incidentId: 'stormincident', componentId: 'stormcdn0001' }),
    );
    const source = await sut.factories.newStatusSource({ vendorId: vendor.id, url });

    // Our incident with an impact on the service (its own suggestion job), then 40 more.
    const created = await sut.api('POST', '/incidents', {
      title: 'Checkout errors',
      severity: 'SEV2',
      startedAt: '2025-11-18T11:40:00Z',
    });
    expect(created.status).toBe(201);
    const impact = await sut.api('POST', `/incidents/${created.body.reference}/impacts`, {
      service: api.slug,
      level: 'major_outage',
      from: '2025-11-18T11:40:00Z',
    });
    expect(impact.status).toBe(201);
    const queues = sut.app.get(QueueService);
    for (let index = 0; index < 40; index++)
      await queues.add(JobName.StatusSuggestForIncident, { incidentId: created.body.id });
    const suggestionQueue = queues.queue(QueueName.StatusSuggestions);
    const inFlight = async () => {
      const counts = await suggestionQueue.getJobCounts('waiting', 'active', 'delayed');
      return counts.waiting + counts.active + counts.delayed;
    };
    await eventually(async () => entered === 2 && (await inFlight()) === 41, 15_000);

    // The poll runs now, not after the storm.
    const poll = await queues.add(JobName.StatusSourcePoll, { sourceId: source.id });
    await eventually(async () => (await poll.getState()) === 'completed', 15_000);
    const imported = await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM vendor_incident_update WHERE vendor_id = $1`,
      [vendor.id],
    );
    expect(imported[0].n).toBe(2);
    const causes = () =>
      sut.dataSource.query(`SELECT vendor_id, state FROM cause WHERE incident_id = $1`, [
        created.body.id,
      ]);
    // The poll itself suggested the vendor for our incident.
    expect(await causes()).toEqual([{ vendor_id: vendor.id, state: 'suggested' }]);
    expect(entered).toBe(2);
    expect(await inFlight()).toBe(41);

    // Released, the 41 jobs all run and find the cause already there.
    release();
    await eventually(async () => (await inFlight()) === 0, 30_000);
    expect(entered).toBe(41);
    expect(await suggestionQueue.getJobCounts('failed')).toEqual({ failed: 0 });
    expect(await causes()).toEqual([{ vendor_id: vendor.id, state: 'suggested' }]);
  });
});
