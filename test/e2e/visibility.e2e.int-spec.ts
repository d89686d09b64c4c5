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

    const other = await fetch(`${sut.url}/api/incidents/${incident.reference}`, {
      headers: {
        authorization: `Bearer ${(await sut.factories.newToken(outsider, ['read:incidents'])).secret}`,
      },
    });
    expect(other.status).toBe(404);
    expect(unexpectedProblems(problems, [])).toEqual([]);
  });
});
