/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { slackSignature } from '@rca/slack';
import { Browser } from 'playwright-core';
import { SlackApiServer } from '../../libs/slack/test/slack-api-server';
import { eventually } from '../support/loopback-receivers';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  overflowingElements,
  saveScreenshot,
  signInAs,
  unexpectedProblems,
  WatchedPage,
} from './browser';

/**
 * Slack on the incident page, in Chromium, on the real app and database with workers. Slack
 * cannot run here: its Web API is the contract-test server of libs/slack/test.
 */
describe('Web UI: proposed Slack events on the incident page, in Chromium (real app, Slack Web API contract server)', () => {
  let sut: TestApp;
  let slack: SlackApiServer;
  let browser: Browser;
  let responder: WatchedPage;
  let admin: WatchedPage;
  const secret = '0123456789abcdef0123456789abcdef';

  beforeAll(async () => {
    assertWebBuilt();
    slack = await new SlackApiServer().start();
    sut = await createTestApp({
      workers: true,
      env: {
        SERVE_WEB: 'true',
        OUTBOUND_ALLOW_LOOPBACK: 'true',
        SLACK_API_URL: `${slack.url}/api`,
      },
    });
    expect(
      (
        await sut.api('PUT', '/slack/settings', {
          version: 0,
          signingSecret: secret,
          botToken: slack.token,
        })
      ).status,
    ).toBe(200);
    browser = await launchChromium();
    responder = await openPage(browser, { timezoneId: 'Europe/Paris' });
    await signInAs(responder, sut, 'responder');
    admin = await openPage(browser, { timezoneId: 'Europe/Paris' });
    await signInAs(admin, sut, 'admin');
  });
  afterAll(async () => {
    await responder?.context.close();
    await admin?.context.close();
    await browser?.close();
    await sut?.close();
    await slack?.stop();
  });

  async function slashCommand(channelId: string, text: string) {
    const body = new URLSearchParams({
      team_id: 'T0CONTRACT',
      channel_id: channelId,
      channel_name: 'inc-cloudflare',
      user_id: 'U1ADA',
      user_name: 'ada',
      command: '/rca',
      text,
    }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const response = await fetch(`${sut.url}/api/slack/commands`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(secret, timestamp, Buffer.from(body)),
      },
      body,
    });
    expect(response.status).toBe(200);
  }

  it('imports the linked channel’s window, lists the proposed events, and accepts one into the timeline', async () => {
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
    slack.channels.set('C0CLOUDFLARE', [
      { ts: '1763464800.000100', user: 'U1ADA', text: 'Chat web is returning 500s for everyone' },
      {
        ts: '1763465700.000100',
        user: 'U2BOB',
        text: 'Acknowledged. <@U1ADA> it looks like a third-party provider: <https://www.cloudflarestatus.com|Cloudflare status> says investigating',
      },
      {
        ts: '1763466000.000100',
        user: 'U1ADA',
        text: 'Graph of the 5xx rate attached',
        files: [
          { name: '5xx-rate.png', permalink: 'https://acme.slack.com/files/U1ADA/F1/5xx-rate.png' },
        ],
      },
    ]);
    const created = await sut.api('POST', '/incidents', {
      title: 'Chat web returns HTTP 500 (Cloudflare)',
      severity: 'SEV1',
      status: 'resolved',
      startedAt: '2025-11-18T11:20:00Z',
      resolvedAt: '2025-11-18T14:30:00Z',
    });
    expect(created.status).toBe(201);
    const reference = created.body.reference as string;
    await slashCommand('C0CLOUDFLARE', `link ${reference}`);
    await eventually(
      async () =>
        (await sut.api('GET', `/incidents/${reference}/slack`)).body.channels.length === 1,
    );

    const { page } = responder;
    await page.goto(`${sut.url}/incidents/${reference}?zone=Europe/Paris`);
    const section = page.getByRole('region', { name: 'Slack' });
    await section.getByText('#inc-cloudflare').waitFor();
    await section.getByRole('button', { name: 'Import the channel’s messages' }).click();
    const proposed = section.getByRole('listitem', { name: /Slack message by/ });
    await eventually(async () => (await proposed.count()) === 3, 20_000);
    // The Markdown renderer is a chunk of its own: the links appear once it has loaded.
    await proposed.nth(1).getByRole('link', { name: 'Cloudflare status' }).waitFor();
    const texts = (await proposed.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(texts[1]).toContain('Bob Oncall (America/New_York)');
    expect(texts[1]).toContain(
      '@Ada Lovelace it looks like a third-party provider: Cloudflare status says investigating',
    );
    expect(
      await proposed.nth(2).getByRole('link', { name: '5xx-rate.png' }).getAttribute('href'),
    ).toBe('https://acme.slack.com/files/U1ADA/F1/5xx-rate.png');
    await section.scrollIntoViewIfNeeded();
    await saveScreenshot(section, 'slack-proposed-events.png');

    await proposed.nth(1).getByRole('button', { name: 'Accept' }).click();
    await eventually(async () => (await proposed.count()) === 2);
    await proposed.nth(0).getByRole('button', { name: 'Dismiss' }).click();
    await eventually(async () => (await proposed.count()) === 1);
    const timeline = page.getByRole('region', { name: /Timeline/ });
    await timeline.getByText('it looks like a third-party provider').waitFor();
    const events = (await sut.api('GET', `/incidents/${reference}/timeline`)).body.items;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'slack',
      author: 'Bob Oncall',
      enteredZone: 'America/New_York',
      occurredAt: '2025-11-18T11:35:00.000Z',
    });

    expect(await overflowingElements(page)).toEqual([]);
    expect(unexpectedProblems(responder.problems, [])).toEqual([]);
  });

  it('shows admins whether the Slack app is configured, never its secrets', async () => {
    const { page } = admin;
    await page.goto(`${sut.url}/admin/slack`);
    await page.getByRole('status').filter({ hasText: 'Configured' }).waitFor();
    await page.getByRole('button', { name: 'Check connection' }).click();
    await page.getByText('Connected to Acme (T0CONTRACT) as bot UBOT').waitFor();
    expect(await page.content()).not.toContain(secret);
    expect(await page.content()).not.toContain(slack.token);
    await saveScreenshot(page, 'slack-settings.png');
    expect(unexpectedProblems(admin.problems, [])).toEqual([]);
  });

  it('adds a Slack app notification channel and its test message arrives in Slack', async () => {
    const { page } = admin;
    await page.goto(`${sut.url}/admin/notifications`);
    const form = page.getByRole('form', { name: 'Add a channel' });
    await form.getByLabel('Channel name').fill('sre-incidents');
    await form.getByLabel('Kind').selectOption('slack_app');
    await form.getByLabel('Incident status changes').check();
    await form.getByRole('button', { name: 'Add channel' }).click();
    // The Slack channel is required; the error stands at the field.
    await form.locator('.field-error', { hasText: 'Slack channel' }).waitFor();
    await form.getByLabel('Slack channel').fill('#sre-incidents');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await page.getByText('Slack #sre-incidents').waitFor();
    await page.getByRole('button', { name: 'Send a test message to sre-incidents' }).click();
    await page.getByRole('status').filter({ hasText: 'Test message delivered.' }).waitFor();
    expect(
      slack.posted.some(
        (post) => post.method === 'chat.postMessage' && post.channel === '#sre-incidents',
      ),
    ).toBe(true);
    await saveScreenshot(page, 'slack-app-channel.png');
    expect(unexpectedProblems(admin.problems, [/status of 400/])).toEqual([]);
  });
});
