import { createTestApp, TestApp } from '../../../test/test-context';
import { CauseService } from './cause.service';
import { TimelineEventService } from './timeline-event.service';

type Json = any;

describe('incidents API (real Postgres)', () => {
  let sut: TestApp;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    actor = 'alice@example.com',
  ) => {
    const response = await fetch(`${sut.url}${path}`, {
      method,
      headers: {
        authorization: await sut.bearer(actor),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const createIncident = async (overrides: Record<string, unknown> = {}) => {
    const response = await call('POST', '/api/incidents', {
      title: 'Chat web returns HTTP 500',
      severity: 'SEV1',
      startedAt: '2025-11-18T11:20:00Z',
      ...overrides,
    });
    expect(response.status).toBe(201);
    return response.body;
  };

  beforeAll(async () => {
    sut = await createTestApp({ env: { BODY_LIMIT: '20kb' } });
  });
  afterAll(() => sut.close());

  describe('lifecycle', () => {
    it('hands out INC-YYYY-NNNN references sequentially per year of the start', async () => {
      const a = await createIncident({ startedAt: '2023-01-05T10:00:00Z' });
      const b = await createIncident({ startedAt: '2023-06-05T10:00:00Z' });
      const c = await createIncident({ startedAt: '2022-12-31T23:30:00-05:00' }); // 2023-01-01 in UTC
      expect([a.reference, b.reference, c.reference]).toEqual([
        'INC-2023-0001',
        'INC-2023-0002',
        'INC-2023-0003',
      ]);
    });

    it('never hands out a reference twice under concurrent creation', async () => {
      const created = await Promise.all(
        Array.from({ length: 6 }, () =>
          call('POST', '/api/incidents', {
            title: 'Concurrent',
            severity: 'SEV4',
            startedAt: '2018-04-01T00:00:00Z',
          }),
        ),
      );
      const references = created.map((response) => response.body.reference).sort();
      expect(references).toEqual([
        'INC-2018-0001',
        'INC-2018-0002',
        'INC-2018-0003',
        'INC-2018-0004',
        'INC-2018-0005',
        'INC-2018-0006',
      ]);
    });

    it('walks investigating → identified → monitoring → resolved → closed, computes metrics, and records a reopen', async () => {
      const incident = await createIncident({
        detectedAt: '2025-11-18T11:31:00Z',
        acknowledgedAt: { local: '2025-11-18T12:35', zone: 'Europe/Paris' },
      });
      const ref = incident.reference;
      let version = incident.version;
      const move = async (to: string, at?: unknown) => {
        const response = await call('POST', `/api/incidents/${ref}/transitions`, {
          to,
          at,
          version,
        });
        if (response.status === 200) version = response.body.version;
        return response;
      };
      expect((await move('identified', '2025-11-18T13:09:00Z')).status).toBe(200);
      const monitoring = await move('monitoring', '2025-11-18T14:42:00Z');
      expect(monitoring.body.mitigatedAt).toBe('2025-11-18T14:42:00.000Z');
      // No resolve before the start.
      const early = await move('resolved', '2025-11-18T11:00:00Z');
      expect(early.status).toBe(400);
      expect(early.body.errors[0].field).toBe('at');
      expect(early.body.errors[0].messages[0]).toContain('startedAt');
      expect((await move('resolved', '2025-11-18T17:06:00Z')).status).toBe(200);

      const detail = await call('GET', `/api/incidents/${ref}`);
      expect(detail.body.status).toBe('resolved');
      expect(detail.body.metrics).toEqual({
        timeToDetectSeconds: 11 * 60,
        timeToAcknowledgeSeconds: 4 * 60,
        timeToMitigateSeconds: (3 * 60 + 22) * 60,
        timeToResolveSeconds: (5 * 60 + 46) * 60,
      });
      expect(detail.body.severityDescription).toMatch(/Critical/);

      expect((await move('closed', '2025-11-19T09:00:00Z')).status).toBe(200);
      const reopened = await move('investigating', '2025-11-19T10:00:00Z');
      expect(reopened.status).toBe(200);
      expect(reopened.body).toMatchObject({
        status: 'investigating',
        resolvedAt: null,
        closedAt: null,
        reopenCount: 1,
      });

      const activity = await call('GET', `/api/incidents/${ref}/activity`);
      expect(activity.body.items.map((entry: Json) => entry.action)).toEqual([
        'incident.created',
        'incident.transitioned',
        'incident.transitioned',
        'incident.transitioned',
        'incident.transitioned',
        'incident.reopened',
      ]);
      const reopen = activity.body.items[5];
      expect(reopen.actor).toBe('alice@example.com');
      expect(reopen.before).toMatchObject({ status: 'closed' });
      expect(reopen.after).toMatchObject({ status: 'investigating', reopenCount: 1 });
    });

    it('refuses transitions that skip the lifecycle and instants out of order', async () => {
      const incident = await createIncident();
      const ref = incident.reference;
      const close = await call('POST', `/api/incidents/${ref}/transitions`, {
        to: 'closed',
        version: 1,
      });
      expect(close.status).toBe(400);
      expect(close.body.message).toContain('cannot move from investigating to closed');
      const order = await call('PATCH', `/api/incidents/${ref}`, {
        version: 1,
        detectedAt: '2025-11-18T11:00:00Z',
        acknowledgedAt: '2025-11-18T10:00:00Z',
      });
      expect(order.status).toBe(400);
      expect(order.body.errors.map((error: Json) => error.field).sort()).toEqual([
        'acknowledgedAt',
        'acknowledgedAt',
        'detectedAt',
      ]);
      const resolvedAtWhileOpen = await call('PATCH', `/api/incidents/${ref}`, {
        version: 1,
        resolvedAt: '2025-11-18T15:00:00Z',
      });
      expect(resolvedAtWhileOpen.status).toBe(400);
      // Nothing was written by the refused requests.
      const after = await call('GET', `/api/incidents/${ref}`);
      expect(after.body).toMatchObject({ version: 1, status: 'investigating', detectedAt: null });
      expect((await call('GET', `/api/incidents/${ref}/activity`)).body.items).toHaveLength(1);
    });

    it('validates every field of a new incident and names each bad one', async () => {
      const response = await call('POST', '/api/incidents', {
        title: '',
        severity: 'SEV9',
        startedAt: '2025-11-18 11:20',
        labels: 'cdn',
        owner: 'x',
      });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: Json) => error.field).sort()).toEqual([
        'labels',
        'owner',
        'severity',
        'startedAt',
        'title',
      ]);
    });
  });

  describe('timeline and time zones', () => {
    let ref: string;
    beforeAll(async () => {
      ref = (await createIncident({ startedAt: '2025-03-30T00:00:00Z' })).reference;
    });

    it('refuses a Paris local time inside the spring-forward gap (2025-03-30 02:30)', async () => {
      const response = await call('POST', `/api/incidents/${ref}/timeline`, {
        occurredAt: { local: '2025-03-30T02:30', zone: 'Europe/Paris' },
        kind: 'detection',
        body: 'Alert fired',
      });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('occurredAt');
      expect(response.body.errors[0].messages[0]).toMatch(/does not exist in Europe\/Paris/);
    });

    it('asks for a disambiguation for New York 2025-11-02 01:30 and keeps the zone as entered', async () => {
      const ambiguous = await call('POST', `/api/incidents/${ref}/timeline`, {
        occurredAt: { local: '2025-11-02T01:30', zone: 'America/New_York' },
        kind: 'note',
        body: 'Which 01:30?',
      });
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.errors[0].messages[0]).toMatch(/ambiguous.*"earlier" or "later"/);
      const later = await call('POST', `/api/incidents/${ref}/timeline`, {
        occurredAt: {
          local: '2025-11-02T01:30',
          zone: 'America/New_York',
          disambiguation: 'later',
        },
        kind: 'note',
        body: 'The second 01:30 (EST)',
      });
      expect(later.status).toBe(201);
      expect(later.body.occurredAt).toBe('2025-11-02T06:30:00.000Z');
      expect(later.body.entered).toEqual({
        local: '2025-11-02T01:30:00',
        zone: 'America/New_York',
      });
      const earlier = await call('POST', `/api/incidents/${ref}/timeline`, {
        occurredAt: {
          local: '2025-11-02T01:30',
          zone: 'America/New_York',
          disambiguation: 'earlier',
        },
        kind: 'note',
        body: 'The first 01:30 (EDT)',
      });
      expect(earlier.body.occurredAt).toBe('2025-11-02T05:30:00.000Z');
    });

    it('returns events sorted by instant with renderings in the asked zone; edits and soft deletes keep history', async () => {
      const own = (await createIncident()).reference;
      const post = (occurredAt: unknown, body: string) =>
        call('POST', `/api/incidents/${own}/timeline`, { occurredAt, kind: 'note', body });
      const paris = await post({ local: '2025-11-18T12:35', zone: 'Europe/Paris' }, 'Acknowledged');
      await post('2025-11-18T11:20:00Z', 'Errors start');
      await post(
        { local: '2025-11-18T06:28', zone: 'America/New_York' },
        'Vendor says investigating',
      );
      const invalidZone = await call('GET', `/api/incidents/${own}/timeline?zone=Mars/Olympus`);
      expect(invalidZone.status).toBe(400);
      const listed = await call('GET', `/api/incidents/${own}/timeline?zone=Asia/Tokyo`);
      expect(listed.body.items.map((event: Json) => event.body)).toEqual([
        'Errors start',
        'Vendor says investigating',
        'Acknowledged',
      ]);
      expect(listed.body.items[2].inZone).toEqual({
        zone: 'Asia/Tokyo',
        local: '2025-11-18T20:35:00',
        offset: '+09:00',
      });
      expect(listed.body.items[2].entered).toEqual({
        local: '2025-11-18T12:35:00',
        zone: 'Europe/Paris',
      });

      const edited = await call('PATCH', `/api/incidents/${own}/timeline/${paris.body.id}`, {
        version: 1,
        body: 'Acknowledged by on-call',
      });
      expect(edited.status).toBe(200);
      const deleted = await call(
        'DELETE',
        `/api/incidents/${own}/timeline/${paris.body.id}?version=2`,
      );
      expect(deleted.status).toBe(204);
      const visible = await call('GET', `/api/incidents/${own}/timeline`);
      expect(visible.body.items).toHaveLength(2);
      const all = await call('GET', `/api/incidents/${own}/timeline?includeDeleted=true`);
      expect(all.body.items).toHaveLength(3);
      const history = await call('GET', `/api/incidents/${own}/timeline/${paris.body.id}/history`);
      expect(
        history.body.revisions.map((revision: Json) => [
          revision.version,
          revision.body,
          revision.change,
        ]),
      ).toEqual([
        [1, 'Acknowledged', 'edited'],
        [2, 'Acknowledged by on-call', 'deleted'],
      ]);
      expect(history.body.current.deletedAt).not.toBeNull();
      const actions = (await call('GET', `/api/incidents/${own}/activity`)).body.items.map(
        (entry: Json) => entry.action,
      );
      expect(actions.slice(-2)).toEqual(['timeline_event.edited', 'timeline_event.deleted']);
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of two concurrent writers with the same version win; the other gets 409 and the current version', async () => {
      const incident = await createIncident();
      const [first, second] = await Promise.all([
        call(
          'PATCH',
          `/api/incidents/${incident.reference}`,
          { version: 1, title: 'Writer A' },
          'a',
        ),
        call(
          'PATCH',
          `/api/incidents/${incident.reference}`,
          { version: 1, title: 'Writer B' },
          'b',
        ),
      ]);
      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = first.status === 409 ? first : second;
      const winner = first.status === 200 ? first : second;
      expect(loser.body.details.currentVersion).toBe(2);
      const stored = await call('GET', `/api/incidents/${incident.reference}`);
      expect(stored.body.title).toBe(winner.body.title);
      expect(stored.body.version).toBe(2);
      const updates = (
        await call('GET', `/api/incidents/${incident.reference}/activity`)
      ).body.items.filter((entry: Json) => entry.action === 'incident.updated');
      expect(updates).toHaveLength(1);
    });
  });

  describe('impacts and causes', () => {
    it('records "web down, iOS app up" with several windows and a third-party cause, served by GET /api/incidents/:ref', async () => {
      const f = sut.factories;
      const web = await f.newService({ slug: 'chat-web-ic', name: 'Chat web' });
      const ios = await f.newService({ slug: 'ios-app-ic', name: 'iOS app' });
      const vendor = await f.newVendor({ slug: 'cloudflare-ic', name: 'Cloudflare' });
      const cdn = await f.newVendorComponent({ vendorId: vendor.id, name: 'CDN' });
      const vendorIncident = await f.newVendorIncident({ vendorId: vendor.id });
      const incident = await createIncident();
      const ref = incident.reference;
      const impact = (body: unknown) => call('POST', `/api/incidents/${ref}/impacts`, body);
      expect(
        (
          await impact({
            service: web.slug,
            level: 'major_outage',
            from: '2025-11-18T11:20:00Z',
            to: '2025-11-18T14:30:00Z',
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await impact({
            service: web.slug,
            level: 'degraded',
            from: '2025-11-18T14:30:00Z',
            to: '2025-11-18T17:06:00Z',
          })
        ).status,
      ).toBe(201);
      expect(
        (await impact({ service: ios.slug, level: 'operational', from: '2025-11-18T11:20:00Z' }))
          .status,
      ).toBe(201);
      const backwards = await impact({
        service: web.slug,
        level: 'degraded',
        from: '2025-11-18T14:30:00Z',
        to: '2025-11-18T14:00:00Z',
      });
      expect(backwards.status).toBe(400);
      expect(
        (await impact({ service: 'nope', level: 'degraded', from: '2025-11-18T14:30:00Z' })).status,
      ).toBe(400);

      const wrongComponent = await call('POST', `/api/incidents/${ref}/causes`, {
        vendor: vendor.slug,
        vendorComponentIds: [(await f.newVendorComponent()).id],
      });
      expect(wrongComponent.status).toBe(400);
      const cause = await call('POST', `/api/incidents/${ref}/causes`, {
        vendor: vendor.slug,
        vendorIncidentId: vendorIncident.id,
        vendorComponentIds: [cdn.id],
        role: 'root_cause',
        state: 'suggested',
        explanation: 'Bot-management feature file doubled in size',
      });
      expect(cause.status).toBe(201);
      const accepted = await call('PATCH', `/api/incidents/${ref}/causes/${cause.body.id}`, {
        version: 1,
        state: 'accepted',
      });
      expect(accepted.body).toMatchObject({
        state: 'accepted',
        decidedBy: 'alice@example.com',
        version: 2,
      });

      const detail = await call('GET', `/api/incidents/${ref}`);
      expect(detail.body.impacts.map((item: Json) => [item.serviceSlug, item.level])).toEqual([
        [web.slug, 'major_outage'],
        [ios.slug, 'operational'],
        [web.slug, 'degraded'],
      ]);
      expect(detail.body.causes).toHaveLength(1);
      expect(detail.body.causes[0]).toMatchObject({
        vendorSlug: vendor.slug,
        vendorIncidentId: vendorIncident.id,
        state: 'accepted',
      });

      const byVendor = await call('GET', `/api/incidents?vendor=${vendor.slug}`);
      expect(byVendor.body.items.map((item: Json) => item.reference)).toEqual([ref]);
      const byService = await call('GET', `/api/incidents?service=${ios.slug}`);
      expect(byService.body.items.map((item: Json) => item.reference)).toEqual([ref]);
      const actions = (await call('GET', `/api/incidents/${ref}/activity`)).body.items.map(
        (entry: Json) => entry.action,
      );
      expect(actions).toEqual([
        'incident.created',
        'impact.created',
        'impact.created',
        'impact.created',
        'cause.created',
        'cause.accepted',
      ]);
    });
  });

  describe('hooks for the status ingestion', () => {
    it('suggests a vendor incident as a cause once, never again after a rejection, and imports each vendor update exactly once', async () => {
      const causeService = sut.app.get(CauseService);
      const timelineService = sut.app.get(TimelineEventService);
      const f = sut.factories;
      const vendor = await f.newVendor({ name: 'Cloudflare' });
      const vendorIncident = await f.newVendorIncident({
        vendorId: vendor.id,
        shortlink: 'https://stspg.io/x',
      });
      const update = await f.newVendorIncidentUpdate({
        vendorIncidentId: vendorIncident.id,
        status: 'identified',
        body: 'Fix in progress',
      });
      const incident = await createIncident();
      const reasons = [{ kind: 'overlap', detail: '190 minutes of overlap' }];
      const suggested = await causeService.suggestCause({
        incidentId: incident.id,
        vendorIncidentId: vendorIncident.id,
        score: 0.8,
        reasons,
      });
      expect(suggested).toMatchObject({
        state: 'suggested',
        score: 0.8,
        reasons,
        createdBy: 'system',
      });
      const rejected = await call(
        'PATCH',
        `/api/incidents/${incident.reference}/causes/${suggested!.id}`,
        { version: 1, state: 'rejected' },
      );
      expect(rejected.status).toBe(200);
      expect(
        await causeService.suggestCause({
          incidentId: incident.id,
          vendorIncidentId: vendorIncident.id,
          score: 0.9,
          reasons,
        }),
      ).toBeNull();
      const causes = await call('GET', `/api/incidents/${incident.reference}/causes`);
      expect(causes.body.items.map((cause: Json) => cause.state)).toEqual(['rejected']);

      const link = { vendorName: 'Cloudflare', shortlink: vendorIncident.shortlink };
      const [first, second] = await Promise.all([
        timelineService.appendVendorUpdate(incident.id, update, link),
        timelineService.appendVendorUpdate(incident.id, update, link),
      ]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      const timeline = await call('GET', `/api/incidents/${incident.reference}/timeline`);
      expect(timeline.body.items).toHaveLength(1);
      expect(timeline.body.items[0]).toMatchObject({
        kind: 'vendor_update',
        source: 'vendor_import',
        vendorIncidentUpdateId: update.id,
      });
      expect(timeline.body.items[0].body).toContain('https://stspg.io/x');
      const actions = (
        await call('GET', `/api/incidents/${incident.reference}/activity`)
      ).body.items.map((entry: Json) => entry.action);
      expect(actions).toEqual([
        'incident.created',
        'cause.suggested',
        'cause.rejected',
        'timeline_event.imported',
      ]);
    });
  });

  describe('lists', () => {
    it('pages a long timeline in order', async () => {
      const ref = (await createIncident()).reference;
      for (let minute = 10; minute < 17; minute += 1) {
        await call('POST', `/api/incidents/${ref}/timeline`, {
          occurredAt: `2025-11-18T12:${minute}:00Z`,
          kind: 'note',
          body: `m${minute}`,
        });
      }
      const bodies: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: Json } = await call(
          'GET',
          `/api/incidents/${ref}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        );
        bodies.push(...page.body.items.map((event: Json) => event.body));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(bodies).toEqual(['m10', 'm11', 'm12', 'm13', 'm14', 'm15', 'm16']);
    });

    it('pages with a cursor that stays stable while incidents are inserted', async () => {
      const label = 'paging-test';
      const created: string[] = [];
      for (let day = 1; day <= 7; day += 1) {
        created.push(
          (await createIncident({ labels: [label], startedAt: `2024-02-0${day}T10:00:00Z` }))
            .reference,
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const query: string = `/api/incidents?label=${label}&limit=3&sort=startedAt&order=desc${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await call('GET', query);
        expect(response.status).toBe(200);
        seen.push(...response.body.items.map((item: Json) => item.reference));
        cursor = response.body.nextCursor;
        page += 1;
        // Between pages, someone inserts a newer incident and one that sorts into the page already read.
        if (page === 1) {
          await createIncident({ labels: [label], startedAt: '2024-02-20T10:00:00Z' });
          await createIncident({ labels: [label], startedAt: '2024-02-06T12:00:00Z' });
        }
      } while (cursor);
      expect(seen).toEqual([...created].reverse());
      expect(new Set(seen).size).toBe(seen.length);
      const tampered = await call('GET', `/api/incidents?cursor=not-a-cursor`);
      expect(tampered.status).toBe(400);
      expect((await call('GET', '/api/incidents?limit=1000')).status).toBe(400);
    });

    it('refuses a well-formed cursor whose sort value is not one, naming the cursor', async () => {
      const forged = Buffer.from(JSON.stringify(['not a date', 'not an id'])).toString('base64url');
      const response = await call('GET', `/api/incidents?sort=updatedAt&cursor=${forged}`);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: Json) => error.field)).toEqual(['cursor']);
    });

    it('filters by status, severity, date range and text', async () => {
      await createIncident({
        title: 'Payments webhook latency',
        severity: 'SEV3',
        startedAt: '2021-05-05T10:00:00Z',
        summary: 'Stripe retries',
      });
      await createIncident({
        title: 'Login outage',
        severity: 'SEV2',
        startedAt: '2021-05-06T10:00:00Z',
      });
      const range = '&from=2021-05-01T00:00:00Z&to=2021-06-01T00:00:00Z';
      const text = await call('GET', `/api/incidents?q=stripe${range}`);
      expect(text.body.items.map((item: Json) => item.title)).toEqual(['Payments webhook latency']);
      const severity = await call('GET', `/api/incidents?severity=SEV2,SEV1${range}`);
      expect(severity.body.items.map((item: Json) => item.title)).toEqual(['Login outage']);
      const status = await call('GET', `/api/incidents?status=resolved${range}`);
      expect(status.body.items).toEqual([]);
      const bad = await call('GET', '/api/incidents?status=done&severity=SEV7');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((error: Json) => error.field).sort()).toEqual([
        'severity',
        'status',
      ]);
    });
  });

  describe('OpenAPI', () => {
    it('documents the incident endpoints with their request and response schemas', async () => {
      const document = (await (await fetch(`${sut.url}/api/openapi.json`)).json()) as Json;
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/api/incidents',
          '/api/incidents/{ref}',
          '/api/incidents/{ref}/transitions',
          '/api/incidents/{ref}/timeline',
          '/api/incidents/{ref}/timeline/{id}/history',
          '/api/incidents/{ref}/causes',
          '/api/incidents/{ref}/activity',
          '/api/catalog/blast-radius',
          '/api/dependencies',
        ]),
      );
      const detail =
        document.paths['/api/incidents/{ref}'].get.responses['200'].content['application/json']
          .schema;
      expect(detail.$ref).toBe('#/components/schemas/IncidentDetailDto');
      const schema = document.components.schemas.IncidentDetailDto;
      expect(schema.properties.severity.enum).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5']);
      expect(Object.keys(schema.properties)).toEqual(
        expect.arrayContaining(['reference', 'metrics', 'impacts', 'causes']),
      );
      expect(
        document.components.schemas.CreateTimelineEventDto.properties.occurredAt.oneOf,
      ).toHaveLength(2);
    });
  });

  describe('bad input', () => {
    it('refuses a body over the size limit with 413 and stores nothing', async () => {
      const before = (await call('GET', '/api/incidents?q=huge')).body.items.length;
      const response = await call('POST', '/api/incidents', {
        title: 'huge',
        severity: 'SEV4',
        startedAt: '2025-01-01T00:00:00Z',
        summary: 'x'.repeat(30_000),
      });
      expect(response.status).toBe(413);
      expect((await call('GET', '/api/incidents?q=huge')).body.items.length).toBe(before);
    });

    it('answers 404 for an unknown reference', async () => {
      const response = await call('GET', '/api/incidents/INC-1999-0001');
      expect(response.status).toBe(404);
    });
  });
});
