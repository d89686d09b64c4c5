import { Clock } from '@rca/deadlines';
import { JobName, QueueName, QueueService } from '@rca/shared';
import { StatusPollService } from '@rca/status-sources';
import { StatusServer } from '../../status-sources/test/status-server';
import { eventually, startHttpReceiver } from '../../../test/support/loopback-receivers';
import { createTestApp, TestApp } from '../../../test/test-context';

/**
 * The vendor's report tracked to its promise, end to end on real Postgres, Redis and BullMQ
 * workers: a real status import (the product's poller and HTTP client) of a Statuspage
 * incidents.json served by a loopback status-page server, the outbox relay, the vendor-rca jobs,
 * the draft regeneration and webhook deliveries to a loopback receiver.
 */
describe('vendor RCA (real status import, Postgres, Redis, workers)', () => {
  let sut: TestApp;
  let server: StatusServer;
  let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;
  const BLOG = 'https://blog.cloudflare.com/18-november-2025-outage/';

  beforeAll(async () => {
    server = await new StatusServer().start();
    receiver = await startHttpReceiver();
    sut = await createTestApp({
      workers: true,
      env: { STATUS_FETCH_ALLOW_LOOPBACK: 'true', NOTIFICATION_ALLOW_LOOPBACK: 'true' },
    });
    const channel = await sut.api('POST', '/notification-channels', {
      name: 'sre-hook',
      kind: 'webhook',
      url: `${receiver.url}/hook`,
      topics: ['workflow', 'reminder'],
    });
    expect(channel.status).toBe(201);
    await sut.factories.newUser({ email: 'sre@example.com', role: 'responder' });
  });
  afterAll(async () => {
    await sut?.close();
    await server?.stop();
    await receiver?.close();
  });
  afterEach(() => sut.app.get(Clock).set(null));

  /** Cloudflare's 2025-11-18 incident as incidents.json shows it, at one stage of its life. */
  function cloudflarePayload(
    externalId: string,
    stage: { postmortem?: boolean; blogUpdate?: boolean } = {},
  ) {
    const updates = [
      {
        id: `${externalId}-u1`,
        status: 'investigating',
        body: 'Cloudflare is aware of, and investigating an issue which potentially impacts multiple customers.',
        created_at: '2025-11-18T11:48:00.000Z',
        display_at: '2025-11-18T11:48:00.000Z',
      },
      {
        id: `${externalId}-u2`,
        status: 'resolved',
        body: 'This incident has been resolved.',
        created_at: '2025-11-18T17:44:00.000Z',
        display_at: '2025-11-18T17:44:00.000Z',
      },
      ...(stage.blogUpdate
        ? [
            {
              id: `${externalId}-u3`,
              status: 'resolved',
              body: `A detailed post-mortem is now available on our blog: ${BLOG}`,
              created_at: '2025-11-19T03:00:00.000Z',
              display_at: '2025-11-19T03:00:00.000Z',
            },
          ]
        : []),
    ].reverse();
    return JSON.stringify({
      page: {
        id: 'yh6f0r4529hb',
        name: 'Cloudflare',
        url: 'https://www.cloudflarestatus.com',
        updated_at: '2025-11-20T00:00:00.000Z',
      },
      incidents: [
        {
          id: externalId,
          name: 'Cloudflare Global Network experiencing issues',
          status: stage.postmortem ? 'postmortem' : 'resolved',
          impact: 'critical',
          created_at: '2025-11-18T11:48:00.000Z',
          started_at: '2025-11-18T11:48:00.000Z',
          updated_at: stage.postmortem
            ? '2025-11-19T02:10:00.000Z'
            : stage.blogUpdate
              ? '2025-11-19T03:00:00.000Z'
              : '2025-11-18T17:44:00.000Z',
          resolved_at: '2025-11-18T17:44:00.000Z',
          shortlink: `https://stspg.io/${externalId}`,
          incident_updates: updates,
          components: [],
          ...(stage.postmortem
            ? {
                postmortem_body: `<p>On 18 November 2025 at 11:20 UTC, Cloudflare's network began experiencing significant failures to deliver core network traffic.</p><script>alert(1)</script><p>Read more: <a href="${BLOG}">${BLOG}</a></p>`,
                postmortem_published_at: '2025-11-19T02:10:00.000Z',
                postmortem_body_last_updated_at: '2025-11-19T02:10:00.000Z',
              }
            : { postmortem_body: null, postmortem_published_at: null }),
        },
      ],
    });
  }

  /**
   * A Cloudflare-like vendor with a status source on the loopback server, its incident imported
   * by a real poll, our resolved incident with its draft and owner, and the vendor incident
   * accepted as its root cause through the API.
   */
  async function world(options: { expectation?: boolean; accept?: boolean } = {}) {
    const vendor = await sut.factories.newVendor({ name: `Cloudflare ${Math.random()}` });
    const externalId = `cf${Math.random().toString(36).slice(2, 12)}`;
    let payload = cloudflarePayload(externalId);
    const url = server.serve(`/${externalId}/incidents.json`, () => payload);
    const source = await sut.factories.newStatusSource({ vendorId: vendor.id, url });
    const polls = sut.app.get(StatusPollService);
    const poll = async () => {
      await sut.dataSource.query(
        `UPDATE status_source SET etag = NULL, content_hash = NULL WHERE id = $1`,
        [source.id],
      );
      return polls.poll(source.id);
    };
    expect((await poll()).outcome).toBe('imported');
    const [vendorIncident] = await sut.dataSource.query(
      `SELECT id FROM vendor_incident WHERE vendor_id = $1`,
      [vendor.id],
    );
    if (options.expectation !== false) {
      const expectation = await sut.api('PUT', `/vendors/${vendor.slug}/rca-expectation`, {
        businessDays: 5,
        zone: 'America/Los_Angeles',
        country: 'US',
      });
      expect(expectation.status).toBe(200);
    }
    const incident = await sut.factories.newIncident({
      title: 'Chat web returns 500s',
      status: 'resolved',
      startedAt: new Date('2025-11-18T11:20:00Z'),
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    const draft = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
    expect(draft.status).toBe(201);
    const postmortem = (await sut.api('GET', `/postmortems/${draft.body.postmortemId}`)).body;
    const owned = await sut.api('PATCH', `/postmortems/${postmortem.id}`, {
      version: postmortem.version,
      owner: 'sre@example.com',
    });
    expect(owned.status).toBe(200);
    const accept = async () => {
      const cause = await sut.api('POST', `/incidents/${incident.reference}/causes`, {
        vendor: vendor.slug,
        vendorIncidentId: vendorIncident.id,
        role: 'root_cause',
        state: 'accepted',
      });
      expect(cause.status).toBe(201);
      return cause.body as { id: string };
    };
    const cause = options.accept === false ? null : await accept();
    return {
      vendor,
      incident,
      postmortemId: postmortem.id as string,
      vendorIncidentId: vendorIncident.id as string,
      causeId: cause?.id ?? null,
      accept,
      poll,
      publish: (stage: { postmortem?: boolean; blogUpdate?: boolean }) => {
        payload = cloudflarePayload(externalId, stage);
      },
    };
  }

  const section = async (postmortemId: string, key: string) =>
    (
      (await sut.api('GET', `/postmortems/${postmortemId}`)).body.sections as Array<{
        key: string;
        markdown: string;
        origin: string;
      }>
    ).find((candidate) => candidate.key === key)!;
  const messagesAbout = (reference: string, subject: RegExp) =>
    receiver.received
      .map((request) => JSON.parse(request.body) as { subject: string; text: string })
      .filter((message) => message.subject.includes(reference) && subject.test(message.subject));
  const status = async (incidentId: string) =>
    (await sut.api('GET', `/incidents/${incidentId}/vendor-rca`)).body.items[0];

  it('a Statuspage incident that gains postmortem_body: recorded once, cited in Root cause, attached, owner told; a re-poll adds nothing', async () => {
    const w = await world();
    w.publish({ postmortem: true });
    const polled = await w.poll();
    expect(polled).toMatchObject({
      outcome: 'imported',
      changes: { reportsFound: [w.vendorIncidentId] },
    });

    const rootCause = await eventually(async () => {
      const found = await section(w.postmortemId, 'root_cause');
      return found.markdown.includes('report of') && found;
    });
    expect(rootCause.markdown).toContain(
      `Per the vendor's report of 2025-11-19: [${BLOG}](${BLOG})`,
    );
    const supporting = await section(w.postmortemId, 'supporting_information');
    expect(supporting.markdown).toContain(`'s report of 2025-11-19: [${BLOG}](${BLOG})`);
    expect(supporting.markdown).toContain(
      "> On 18 November 2025 at 11:20 UTC, Cloudflare's network began experiencing significant failures",
    );
    expect(supporting.markdown).not.toContain('alert(1)');
    const told = await eventually(async () => {
      const found = messagesAbout(w.incident.reference, /published its report/);
      return found.length > 0 && found;
    });
    expect(told[0].text).toContain('Owner: sre@example.com.');
    expect(await status(w.incident.id)).toMatchObject({
      state: 'published',
      report: {
        source: 'statuspage_postmortem',
        url: BLOG,
        publishedAt: '2025-11-19T02:10:00.000Z',
      },
    });

    // The same page again: nothing recorded, no second event, no second message.
    expect(((await w.poll()) as { changes?: unknown }).changes).toMatchObject({ reportsFound: [] });
    const [counts] = await sut.dataSource.query(
      `SELECT (SELECT count(*)::int FROM vendor_incident_report WHERE vendor_incident_id = $1) AS reports,
              (SELECT count(*)::int FROM outbox_message WHERE event = 'vendor-report.found' AND payload->>'vendorIncidentId' = $1::text) AS events`,
      [w.vendorIncidentId],
    );
    expect(counts).toEqual({ reports: 1, events: 1 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesAbout(w.incident.reference, /published its report/)).toHaveLength(1);
  });

  it('an update announcing a blog post is the report; a Root cause a person edited is kept', async () => {
    const w = await world();
    const pm = (await sut.api('GET', `/postmortems/${w.postmortemId}`)).body;
    const edited = await sut.api('PATCH', `/postmortems/${w.postmortemId}`, {
      version: pm.version,
      sections: [{ key: 'root_cause', markdown: 'A bad feature file, as we understand it.' }],
    });
    expect(edited.status).toBe(200);
    w.publish({ blogUpdate: true });
    expect(((await w.poll()) as { changes?: unknown }).changes).toMatchObject({
      reportsFound: [w.vendorIncidentId],
    });

    const supporting = await eventually(async () => {
      const found = await section(w.postmortemId, 'supporting_information');
      return found.markdown.includes(BLOG) && found;
    });
    expect(supporting.markdown).toContain(`'s report of 2025-11-19: [${BLOG}](${BLOG})`);
    expect(await section(w.postmortemId, 'root_cause')).toMatchObject({
      markdown: 'A bad feature file, as we understand it.',
      origin: 'edited',
    });
    expect(await status(w.incident.id)).toMatchObject({
      state: 'published',
      report: { source: 'update', url: BLOG, publishedAt: '2025-11-19T03:00:00.000Z' },
    });
  });

  it('a pasted link: bad input refused naming the field, the link attached once, a second one refused', async () => {
    const w = await world({ expectation: false });
    const bad = await sut.api('POST', `/vendor-incidents/${w.vendorIncidentId}/report`, {
      url: 'javascript:alert(1)',
      publishedAt: 'yesterday',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'publishedAt',
      'url',
    ]);
    const none = await sut.dataSource.query(
      `SELECT 1 FROM vendor_incident_report WHERE vendor_incident_id = $1`,
      [w.vendorIncidentId],
    );
    expect(none).toEqual([]);
    expect(await status(w.incident.id)).toMatchObject({ state: 'untracked', expectedBy: null });

    const pasted = await sut.api('POST', `/vendor-incidents/${w.vendorIncidentId}/report`, {
      url: BLOG,
      publishedAt: '2025-11-19T02:10:00Z',
      text: '<b>Bot management</b> feature file doubled in size.',
    });
    expect(pasted.status).toBe(201);
    expect(pasted.body).toMatchObject({
      source: 'pasted',
      url: BLOG,
      text: 'Bot management feature file doubled in size.',
      pastedBy: 'admin@example.com',
    });
    const rootCause = await eventually(async () => {
      const found = await section(w.postmortemId, 'root_cause');
      return found.markdown.includes('report of') && found;
    });
    expect(rootCause.markdown).toContain(
      `Per the vendor's report of 2025-11-19: [${BLOG}](${BLOG})`,
    );

    const again = await sut.api('POST', `/vendor-incidents/${w.vendorIncidentId}/report`, {
      url: 'https://example.com/other',
    });
    expect(again.status).toBe(409);
    expect(again.body.details).toMatchObject({
      code: 'VENDOR_REPORT_EXISTS',
      current: { url: BLOG },
    });
  });

  it('a report not published by its expected date is overdue: listed for managers, the owner told once', async () => {
    // Cloudflare resolved 2025-11-18: 5 business days in Los Angeles with US holidays → 2025-11-25, long past.
    const w = await world();
    const told = await eventually(async () => {
      const found = messagesAbout(w.incident.reference, /report is overdue/);
      return found.length > 0 && found;
    });
    expect(told[0].text).toContain(
      'expected by 2025-11-26 07:59 UTC (5 business days, America/Los_Angeles, US holidays)',
    );
    expect(told[0].text).toContain('Owner: sre@example.com.');
    expect(await status(w.incident.id)).toMatchObject({
      state: 'overdue',
      expectedByDate: '2025-11-25',
      expectationText: '5 business days, America/Los_Angeles, US holidays',
    });
    const list = await sut.api('GET', '/deadlines/vendor-rca');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reference: w.incident.reference,
          owner: 'sre@example.com',
          expectedBy: '2025-11-26T07:59:00.000Z',
          notifiedAt: expect.any(String),
        }),
      ]),
    );

    // The same check again (a retry, a second relay): no second message.
    const job = await sut.app
      .get(QueueService)
      .add(
        JobName.VendorRcaOverdue,
        { causeId: w.causeId!, expectedBy: '2025-11-26T07:59:00.000Z' },
        { jobId: `again-${w.causeId}` },
      );
    const queue = sut.app.get(QueueService).queue(QueueName.Deadlines);
    const done = await eventually(async () => {
      const finished = await queue.getJob(job.id!);
      return finished?.finishedOn ? finished : undefined;
    });
    expect(done.returnvalue).toEqual({ outcome: 'duplicate' });
    expect(messagesAbout(w.incident.reference, /report is overdue/)).toHaveLength(1);

    // The report arrives: off the list.
    w.publish({ postmortem: true });
    await w.poll();
    await eventually(async () => (await status(w.incident.id)).state === 'published');
    const after = await sut.api('GET', '/deadlines/vendor-rca');
    expect(after.body.items.map((item: { reference: string }) => item.reference)).not.toContain(
      w.incident.reference,
    );
  });

  it('before its expected date the report is awaited, and a report found first means no overdue notice', async () => {
    sut.app.get(Clock).set(new Date('2025-11-19T12:00:00Z'));
    const w = await world({ accept: false });
    w.publish({ blogUpdate: true });
    await w.poll();
    const { id: causeId } = await w.accept();
    // Accepted after the report was found: attached at once.
    await eventually(async () =>
      (await section(w.postmortemId, 'root_cause')).markdown.includes('report of'),
    );
    const overdueJobs = await sut.dataSource.query(
      `SELECT 1 FROM outbox_message WHERE job_name = $1 AND payload->>'causeId' = $2`,
      [JobName.VendorRcaOverdue, causeId],
    );
    expect(overdueJobs).toEqual([]);

    const other = await world();
    expect(await status(other.incident.id)).toMatchObject({
      state: 'awaited',
      expectedBy: '2025-11-26T07:59:00.000Z',
      expectedByDate: '2025-11-25',
      expectationText: '5 business days, America/Los_Angeles, US holidays',
      report: null,
    });
    const list = await sut.api('GET', '/deadlines/vendor-rca');
    expect(list.body.items.map((item: { reference: string }) => item.reference)).not.toContain(
      other.incident.reference,
    );
  });

  it('refuses an unusable expectation naming the field, storing nothing', async () => {
    const vendor = await sut.factories.newVendor();
    const bad = await sut.api('PUT', `/vendors/${vendor.slug}/rca-expectation`, {
      businessDays: 5,
      zone: 'America/Nowhere',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('zone');
    const got = await sut.api('GET', `/vendors/${vendor.slug}/rca-expectation`);
    expect(got.body).toEqual({
      expectation: null,
    });
  });
});
