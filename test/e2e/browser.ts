import { existsSync } from 'node:fs';
import * as path from 'node:path';
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { WEB_DIST } from '@rca/app';
import type { Role } from '@rca/shared';
import { TEST_PASSWORD } from '../factories';
import type { TestApp } from '../test-context';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const SCREENSHOTS = path.join(__dirname, '../../docs/screenshots');

/**
 * The screenshots under docs/ are committed: a test run rewrites them only when asked
 * (`UPDATE_SCREENSHOTS=1`), so an ordinary run leaves the working tree as it was.
 */
export async function saveScreenshot(
  target: Page | Locator,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (!['1', 'true'].includes(process.env.UPDATE_SCREENSHOTS ?? '')) return;
  const file = path.join(SCREENSHOTS, name);
  if ('goto' in target) await target.screenshot({ path: file, ...options });
  else await target.screenshot({ path: file });
}

export function assertWebBuilt(): void {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(
      `The web UI is not built (${WEB_DIST}); run npm run build:web (npm test does).`,
    );
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `End-to-end tests need Debian's Chromium at ${CHROMIUM} (apt-get install chromium).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and failed requests seen so far. */
  problems: string[];
}

/** A page in its own context that records every console error and checks each document's CSP. */
export async function openPage(
  browser: Browser,
  options: { timezoneId?: string; width?: number; height?: number } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    locale: 'en-GB',
  });
  context.setDefaultTimeout(15_000);
  const problems: string[] = [];
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location().url;
      problems.push(`console: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Every page must arrive with the product's strict CSP (no inline script, no eval, no inline
  // style): the app has to work under it, and a violation shows up as a console error.
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'document') return;
    const policy = response.headers()['content-security-policy'] ?? '';
    for (const directive of ["script-src 'self'", "style-src 'self'", "default-src 'self'"]) {
      if (!policy.split(';').some((part) => part.trim() === directive))
        problems.push(`document without ${directive} in its CSP: ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    // The app aborts a request a newer one supersedes (filters changed): not a failure.
    if (reason === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.url()} ${reason}`);
  });
  return { context, page, problems };
}

/**
 * Chromium logs every 4xx answer to fetch() as a console error. A test that provokes a 400 on
 * purpose names it here; anything else seen is returned.
 */
export function unexpectedProblems(problems: string[], expected: RegExp[]): string[] {
  const left = [...expected];
  return problems.filter((problem) => {
    const index = left.findIndex((pattern) => pattern.test(problem));
    if (index === -1) return true;
    left.splice(index, 1);
    return false;
  });
}

/**
 * Elements that stick out past the right edge of the viewport (the page would scroll sideways),
 * ignoring those inside frames that scroll on purpose (wide tables, the impact chart).
 */
export async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
      .filter((element) => !element.closest('.impact-chart, .table-wrap'))
      .filter((element) => element.getBoundingClientRect().right > width + 0.5)
      .slice(0, 10)
      .map(
        (element) =>
          `${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''} (${element.textContent?.slice(0, 40)})`,
      );
  });
}

/**
 * Signs the browser context in through the API (cookies land in the context), as a new user with
 * `role`; returns the user's e-mail, which the activity log shows for their changes.
 */
export async function signInAs(
  watched: WatchedPage,
  sut: TestApp,
  role: Role = 'responder',
): Promise<string> {
  const user = await sut.factories.newUser({ role });
  const response = await watched.context.request.post(`${sut.url}/api/auth/login`, {
    data: { email: user.email, password: TEST_PASSWORD },
  });
  if (!response.ok())
    throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  return user.email as string;
}
