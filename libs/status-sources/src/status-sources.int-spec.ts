import { JobName, QueueName, QueueService } from '@rca/shared';
import { fixture } from '../test/fixtures';
import { SequenceStage, sequencePayload } from '../test/status-sequence';
import { StatusServer } from '../test/status-server';
import { eventually } from '../../../test/support/loopback-receivers';
import { createTestApp, TestApp, TestFetch } from '../../../test/test-context';
import { parseStatusPayload } from './parsers';
import { StatusPollService } from './status-poll.service';
import { schedulerId, StatusSourceScheduler } from './status-source.scheduler';
import { StatusSourcesService } from './status-sources.service';

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const patch = (body: unknown) => ({ ...json(body), method: 'PATCH' });

/** Every call below goes to the guarded API as an admin's automation token. */
let fetch: TestFetch;

describe('status sources (real client, Postgres, Redis)', () => {
  let sut: TestApp;
  let server: StatusServer;
  let polls: StatusPollService;
  const count = async (table: string, where = 'true', params: unknown[] = []) =>
    Number(
      (
        await sut.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params)
      )[0].n,
    );

  beforeAll(async () => {
    server = await new StatusServer().start();
    sut = await createTestApp({
      env: { STATUS_FETCH_ALLOW_LOOPBACK: 'true', STATUS_FETCH_TIMEOUT_MS: '500' },
    });
    polls = sut.app.get(StatusPollService);
    fetch = sut.fetchAs('admin@example.com', 'admin');
  });
  afterAll(async () => {
    await sut.close();
    await server.stop();
  });

  describe('API', () => {
    it('refuses bad input naming every field, storing nothing', async () => {
      const vendor = await sut.factories.newVendor();
      const response = await fetch(
        `${sut.url}/api/status-sources`,
        json({
          vendorId: vendor.id,
          url: 'ftp://example.com/x',
          pollIntervalSeconds: 10,
          format: 'yaml',
          extra: 1,
        }),
      );
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'extra',
        'format',
        'pollIntervalSeconds',
        'url',
      ]);
      const unknownVendor = await fetch(
        `${sut.url}/api/status-sources`,
        json({
          vendorId: '00000000-0000-4000-8000-000000000000',
          url: 'https://status.example.com/x',
        }),
      );
      expect(unknownVendor.status).toBe(400);
      expect((await unknownVendor.json()).errors[0].field).toBe('vendorId');
      expect(await count('status_source')).toBe(0);
    });

    it('creates, lists, updates and deletes a source, keeping its job scheduler in step', async () => {
      const queue = sut.app.get(QueueService).queue(QueueName.StatusSources);
      const vendor = await sut.factories.newVendor({ name: 'Cloudflare' });
      const created = await fetch(
        `${sut.url}/api/status-sources`,
        json({ vendorId: vendor.id, url: 'https://www.cloudflarestatus.com/api/v2/summary.json' }),
      );
      expect(created.status).toBe(201);
      const source = await created.json();
      expect(source).toMatchObject({
        format: 'auto',
        pollIntervalSeconds: 60,
        enabled: true,
        version: 1,
        health: { degraded: false, consecutiveFailures: 0 },
      });
      expect(await queue.getJobScheduler(schedulerId(source.id))).toMatchObject({ every: 60_000 });

      const duplicate = await fetch(
        `${sut.url}/api/status-sources`,
        json({ vendorId: vendor.id, url: 'https://www.cloudflarestatus.com/api/v2/summary.json' }),
      );
      expect(duplicate.status).toBe(409);

      const faster = await fetch(
        `${sut.url}/api/status-sources/${source.id}`,
        patch({ version: 1, pollIntervalSeconds: 15 }),
      );
      expect(faster.status).toBe(200);
      expect((await faster.json()).version).toBe(2);
      expect(await queue.getJobScheduler(schedulerId(source.id))).toMatchObject({ every: 15_000 });

      const stale = await fetch(
        `${sut.url}/api/status-sources/${source.id}`,
        patch({ version: 1, enabled: false }),
      );
      expect(stale.status).toBe(409);
      expect((await stale.json()).details.currentVersion).toBe(2);

      const disabled = await fetch(
        `${sut.url}/api/status-sources/${source.id}`,
        patch({ version: 2, enabled: false }),
      );
      expect(disabled.status).toBe(200);
      expect(await queue.getJobScheduler(schedulerId(source.id))).toBeUndefined();

      const list = await (
        await fetch(`${sut.url}/api/status-sources?vendorId=${vendor.id}&enabled=false&limit=1`)
      ).json();
      expect(list).toMatchObject({
        nextCursor: null,
        items: [{ id: source.id, enabled: false }],
      });
      expect((await fetch(`${sut.url}/api/status-sources?limit=500`)).status).toBe(400);

      const enabledAgain = await fetch(
        `${sut.url}/api/status-sources/${source.id}`,
        patch({ version: 3, enabled: true }),
      );
      expect(enabledAgain.status).toBe(200);
      expect(await queue.getJobScheduler(schedulerId(source.id))).toMatchObject({ every: 15_000 });

      expect(
        (await fetch(`${sut.url}/api/status-sources/${source.id}`, { method: 'DELETE' })).status,
      ).toBe(204);
      expect(await queue.getJobScheduler(schedulerId(source.id))).toBeUndefined();
      expect((await fetch(`${sut.url}/api/status-sources/${source.id}`)).status).toBe(404);
    });

    it('boot reconciliation: a scheduler for each enabled source, none for deleted or disabled ones', async () => {
      const queues = sut.app.get(QueueService);
      const queue = queues.queue(QueueName.StatusSources);
      const enabled = await sut.factories.newStatusSource();
      const disabled = await sut.factories.newStatusSource({ enabled: false });
      const gone = '11111111-1111-4111-8111-111111111111';
      await queues.upsertScheduler(
        schedulerId(gone),
        JobName.StatusSourcePoll,
        { every: 60_000 },
        { sourceId: gone },
      );
      await queues.upsertScheduler(
        schedulerId(disabled.id),
        JobName.StatusSourcePoll,
        { every: 60_000 },
        { sourceId: disabled.id },
      );
      await sut.app.get(StatusSourceScheduler).reconcile();
      expect(await queue.getJobScheduler(schedulerId(enabled.id))).toMatchObject({ every: 60_000 });
      expect(await queue.getJobScheduler(schedulerId(disabled.id))).toBeUndefined();
      expect(await queue.getJobScheduler(schedulerId(gone))).toBeUndefined();
      // Idempotent: a second worker booting changes nothing.
      await sut.app.get(StatusSourceScheduler).reconcile();
      const ours = (await queue.getJobSchedulers(0, -1)).filter((s) =>
        String(s.key).startsWith('status-source-'),
      );
      expect(ours.map((s) => s.key)).toEqual([schedulerId(enabled.id)]);
      await sut.dataSource.query(`DELETE FROM status_source WHERE id = $1`, [enabled.id]);
      await sut.app.get(StatusSourceScheduler).reconcile();
    });

    it('is documented in OpenAPI, with the health schema', async () => {
      const document = await (await fetch(`${sut.url}/api/openapi.json`)).json();
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/status-sources',
          '/api/status-sources/{id}',
          '/api/status-sources/preview',
          '/api/status-sources/suggestions/{causeId}/accept',
          '/api/status-sources/suggestions/{causeId}/reject',
        ]),
      );
      expect(Object.keys(document.components.schemas.StatusSourceHealthView.properties)).toEqual(
        expect.arrayContaining([
          'degraded',
          'consecutiveFailures',
          'lastErrorKind',
          'lastLatencyMs',
        ]),
      );
    });

    it('previews a page without storing anything', async () => {
      const url = server.serveFixture(
        '/preview/summary.json',
        'cloudflare/summary_2023-11-03T0436Z_incident-hm7491k53ppg.json',
      );
      const response = await fetch(`${sut.url}/api/status-sources/preview`, json({ url }));
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.feed.format).toBe('statuspage');
      expect(
        body.feed.incidents.find((i: { externalId: string }) => i.externalId === 'hm7491k53ppg')
          .updates,
      ).toHaveLength(19);
      expect(await count('vendor_incident')).toBe(0);
      expect(await count('vendor_component')).toBe(0);
    });

    it('a preview of a forbidden or unreadable URL is a 422 saying why', async () => {
      const metadata = await fetch(
        `${sut.url}/api/status-sources/preview`,
        json({ url: 'http://169.254.169.254/latest/meta-data/' }),
      );
      expect(metadata.status).toBe(422);
      expect((await metadata.json()).details.kind).toBe('forbidden_address');
      const html = server.route('/preview/html', (_q, r) =>
        r.writeHead(200, { 'content-type': 'text/html' }).end('<html/>'),
      );
      const wrongType = await fetch(`${sut.url}/api/status-sources/preview`, json({ url: html }));
      expect((await wrongType.json()).details.kind).toBe('content_type');
    });
  });

  describe('polling every format with the real payloads', () => {
    it.each([
      ['cloudflare/summary_2023-11-03T0436Z_incident-hm7491k53ppg.json'],
      ['github/summary_2023-05-09T1952Z_incident-f0mhbz9xn497.json'],
      ['anthropic/scheduled-maintenances_2026-09-15.json'],
      ['saucelabs/history_2020-11-15.atom'],
      ['gcp/incidents_2022-07-03_slice-newest.json'],
      ['synthetic/history.rss'],
      ['synthetic/incident-io-widget.json'],
    ])(
      '%s: every incident and update stored once; a replay writes nothing; the ETag gives a 304',
      async (name) => {
        const url = server.serveFixture(`/formats/${name}`, name);
        const source = await sut.factories.newStatusSource({ url });
        const expected = parseStatusPayload(fixture(name));
        const first = await polls.poll(source.id);
        expect(first.outcome).toBe('imported');
        const incidents = await count('vendor_incident', 'vendor_id = $1', [source.vendorId]);
        const updates = await count('vendor_incident_update', 'vendor_id = $1', [source.vendorId]);
        expect(incidents).toBe(expected.incidents.length);
        expect(updates).toBe(expected.incidents.reduce((n, i) => n + i.updates.length, 0));

        // The same body again without validators: recognised by its hash, not imported again.
        await sut.dataSource.query(`UPDATE status_source SET etag = NULL WHERE id = $1`, [
          source.id,
        ]);
        expect((await polls.poll(source.id)).outcome).toBe('unchanged');

        // The job replayed with everything forgotten (a full import of the same payload): nothing new.
        await sut.dataSource.query(
          `UPDATE status_source SET etag = NULL, content_hash = NULL WHERE id = $1`,
          [source.id],
        );
        const replay = await polls.poll(source.id);
        expect(replay).toMatchObject({
          outcome: 'imported',
          changes: { newIncidents: [], changedIncidents: [], newUpdates: 0, componentChanges: 0 },
        });
        expect(await count('vendor_incident_update', 'vendor_id = $1', [source.vendorId])).toBe(
          updates,
        );

        const notModified = await polls.poll(source.id);
        expect(notModified.outcome).toBe('not_modified');
        const [health] = await sut.dataSource.query(
          `SELECT consecutive_failures, last_success_at, detected_format FROM status_source WHERE id = $1`,
          [source.id],
        );
        expect(health).toMatchObject({ consecutive_failures: 0, detected_format: expected.format });
      },
    );

    it('stores unknown vendor values raw, next to the mapped "unknown"', async () => {
      const url = server.serveFixture(
        '/formats/widget-unknown',
        'synthetic/incident-io-widget.json',
      );
      const source = await sut.factories.newStatusSource({ url });
      await polls.poll(source.id);
      const [row] = await sut.dataSource.query(
        `SELECT status, raw_status FROM vendor_incident WHERE vendor_id = $1 AND title = 'Slow file uploads'`,
        [source.vendorId],
      );
      expect(row).toEqual({ status: 'unknown', raw_status: 'stabilising' });
    });
  });

  describe('faults are recorded on the source health and alter nothing', () => {
    it('malformed, wrong type, truncated, huge, slow, 5xx, 429 and redirect loops', async () => {
      let mode = 'good';
      const url = server.route('/faulty', (_req, res) => {
        switch (mode) {
          case 'good':
            return res
              .writeHead(200, { 'content-type': 'application/json' })
              .end(sequencePayload('investigating', { incidentId: 'faultyinc001' }));
          case 'malformed':
            return res
              .writeHead(200, { 'content-type': 'application/json' })
              .end('{"page": {"id": ');
          case 'html':
            return res
              .writeHead(200, { 'content-type': 'text/html' })
              .end('<html>maintenance</html>');
          case 'truncated':
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
            res.write('{"page":{}');
            return setTimeout(() => res.socket?.destroy(), 10);
          case 'huge':
            return res
              .writeHead(200, {
                'content-type': 'application/json',
                'content-length': String(50 * 1024 * 1024),
              })
              .end();
          case 'slow':
            return undefined;
          case '5xx':
            return res.writeHead(502, { 'content-type': 'text/html' }).end('bad gateway');
          case '429':
            return res.writeHead(429, { 'retry-after': '600' }).end();
          case 'loop':
            return res.writeHead(302, { location: '/faulty' }).end();
          case 'empty':
            return res.writeHead(200, { 'content-type': 'application/json' }).end('');
        }
      });
      const source = await sut.factories.newStatusSource({ url });
      expect((await polls.poll(source.id)).outcome).toBe('imported');
      const snapshot = async () =>
        sut.dataSource.query(
          `SELECT vi.status, vi.updated_at, (SELECT count(*) FROM vendor_incident_update u WHERE u.vendor_incident_id = vi.id) AS updates
           FROM vendor_incident vi WHERE vi.vendor_id = $1`,
          [source.vendorId],
        );
      const before = await snapshot();
      const expectations: Array<[string, string]> = [
        ['malformed', 'parse_malformed'],
        ['html', 'content_type'],
        ['truncated', 'truncated'],
        ['huge', 'too_large'],
        ['slow', 'read_timeout'],
        ['5xx', 'http_status'],
        ['loop', 'too_many_redirects'],
        ['empty', 'parse_malformed'],
        ['429', 'rate_limited'],
      ];
      let failures = 0;
      for (const [fault, kind] of expectations) {
        mode = fault;
        const outcome = await polls.poll(source.id, { force: true });
        failures += 1;
        expect(outcome).toMatchObject({ outcome: 'failed', kind, consecutiveFailures: failures });
      }
      expect(await snapshot()).toEqual(before);

      const view = await (await fetch(`${sut.url}/api/status-sources/${source.id}`)).json();
      expect(view.health).toMatchObject({
        degraded: true,
        consecutiveFailures: 9,
        lastErrorKind: 'rate_limited',
      });
      expect(view.health.lastErrorMessage).toContain('retry after 600 s');
      // Backoff: the 429's Retry-After keeps scheduled polls away for 10 minutes.
      expect(
        Date.parse(view.health.nextPollNotBefore) - Date.parse(view.health.lastErrorAt),
      ).toBeGreaterThanOrEqual(600_000);
      expect(await polls.poll(source.id)).toMatchObject({ outcome: 'skipped' });
      const degraded = await (await fetch(`${sut.url}/api/status-sources?degraded=true`)).json();
      expect(degraded.items.map((s: { id: string }) => s.id)).toContain(source.id);

      // Back to the good payload (the one imported before the faults): a success that heals the source.
      mode = 'good';
      expect((await polls.poll(source.id, { force: true })).outcome).toBe('unchanged');
      const healed = await (await fetch(`${sut.url}/api/status-sources/${source.id}`)).json();
      expect(healed.health).toMatchObject({
        degraded: false,
        consecutiveFailures: 0,
        nextPollNotBefore: null,
      });

      const metrics = await (await fetch(`${sut.url}/metrics`)).text();
      expect(metrics).toContain('rca_status_polls_total{outcome="failed",kind="rate_limited"} 1');
      expect(metrics).toContain(
        'rca_status_polls_total{outcome="failed",kind="too_many_redirects"} 1',
      );
    });
  });

  describe('a vendor incident walking investigating → identified → monitoring → resolved', () => {
    it('suggests it as the cause of our overlapping incident, and after acceptance each update joins our timeline exactly once', async () => {
      const vendor = await sut.factories.newVendor({ name: 'ExampleCDN' });
      const cdn = await sut.factories.newVendorComponent({
        vendorId: vendor.id,
        name: 'CDN',
        externalId: 'seqcdn000001',
      });
      const api = await sut.factories.newService({ name: 'Chat API' });
      const web = await sut.factories.newService({ name: 'Chat web' });
      await sut.factories.newDependency({
        serviceId: api.id,
        vendorComponentId: cdn.id,
        kind: 'cdn',
      });
      // web → api → CDN: a transitive dependency
      await sut.factories.newDependency({
        serviceId: web.id,
        dependsOnServiceId: api.id,
        kind: 'api',
      });
      const ours = await sut.factories.newIncident({
        startedAt: new Date('2025-11-18T11:25:00Z'),
        status: 'investigating',
      });
      await sut.factories.newImpact({
        incidentId: ours.id,
        serviceId: web.id,
        level: 'major_outage',
      });
      // An unrelated incident of ours (its services do not use this vendor) gets no suggestion.
      const unrelated = await sut.factories.newIncident({
        startedAt: new Date('2025-11-18T11:30:00Z'),
      });
      await sut.factories.newImpact({ incidentId: unrelated.id, level: 'degraded' });

      let stage: SequenceStage = 'investigating';
      const url = server.serve('/sequence', () =>
        sequencePayload(stage, { incidentId: 'seqincident1', componentId: 'seqcdn000001' }),
      );
      const source = await sut.factories.newStatusSource({ vendorId: vendor.id, url });

      const first = await polls.poll(source.id);
      expect(first).toMatchObject({ outcome: 'imported', changes: { newUpdates: 1 } });
      if (first.outcome !== 'imported') throw new Error('unreachable');
      expect(first.suggestions).toHaveLength(1);
      const [cause] = await sut.dataSource.query(`SELECT * FROM cause WHERE id = $1`, [
        first.suggestions[0],
      ]);
      expect(cause).toMatchObject({
        incident_id: ours.id,
        vendor_id: vendor.id,
        state: 'suggested',
        created_by: 'system',
      });
      expect(cause.score).toBeGreaterThan(0.5);
      expect(cause.reasons).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'overlap' }),
          expect.objectContaining({
            kind: 'dependency',
            path: ['Chat web', 'Chat API', 'ExampleCDN CDN'],
          }),
          expect.objectContaining({ kind: 'component_affected' }),
        ]),
      );
      expect(await count('cause', 'incident_id = $1', [unrelated.id])).toBe(0);
      expect(await count('timeline_event', 'incident_id = $1', [ours.id])).toBe(0);

      // Who decided comes from the signed-in caller, never from the body.
      const forged = await fetch(
        `${sut.url}/api/status-sources/suggestions/${cause.id}/accept`,
        json({ version: 1, decidedBy: 'alice' }),
      );
      expect(forged.status).toBe(400);
      expect(await count('incident_activity', `action = 'cause.accepted'`, [])).toBe(0);
      const accepted = await fetch(
        `${sut.url}/api/status-sources/suggestions/${cause.id}/accept`,
        json({ version: 1 }),
      );
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toMatchObject({
        state: 'accepted',
        version: 2,
        decidedBy: 'admin@example.com',
      });
      expect(
        await count('incident_activity', `incident_id = $1 AND action = 'cause.accepted'`, [
          ours.id,
        ]),
      ).toBe(1);
      // The import of the vendor's updates is the cause.accepted job, committed with the decision;
      // this app runs no workers, so the test runs the job's work as the worker would (twice: once each).
      expect(
        await count(
          'outbox_message',
          `job_name = 'status-sources.import-cause-updates' AND payload->>'causeId' = $1`,
          [cause.id],
        ),
      ).toBe(1);
      const importer = sut.app.get(StatusSourcesService);
      expect(await importer.importAcceptedCauseUpdates(cause.id)).toBe(1);
      expect(await importer.importAcceptedCauseUpdates(cause.id)).toBe(0);

      for (const next of ['identified', 'monitoring', 'resolved'] as SequenceStage[]) {
        stage = next;
        const outcome = await polls.poll(source.id);
        expect(outcome).toMatchObject({
          outcome: 'imported',
          changes: { newUpdates: 1, timelineEvents: 1 },
        });
        // The same payload again: 304, nothing new.
        expect((await polls.poll(source.id)).outcome).toBe('not_modified');
      }
      const events = await sut.dataSource.query(
        `SELECT kind, source, body, occurred_at FROM timeline_event WHERE incident_id = $1 ORDER BY occurred_at`,
        [ours.id],
      );
      expect(events.map((e: { kind: string; source: string }) => [e.kind, e.source])).toEqual(
        Array(4).fill(['vendor_update', 'vendor_import']),
      );
      expect(events[0].body).toContain('We are investigating widespread HTTP 500 errors.');
      expect(events[0].body).toContain('[Status page](https://stspg.io/seqincident1)');
      expect(events[3].occurred_at.toISOString()).toBe('2025-11-18T12:50:00.000Z');
      const [stored] = await sut.dataSource.query(
        `SELECT status, resolved_at FROM vendor_incident WHERE vendor_id = $1`,
        [vendor.id],
      );
      expect(stored).toEqual({ status: 'resolved', resolved_at: new Date('2025-11-18T12:50:00Z') });
      const [component] = await sut.dataSource.query(
        `SELECT status FROM vendor_incident_component WHERE vendor_component_id = $1`,
        [cdn.id],
      );
      expect(component.status).toBe('operational');

      // A replay of the whole job (no validators, no content hash) appends nothing.
      await sut.dataSource.query(
        `UPDATE status_source SET etag = NULL, content_hash = NULL WHERE id = $1`,
        [source.id],
      );
      expect(await polls.poll(source.id)).toMatchObject({
        changes: { newUpdates: 0, timelineEvents: 0 },
      });
      expect(await count('timeline_event', 'incident_id = $1', [ours.id])).toBe(4);
    });

    it('a rejected suggestion is never made again', async () => {
      const vendor = await sut.factories.newVendor({ name: 'RejectCDN' });
      const cdn = await sut.factories.newVendorComponent({
        vendorId: vendor.id,
        name: 'CDN',
        externalId: 'rejcdn000001',
      });
      const service = await sut.factories.newService({ name: 'Billing' });
      await sut.factories.newDependency({
        serviceId: service.id,
        vendorComponentId: cdn.id,
        hasFallback: true,
      });
      const ours = await sut.factories.newIncident({ startedAt: new Date('2025-11-18T11:00:00Z') });
      await sut.factories.newImpact({ incidentId: ours.id, serviceId: service.id });
      let stage: SequenceStage = 'investigating';
      const url = server.serve('/reject', () =>
        sequencePayload(stage, { incidentId: 'rejincident1', componentId: 'rejcdn000001' }),
      );
      const source = await sut.factories.newStatusSource({ vendorId: vendor.id, url });
      const first = await polls.poll(source.id);
      if (first.outcome !== 'imported') throw new Error(`poll failed: ${JSON.stringify(first)}`);
      const [cause] = await sut.dataSource.query(`SELECT * FROM cause WHERE id = $1`, [
        first.suggestions[0],
      ]);
      expect(cause.reasons).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'fallback' })]),
      );

      const rejected = await fetch(
        `${sut.url}/api/status-sources/suggestions/${cause.id}/reject`,
        json({ version: 1 }),
      );
      expect(await rejected.json()).toMatchObject({ state: 'rejected' });
      stage = 'identified';
      const second = await polls.poll(source.id);
      expect(second).toMatchObject({
        outcome: 'imported',
        suggestions: [],
        changes: { newUpdates: 1, timelineEvents: 0 },
      });
      expect(
        await sut.dataSource.query(`SELECT state FROM cause WHERE incident_id = $1`, [ours.id]),
      ).toEqual([{ state: 'rejected' }]);
      expect(await count('timeline_event', 'incident_id = $1', [ours.id])).toBe(0);
    });
  });
});

