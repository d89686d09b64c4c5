/// <reference lib="dom" />
import { readFile } from 'node:fs/promises';
import { Browser } from 'playwright-core';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  overflowingElements,
  saveScreenshot,
  signInAs,
  WatchedPage,
} from './browser';

/** The vendor ledger on the demo workspace (both Cloudflare outages) as a manager sees it. */
describe('Web UI: the vendor ledger and an SLA evidence pack in Chromium (real app, demo data)', () => {
  let sut: TestApp;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({ env: { SERVE_WEB: 'true', DEMO_SEED: 'true' } });
    browser = await launchChromium();
    watched = await openPage(browser, { timezoneId: 'Europe/Paris', height: 1400 });
    await signInAs(watched, sut, 'manager');
  });
  afterAll(async () => {
    await watched?.context.close();
    await browser?.close();
    await sut?.close();
  });

  it('leads with the chart of Cloudflare minutes per month stacked by service, then the table, and downloads the CSV', async () => {
    const { page, problems } = watched;
    await page.goto(`${sut.url}/`);
    await page.getByRole('link', { name: 'Vendor ledger' }).click();
    await page.waitForURL(/\/vendor-ledger$/);
    await page.getByLabel('Containing the day').fill('2025-11-18');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/at=2025-11-18/);

    const november = page.locator('.ledger-chart g[data-month="2025-11"] rect.bar');
    await november.first().waitFor();
    expect(
      (
        await november.evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-service')))
      ).sort(),
    ).toEqual(['Chat web', 'Public API']);
    const row = page.locator('table.ledger tr[data-vendor="cloudflare"]');
    await expect(row.textContent()).resolves.toContain('11 h 32 min'); // 692 minutes of ours
    await expect(row.textContent()).resolves.toContain('5 h 18 min'); // 318 on the vendor page
    await expect(row.textContent()).resolves.toContain('first update 20 min / 20 min'); // status-page lag
    await expect(row.textContent()).resolves.toContain('Chat web, Public API'); // no fallback
    const spof = page.locator('.spofs li', { hasText: 'Chat web' });
    await expect(spof.textContent()).resolves.toContain('would have spared 5 h 46 min');
    // The chart comes before the table.
    const order = await page.evaluate(() => {
      const chart = document.querySelector('.ledger-chart')!;
      const table = document.querySelector('table.ledger')!;
      return chart.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('vendor-ledger-2025-11.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv).toContain('2025-11,Cloudflare,ours,Chat web,190,0,156,346,yes,,,');

    await page.screenshot({ path: '/tmp/h-ledger-ledger.png', fullPage: true });
    await saveScreenshot(page, 'vendor-ledger.png', { fullPage: true });
    expect(await overflowingElements(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows the Cloudflare credit owed for 2025-11 with its claim date and downloads its evidence pack', async () => {
    const { page, problems } = watched;
    await page.goto(`${sut.url}/vendor-ledger?period=month&at=2025-11-18`);
    const credit = page.locator('article.contract tr[data-month="2025-11"]');
    await credit.waitFor();
    const text = (await credit.textContent()) ?? '';
    expect(text).toContain('25 %');
    expect(text).toContain('2026-01-31');
    expect(text).toContain('missed');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      credit.getByRole('link', { name: 'Markdown' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sla-evidence-cloudflare-.*-2025-11\.md$/);
    const pack = await readFile((await download.path())!, 'utf8');
    expect(pack).toContain('# SLA credit evidence: Cloudflare, Enterprise plan (demo), 2025-11');
    expect(pack).toContain('Availability = 100 × (1 − 318.0 / 43200) = 99.2639 %');
    const [html] = await Promise.all([
      page.waitForEvent('download'),
      credit.getByRole('link', { name: 'HTML' }).click(),
    ]);
    expect(await readFile((await html.path())!, 'utf8')).toContain('<h2>The arithmetic</h2>');
    await page
      .locator('article.contract')
      .first()
      .screenshot({ path: '/tmp/h-ledger-credits.png' });
    await saveScreenshot(page.locator('article.contract').first(), 'sla-credits.png');
    expect(problems).toEqual([]);
  });
});
