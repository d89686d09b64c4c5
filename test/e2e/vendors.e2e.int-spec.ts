import { Browser } from 'playwright-core';
import { StatusPollService } from '@rca/status-sources';
import { fixture } from '../../libs/status-sources/test/fixtures';
import { StatusServer } from '../../libs/status-sources/test/status-server';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  overflowingElements,
  saveScreenshot,
  signInAs,
  unexpectedProblems,
} from './browser';

const FIXTURE = 'cloudflare/summary_2023-11-03T0436Z_incident-hm7491k53ppg.json';
const TITLE = 'Cloudflare Dashboard and Cloudflare API service issues';
const PAYLOAD = JSON.parse(fixture(FIXTURE)) as {
  incidents: Array<{ incident_updates: unknown[] }>;
  scheduled_maintenances: unknown[];
};
const FIXTURE_UPDATES = PAYLOAD.incidents[0]!.incident_updates.length;
// Statuspage's summary lists the incident and the scheduled maintenances: all are imported.
const FIXTURE_ITEMS = PAYLOAD.incidents.length + PAYLOAD.scheduled_maintenances.length;

describe('Web UI: vendor status page in Chromium (real app, real database, loopback status page)', () => {
  let sut: TestApp;
  let browser: Browser;
  let server: StatusServer;
  let goodUrl: string;
  let brokenUrl: string;
  let failingUrl: string;
  let degradedUrl: string;
  let admin: string;

  async function call(method: string, url: string, body?: unknown): Promise<any> {
    const response = await fetch(`${sut.url}/api${url}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: admin },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  beforeAll(async () => {
    assertWebBuilt();
    server = await new StatusServer().start();
    goodUrl = server.serveFixture('/cloudflare/summary.json', FIXTURE);
    brokenUrl = server.serve('/broken.json', () => '{"page": ');
    failingUrl = server.route('/down.json', (_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
    });
    degradedUrl = server.route('/gone.json', (_request, response) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end('gone');
    });
    sut = await createTestApp({
      env: {
        SERVE_WEB: 'true',
        STATUS_FETCH_ALLOW_LOOPBACK: 'true',
        STATUS_FETCH_TIMEOUT_MS: '2000',
      },
    });
    browser = await launchChromium();
    admin = await sut.bearer('seed-admin@example.com', 'admin', ['admin']);

    const chat = await call('POST', '/services', { slug: 'chat-web', name: 'Chat web', tier: 1 });
    const publicApi = await call('POST', '/services', {
      slug: 'public-api',
      name: 'Public API',
      tier: 1,
    });
    const cloudflare = await call('POST', '/vendors', { slug: 'cloudflare', name: 'Cloudflare' });
    const cdn = await call('POST', `/vendors/cloudflare/components`, { name: 'CDN' });
    await call('POST', '/dependencies', {
      serviceId: publicApi.id,
      vendorComponentId: cdn.id,
      kind: 'cdn',
      hasFallback: false,
    });
    await call('POST', '/dependencies', {
      serviceId: chat.id,
      dependsOnServiceId: publicApi.id,
      kind: 'api',
      hasFallback: true,
    });
    const good = await call('POST', '/status-sources', {
      vendorId: cloudflare.id,
      url: goodUrl,
      pollIntervalSeconds: 60,
    });
    const failing = await call('POST', '/status-sources', {
      vendorId: cloudflare.id,
      url: failingUrl,
      pollIntervalSeconds: 300,
    });
    const polls = sut.app.get(StatusPollService);
    expect((await polls.poll(good.id)).outcome).toBe('imported');
    expect((await polls.poll(failing.id)).outcome).toBe('failed');
    const degraded = await call('POST', '/status-sources', {
      vendorId: cloudflare.id,
      url: degradedUrl,
      pollIntervalSeconds: 300,
    });
    // Three failures in a row (forced past the backoff) make a source degraded.
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await polls.poll(degraded.id, { force: true })).outcome).toBe('failed');
    }
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
    await server?.stop();
  });

  it('shows an admin the sources’ health and the imported incident, lets them add, disable and preview, and draws the dependency map with the blast radius', async () => {
    const watched = await openPage(browser);
    const { page, problems } = watched;
    await signInAs(watched, sut, 'admin');
    await page.goto(`${sut.url}/incidents`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Vendor status' })
      .click();
    await page.getByRole('heading', { name: 'Vendor status', level: 1 }).waitFor();

    const cloudflare = page.getByRole('region', { name: 'Cloudflare' });
    const sources = cloudflare.getByRole('table', { name: 'Cloudflare status sources' });
    const goodRow = sources.getByRole('row').filter({ hasText: goodUrl });
    await goodRow.waitFor();
    expect(await goodRow.getByText('Healthy').count()).toBe(1);
    expect(await goodRow.textContent()).toContain('auto (statuspage)');
    expect(await goodRow.textContent()).toMatch(/\d+ ms/);
    const failingRow = sources.getByRole('row').filter({ hasText: failingUrl });
    expect(await failingRow.getByText('Failing').count()).toBe(1);
    expect(await failingRow.textContent()).toContain('http_status');
    const degradedRow = sources.getByRole('row').filter({ hasText: degradedUrl });
    expect(await degradedRow.getByText('Degraded').count()).toBe(1);
    expect(await degradedRow.getByText('3 failures in a row').count()).toBe(1);

    // At 1280 px the sources table fits its frame: every action is in view, no sideways scroll.
    const frame = await sources.evaluate((table) => {
      const wrap = table.closest('.table-wrap')!;
      return { scroll: wrap.scrollWidth, width: wrap.clientWidth };
    });
    expect(frame.scroll).toBeLessThanOrEqual(frame.width);
    for (const name of [
      `Poll ${goodUrl} now`,
      `Disable ${goodUrl}`,
      `Edit ${goodUrl}`,
      `Delete ${goodUrl}`,
    ]) {
      const box = (await goodRow.getByRole('button', { name }).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
    }
    await saveScreenshot(sources, 'vendor-sources.png');

    // The vendor incident with its updates, oldest first.
    const incidents = cloudflare.getByRole('list', { name: 'Cloudflare incidents' });
    await incidents.getByRole('link', { name: TITLE }).waitFor();
    expect(await incidents.getByRole('link', { name: TITLE }).getAttribute('href')).toBe(
      'https://stspg.io/zlvxjtpd506m',
    );
    expect(await incidents.textContent()).toContain('Impact: critical');
    expect(await incidents.textContent()).toContain('not resolved');
    // The updates are folded under "N updates, latest …".
    await incidents.getByText(`${FIXTURE_UPDATES} updates, latest`).click();
    const updates = incidents
      .getByRole('list', { name: `Updates of ${TITLE}` })
      .getByRole('listitem');
    expect(await updates.count()).toBe(FIXTURE_UPDATES);
    expect(await updates.first().textContent()).toContain(
      'Cloudflare is investigating issues with Cloudflare Dashboard',
    );
    expect(await updates.last().textContent()).toContain(
      'We are continuing to work on restoring service',
    );

    // Five per page; the rest (the scheduled maintenances) on demand.
    expect(await incidents.locator('li.vendor-incident').count()).toBe(5);
    await cloudflare.getByRole('button', { name: 'Load more incidents' }).click();
    await incidents
      .locator('li.vendor-incident')
      .nth(FIXTURE_ITEMS - 1)
      .waitFor();
    expect(await incidents.locator('li.vendor-incident').count()).toBe(FIXTURE_ITEMS);
    expect(await cloudflare.getByRole('button', { name: 'Load more incidents' }).count()).toBe(0);

    // Disable the failing source.
    await failingRow.getByRole('button', { name: `Disable ${failingUrl}` }).click();
    await failingRow.getByText('Disabled').waitFor();
    const stored = await call('GET', '/status-sources?limit=200');
    expect(stored.items.find((item: any) => item.url === failingUrl).enabled).toBe(false);

    // Add a source.
    const newUrl = server.url('/other/incidents.json');
    const form = cloudflare.getByRole('form', { name: 'Add a status source to Cloudflare' });
    await form.getByLabel('Status page URL').fill(newUrl);
    await form.getByLabel('Poll every (seconds)').fill('120');
    await form.getByRole('button', { name: 'Add source' }).click();
    const newRow = sources.getByRole('row').filter({ hasText: newUrl });
    await newRow.waitFor();
    expect(await newRow.textContent()).toContain('120 s');
    expect(await newRow.getByText('Not polled yet').count()).toBe(1);

    // Preview: the normalised incidents, then a page that cannot be read, with its kind.
    const preview = page.getByRole('region', { name: 'Preview a status page' });
    await preview.getByLabel('URL to preview').fill(goodUrl);
    await preview.getByRole('button', { name: 'Preview' }).click();
    const result = preview.getByTestId('preview-result');
    await result.waitFor();
    expect(await result.textContent()).toContain(`${FIXTURE_ITEMS} incident(s) would be imported`);
    await result.getByRole('cell', { name: TITLE }).waitFor();
    await preview.getByLabel('URL to preview').fill(brokenUrl);
    await preview.getByRole('button', { name: 'Preview' }).click();
    const failure = preview.getByTestId('preview-error');
    await failure.waitFor();
    expect(await failure.textContent()).toContain('parse_malformed');

    // The map: the edge without a fallback is marked; choosing the CDN highlights its blast radius.
    const graph = page.getByRole('region', { name: 'Dependency map' });
    const noFallback = graph.locator('path.edge.no-fallback');
    expect(await noFallback.count()).toBe(1);
    expect(await noFallback.getAttribute('data-edge')).toBe('Public API → CDN (cdn, no fallback)');
    expect(await graph.locator('path.edge.fallback').getAttribute('data-edge')).toBe(
      'Chat web → Public API (api, has a fallback)',
    );
    expect(await graph.locator('g.node.hit').count()).toBe(0);
    await graph.getByLabel('If this fails').selectOption({ label: 'Cloudflare CDN' });
    const sentence = graph.getByTestId('graph-blast-sentence');
    await sentence.waitFor();
    expect(await sentence.textContent()).toBe(
      'If Cloudflare CDN fails: Public API, Chat web; no fallback for Public API.',
    );
    const hit = await graph
      .locator('g.node.hit')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node')).sort());
    expect(hit).toEqual(['CDN', 'Chat web', 'Cloudflare', 'Public API']);
    expect(await graph.locator('path.edge.hit').count()).toBe(3);

    // (clicking "Disable" scrolled the sources' frame sideways)
    await page.evaluate(() =>
      document.querySelectorAll('.table-wrap').forEach((frame) => frame.scrollTo(0, 0)),
    );
    await saveScreenshot(page, 'vendors.png', { fullPage: true });
    // (the unreadable page answers 422 on purpose)
    expect(unexpectedProblems(problems, [/ 422 .*\/api\/status-sources\/preview\)$/])).toEqual([]);
    await watched.context.close();
  });

  it('shows a viewer the same health and incidents without any admin control', async () => {
    const watched = await openPage(browser);
    const { page, problems } = watched;
    await signInAs(watched, sut, 'viewer');
    await page.goto(`${sut.url}/vendors`);
    const cloudflare = page.getByRole('region', { name: 'Cloudflare' });
    const sources = cloudflare.getByRole('table', { name: 'Cloudflare status sources' });
    await sources.getByRole('row').filter({ hasText: goodUrl }).getByText('Healthy').waitFor();
    await cloudflare
      .getByRole('list', { name: 'Cloudflare incidents' })
      .getByRole('link', { name: TITLE })
      .waitFor();
    await page
      .getByRole('region', { name: 'Dependency map' })
      .locator('path.edge.no-fallback')
      .waitFor({ state: 'attached' });
    expect(await page.getByRole('button', { name: /^(Disable|Enable) / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add source' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Preview a status page' }).count()).toBe(0);
    expect(await page.getByText('Only admins add or change status sources.').count()).toBe(1);

    // A narrow screen: wide tables and the map scroll inside their frames, not the page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await sources.getByRole('row').filter({ hasText: goodUrl }).waitFor();
    await page
      .getByRole('region', { name: 'Dependency map' })
      .locator('path.edge.no-fallback')
      .waitFor({ state: 'attached' });
    expect(await overflowingElements(page)).toEqual([]);
    expect(problems).toEqual([]);
    await watched.context.close();
  });
});
