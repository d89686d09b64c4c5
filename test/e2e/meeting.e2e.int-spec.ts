/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { Browser } from 'playwright-core';
import { eventually, startSmtpReceiver } from '../support/loopback-receivers';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  saveScreenshot,
  signInAs,
  unexpectedProblems,
  WatchedPage,
} from './browser';

/**
 * The review meeting in the web UI (Chromium, the real app and database, BullMQ workers, a real
 * SMTP server): scheduled from the postmortem with the suggested people, each one's time in their
 * zone, the invitation e-mailed, an action item entered in the meeting, moved, then cancelled.
 */
describe('Web UI: scheduling the review meeting of a postmortem', () => {
  let sut: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let browser: Browser;
  let writer: WatchedPage;
  let writerEmail: string;

  const authorization = () =>
    sut.bearer('setup@example.com', 'manager', [
      'read:incidents',
      'write:incidents',
      'read:postmortems',
      'write:postmortems',
    ]);
  async function call(method: string, url: string, body?: unknown): Promise<any> {
    const response = await fetch(`${sut.url}/api${url}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: await authorization() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  beforeAll(async () => {
    assertWebBuilt();
    smtp = await startSmtpReceiver();
    sut = await createTestApp({
      workers: true,
      env: { SERVE_WEB: 'true', SMTP_URL: smtp.url, PUBLIC_URL: 'https://rca.example.com' },
    });
    browser = await launchChromium();
    writer = await openPage(browser, { timezoneId: 'America/New_York' });
    writerEmail = await signInAs(writer, sut, 'responder');
  });
  afterAll(async () => {
    await writer?.context.close();
    await browser?.close();
    await sut?.close();
    await smtp?.close();
  });

  it('schedules the meeting with the suggested people, shows each one their own time, e-mails the invitation, records what was decided, moves and cancels it', async () => {
    const reviewer = await sut.factories.newUser({ role: 'manager', displayName: 'Rita Berlin' });
    const now = Date.now();
    const opened = await call('POST', '/incidents', {
      title: 'CDN returns HTTP 500',
      severity: 'SEV1',
      startedAt: new Date(now - 3 * 3600_000).toISOString(),
    });
    const incident = await call('POST', `/incidents/${opened.reference}/transitions`, {
      to: 'resolved',
      at: new Date(now - 3600_000).toISOString(),
      version: opened.version,
    });
    const drafted = await call('POST', `/incidents/${incident.id}/postmortem/draft`);
    const pm = await call('GET', `/postmortems/${drafted.postmortemId}`);
    await call('PATCH', `/postmortems/${pm.id}`, {
      version: pm.version,
      owner: writerEmail,
      requiredReviewers: [reviewer.email],
    });

    const { page } = writer;
    await page.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    const panel = page.getByRole('region', { name: 'Review meeting' });
    await panel.getByText('No review meeting yet').waitFor();
    await panel.getByRole('button', { name: 'Schedule a review meeting' }).click();
    const form = panel.getByRole('form', { name: 'Schedule a review meeting' });

    // Owner, reviewer and the responder who opened the incident are suggested.
    const invited = form.getByRole('table', { name: 'Who is invited' });
    await invited.getByRole('row').filter({ hasText: 'Rita Berlin' }).waitFor();
    expect(await invited.getByRole('row').count()).toBe(4);
    // Tomorrow 10:00 in the writer's zone (New York) by default; Rita reads Berlin time.
    expect(await form.getByLabel('Zone', { exact: true }).inputValue()).toBe('America/New_York');
    await form.getByLabel('Zone of Rita Berlin').fill('Europe/Berlin');
    const ritaRow = invited.getByRole('row').filter({ hasText: 'Rita Berlin' });
    await ritaRow.getByText(/16:00–17:00/).waitFor();
    await form.getByLabel('Where').fill('https://meet.example.com/cdn-review');
    await form.getByLabel('Invite someone').fill('liaison@cdn.example');
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await invited.getByRole('row').filter({ hasText: 'liaison@cdn.example' }).waitFor();
    await form.getByRole('button', { name: 'Schedule and send invitations' }).click();

    const card = panel.getByRole('article');
    await card
      .getByRole('heading', { name: `Review: ${incident.reference}: CDN returns HTTP 500` })
      .waitFor();
    expect(await card.textContent()).toContain('10:00–11:00');
    const participants = card.getByRole('table', { name: /^Participants of/ });
    await participants
      .getByRole('row')
      .filter({ hasText: 'Rita Berlin' })
      .getByText(/16:00–17:00 Europe\/Berlin/)
      .waitFor();
    await saveScreenshot(panel, 'postmortem-meeting.png');

    // Rita and the guest get the invitation by e-mail, with the calendar part.
    for (const email of [reviewer.email as string, 'liaison@cdn.example']) {
      const mail = await eventually(async () =>
        smtp.received.find((received) => received.to.includes(email)),
      );
      expect(mail.raw).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i);
    }

    // What was decided: an action item entered in the meeting, and the notes.
    const decided = card.getByRole('form', { name: 'Add an action item decided in the meeting' });
    await decided.getByLabel('Action').fill('Fail over to a second CDN');
    await decided.getByRole('button', { name: 'Add action item' }).click();
    await card.getByRole('listitem').filter({ hasText: 'Fail over to a second CDN' }).waitFor();
    const actionItems = page.getByRole('region', { name: 'Action items' });
    await actionItems
      .getByRole('row')
      .filter({ hasText: 'Fail over to a second CDN' })
      .getByText('review meeting')
      .waitFor();
    await card.getByLabel('Notes: what was decided').fill('Agreed to add a second CDN.');
    await card.getByRole('button', { name: 'Save the notes' }).click();
    await eventually(async () => {
      const [meeting] = (await call('GET', `/postmortems/${pm.id}/meetings`)).items;
      return meeting.notes === 'Agreed to add a second CDN.' ? meeting : undefined;
    });

    // Moved to 90 minutes: the second invitation round.
    await card.getByRole('button', { name: 'Reschedule or change people' }).click();
    const change = card.getByRole('form', { name: /^Change / });
    await change.getByLabel('Duration').selectOption('90');
    await change.getByRole('button', { name: 'Send the updated invitation' }).click();
    await card.getByText('invitation round 2').waitFor();
    expect(await card.textContent()).toContain('10:00–11:30');

    // Cancelled: everyone gets the cancellation; the meeting stays on the page, marked.
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Cancel the meeting' }).click();
    await card.getByText('cancelled', { exact: true }).waitFor();
    await eventually(async () =>
      smtp.received.find(
        (received) =>
          received.to.includes(reviewer.email as string) && /method=CANCEL/i.test(received.raw),
      ),
    );
    expect(unexpectedProblems(writer.problems, [])).toEqual([]);
  });
});
