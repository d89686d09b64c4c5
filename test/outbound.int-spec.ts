// The one outbound HTTP client, end to end: a DNS-rebinding name that answers a public address when
// checked at save time and 127.0.0.1 afterwards never leads a push or a delivery to loopback, and
// every kind of URL the product accepts is refused at save with the same message.
import { RcaDraftService } from '@rca/postmortems';
import { eventually } from './support/loopback-receivers';
import { LoopbackCanary, rebindingLookup } from './support/outbound-canary';
import { createTestApp, TestApp } from './test-context';

const REFUSAL =
  /an internal address; for development, OUTBOUND_ALLOW_LOOPBACK=true allows loopback/;

describe('outbound HTTP through the one SSRF-safe client (Postgres + Redis + BullMQ)', () => {
  let sut: TestApp;
  let canary: LoopbackCanary;
  const lookup = rebindingLookup(1, (host) => host.endsWith('.rebind.test'));
  let postmortemId = '';

  beforeAll(async () => {
    canary = await new LoopbackCanary().start();
    // Loopback is not allowed (the default): only the resolver's second answer is internal.
    sut = await createTestApp({
      workers: true,
      outboundLookup: lookup,
      env: {
        EXPORT_CREDENTIALS_KEY: 'cd'.repeat(32),
        EXPORT_TIMEOUT_MS: '3000',
        NOTIFICATION_TIMEOUT_MS: '3000',
        DELIVERY_RETRY_WINDOW_MS: '1000',
        DELIVERY_RETRY_INITIAL_DELAY_MS: '200',
      },
    });
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await sut.app.get(RcaDraftService).generate(incident.id);
    postmortemId = (await sut.api('GET', `/incidents/${incident.id}/postmortem`)).body.id;
  });
  afterAll(async () => {
    await sut?.close();
    await canary?.close();
  });

  describe('DNS rebinding (public when checked, 127.0.0.1 afterwards)', () => {
    it.each([
      ['webhook', (host: string) => ({ url: canary.url(host, '/export') }), {}],
      [
        'mediawiki',
        (host: string) => ({ apiUrl: canary.url(host, '/w/api.php') }),
        { username: 'Bot@rca', password: 'a-bot-password-of-some-length' },
      ],
      [
        'confluence',
        (host: string) => ({ baseUrl: canary.url(host, '/wiki'), spaceId: '42' }),
        { email: 'bot@example.com', apiToken: 'token' },
      ],
    ])(
      'an export push to a %s target never connects to loopback',
      async (kind, config, credentials) => {
        const host = `${kind}-push.rebind.test`;
        const created = await sut.api('POST', '/export-targets', {
          name: `rebinding ${kind}`,
          kind,
          config: config(host),
          credentials,
        });
        expect(created.status).toBe(201);
        const queued = await sut.api('POST', `/postmortems/${postmortemId}/exports`, {
          targetId: created.body.id,
          force: true,
        });
        expect(queued.status).toBe(202);
        const run = await eventually(async () => {
          const answer = await sut.api('GET', `/export-runs/${queued.body[0].id}`);
          return answer.body.status === 'failed' ? answer.body : undefined;
        });
        expect(run.error).toMatch(REFUSAL);
        // Checked at save (public answer), resolved again for the push (loopback answer): refused.
        expect(lookup.callsFor(host)).toBeGreaterThanOrEqual(2);
        expect(canary.connections).toBe(0);
      },
    );

    it.each(['webhook', 'slack'])(
      'a %s notification delivery never connects to loopback',
      async (kind) => {
        const host = `${kind}-deliver.rebind.test`;
        const created = await sut.api('POST', '/notification-channels', {
          name: `rebinding ${kind}`,
          kind,
          url: canary.url(host, '/hook'),
          topics: ['test'],
        });
        expect(created.status).toBe(201);
        const test = await sut.api('POST', `/notification-channels/${created.body.id}/test`);
        const delivery = await eventually(async () => {
          const answer = await sut.api('GET', `/notification-deliveries/${test.body.id}`);
          return answer.body.status === 'failed' ? answer.body : undefined;
        });
        expect(delivery.lastError).toMatch(REFUSAL);
        expect(lookup.callsFor(host)).toBeGreaterThanOrEqual(2);
        expect(canary.connections).toBe(0);
      },
    );
  });

  describe('save-time refusal of every kind of URL, naming OUTBOUND_ALLOW_LOOPBACK', () => {
    const loopback = () => canary.url('127.0.0.1', '/x');
    const cases: Array<[string, string, () => Promise<Record<string, unknown>>, string]> = [
      [
        'a status source',
        '/status-sources',
        async () => ({ vendorId: (await sut.factories.newVendor()).id, url: loopback() }),
        'url',
      ],
      [
        'a webhook export target',
        '/export-targets',
        async () => ({ name: 'lo-webhook', kind: 'webhook', config: { url: loopback() } }),
        'config.url',
      ],
      [
        'a MediaWiki export target',
        '/export-targets',
        async () => ({
          name: 'lo-mediawiki',
          kind: 'mediawiki',
          config: { apiUrl: loopback() },
          credentials: { username: 'Bot@rca', password: 'a-bot-password-of-some-length' },
        }),
        'config.apiUrl',
      ],
      [
        'a Confluence export target',
        '/export-targets',
        async () => ({
          name: 'lo-confluence',
          kind: 'confluence',
          config: { baseUrl: 'http://[::ffff:127.0.0.1]/wiki', spaceId: '1' },
          credentials: { email: 'bot@example.com', apiToken: 'token' },
        }),
        'config.baseUrl',
      ],
      [
        'a webhook notification channel',
        '/notification-channels',
        async () => ({ name: 'lo-webhook', kind: 'webhook', url: loopback(), topics: ['test'] }),
        'url',
      ],
      [
        'a Slack notification channel',
        '/notification-channels',
        async () => ({
          name: 'lo-slack',
          kind: 'slack',
          url: 'http://169.254.169.254/latest/meta-data/',
          topics: ['test'],
        }),
        'url',
      ],
    ];

    it.each(cases)(
      '%s on an internal address is a 400 on its field',
      async (_what, path, body, field) => {
        const response = await sut.api('POST', path, await body());
        expect(response.status).toBe(400);
        expect(response.body.errors).toEqual([
          { field, messages: [expect.stringMatching(/an internal address/)] },
        ]);
        if (!/169\.254/.test(JSON.stringify(response.body)))
          expect(response.body.errors[0].messages[0]).toMatch(REFUSAL);
        expect(canary.connections).toBe(0);
      },
    );

    it('refuses a channel update that moves it to an internal address', async () => {
      const created = await sut.api('POST', '/notification-channels', {
        name: 'public-hook',
        kind: 'webhook',
        url: 'https://93.184.215.14/hook',
        topics: ['test'],
      });
      expect(created.status).toBe(201);
      const response = await sut.api('PATCH', `/notification-channels/${created.body.id}`, {
        url: loopback(),
      });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toEqual({
        field: 'url',
        messages: [expect.stringMatching(REFUSAL)],
      });
      const [row] = await sut.dataSource.query(
        `SELECT url FROM notification_channel WHERE id = $1`,
        [created.body.id],
      );
      expect(row.url).toBe('https://93.184.215.14/hook');
    });

    it('a status preview of an internal address fetches nothing', async () => {
      const response = await sut.api('POST', '/status-sources/preview', { url: loopback() });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(JSON.stringify(response.body)).toMatch(REFUSAL);
      expect(canary.connections).toBe(0);
    });
  });
});
