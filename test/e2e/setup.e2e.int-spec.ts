import { UsersService } from '@rca/accounts';
import { Browser } from 'playwright-core';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  unexpectedProblems,
  WatchedPage,
} from './browser';

describe('first run in the browser: the setup link creates the first admin', () => {
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

  it('sets up the account from the link, signs in, and signs out again', async () => {
    const { page, problems } = watched;
    // What the embedded mode prints on its first start, on an empty database.
    const link = await sut.app.get(UsersService).createSetupLink('test');
    expect(link).not.toBeNull();
    await page.goto(`${sut.url}/setup#token=${link!.token}`);
    await page.getByRole('heading', { name: 'Set up your account' }).waitFor();

    // A weak password is refused next to the field; nothing is created.
    await page.getByLabel('E-mail', { exact: true }).fill('first.admin@example.com');
    await page.getByLabel('Your name', { exact: true }).fill('First Admin');
    await page.getByLabel('Password', { exact: true }).fill('password');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.locator('[aria-invalid="true"]').first().waitFor();

    await page.getByLabel('Password', { exact: true }).fill('violet-harbour-lantern-73');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
    expect(await page.locator('.topbar .account').textContent()).toContain('First Admin (admin)');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to RCA desk' }).waitFor();
    // Signed out for real: the incidents page sends us back to sign in.
    await page.goto(`${sut.url}/incidents`);
    await page.getByRole('heading', { name: 'Sign in to RCA desk' }).waitFor();

    // The link worked once.
    await page.goto(`${sut.url}/setup#token=${link!.token}`);
    await page.getByLabel('E-mail', { exact: true }).fill('someone.else@example.com');
    await page.getByLabel('Your name', { exact: true }).fill('Someone Else');
    await page.getByLabel('Password', { exact: true }).fill('violet-harbour-lantern-74');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByRole('alert').waitFor();

    expect(
      unexpectedProblems(problems, [
        / 400 .*\/api\/auth\/invitations\/accept/,
        / 401 .*\/api\/auth\/invitations\/accept/,
      ]),
    ).toEqual([]);
  });
});
