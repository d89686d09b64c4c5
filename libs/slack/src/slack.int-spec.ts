import { ReviewNotifierService } from '@rca/postmortems';
import { SlackRequestService } from './slack-request.service';
import { slackSignature } from './slack-signature';
import { SlackApiServer } from '../test/slack-api-server';
import { eventually } from '../../../test/support/loopback-receivers';
import { createTestApp, TestApp } from '../../../test/test-context';
import { randomBytes } from 'node:crypto';
import * as yazl from 'yazl';

/**
 * The Slack app through the real API, Postgres, Redis and BullMQ workers. Slack itself cannot run
 * here: its Web API is the contract-test server in ../test/slack-api-server.ts.
 */
describe('Slack app (real API, Postgres, Redis, workers; Slack Web API contract server)', () => {
  let sut: TestApp;
  let slack: SlackApiServer;
  const secret = '8f742231b10e8888abcd99edabcd00d1';
  let channelSeq = 0;

  beforeAll(async () => {
    slack = await new SlackApiServer().start();
    sut = await createTestApp({
      workers: true,
      env: {
        OUTBOUND_ALLOW_LOOPBACK: 'true',
        SLACK_API_URL: `${slack.url}/api`,
        SLACK_EXPORT_MAX_UNCOMPRESSED_BYTES: String(1024 * 1024),
        SLACK_EXPORT_MAX_ENTRIES: '50',
        SLACK_EXPORT_MAX_BYTES: String(256 * 1024),
      },
    });
    const saved = await sut.api('PUT', '/slack/settings', {
      version: 0,
      signingSecret: secret,
      botToken: slack.token,
    });
    expect(saved.status).toBe(200);
    slack.users.set('U1ADA', {
      id: 'U1ADA',
      name: 'ada',
      real_name: 'Ada Lovelace',
      tz: 'Europe/Paris',
    });
    slack.users.set('U2BOB', {
      id: 'U2BOB',
      name: 'bob',
      real_name: 'Bob Oncall',
      tz: 'America/New_York',
    });
  });
  afterAll(async () => {
    await sut?.close();
    await slack?.stop();
  });

  function newChannel(
    messages: Array<{ ts: string; user?: string; text?: string; subtype?: string }> = [],
  ) {
    const id = `C0TEST${++channelSeq}`;
    slack.channels.set(id, messages);
    return id;
  }

  async function send(
    path: string,
    body: string,
    options: {
      secret?: string;
      timestamp?: number;
      signature?: string | null;
      tamper?: (b: string) => string;
    } = {},
  ) {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = slackSignature(options.secret ?? secret, timestamp, Buffer.from(body));
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
    };
    if (options.signature !== null) headers['x-slack-signature'] = options.signature ?? signature;
    const sent = options.tamper ? options.tamper(body) : body;
    const response = await fetch(`${sut.url}/api${path}`, { method: 'POST', headers, body: sent });
    const text = await response.text();
    return {
      status: response.status,
      text,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      headers,
      sent,
    };
  }

  function command(channelId: string, text: string, user = 'U1ADA') {
    return new URLSearchParams({
      token: 'deprecated',
      team_id: 'T0CONTRACT',
      channel_id: channelId,
      channel_name: `inc-${channelId.toLowerCase()}`,
      user_id: user,
      user_name: user === 'U1ADA' ? 'ada' : 'bob',
      command: '/rca',
      text,
      response_url: 'https://hooks.slack.com/commands/T0CONTRACT/1/abc',
      trigger_id: '1.2.3',
    }).toString();
  }

  function shortcut(channelId: string, message: Record<string, unknown>) {
    return new URLSearchParams({
      payload: JSON.stringify({
        type: 'message_action',
        trigger_id: `${Date.now()}.${Math.random()}`,
        callback_id: 'add_to_incident_timeline',
        team: { id: 'T0CONTRACT' },
        channel: { id: channelId, name: 'inc' },
        user: { id: 'U2BOB', username: 'bob' },
        message_ts: message.ts,
        message: { type: 'message', ...message },
      }),
    }).toString();
  }

  async function count(table: string): Promise<number> {
    const [row] = (await sut.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{
      n: number;
    }>;
    return row!.n;
  }

  async function linked(channelId: string) {
    return eventually(async () => {
      const [row] = (await sut.dataSource.query(
        `SELECT l.incident_id, i.reference FROM slack_channel_link l JOIN incident i ON i.id = l.incident_id WHERE l.channel_id = $1`,
        [channelId],
      )) as Array<{ incident_id: string; reference: string }>;
      return row;
    });
  }

  describe('signature corpus: 401 and nothing stored', () => {
    const body = () => command('C0CORPUS', 'declare Should never open');
    const cases: Array<[string, () => ReturnType<typeof send>]> = [
      [
        'a wrong secret',
        () => send('/slack/commands', body(), { secret: 'ffffffffffffffffffffffffffffffff' }),
      ],
      [
        'a stale timestamp (6 minutes old)',
        () => send('/slack/commands', body(), { timestamp: Math.floor(Date.now() / 1000) - 360 }),
      ],
      [
        'a timestamp from the future (6 minutes ahead)',
        () => send('/slack/commands', body(), { timestamp: Math.floor(Date.now() / 1000) + 360 }),
      ],
      [
        'a tampered body',
        () => send('/slack/commands', body(), { tamper: (b) => b.replace('Should', 'Would') }),
      ],
      ['a missing signature', () => send('/slack/commands', body(), { signature: null })],
      [
        'a shortcut with a wrong secret',
        () =>
          send(
            '/slack/interactions',
            shortcut('C0CORPUS', { ts: '1763464800.000100', text: 'x' }),
            { secret: 'ab'.repeat(16) },
          ),
      ],
    ];
    it.each(cases)('refuses %s', async (_name, call) => {
      const before = {
        requests: await count('slack_request'),
        outbox: await count('outbox_message'),
        incidents: await count('incident'),
      };
      const response = await call();
      expect(response.status).toBe(401);
      expect(response.body?.code).toBe('SLACK_SIGNATURE_INVALID');
      expect({
        requests: await count('slack_request'),
        outbox: await count('outbox_message'),
        incidents: await count('incident'),
      }).toEqual(before);
    });

    it('refuses missing headers altogether', async () => {
      const before = await count('slack_request');
      const response = await fetch(`${sut.url}/api/slack/commands`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body(),
      });
      expect(response.status).toBe(401);
      expect(await count('slack_request')).toBe(before);
    });

    it('refuses a replayed request (same signed request sent twice)', async () => {
      const channelId = newChannel();
      const timestamp = Math.floor(Date.now() / 1000);
      const first = await send('/slack/commands', command(channelId, 'status'), { timestamp });
      expect(first.status).toBe(200);
      const before = {
        requests: await count('slack_request'),
        outbox: await count('outbox_message'),
      };
      const replay = await send('/slack/commands', command(channelId, 'status'), { timestamp });
      expect(replay.status).toBe(401);
      expect(replay.body?.message).toMatch(/replay/);
      expect({
        requests: await count('slack_request'),
        outbox: await count('outbox_message'),
      }).toEqual(before);
    });
  });

  it('/rca declare answers at once, opens the incident, links the channel and says so in the channel', async () => {
    const channelId = newChannel();
    const started = Date.now();
    const response = await send(
      '/slack/commands',
      command(channelId, 'declare Chat web returns HTTP 500'),
    );
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ response_type: 'ephemeral' });
    const link = await linked(channelId);
    const [incident] = (await sut.dataSource.query(
      `SELECT title, created_by FROM incident WHERE id = $1`,
      [link.incident_id],
    )) as Array<{ title: string; created_by: string }>;
    expect(incident).toEqual({ title: 'Chat web returns HTTP 500', created_by: 'slack:ada' });
    const posted = await eventually(async () => slack.posted.find((p) => p.channel === channelId));
    expect(posted).toMatchObject({ method: 'chat.postMessage' });
    expect(posted.text).toContain(link.reference);
  });

  it('running the request job twice does its work once', async () => {
    const channelId = newChannel();
    await send('/slack/commands', command(channelId, 'declare Twice'));
    await linked(channelId);
    const [request] = (await sut.dataSource.query(
      `SELECT id FROM slack_request WHERE payload->>'channel_id' = $1`,
      [channelId],
    )) as Array<{ id: string }>;
    await eventually(async () => slack.posted.some((p) => p.channel === channelId));
    await sut.app.get(SlackRequestService).handle(request!.id);
    const [{ n }] = (await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM incident WHERE title = 'Twice'`,
    )) as Array<{ n: number }>;
    expect(n).toBe(1);
    expect(slack.posted.filter((p) => p.channel === channelId)).toHaveLength(1);
  });

  it('/rca link, note and status work on the linked incident', async () => {
    const created = await sut.api('POST', '/incidents', {
      title: 'CDN outage',
      severity: 'SEV2',
      startedAt: '2025-11-18T11:20:00Z',
      detectedAt: '2025-11-18T11:20:00Z',
      acknowledgedAt: '2025-11-18T11:35:00Z',
    });
    expect(created.status).toBe(201);
    const channelId = newChannel();
    await send('/slack/commands', command(channelId, `link ${created.body.reference}`));
    expect((await linked(channelId)).reference).toBe(created.body.reference);
    await send(
      '/slack/commands',
      command(channelId, 'note Cloudflare confirms the edge is failing'),
    );
    const note = await eventually(async () => {
      const rows = (await sut.dataSource.query(
        `SELECT body, source, kind FROM timeline_event WHERE incident_id = $1`,
        [created.body.id],
      )) as unknown[];
      return rows[0];
    });
    expect(note).toEqual({
      body: 'Cloudflare confirms the edge is failing',
      source: 'slack',
      kind: 'note',
    });
    await send('/slack/commands', command(channelId, 'status'));
    const status = await eventually(async () =>
      slack.posted.find((p) => p.channel === channelId && p.text.includes('Status:')),
    );
    expect(status.text).toContain('*investigating*');
    expect(status.text).toContain('acknowledge: 15 min');
  });

  it('/rca link refuses a private incident (Slack users are not its team)', async () => {
    const team = await sut.factories.newTeam();
    const incident = await sut.factories.newIncident({
      title: 'Secret',
      private: true,
      teamId: team.id,
    });
    const channelId = newChannel();
    await send('/slack/commands', command(channelId, `link ${incident.reference}`));
    const reply = await eventually(async () => slack.posted.find((p) => p.channel === channelId));
    expect(reply).toMatchObject({ method: 'chat.postEphemeral', user: 'U1ADA' });
    expect(reply.text).toContain('private');
    expect(
      await sut.dataSource.query(`SELECT 1 FROM slack_channel_link WHERE channel_id = $1`, [
        channelId,
      ]),
    ).toEqual([]);
  });

  it('marks a history import failed with Slack’s error when Slack refuses it for good', async () => {
    const created = await sut.api('POST', '/incidents', {
      title: 'Gone channel',
      severity: 'SEV3',
      startedAt: '2025-11-18T11:00:00Z',
    });
    const ref = created.body.reference as string;
    const channelId = newChannel();
    await send('/slack/commands', command(channelId, `link ${ref}`));
    await linked(channelId);
    slack.channels.delete(channelId); // archived and deleted since: channel_not_found
    expect(
      (
        await sut.api('POST', `/incidents/${ref}/slack/imports`, {
          from: '2025-11-18T11:00:00Z',
          to: '2025-11-18T12:00:00Z',
        })
      ).status,
    ).toBe(202);
    const done = await eventually(async () => {
      const overview = await sut.api('GET', `/incidents/${ref}/slack`);
      return overview.body.imports.find((i: { state: string }) => i.state !== 'pending');
    });
    expect(done).toMatchObject({
      state: 'failed',
      error: 'Slack conversations.history answered channel_not_found',
    });
  });

  it('/rca with an unknown subcommand answers the help and stores nothing', async () => {
    const before = await count('slack_request');
    const response = await send('/slack/commands', command(newChannel(), 'frobnicate'));
    expect(response.status).toBe(200);
    expect(String(response.body?.text)).toContain('/rca declare');
    expect(await count('slack_request')).toBe(before);
  });

  it('the message shortcut adds the message to the linked incident’s timeline, once', async () => {
    const created = await sut.api('POST', '/incidents', {
      title: 'Shortcut',
      severity: 'SEV3',
      startedAt: '2025-11-18T11:00:00Z',
    });
    const message = {
      ts: '1763464800.123456',
      user: 'U1ADA',
      text: 'Edge 500s, <@U2BOB> is paging Cloudflare',
      files: [{ name: 'graph.png', permalink: 'https://acme.slack.com/files/U1ADA/F1/graph.png' }],
    };
    const channelId = newChannel([message]);
    await send('/slack/commands', command(channelId, `link ${created.body.reference}`));
    await linked(channelId);
    const first = await send('/slack/interactions', shortcut(channelId, message));
    expect(first.status).toBe(200);
    const event = await eventually(async () => {
      const rows = (await sut.dataSource.query(
        `SELECT body, author, source, entered_zone, entered_local, occurred_at FROM timeline_event WHERE incident_id = $1`,
        [created.body.id],
      )) as Array<Record<string, unknown>>;
      return rows[0];
    });
    expect(event).toMatchObject({
      author: 'Ada Lovelace',
      source: 'slack',
      entered_zone: 'Europe/Paris',
      entered_local: '2025-11-18T12:20:00',
    });
    expect((event.occurred_at as Date).toISOString()).toBe('2025-11-18T11:20:00.123Z');
    expect(event.body).toContain('@Bob Oncall is paging Cloudflare');
    expect(event.body).toContain('[graph.png](https://acme.slack.com/files/U1ADA/F1/graph.png)');
    expect(event.body).toContain(
      `[View in Slack](https://acme.slack.com/archives/${channelId}/p1763464800123456)`,
    );
    // The same message again (another click): still one event.
    expect((await send('/slack/interactions', shortcut(channelId, message))).status).toBe(200);
    await eventually(
      async () =>
        slack.posted.filter((p) => p.channel === channelId && p.method === 'chat.postEphemeral')
          .length >= 2,
    );
    const [{ n }] = (await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM timeline_event WHERE incident_id = $1`,
      [created.body.id],
    )) as Array<{ n: number }>;
    expect(n).toBe(1);
  });

  it('imports a channel window through paged history, sitting out a 429, as proposed events; a rerun adds none; accept and dismiss', async () => {
    const created = await sut.api('POST', '/incidents', {
      title: 'History',
      severity: 'SEV2',
      startedAt: '2025-11-18T11:00:00Z',
    });
    const ref = created.body.reference as string;
    const base = 1763464800;
    const channelId = newChannel([
      { ts: `${base - 7200}.000001`, user: 'U1ADA', text: 'before the window' },
      { ts: `${base}.000001`, user: 'U1ADA', text: 'first' },
      { ts: `${base + 60}.000001`, user: 'U2BOB', text: 'second <@U1ADA>' },
      { ts: `${base + 120}.000001`, subtype: 'channel_join', user: 'U2BOB', text: 'joined' },
      { ts: `${base + 180}.000001`, user: 'U1ADA', text: 'third' },
      { ts: `${base + 240}.000001`, user: 'U2BOB', text: 'fourth' },
      { ts: `${base + 300}.000001`, user: 'U1ADA', text: 'fifth' },
    ]);
    await send('/slack/commands', command(channelId, `link ${ref}`));
    await linked(channelId);
    slack.pageSize = 2;
    slack.rateLimits.set('conversations.history', 1);
    const callsBefore = slack.calls.length;
    const asked = await sut.api('POST', `/incidents/${ref}/slack/imports`, {
      from: '2025-11-18T11:10:00Z',
      to: '2025-11-18T12:00:00Z',
    });
    expect(asked.status).toBe(202);
    const done = await eventually(async () => {
      const overview = await sut.api('GET', `/incidents/${ref}/slack`);
      return overview.body.imports.find((i: { state: string }) => i.state !== 'pending');
    }, 30_000);
    expect(done).toMatchObject({ state: 'done', proposed: 5 });
    const history = slack.calls
      .slice(callsBefore)
      .filter((c) => c.method === 'conversations.history');
    expect(history[0]!.status).toBe(429);
    expect(history.filter((c) => c.status === 200).length).toBe(3); // 6 in the window, 2 a page
    expect(history.filter((c) => c.params.cursor).length).toBeGreaterThanOrEqual(2);
    const listed = await sut.api('GET', `/incidents/${ref}/slack/messages`);
    expect(listed.body.items.map((m: { body: string }) => m.body)).toEqual([
      'first',
      'second @Ada Lovelace',
      'third',
      'fourth',
      'fifth',
    ]);
    // Again: nothing new.
    await sut.api('POST', `/incidents/${ref}/slack/imports`, {
      from: '2025-11-18T11:10:00Z',
      to: '2025-11-18T12:00:00Z',
    });
    const again = await eventually(async () => {
      const overview = await sut.api('GET', `/incidents/${ref}/slack`);
      return (
        overview.body.imports.length === 2 &&
        overview.body.imports.every((i: { state: string }) => i.state === 'done') &&
        overview.body.imports
      );
    }, 30_000);
    expect(again[0].proposed).toBe(0);
    slack.pageSize = 200;
    const [first, second] = listed.body.items;
    const accepted = await sut.api('POST', `/incidents/${ref}/slack/messages/${first.id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body.timelineEventId).toBeTruthy();
    expect(
      (await sut.api('POST', `/incidents/${ref}/slack/messages/${first.id}/accept`)).status,
    ).toBe(409);
    expect(
      (await sut.api('POST', `/incidents/${ref}/slack/messages/${second.id}/dismiss`)).status,
    ).toBe(200);
    const timeline = await sut.api('GET', `/incidents/${ref}/timeline`);
    expect(timeline.body.items.map((e: { body: string }) => e.body)).toEqual([
      expect.stringContaining('first'),
    ]);
    expect((await sut.api('GET', `/incidents/${ref}/slack/messages`)).body.items).toHaveLength(3);
  });

  describe('export archive', () => {
    function zip(entries: Record<string, string | Buffer>): Promise<Buffer> {
      const archive = new yazl.ZipFile();
      for (const [name, content] of Object.entries(entries))
        archive.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name);
      archive.end();
      return new Promise((resolve) => {
        const chunks: Buffer[] = [];
        archive.outputStream.on('data', (c: Buffer) => chunks.push(c));
        archive.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
      });
    }
    const exportFiles = () => ({
      'channels.json': JSON.stringify([
        { id: 'C0EXPORT', name: 'inc-cloudflare' },
        { id: 'C0OTHER', name: 'random' },
      ]),
      'users.json': JSON.stringify([
        { id: 'U1ADA', name: 'ada', real_name: 'Ada Lovelace', tz: 'Europe/Paris' },
      ]),
      'inc-cloudflare/2025-11-18.json': JSON.stringify([
        { type: 'message', ts: '1763464800.000200', user: 'U1ADA', text: 'from the export' },
        { type: 'message', ts: '1763464860.000200', user: 'U1ADA', text: 'hello <@U1ADA>' },
        { type: 'message', ts: '1763550000.000200', user: 'U1ADA', text: 'outside the window' },
      ]),
      'random/2025-11-18.json': JSON.stringify([
        { type: 'message', ts: '1763464800.000300', text: 'other channel' },
      ]),
    });
    async function upload(ref: string, body: Buffer, channel = 'inc-cloudflare') {
      const query = new URLSearchParams({
        incident: ref,
        channel,
        from: '2025-11-18T11:00:00Z',
        to: '2025-11-18T12:00:00Z',
      });
      const response = await sut.fetchAs()(`/api/slack/export-imports?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/zip' },
        body: new Uint8Array(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    }
    async function newIncident() {
      return (
        await sut.api('POST', '/incidents', {
          title: 'Export',
          severity: 'SEV3',
          startedAt: '2025-11-18T11:00:00Z',
        })
      ).body.reference as string;
    }

    it('proposes the channel’s messages in the window; a second upload adds none', async () => {
      const ref = await newIncident();
      const archive = await zip(exportFiles());
      const first = await upload(ref, archive);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        found: 2,
        proposed: 2,
        origin: 'export',
        channelId: 'C0EXPORT',
      });
      expect((await upload(ref, archive)).body).toMatchObject({ found: 2, proposed: 0 });
      const listed = await sut.api('GET', `/incidents/${ref}/slack/messages`);
      expect(
        listed.body.items.map((m: { body: string; authorName: string }) => [m.body, m.authorName]),
      ).toEqual([
        ['from the export', 'Ada Lovelace'],
        ['hello @Ada Lovelace', 'Ada Lovelace'],
      ]);
    });

    const bad: Array<[string, () => Promise<Buffer>, RegExp]> = [
      ['not a zip', async () => Buffer.from('this is not a zip at all, just text'), /not a zip/],
      [
        'a traversal name',
        // yazl refuses to write one; the name is patched into the archive's bytes.
        async () => {
          const archive = await zip({ ...exportFiles(), 'xx/xx/etc/passwd': 'x' });
          return Buffer.from(archive.toString('latin1').replaceAll('xx/xx/', '../../'), 'latin1');
        },
        /safe relative path|invalid relative path/,
      ],
      [
        'a zip bomb (unpacks past the cap)',
        () =>
          zip({
            ...exportFiles(),
            'inc-cloudflare/2025-11-17.json': Buffer.alloc(3 * 1024 * 1024, 32),
          }),
        /unpack to more than/,
      ],
      [
        'too many entries',
        () =>
          zip(
            Object.fromEntries(
              Array.from({ length: 60 }, (_, i) => [
                `random/2025-10-${String(i).padStart(2, '0')}.json`,
                '[]',
              ]).concat(Object.entries(exportFiles())),
            ),
          ),
        /entries/,
      ],
      [
        'wrong JSON',
        () => zip({ ...exportFiles(), 'inc-cloudflare/2025-11-18.json': '{"not": "json"' }),
        /not valid JSON/,
      ],
      [
        'a day file that is not a list',
        () => zip({ ...exportFiles(), 'inc-cloudflare/2025-11-18.json': '{"a":1}' }),
        /not a list of messages/,
      ],
      ['no channels.json', () => zip({ 'inc-cloudflare/2025-11-18.json': '[]' }), /channels\.json/],
    ];
    it.each(bad)('refuses %s with a 400 and stores nothing', async (_name, make, message) => {
      const ref = await newIncident();
      const before = {
        messages: await count('slack_message'),
        imports: await count('slack_import'),
      };
      const response = await upload(ref, await make());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('SLACK_ARCHIVE_INVALID');
      expect(response.body.message).toMatch(message);
      expect({
        messages: await count('slack_message'),
        imports: await count('slack_import'),
      }).toEqual(before);
    });

    it('refuses an archive above SLACK_EXPORT_MAX_BYTES with a 413 and stores nothing', async () => {
      const before = await count('slack_import');
      const response = await upload(await newIncident(), randomBytes(300 * 1024));
      expect(response.status).toBe(413);
      expect(await count('slack_import')).toBe(before);
    });

    it('names the channels it has when the one asked for is missing', async () => {
      const response = await upload(await newIncident(), await zip(exportFiles()), 'nope');
      expect(response.status).toBe(400);
      expect(response.body.details.channels).toEqual(['inc-cloudflare', 'random']);
    });
  });

  it('admin settings never show the secrets and are admin-only', async () => {
    const view = await sut.api('GET', '/slack/settings');
    expect(view.body).toMatchObject({
      configured: true,
      signingSecretSet: true,
      botTokenSet: true,
    });
    expect(view.text).not.toContain(secret);
    expect(view.text).not.toContain(slack.token);
    const [row] = (await sut.dataSource.query(
      `SELECT credentials FROM slack_app_settings`,
    )) as Array<{ credentials: string }>;
    expect(row!.credentials).not.toContain(secret);
    const responder = await sut.fetchAs('responder@example.com', 'responder', [
      'read:incidents',
      'write:incidents',
    ])('/api/slack/settings');
    expect(responder.status).toBe(403);
    const stale = await sut.api('PUT', '/slack/settings', { version: 0, botToken: slack.token });
    expect(stale.status).toBe(409);
    const check = await sut.api('POST', '/slack/settings/check');
    expect(check.body).toEqual({
      ok: true,
      teamId: 'T0CONTRACT',
      team: 'Acme',
      botUserId: 'UBOT',
      error: null,
    });
  });

  describe('notification channels of kind "Slack app"', () => {
    const deliveriesOf = async (channelId: string) =>
      (await sut.dataSource.query(
        `SELECT status, last_error AS "lastError", subject FROM notification_delivery WHERE channel_id = $1 ORDER BY created_at`,
        [channelId],
      )) as Array<{ status: string; lastError: string | null; subject: string }>;

    it('refuses a Slack app channel without its Slack channel, and a Slack channel on another kind', async () => {
      const missing = await sut.api('POST', '/notification-channels', {
        name: 'no-slack-channel',
        kind: 'slack_app',
        topics: ['incident_status'],
      });
      expect(missing.status).toBe(400);
      expect(missing.body.errors[0].field).toBe('slackChannel');
      const malformed = await sut.api('POST', '/notification-channels', {
        name: 'bad-slack-channel',
        kind: 'slack_app',
        slackChannel: 'sre incidents',
        topics: ['incident_status'],
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].field).toBe('slackChannel');
      const wrongKind = await sut.api('POST', '/notification-channels', {
        name: 'webhook-with-slack-channel',
        kind: 'webhook',
        url: 'https://hooks.example.com/x',
        slackChannel: '#sre',
        topics: ['incident_status'],
      });
      expect(wrongKind.status).toBe(400);
      expect(wrongKind.body.errors[0].field).toBe('slackChannel');
    });

    it('posts incident status changes through the app, once each; a channel the app is not in fails with the reason', async () => {
      const channel = await sut.api('POST', '/notification-channels', {
        name: 'sre-incidents-app',
        kind: 'slack_app',
        slackChannel: '#sre-incidents',
        topics: ['incident_status', 'workflow'],
      });
      expect(channel.status).toBe(201);
      expect(channel.body.slackChannel).toBe('#sre-incidents');
      slack.notInvited.add('#not-invited');
      const uninvited = await sut.api('POST', '/notification-channels', {
        name: 'uninvited-app',
        kind: 'slack_app',
        slackChannel: '#not-invited',
        topics: ['incident_status'],
      });
      expect(uninvited.status).toBe(201);

      const created = await sut.api('POST', '/incidents', {
        title: 'Edge returns HTTP 500',
        severity: 'SEV1',
        startedAt: '2025-11-18T11:20:00Z',
      });
      const moved = await sut.api('POST', `/incidents/${created.body.reference}/transitions`, {
        to: 'identified',
        version: created.body.version,
      });
      expect(moved.status).toBe(200);
      const post = await eventually(async () =>
        slack.posted.find(
          (entry) =>
            entry.channel === '#sre-incidents' && entry.text.includes(created.body.reference),
        ),
      );
      expect(post.method).toBe('chat.postMessage');
      expect(post.text).toContain(`*${created.body.reference} identified: Edge returns HTTP 500*`);
      expect(post.text).toContain('is now identified (was investigating)');
      const failed = await eventually(async () => {
        const [delivery] = await deliveriesOf(uninvited.body.id);
        return delivery?.status === 'failed' ? delivery : undefined;
      });
      expect(failed.lastError).toContain('not_in_channel');
      expect(failed.lastError).toContain('invite the app to #not-invited');

      // The job running again (at-least-once) posts nothing more.
      await sut.app.get(ReviewNotifierService).onIncidentChanged({
        incidentId: created.body.id,
        status: 'identified',
        previousStatus: 'investigating',
        resolvedAt: null,
        previousResolvedAt: null,
        version: moved.body.version,
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(
        slack.posted.filter((entry) => entry.text.includes(`${created.body.reference} identified`)),
      ).toHaveLength(1);
    });

    it('posts the published RCA with its link', async () => {
      const incident = await sut.factories.newIncident({
        title: 'DNS outage',
        status: 'resolved',
        startedAt: new Date('2026-11-18T11:20:00Z'),
        resolvedAt: new Date('2026-11-18T12:20:00Z'),
      });
      const drafted = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
      await sut.app.get(ReviewNotifierService).onWorkflowChanged({
        postmortemId: drafted.body.postmortemId,
        from: 'approved',
        to: 'published',
        revision: 3,
      });
      const post = await eventually(async () =>
        slack.posted.find(
          (entry) => entry.channel === '#sre-incidents' && entry.text.startsWith('*Published:'),
        ),
      );
      expect(post.text).toContain(`/incidents/${incident.reference}/postmortem`);
    });
  });
});
