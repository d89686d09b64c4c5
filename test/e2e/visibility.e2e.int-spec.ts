import { Browser } from 'playwright-core';
import { TEST_PASSWORD } from '../factories';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  saveScreenshot,
  unexpectedProblems,
  WatchedPage,
} from './browser';

describe('Web UI: making an incident private to its team (Chromium, real app)', () => {
  let sut: TestApp;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({ env: { SERVE_WEB: 'true' } });
    browser = await launchChromium();
    watched = await openPage(browser);
  });
  afterAll(async () => {
    await watched?.context.close();
    await browser?.close();
    await sut?.close();
  });

  it('a responder of the team makes it private; the list shows the lock; outsiders no longer find it', async () => {
    const { page, problems } = watched;
    const team = await sut.factories.newTeam({ name: 'payments' });
    const responder = await sut.factories.newUser({ role: 'responder', teams: [team] });
    const outsider = await sut.factories.newUser({ role: 'responder' });
    const incident = await sut.factories.newIncident({ title: 'Ledger writes time out' });
    const login = await watched.context.request.post(`${sut.url}/api/auth/login`, {
      data: { email: responder.email, password: TEST_PASSWORD },
    });
    expect(login.ok()).toBe(true);

    await page.goto(`${sut.url}/incidents/${incident.reference}`);
    await page.getByRole('heading', { name: /Ledger writes time out/ }).waitFor();
    const control = page.getByRole('form', { name: 'Visibility' });
    await control.getByLabel('Private to').check();
    await control.getByLabel('Owning team').selectOption({ label: 'payments' });
    await control.getByRole('button', { name: 'Save visibility' }).click();
    await control.locator('.badge.private', { hasText: 'Private to payments' }).waitFor();
    await page
      .getByRole('region', { name: 'Activity' })
      .getByText(/visibility/i)
      .first()
      .waitFor();
    await saveScreenshot(page.locator('.incident-head'), 'incident-private.png');

    await page.goto(`${sut.url}/incidents`);
    const row = page.locator('table.incidents tbody tr', { hasText: 'Ledger writes time out' });
    await row.locator('.badge.private').waitFor();
    await saveScreenshot(page.locator('table.incidents'), 'incidents-private-row.png');

    // The new-incident form makes one private from the start.
    await page.goto(`${sut.url}/incidents/new`);
    await page.getByLabel('Title', { exact: true }).fill('Card refunds stuck');
    await page.getByLabel(/Private to the team/).check();
    await expect(page.getByLabel('Owning team').inputValue()).resolves.toBe(team.id);
    await saveScreenshot(
      page.getByRole('form', { name: 'New incident' }),
      'new-incident-private.png',
    );
    await page.getByRole('button', { name: 'Create incident' }).click();
    await page.getByRole('heading', { name: /Card refunds stuck/ }).waitFor();
    await page.locator('.badge.private', { hasText: 'Private to payments' }).waitFor();

    const other = await fetch(`${sut.url}/api/incidents/${incident.reference}`, {
      headers: {
        authorization: `Bearer ${(await sut.factories.newToken(outsider, ['read:incidents'])).secret}`,
      },
    });
    expect(other.status).toBe(404);
    expect(unexpectedProblems(problems, [])).toEqual([]);
  });
  it('the vendor ledger page shows a private incident to its team; the next person signed in on that tab does not see it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const team = await sut.factories.newTeam();
    const member = await sut.factories.newUser({ role: 'viewer', teams: [team] });
    const outsider = await sut.factories.newUser({ role: 'viewer' });
    const vendor = await sut.factories.newVendor({ name: 'Edgecache' });
    const service = await sut.factories.newService();
    const caused = async (title: string, isPrivate: boolean) => {
      const incident = await sut.factories.newIncident({
        title,
        teamId: isPrivate ? team.id : null,
        private: isPrivate,
        status: 'resolved',
        startedAt: new Date('2025-03-10T10:00:00Z'),
        resolvedAt: new Date('2025-03-10T11:00:00Z'),
      });
      await sut.factories.newImpact({
        incidentId: incident.id,
        serviceId: service.id,
        endedAt: new Date('2025-03-10T11:00:00Z'),
      });
      await sut.factories.newCause({
        incidentId: incident.id,
        vendorId: vendor.id,
        state: 'accepted',
      });
    };
    await caused('Card vault unreachable', true);
    await caused('Search results stale', false);
    const login = await context.request.post(`${sut.url}/api/auth/login`, {
      data: { email: member.email, password: TEST_PASSWORD },
    });
    expect(login.ok()).toBe(true);

    await page.goto(`${sut.url}/vendor-ledger?period=month&at=2025-03-15`);
    const incidents = page.getByRole('table', { name: 'Edgecache: incidents and status-page lag' });
    await incidents.getByText('Card vault unreachable').waitFor();
    await incidents.getByText('Search results stale').waitFor();

    // Sign out and in as someone else without reloading the page: nothing cached is shown again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail').fill(outsider.email!);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // The sign-in page brings the next person back to the same ledger.
    await page.locator('.account').getByText(outsider.displayName).waitFor();
    await page.waitForURL(/\/vendor-ledger\?period=month&at=2025-03-15$/);
    await incidents.getByText('Search results stale').waitFor();
    expect(await page.content()).not.toContain('Card vault unreachable');
    await context.close();
  });
});
