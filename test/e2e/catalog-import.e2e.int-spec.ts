import * as path from 'node:path';
import { Browser } from 'playwright-core';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  saveScreenshot,
  signInAs,
  unexpectedProblems,
} from './browser';

const EXAMPLES = path.join(__dirname, '../../docs/examples');

describe('Web UI: importing the catalog from a file (real app, real database)', () => {
  let sut: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({ env: { SERVE_WEB: 'true' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sut?.close();
  });

  it('previews what a file creates, imports it, and a second import of the CSV version changes nothing', async () => {
    const watched = await openPage(browser);
    const { page, problems } = watched;
    await signInAs(watched, sut, 'responder');
    await page.goto(`${sut.url}/catalog`);
    const form = page.getByRole('form', { name: 'Import a catalog file' });

    // A broken file: every problem is listed, nothing is stored.
    await form.getByLabel('Catalog file').setInputFiles({
      name: 'broken.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'type,name,tier,service,dependsOnService,kind\nservice,Billing,9,,,\ndependency,,,Billing,Ledger,api\n',
      ),
    });
    await form.getByRole('button', { name: 'Preview import' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('The catalog file has 1 problem; nothing was imported').waitFor();
    await alert.getByText('tier must not be greater than 4').waitFor();

    await form.getByLabel('Catalog file').setInputFiles(path.join(EXAMPLES, 'catalog.yaml'));
    expect(await form.getByLabel('Format').inputValue()).toBe('yaml');
    await form.getByRole('button', { name: 'Preview import' }).click();
    const summary = page.getByTestId('import-summary');
    await summary
      .getByText('3 services, 1 vendor, 3 components and 4 dependencies to create.', {
        exact: false,
      })
      .waitFor();
    const preview = page.getByRole('table', { name: 'Import preview' });
    await preview.getByRole('cell', { name: 'Chat web → Cloudflare / CDN/Cache' }).waitFor();
    // The preview stored nothing.
    expect(await sut.dataSource.query(`SELECT id FROM service`)).toEqual([]);
    await saveScreenshot(page.locator('.catalog-import'), 'catalog-import.png');

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await summary.getByText('Imported:').waitFor();
    await page
      .getByRole('table', { name: 'Services' })
      .getByRole('cell', { name: 'public-api', exact: true })
      .waitFor();
    await page
      .getByRole('table', { name: 'Dependencies' })
      .getByRole('cell', { name: 'Cloudflare WAF', exact: true })
      .waitFor();

    await form.getByLabel('Catalog file').setInputFiles(path.join(EXAMPLES, 'catalog.csv'));
    expect(await form.getByLabel('Format').inputValue()).toBe('csv');
    await form.getByRole('button', { name: 'Preview import' }).click();
    await summary.getByText('11 already as in the file.').waitFor();
    expect(unexpectedProblems(problems, [/ 400 .*\/api\/catalog\/import/])).toEqual([]);
    await watched.context.close();
  });
});
