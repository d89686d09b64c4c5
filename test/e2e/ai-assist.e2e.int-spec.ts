/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { Browser } from 'playwright-core';
import { createTestApp, TestApp } from '../test-context';
import { OpenAiContractServer } from '../support/openai-contract-server';
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
 * "Suggest with AI" in Chromium against the loopback OpenAI contract server (a contract test: no
 * real model server runs here): hidden while unconfigured, streamed, shown as a diff with its
 * sources, applied only on click through the normal save.
 */
describe('Web UI: an AI suggestion for a postmortem section (Chromium, loopback contract server)', () => {
  let sut: TestApp;
  let model: OpenAiContractServer;
  let browser: Browser;
  let writer: WatchedPage;

  beforeAll(async () => {
    assertWebBuilt();
    model = await new OpenAiContractServer().start();
    sut = await createTestApp({
      env: {
        SERVE_WEB: 'true',
        OUTBOUND_ALLOW_LOOPBACK: 'true',
        EXPORT_CREDENTIALS_KEY: 'b'.repeat(64),
      },
    });
    browser = await launchChromium();
    writer = await openPage(browser, { timezoneId: 'America/New_York' });
    await signInAs(writer, sut, 'responder');
  });
  afterAll(async () => {
    await writer?.context.close();
    await browser?.close();
    await sut?.close();
    await model?.stop();
  });

  it('is hidden until configured, then streams a cited suggestion that is applied only on click', async () => {
    const f = sut.factories;
    await f.newUser({ email: 'grace@example.com', displayName: 'Grace Hopper' });
    const service = await f.newService({ name: 'Chat web' });
    const incident = await f.newIncident({
      title: 'Chat web returns 500s',
      status: 'resolved',
      detectedAt: new Date('2025-11-18T11:25:00Z'),
      acknowledgedAt: new Date('2025-11-18T11:35:00Z'),
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await f.newImpact({ incidentId: incident.id, serviceId: service.id, level: 'major_outage' });
    await f.newTimelineEvent({
      incidentId: incident.id,
      occurredAt: new Date('2025-11-18T11:25:00Z'),
      author: 'grace@example.com',
      body: 'Grace Hopper: Chat web answers HTTP 500 behind the CDN',
    });
    await f.newTimelineEvent({
      incidentId: incident.id,
      occurredAt: new Date('2025-11-18T14:00:00Z'),
      body: 'Cloudflare rolled back its configuration; errors stop',
    });
    expect((await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`)).status).toBe(201);

    const { page } = writer;
    await page.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    await page.getByRole('heading', { name: /Chat web returns 500s/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Suggest with AI' }).count()).toBe(0);

    // An admin configures it in Admin → AI assistance and tests the connection.
    const adminPage = await openPage(browser);
    try {
      await signInAs(adminPage, sut, 'admin');
      const admin = adminPage.page;
      await admin.goto(`${sut.url}/admin/ai-assist`);
      await admin.getByRole('heading', { name: 'AI assistance' }).waitFor();
      await admin.getByLabel('Enabled').check();
      await admin.getByLabel('Base URL').fill(model.url);
      await admin.getByLabel('Model').fill('contract-model');
      await admin.getByLabel('API key').fill('sk-e2e');
      await admin.getByRole('button', { name: 'Save' }).click();
      await admin.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
      expect(await admin.getByLabel('API key (set; type to replace)').inputValue()).toBe('');
      await admin.getByRole('button', { name: 'Test connection' }).click();
      await admin.getByText(/contract-model answered in \d+ ms/).waitFor();
      await saveScreenshot(admin, 'ai-assist-settings.png');
      expect(unexpectedProblems(adminPage.problems, [])).toEqual([]);
    } finally {
      await adminPage.context.close();
    }
    model.received.length = 0;
    // The answer rewrites the summary and adds an uncited sentence the server must drop.
    model.next({
      kind: 'answer',
      chunks: 8,
      delayMs: 30,
      text: 'Chat web answered HTTP 500 behind the CDN from 11:25 UTC [T1][I1]. Cloudflare rolled back its configuration and the errors stopped [T2]. The team was heroic.',
    });

    await page.reload();
    await page.getByRole('button', { name: 'Suggest with AI' }).click();
    const diff = page.getByTestId('ai-diff');
    await diff.waitFor();
    expect(await diff.textContent()).toContain('Cloudflare rolled back');
    expect(await diff.textContent()).not.toContain('heroic');
    expect(await page.locator('.ai-diff details summary').textContent()).toContain('1 sentence');
    const citation = diff.getByRole('link', { name: '[T2]' });
    expect(await citation.getAttribute('href')).toBe('#ai-source-T2');
    await citation.click();
    expect(await page.locator('#ai-source-T2').textContent()).toContain('rolled back');
    await saveScreenshot(page.locator('.pm-editor'), 'ai-suggestion.png');
    const toTimeline = await page
      .locator('#ai-source-T2')
      .getByRole('link', { name: 'in the timeline' })
      .getAttribute('href');
    expect(toTimeline).toMatch(
      new RegExp(`^/incidents/${incident.reference}#event-[0-9a-f-]{36}$`),
    );

    // Nothing is saved until the person applies it.
    const before = await sut.api('GET', `/incidents/${incident.id}/postmortem`);
    await page.getByRole('button', { name: 'Apply suggestion' }).click();
    await page.getByText(/Saved as revision/).waitFor();
    const after = await sut.api('GET', `/incidents/${incident.id}/postmortem`);
    expect(after.body.version).toBe(before.body.version + 1);
    const summary = after.body.sections.find(
      (section: { key: string }) => section.key === 'summary',
    );
    expect(summary).toMatchObject({ origin: 'edited' });
    expect(summary.markdown).toContain('[T2]');
    expect(summary.markdown).not.toContain('heroic');
    expect(model.received[0]!.raw).not.toContain('Grace');

    // The citation's timeline link opens the incident with that entry marked and in view.
    await page.goto(`${sut.url}${toTimeline}`);
    const linked = page.locator('.timeline-entry.linked');
    await linked.waitFor();
    expect(await linked.textContent()).toContain('rolled back its configuration');
    expect(unexpectedProblems(writer.problems, [])).toEqual([]);
  }, 60_000);
});
