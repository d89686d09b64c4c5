import { createHmac } from 'node:crypto';
import { createTestApp, TestApp, TestFetch } from '../../../test/test-context';
import {
  eventually,
  startHttpReceiver,
  startSmtpReceiver,
} from '../../../test/support/loopback-receivers';

/** Every call below goes to the guarded API as an admin's automation token. */
let fetch: TestFetch;

describe('notification channels deliver to real loopback receivers (Postgres + Redis + BullMQ)', () => {
  let sut: TestApp;
  let http: Awaited<ReturnType<typeof startHttpReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const failFirstOn = new Set<string>(['/flaky']);

  beforeAll(async () => {
    http = await startHttpReceiver((request) => {
      if (request.path === '/gone') return 404;
      if (failFirstOn.has(request.path)) {
        failFirstOn.delete(request.path);
        return 503;
      }
      return 200;
    });
    smtp = await startSmtpReceiver();
    sut = await createTestApp({
      workers: true,
      env: {
        SMTP_URL: smtp.url,
        NOTIFICATION_TIMEOUT_MS: '3000',
        NOTIFICATION_ALLOW_LOOPBACK: 'true',
      },
    });
    fetch = sut.fetchAs('admin@example.com', 'admin');
  });
  afterAll(async () => {
    await sut?.close();
    await http?.close();
    await smtp?.close();
  });

  const post = (path: string, body?: unknown) =>
    fetch(`${sut.url}/api${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const delivery = (id: string) =>
    eventually(async () => {
      const body = await (await fetch(`${sut.url}/api/notification-deliveries/${id}`)).json();
      return body.status !== 'pending' ? body : undefined;
    });

  it('signs generic webhooks with HMAC-SHA256 over timestamp.body, never echoing the secret', async () => {
    const secret = 'a-very-long-shared-secret';
    const created = await post('/notification-channels', {
      name: 'ops-webhook',
      kind: 'webhook',
      url: `${http.url}/hook`,
      secret,
      topics: ['reminder'],
    });
    expect(created.status).toBe(201);
    const channel = await created.json();
    expect(channel).not.toHaveProperty('secret');
    expect(channel.hasSecret).toBe(true);

    const test = await (await post(`/notification-channels/${channel.id}/test`)).json();
    expect((await delivery(test.id)).status).toBe('delivered');
    const request = http.received.find((entry) => entry.path === '/hook')!;
    const timestamp = request.headers['x-rca-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
    expect(request.headers['x-rca-signature']).toBe(expected);
    expect(JSON.parse(request.body)).toMatchObject({
      id: test.id,
      topic: 'test',
      subject: 'RCA desk test message',
    });
  });

  it('posts the Slack incoming-webhook format', async () => {
    const channel = await (
      await post('/notification-channels', {
        name: 'slack',
        kind: 'slack',
        url: `${http.url}/slack`,
        topics: ['escalation'],
      })
    ).json();
    const test = await (await post(`/notification-channels/${channel.id}/test`)).json();
    expect((await delivery(test.id)).status).toBe('delivered');
    const body = JSON.parse(http.received.find((entry) => entry.path === '/slack')!.body);
    expect(body.text).toContain('*RCA desk test message*');
    expect(body.blocks[1]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
  });

  it('sends e-mail through SMTP (nodemailer → smtp-server)', async () => {
    const channel = await (
      await post('/notification-channels', {
        name: 'mail',
        kind: 'email',
        emailTo: ['sre-leads@example.com'],
        topics: ['reminder'],
      })
    ).json();
    const test = await (await post(`/notification-channels/${channel.id}/test`)).json();
    expect((await delivery(test.id)).status).toBe('delivered');
    const mail = smtp.received.at(-1)!;
    expect(mail.to).toEqual(['sre-leads@example.com']);
    expect(mail.raw).toContain('Subject: RCA desk test message');
  });

  it('retries a transient failure with backoff and records both attempts', async () => {
    const channel = await (
      await post('/notification-channels', {
        name: 'flaky',
        kind: 'webhook',
        url: `${http.url}/flaky`,
        topics: ['reminder'],
      })
    ).json();
    const test = await (await post(`/notification-channels/${channel.id}/test`)).json();
    const result = await delivery(test.id);
    expect(result).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    expect(http.received.filter((entry) => entry.path === '/flaky')).toHaveLength(2);
  });

  it('makes a permanent failure visible in the delivery list, without retrying', async () => {
    const channel = await (
      await post('/notification-channels', {
        name: 'gone',
        kind: 'webhook',
        url: `${http.url}/gone`,
        topics: ['reminder'],
      })
    ).json();
    const test = await (await post(`/notification-channels/${channel.id}/test`)).json();
    const result = await delivery(test.id);
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.lastError).toMatch(/answered 404: receiver says 404/);
    const failed = await (
      await fetch(`${sut.url}/api/notification-deliveries?status=failed&channelId=${channel.id}`)
    ).json();
    expect(failed.items.map((item: { id: string }) => item.id)).toEqual([test.id]);
  });

  it('refuses a channel without the target its kind needs, and bad addresses, with 400', async () => {
    const noUrl = await post('/notification-channels', {
      name: 'x',
      kind: 'webhook',
      topics: ['reminder'],
    });
    expect(noUrl.status).toBe(400);
    expect((await noUrl.json()).errors[0].field).toBe('url');
    const badMail = await post('/notification-channels', {
      name: 'y',
      kind: 'email',
      emailTo: ['not-an-address'],
      topics: ['reminder'],
    });
    expect(badMail.status).toBe(400);
    expect((await badMail.json()).errors[0].field).toBe('emailTo');
    const badUrl = await post('/notification-channels', {
      name: 'z',
      kind: 'slack',
      url: 'javascript:alert(1)',
      topics: ['reminder'],
    });
    expect(badUrl.status).toBe(400);
  });
});