describe('status polls through the worker', () => {
  it('a job on the status-sources queue polls the source and imports it', async () => {
    const server = await new StatusServer().start();
    const app = await createTestApp({
      workers: true,
      env: { STATUS_FETCH_ALLOW_LOOPBACK: 'true' },
    });
    try {
      const url = server.serveFixture(
        '/worker/summary.json',
        'github/summary_2023-05-09T1952Z_incident-f0mhbz9xn497.json',
      );
      const source = await app.factories.newStatusSource({ url });
      const job = await app.app
        .get(QueueService)
        .add(JobName.StatusSourcePoll, { sourceId: source.id });
      let state = '';
      for (
        let attempt = 0;
        attempt < 100 && state !== 'completed' && state !== 'failed';
        attempt++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = await job.getState();
      }
      expect(state).toBe('completed');
      const rows = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM vendor_incident_update WHERE vendor_id = $1`,
        [source.vendorId],
      );
      expect(rows[0].n).toBe(29);
    } finally {
      await app.close();
      await server.stop();
    }
  });

  it('an incident of ours opened after the vendor posted gets the suggestion when its impact is recorded', async () => {
    const server = await new StatusServer().start();
    const app = await createTestApp({
      workers: true,
      env: { STATUS_FETCH_ALLOW_LOOPBACK: 'true' },
    });
    try {
      const vendor = await app.factories.newVendor({ name: 'LateCDN' });
      const cdn = await app.factories.newVendorComponent({
        vendorId: vendor.id,
        name: 'CDN',
        externalId: 'latecdn00001',
      });
      const api = await app.factories.newService({ name: 'Checkout API' });
      await app.factories.newDependency({
        serviceId: api.id,
        vendorComponentId: cdn.id,
        kind: 'cdn',
      });
      const url = server.serve('/late', () =>
        sequencePayload('identified', { incidentId: 'lateincident', componentId: 'latecdn00001' }),
      );
      const source = await app.factories.newStatusSource({ vendorId: vendor.id, url });
      const polled = await app.app.get(StatusPollService).poll(source.id);
      // Nothing of ours is open yet: nothing to suggest.
      expect(polled).toMatchObject({ outcome: 'imported', suggestions: [] });

      // The SRE opens the incident and records the impact through the API.
      const created = await app.api('POST', '/incidents', {
        title: 'Checkout errors',
        severity: 'SEV2',
        startedAt: '2025-11-18T11:40:00Z',
      });
      expect(created.status).toBe(201);
      const causes = () =>
        app.dataSource.query(`SELECT * FROM cause WHERE incident_id = $1`, [created.body.id]);
      // No impact yet: no service of ours is known to use the vendor.
      expect(await causes()).toEqual([]);
      const impact = await app.api('POST', `/incidents/${created.body.reference}/impacts`, {
        service: api.slug,
        level: 'major_outage',
        from: '2025-11-18T11:40:00Z',
      });
      expect(impact.status).toBe(201);

      const rows = await eventually(async () => {
        const found: Array<Record<string, unknown>> = await causes();
        return found.length > 0 && found;
      });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ vendor_id: vendor.id, state: 'suggested' });
      expect(rows[0].reasons).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'dependency', path: ['Checkout API', 'LateCDN CDN'] }),
        ]),
      );
      // Another impact edit looks again and finds nothing new to suggest.
      const again = await app.api('POST', `/incidents/${created.body.reference}/impacts`, {
        service: api.slug,
        level: 'degraded',
        from: '2025-11-18T12:40:00Z',
      });
      expect(again.status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await causes()).toHaveLength(1);
    } finally {
      await app.close();
      await server.stop();
    }
  });
});
