import { Browser } from 'playwright-core';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  signInAs,
  unexpectedProblems,
  WatchedPage,
} from './browser';

async function post(sut: TestApp, url: string, body: unknown): Promise<any> {
  const response = await fetch(`${sut.url}/api${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await sut.bearer() },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

describe('Web UI: shell and catalog in Chromium (real app, real database)', () => {
  let sut: TestApp;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({ env: { SERVE_WEB: 'true' } });
    browser = await launchChromium();
  });
  beforeEach(async () => {
    watched = await openPage(browser);
    await signInAs(watched, sut);
  });
  afterEach(async () => {
    await watched.context.close();
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('serves the app on deep links, shows empty states and the deadlines page (for managers), without console errors', async () => {
    const { page, problems } = watched;
    await page.goto(`${sut.url}/catalog`);
    await page.getByRole('heading', { name: 'Vendors & catalog' }).waitFor();
    await page.getByRole('heading', { name: 'No services yet' }).waitFor();
    await page.getByRole('heading', { name: 'No vendors yet' }).waitFor();

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Deadlines' })
      .click();
    // A responder is told the page is for managers (the API would answer 403).
    await page.getByRole('heading', { name: 'For managers' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/deadlines');

    await page.goto(`${sut.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();

    // An incident that does not exist: the API's message, and a way back.
    await page.goto(`${sut.url}/incidents/INC-1999-0001`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Error 404');
    expect(await alert.textContent()).toContain('INC-1999-0001');
    await page.getByRole('link', { name: 'Incidents' }).first().waitFor();
    // (the page asks for the incident and its timeline at once: both answer 404)
    expect(
      unexpectedProblems(problems, [
        / 404 .*\/api\/incidents\/INC-1999-0001\)$/,
        / 404 .*\/api\/incidents\/INC-1999-0001\/timeline\?limit=200\)$/,
      ]),
    ).toEqual([]);
    problems.length = 0;

    // /api stays the API: an unknown API path is a JSON 404, not the app.
    const api = await fetch(`${sut.url}/api/no-such-endpoint`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect(problems).toEqual([]);
  });

  it('lists services and vendors and answers the blast-radius query', async () => {
    const chat = await post(sut, '/services', { slug: 'chat-web', name: 'Chat web', tier: 1 });
    const publicApi = await post(sut, '/services', {
      slug: 'public-api',
      name: 'Public API',
      tier: 1,
    });
    const ios = await post(sut, '/services', { slug: 'ios-app', name: 'iOS app', tier: 2 });
    const cloudflare = await post(sut, '/vendors', { slug: 'cloudflare', name: 'Cloudflare' });
    const cdn = await post(sut, `/vendors/${cloudflare.slug}/components`, { name: 'CDN' });
    await post(sut, `/vendors/${cloudflare.slug}/components`, { name: 'DNS' });
    await post(sut, '/dependencies', {
      serviceId: publicApi.id,
      vendorComponentId: cdn.id,
      kind: 'cdn',
    });
    await post(sut, '/dependencies', {
      serviceId: chat.id,
      dependsOnServiceId: publicApi.id,
      kind: 'api',
    });
    void ios;

    const { page, problems } = watched;
    await page.goto(`${sut.url}/catalog`);
    const services = page.getByRole('region', { name: 'Services' });
    await services.getByRole('cell', { name: 'Chat web' }).waitFor();
    await services.getByRole('cell', { name: 'iOS app' }).waitFor();
    await page.getByRole('list', { name: 'Cloudflare components' }).getByText('CDN').waitFor();

    await page.getByLabel('Vendor', { exact: true }).selectOption('cloudflare');
    await page.getByLabel('Component', { exact: true }).selectOption({ label: 'CDN' });
    await page.getByRole('button', { name: 'Show blast radius' }).click();
    const sentence = page.getByTestId('blast-sentence');
    await sentence.waitFor();
    expect(await sentence.textContent()).toBe(
      'If Cloudflare CDN fails: Public API, Chat web; no fallback.',
    );
    // Each service with the way it depends on the component (names, not slugs).
    const chatLine = await page.locator('.blast-list li', { hasText: 'Chat web' }).textContent();
    expect(chatLine).toContain('via CDN → Public API → Chat web');
    expect(problems).toEqual([]);
  });
});
