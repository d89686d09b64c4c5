import { Browser } from 'playwright-core';
import { StatusPollService } from '@rca/status-sources';
import { Capture, outageDay } from '../../libs/status-sources/test/outage-day';
import { StatusServer } from '../../libs/status-sources/test/status-server';
import { createTestApp, TestApp } from '../test-context';
import { assertWebBuilt, launchChromium, openPage, signInAs, unexpectedProblems } from './browser';

const TITLE = 'Cloudflare Dashboard and Cloudflare API service issues';

/**
 * The vendor record of issue 19 in the browser: component statuses over time, an edited update
 * with its earlier text on request, and "Poll now" showing what the poll did.
 */
describe('Web UI: vendor incident record and Poll now in Chromium', () => {
  let sut: TestApp;
  let browser: Browser;
  let server: StatusServer;
  const day = outageDay();
  let current: Capture = day[0]!;
  let sourceUrl: string;

  beforeAll(async () => {
    assertWebBuilt();
    server = await new StatusServer().start();
    const serve = (pick: (capture: Capture) => unknown) => (_: unknown, response: any) =>
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(pick(current)));
    sourceUrl = server.route(
      '/api/v2/summary.json',
      serve((c) => c.summary),
    );
    server.route(
      '/api/v2/incidents.json',
      serve((c) => c.incidents),
    );
    server.route(
      '/api/v2/scheduled-maintenances.json',
      serve((c) => c.maintenances),
    );
    sut = await createTestApp({
      env: {
        SERVE_WEB: 'true',
        STATUS_FETCH_ALLOW_LOOPBACK: 'true',
        STATUS_FETCH_TIMEOUT_MS: '2000',
      },
    });
    browser = await launchChromium();
    const vendor = await sut.factories.newVendor({ name: 'Cloudflare', slug: 'cloudflare' });
    const source = await sut.factories.newStatusSource({ vendorId: vendor.id, url: sourceUrl });
    const polls = sut.app.get(StatusPollService);
    // Up to the component change (the edited update is in, the maintenance not started).
    for (const capture of day.slice(0, 9)) {
      current = capture;
      await polls.poll(source.id, { force: true });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await server?.stop();
  });

  it('shows component statuses over time, the earlier text of an edited update, and the outcome of Poll now', async () => {
    const watched = await openPage(browser);
    const { page, problems } = watched;
    await signInAs(watched, sut, 'admin');
    await page.goto(`${sut.url}/vendors`);
    const cloudflare = page.getByRole('region', { name: 'Cloudflare' });
    const incidents = cloudflare.getByRole('list', { name: 'Cloudflare incidents' });
    const incident = incidents.getByTestId('vendor-incident').filter({ hasText: TITLE });
    await incident.waitFor();

    // 23 components: folded under their counts by status.
    await incident.getByText(/^23 component\(s\): /).click();
    const components = incident.getByRole('table', { name: `Components affected by ${TITLE}` });
    await components.waitFor();
    expect(await components.getByRole('row').count()).toBeGreaterThan(10);
    expect(await components.textContent()).toContain('Major outage');
    expect(await incident.textContent()).toContain('1 edited update(s)');

    await incident.getByText(/updates, latest/).click();
    await incident.getByRole('button', { name: 'Show earlier versions of edited updates' }).click();
    const earlier = incident.getByRole('list', { name: 'Earlier versions' });
    await earlier.waitFor();
    expect(await earlier.textContent()).toContain('We are actively investigating this problem');
    if (process.env.VENDOR_RECORD_SCREENSHOTS) {
      await incident.evaluate((element) => element.scrollIntoView());
      await page.screenshot({ path: `${process.env.VENDOR_RECORD_SCREENSHOTS}/record-top.png` });
      await earlier.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: `${process.env.VENDOR_RECORD_SCREENSHOTS}/record-history.png`,
      });
    }

    // The maintenance starts on the page; Poll now imports it at once.
    current = day[9]!;
    const row = cloudflare
      .getByRole('table', { name: 'Cloudflare status sources' })
      .getByRole('row')
      .filter({ hasText: sourceUrl });
    await row.getByRole('button', { name: `Poll ${sourceUrl} now` }).click();
    const outcome = row.getByTestId('poll-outcome');
    await outcome.waitFor();
    expect(await outcome.textContent()).toMatch(/^Imported in \d+ ms: 1 new update\(s\)/);
    await row.getByRole('button', { name: `Poll ${sourceUrl} now` }).click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="poll-outcome"]')?.textContent?.startsWith('No change'),
    );
    if (process.env.VENDOR_RECORD_SCREENSHOTS) {
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${process.env.VENDOR_RECORD_SCREENSHOTS}/poll-now.png` });
    }
    expect(unexpectedProblems(problems, [])).toEqual([]);
  });
});
