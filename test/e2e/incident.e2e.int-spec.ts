/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Functions passed to page.waitForFunction / page.evaluate run in the browser.
import { Browser, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../factories';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  overflowingElements,
  unexpectedProblems,
  WatchedPage,
} from './browser';

async function call(sut: TestApp, method: string, url: string, body?: unknown): Promise<any> {
  const response = await fetch(`${sut.url}/api${url}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: await sut.bearer() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** The text of the error shown next to the form control labelled `label`. */
async function fieldError(page: Page, label: string): Promise<string> {
  const control = page.getByLabel(label, { exact: true });
  await control.and(page.locator('[aria-invalid="true"]')).waitFor();
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(' ')
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(' ');
}

async function timelineTimes(page: Page): Promise<string[]> {
  return page.getByTestId('timeline-entry').locator('.when time').allTextContents();
}

/** Waits until the timeline shows exactly `expected` (times in the zone shown). */
async function expectTimeline(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction(
      (want) =>
        JSON.stringify(
          [...document.querySelectorAll('[data-testid="timeline-entry"] .when time')].map(
            (element) => element.textContent,
          ),
        ) === JSON.stringify(want),
      expected,
      { timeout: 10_000 },
    )
    .catch(async () => {
      throw new Error(
        `timeline shows ${JSON.stringify(await timelineTimes(page))}, expected ${JSON.stringify(expected)}`,
      );
    });
}

describe('Web UI: recording an incident in Chromium (real app, real database)', () => {
  let sut: TestApp;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({ env: { SERVE_WEB: 'true' } });
    browser = await launchChromium();
    watched = await openPage(browser, { timezoneId: 'Europe/Berlin' });
  });
  afterAll(async () => {
    await watched?.context.close();
    await browser?.close();
    await sut?.close();
  });

  it('creates an incident, orders timeline entries typed in two zones, switches zone, draws impacts, decides a cause', async () => {
    const { page, problems } = watched;
    await call(sut, 'POST', '/services', { slug: 'chat-web', name: 'Chat web', tier: 1 });
    await call(sut, 'POST', '/services', { slug: 'ios-app', name: 'iOS app', tier: 2 });
    const cloudflare = await call(sut, 'POST', '/vendors', {
      slug: 'cloudflare',
      name: 'Cloudflare',
    });

    // Signed out, the incidents page sends the SRE to sign in, and back after.
    const alice = await sut.factories.newUser({ role: 'responder', displayName: 'Alice SRE' });
    await page.goto(`${sut.url}/incidents`);
    await page.getByRole('heading', { name: 'Sign in to RCA desk' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel('E-mail', { exact: true }).fill(alice.email as string);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Invalid email or password' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // A new user sees what to do next.
    const empty = page.getByRole('region', { name: 'No incidents yet' });
    await empty.waitFor();
    expect(new URL(page.url()).pathname).toBe('/incidents');
    expect(await empty.textContent()).toContain('npm run demo:seed');
    expect(await page.locator('.topbar .account').textContent()).toContain('Alice SRE');

    // The API's 400 shows next to the field.
    await page.getByRole('link', { name: 'New incident' }).first().click();
    await page.getByRole('heading', { name: 'New incident' }).waitFor();
    await page.getByRole('button', { name: 'Create incident' }).click();
    expect(await fieldError(page, 'Title')).toMatch(/title/i);

    // A start time typed in Paris.
    await page.getByLabel('Title', { exact: true }).fill('Chat web returns HTTP 500 (Cloudflare)');
    await page.getByLabel('Severity').selectOption('SEV1');
    await page.getByLabel('Started at (local time)').fill('2025-11-18T12:20');
    await page.getByLabel('Time zone of these times').fill('Europe/Paris');
    await page.getByLabel('Customer-facing errors').fill('HTTP 500');
    await page.getByRole('button', { name: 'Create incident' }).click();
    await page.waitForURL(/\/incidents\/INC-2025-\d{4}/);
    const reference = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: /Chat web returns HTTP 500/ }).waitFor();
    const lifecycle = page.getByRole('region', { name: 'Lifecycle (UTC)' });
    await lifecycle.getByText('2025-11-18 11:20').waitFor();

    // Details are edited in place.
    await page.getByRole('button', { name: 'Edit details' }).click();
    const details = page.getByRole('form', { name: 'Edit incident' });
    await details
      .getByLabel('Title', { exact: true })
      .fill('Chat web returns HTTP 500 (Cloudflare edge)');
    await details.getByLabel('Labels').fill('cdn, third-party');
    await details.getByRole('button', { name: 'Save details' }).click();
    await page.getByRole('heading', { name: /Cloudflare edge/ }).waitFor();
    await page.locator('.incident-head .tag', { hasText: 'third-party' }).waitFor();

    // Timeline: a Paris entry, then an earlier one typed in New York; the NY one comes first.
    const addEntry = page.getByRole('form', { name: 'Add timeline entry' });
    await addEntry.getByLabel('New entry: local time').fill('2025-11-18T12:48:00');
    await addEntry.getByLabel('Zone it was read in').fill('Europe/Paris');
    await addEntry.getByLabel('Kind').selectOption('detection');
    await addEntry.getByLabel('What happened (markdown)').fill('Alerts fire: HTTP 500 on chat web');
    await addEntry.getByRole('button', { name: 'Add entry' }).click();
    await expectTimeline(page, ['2025-11-18 11:48']);

    await addEntry.getByLabel('New entry: local time').fill('2025-11-18T06:35:00');
    await addEntry.getByLabel('Zone it was read in').fill('America/New_York');
    await addEntry.getByLabel('Kind').selectOption('communication');
    await addEntry.getByLabel('What happened (markdown)').fill('Status page: investigating');
    await addEntry.getByRole('button', { name: 'Add entry' }).click();
    await expectTimeline(page, ['2025-11-18 11:35', '2025-11-18 11:48']);
    const typed = await page.getByTestId('timeline-entry').locator('.typed').allTextContents();
    expect(typed).toEqual([
      'typed 2025-11-18 06:35 America/New_York',
      'typed 2025-11-18 12:48 Europe/Paris',
    ]);

    // A nonexistent local time (Paris spring-forward gap) is refused next to the field.
    await addEntry.getByLabel('New entry: local time').fill('2025-03-30T02:30:00');
    await addEntry.getByLabel('Zone it was read in').fill('Europe/Paris');
    await addEntry.getByRole('button', { name: 'Add entry' }).click();
    expect(await fieldError(page, 'New entry: local time')).toMatch(/exist|gap/i);
    await expectTimeline(page, ['2025-11-18 11:35', '2025-11-18 11:48']);

    // Zone switch: another IANA zone, then the browser's zone.
    await page.getByRole('radio', { name: 'Other zone' }).check();
    await page.getByLabel('Other IANA time zone').fill('America/New_York');
    await expectTimeline(page, ['2025-11-18 06:35', '2025-11-18 06:48']);
    await page.getByRole('radio', { name: 'My zone (Europe/Berlin)' }).check();
    await expectTimeline(page, ['2025-11-18 12:35', '2025-11-18 12:48']);
    await page.getByRole('radio', { name: 'UTC' }).check();
    await expectTimeline(page, ['2025-11-18 11:35', '2025-11-18 11:48']);

    // Editing an entry: move the NY one after the Paris one.
    await page.getByRole('button', { name: 'Edit entry at 2025-11-18 11:35' }).click();
    const edit = page.getByRole('form', { name: 'Edit timeline entry' });
    await edit.getByLabel('Edit entry: local time').fill('2025-11-18T07:05:00');
    await edit.getByLabel('What happened (markdown)').fill('Status page: identified');
    await edit.getByRole('button', { name: 'Save entry' }).click();
    await expectTimeline(page, ['2025-11-18 11:48', '2025-11-18 12:05']);
    await page
      .getByTestId('timeline-entry')
      .getByText('Status page: identified', { exact: true })
      .waitFor();

    // Someone else saves the same entry meanwhile: 409, load their version, save again.
    await page.getByRole('button', { name: 'Edit entry at 2025-11-18 11:48' }).click();
    const editing = page.getByRole('form', { name: 'Edit timeline entry' });
    await editing.getByLabel('What happened (markdown)').fill('Alerts fire: HTTP 500 (ours)');
    const timeline = await call(sut, 'GET', `/incidents/${reference}/timeline`);
    const detection = timeline.items.find((item: any) => item.kind === 'detection');
    await call(sut, 'PATCH', `/incidents/${reference}/timeline/${detection.id}`, {
      version: detection.version,
      body: 'Alerts fire (edited in another tab)',
    });
    await editing.getByRole('button', { name: 'Save entry' }).click();
    await editing.getByText(/changed by someone else/).waitFor();
    await editing.getByRole('button', { name: 'Load the latest version' }).click();
    await page
      .getByTestId('timeline-entry')
      .getByText('Alerts fire (edited in another tab)', { exact: true })
      .waitFor();
    expect(await editing.getByLabel('What happened (markdown)').inputValue()).toBe(
      'Alerts fire: HTTP 500 (ours)',
    );
    await editing.getByRole('button', { name: 'Save entry' }).click();
    await page
      .getByTestId('timeline-entry')
      .getByText('Alerts fire: HTTP 500 (ours)', { exact: true })
      .waitFor();

    // A mistaken entry is deleted (after confirming); the others stay.
    await addEntry.getByLabel('New entry: local time').fill('2025-11-18T13:00:00');
    await addEntry.getByLabel('Zone it was read in').fill('UTC');
    await addEntry.getByLabel('What happened (markdown)').fill('Typo entry');
    await addEntry.getByRole('button', { name: 'Add entry' }).click();
    await expectTimeline(page, ['2025-11-18 11:48', '2025-11-18 12:05', '2025-11-18 13:00']);
    await page.getByRole('button', { name: 'Edit entry at 2025-11-18 13:00' }).click();
    page.once('dialog', (dialog) => dialog.accept());
    await page
      .getByRole('form', { name: 'Edit timeline entry' })
      .getByRole('button', { name: 'Delete entry' })
      .click();
    await expectTimeline(page, ['2025-11-18 11:48', '2025-11-18 12:05']);

    // Impacts: web down (entered in the form), iOS up during the same hour (through the API).
    await page.getByText('Add an impact').click();
    const addImpact = page.getByRole('form', { name: 'Add impact' });
    await addImpact.getByLabel('Service').selectOption('chat-web');
    await addImpact.getByLabel('Level').selectOption('major_outage');
    await addImpact.getByLabel('From (local time)').fill('2025-11-18T11:20');
    await addImpact.getByLabel('To (empty while ongoing)').fill('2025-11-18T14:30');
    await addImpact.getByLabel('Zone of these times').fill('UTC');
    await addImpact.getByRole('button', { name: 'Add impact' }).click();
    await page.locator('svg rect.window[data-level="major_outage"]').waitFor();
    await call(sut, 'POST', `/incidents/${reference}/impacts`, {
      service: 'ios-app',
      level: 'operational',
      from: '2025-11-18T11:20:00Z',
      to: '2025-11-18T14:30:00Z',
    });
    await page.reload();
    await page.locator('svg rect.window[data-level="operational"]').waitFor();
    expect(await page.locator('svg .row-label').allTextContents()).toEqual(['Chat web', 'iOS app']);
    expect(await page.locator('svg rect.window').count()).toBe(2);

    // A suggested third-party cause, with its reasons, accepted.
    const incident = await call(sut, 'GET', `/incidents/${reference}`);
    await sut.factories.newCause({
      incidentId: incident.id,
      vendorId: cloudflare.id,
      state: 'suggested',
      score: 0.92,
      explanation: 'Cloudflare reported widespread HTTP 500 errors at the same time.',
      reasons: [
        { kind: 'overlap', detail: 'Cloudflare incident 11:20–14:30 UTC overlaps ours' },
        { kind: 'dependency', detail: 'Chat web depends on Cloudflare CDN (no fallback)' },
      ],
    });
    await page.reload();
    const cause = page.getByTestId('cause');
    await cause.getByText('Cloudflare CDN (no fallback)', { exact: false }).waitFor();
    await cause.getByRole('button', { name: 'Accept Cloudflare as a cause' }).click();
    await cause.locator('.badge.cause-accepted').waitFor();

    // Resolve: status and metrics follow.
    const status = page.getByRole('form', { name: 'Change status' });
    await status.getByLabel('New status').selectOption('resolved');
    await status.getByLabel('At (local time)').fill('2025-11-18T14:30');
    await status.getByLabel('Zone', { exact: true }).fill('UTC');
    await status.getByRole('button', { name: 'Change status' }).click();
    await page.locator('.incident-head .badge.status-resolved').waitFor();
    const metrics = page.getByRole('region', { name: 'Metrics' });
    await metrics.getByText('3 h 10 min').waitFor();

    // The activity log lists what was done.
    const activity = page.getByRole('region', { name: 'Activity' });
    await activity.locator('li', { hasText: 'incident.transitioned' }).waitFor();
    const created = await activity.locator('li', { hasText: 'incident.created' }).textContent();
    expect(created).toContain(alice.email as string);
    const actions = await activity.locator('code').allTextContents();
    expect(actions.length).toBeGreaterThanOrEqual(5);
    expect(actions.join(' ')).toMatch(/incident\.created/);

    // Deep link straight to the incident in a chosen zone.
    await page.goto(`${sut.url}/incidents/${reference}?zone=America/New_York`);
    await expectTimeline(page, ['2025-11-18 06:48', '2025-11-18 07:05']);

    // Only the 400s and the 409 provoked above reached the console.
    expect(problems.filter((problem) => / (400|409) /.test(problem))).toEqual([
      expect.stringMatching(/ 400 .*\/api\/incidents\)$/),
      expect.stringMatching(new RegExp(` 400 .*/api/incidents/${reference}/timeline\\)$`)),
      expect.stringMatching(
        new RegExp(` 409 .*/api/incidents/${reference}/timeline/[0-9a-f-]+\\)$`),
      ),
    ]);
    expect(
      unexpectedProblems(problems, [
        / 401 .*\/api\/auth\/login/,
        / 400 .*\/api\/incidents/,
        / 400 .*\/timeline/,
        / 409 .*\/timeline\//,
      ]),
    ).toEqual([]);
    problems.length = 0;
  });

  it('lists incidents with filters, search and pagination', async () => {
    const { page, problems } = watched;
    for (const [title, severity, startedAt] of [
      ['Cloudflare bad deploy: HTTP 502 on the public API', 'SEV2', '2019-07-02T13:42:00Z'],
      ['iOS push notifications delayed', 'SEV4', '2025-10-03T08:00:00Z'],
      ['Search latency above SLO', 'SEV3', '2025-09-12T15:10:00Z'],
    ] as const) {
      await call(sut, 'POST', '/incidents', { title, severity, startedAt, labels: ['demo'] });
    }
    await page.goto(`${sut.url}/incidents`);
    const rows = page.locator('table.incidents tbody tr');
    await rows.nth(3).waitFor();
    expect(await rows.count()).toBe(4);
    // Newest first by default.
    expect(await rows.first().textContent()).toContain('Chat web returns HTTP 500');

    await page.getByLabel('Severity').selectOption('SEV2');
    await page.waitForFunction(
      () => document.querySelectorAll('table.incidents tbody tr').length === 1,
    );
    expect(await rows.first().textContent()).toContain('Cloudflare bad deploy');
    await page.getByLabel('Severity').selectOption('');

    await page.getByLabel('Search title and summary').fill('latency');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('table.incidents tbody tr').length === 1,
    );
    expect(await rows.first().textContent()).toContain('Search latency');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await rows.nth(3).waitFor();

    await page.getByLabel('Status').selectOption('resolved');
    await page.waitForFunction(
      () => document.querySelectorAll('table.incidents tbody tr').length === 1,
    );
    await page.getByLabel('Status').selectOption('');

    await page.getByLabel('Sort').selectOption('startedAt:asc');
    await page.waitForFunction(() =>
      document
        .querySelector('table.incidents tbody tr')
        ?.textContent?.includes('Cloudflare bad deploy'),
    );
    await page.getByLabel('Sort').selectOption('severity:asc');
    await page.waitForFunction(() =>
      document
        .querySelector('table.incidents tbody tr:nth-child(2)')
        ?.textContent?.includes('SEV2'),
    );
    expect(await rows.first().textContent()).toContain('SEV1');
    await page.getByLabel('Sort').selectOption('startedAt:desc');
    await page.waitForFunction(() =>
      document.querySelector('table.incidents tbody tr')?.textContent?.includes('Chat web'),
    );

    // The UI pages through the API's cursor: add enough incidents for a second page of 25.
    for (let index = 0; index < 23; index += 1) {
      await call(sut, 'POST', '/incidents', {
        title: `Batch incident ${index}`,
        severity: 'SEV5',
        startedAt: new Date(Date.UTC(2024, 0, 1 + index)).toISOString(),
      });
    }
    await page.reload();
    await rows.nth(24).waitFor();
    expect(await rows.count()).toBe(25);
    await page.getByRole('button', { name: 'Load more incidents' }).click();
    await rows.nth(26).waitFor();
    expect(await rows.count()).toBe(27);
    expect(await page.getByRole('button', { name: 'Load more incidents' }).count()).toBe(0);

    // A narrow screen: everything reachable without the page scrolling sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Incidents' })
      .waitFor();
    expect(await overflowingElements(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    expect(problems).toEqual([]);
  });
});
