/// <reference lib="dom" />
import { Browser } from 'playwright-core';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  signInAs,
  overflowingElements,
  saveScreenshot,
  WatchedPage,
} from './browser';

/** The demo workspace (DEMO_SEED=true) as a new user sees it; saves the README's screenshots. */
describe('Web UI: the demo workspace in Chromium (real app, real database)', () => {
  let sut: TestApp;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({ env: { SERVE_WEB: 'true', DEMO_SEED: 'true' } });
    browser = await launchChromium();
    watched = await openPage(browser, { timezoneId: 'Europe/Paris' });
    await signInAs(watched, sut, 'viewer');
  });
  afterAll(async () => {
    await watched?.context.close();
    await browser?.close();
    await sut?.close();
  });

  it('shows the incidents, the Cloudflare 2025-11-18 outage with its chart, timeline and cause, and the blast radius', async () => {
    const { page, problems } = watched;
    await page.goto(`${sut.url}/`);
    await page.waitForURL(/\/incidents$/);
    const rows = page.locator('table.incidents tbody tr');
    await rows.nth(4).waitFor();
    await saveScreenshot(page, 'incidents-list.png', { fullPage: true });
    const all = await rows.count();

    // Incidents whose (not rejected) cause is Cloudflare.
    await page.getByLabel('Vendor cause').selectOption('cloudflare');
    await page.waitForFunction((total) => {
      const shown = document.querySelectorAll('table.incidents tbody tr');
      return shown.length > 0 && shown.length < total;
    }, all);
    const titles = await rows.locator('td:nth-child(2)').allTextContents();
    expect(titles.join('\n')).toContain('Cloudflare global outage');
    expect(titles.join('\n')).not.toContain('AWS');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await rows.nth(all - 1).waitFor();

    await page
      .getByRole('link', { name: /^INC-2025-/ })
      .and(page.locator('tr', { hasText: 'Cloudflare global outage' }).getByRole('link'))
      .click();
    await page.getByRole('heading', { name: /Cloudflare global outage/ }).waitFor();

    // Chat web and the Public API down, then degraded; the iOS app up over the same hours.
    await page.locator('svg rect.window').nth(4).waitFor();
    expect(await page.locator('svg .row-label').allTextContents()).toEqual([
      'Chat web',
      'iOS app',
      'Public API',
    ]);
    const bars = await page
      .locator('svg rect.window')
      .evaluateAll((elements) => elements.map((element) => element.getAttribute('data-level')));
    expect(bars.sort()).toEqual([
      'degraded',
      'degraded',
      'major_outage',
      'major_outage',
      'operational',
    ]);

    // Entries typed in Paris, New York and UTC, in order of the instant; imported vendor updates marked.
    const entries = page.getByTestId('timeline-entry');
    await entries.nth(7).waitFor();
    const times = await entries.locator('.when time').allTextContents();
    expect(times).toEqual([...times].sort());
    expect(times[0]).toBe('2025-11-18 11:28');
    const typed = (await entries.locator('.typed').allTextContents()).join('\n');
    expect(typed).toContain('Europe/Paris');
    expect(typed).toContain('America/New_York');
    // The two Cloudflare status-page updates are imported, marked, and offer no Edit button.
    const imported = entries.filter({ hasText: 'Imported vendor update' });
    expect(await imported.count()).toBe(2);
    expect(await imported.getByRole('button', { name: /^Edit/ }).count()).toBe(0);

    const cause = page.getByTestId('cause');
    await cause.getByText('Cloudflare', { exact: true }).waitFor();
    await cause.locator('.badge.cause-accepted').waitFor();
    await saveScreenshot(page, 'incident.png', { fullPage: true });

    // On a phone the page does not scroll sideways (the chart scrolls inside its frame).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('radio', { name: 'UTC' }).waitFor();

    expect(await overflowingElements(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    // Its postmortem, drafted from the record (as the draft job does on resolution): the
    // generated timeline section previewed as a table, read-only for a viewer.
    const postmortemPath = new URL(
      (await page.getByRole('link', { name: 'Postmortem' }).getAttribute('href'))!,
      sut.url,
    ).pathname;
    expect(postmortemPath).toBe('/incidents/INC-2025-0001/postmortem');
    const record = await fetch(`${sut.url}/api/incidents/INC-2025-0001`, {
      headers: { authorization: await sut.bearer() },
    }).then((response) => response.json());
    const drafted = await fetch(`${sut.url}/api/incidents/${record.id}/postmortem/draft`, {
      method: 'POST',
      headers: {
        authorization: await sut.bearer('lead@example.com', 'responder', [
          'read:postmortems',
          'write:postmortems',
        ]),
      },
    });
    expect(drafted.status).toBe(201);
    await page.getByRole('link', { name: 'Postmortem' }).click();
    await page
      .getByRole('navigation', { name: 'Outline' })
      .getByRole('button', { name: 'Timeline' })
      .click();
    const preview = page.getByRole('region', { name: 'Timeline preview' });
    await preview.locator('table').waitFor();
    expect(await preview.textContent()).toContain('Cloudflare status page');
    expect(
      await page
        .getByRole('textbox', { name: 'Timeline (Markdown)' })
        .getAttribute('contenteditable'),
    ).toBe('false');
    await saveScreenshot(page, 'postmortem-draft.png');

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Vendors & catalog' })
      .click();
    await page.getByLabel('Vendor', { exact: true }).selectOption('cloudflare');
    await page.getByRole('button', { name: 'Show blast radius' }).click();
    const sentence = await page.getByTestId('blast-sentence').textContent();
    expect(sentence).toMatch(/^If Cloudflare fails: .*Chat web/);
    expect(sentence).toContain('Public API');
    await saveScreenshot(page, 'catalog.png', { fullPage: true });

    expect(problems).toEqual([]);
  });
});
