/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { Browser, Page } from 'playwright-core';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  saveScreenshot,
  signInAs,
  unexpectedProblems,
  WatchedPage,
} from './browser';

describe('Web UI: postmortem templates in Chromium (real app, real database)', () => {
  let sut: TestApp;
  let browser: Browser;
  let manager: WatchedPage;

  async function call(method: string, url: string, body?: unknown): Promise<any> {
    const response = await fetch(`${sut.url}/api${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: await sut.bearer('setup@example.com', 'manager', [
          'read:incidents',
          'write:incidents',
          'read:postmortems',
          'write:postmortems',
        ]),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  /** Replaces the whole text of the CodeMirror editor labelled `label`. */
  async function typeInEditor(page: Page, label: string, text: string): Promise<void> {
    const editor = page.getByRole('textbox', { name: label });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({ env: { SERVE_WEB: 'true' } });
    browser = await launchChromium();
    manager = await openPage(browser, { width: 1280, height: 800 });
    await signInAs(manager, sut, 'manager');
  });
  afterAll(async () => {
    await manager?.context.close();
    await browser?.close();
    await sut?.close();
  });

  it('creates a template from the built-in one, edits a section, previews it against a real incident and shows the limit error of a runaway loop', async () => {
    const incident = await call('POST', '/incidents', {
      title: 'Edge returns HTTP 500',
      severity: 'SEV2',
      startedAt: '2025-11-18T11:20:00Z',
    });
    await call('POST', `/incidents/${incident.reference}/transitions`, {
      to: 'resolved',
      at: '2025-11-18T14:30:00Z',
      version: incident.version,
    });
    const { page, problems } = manager;

    await page.goto(`${sut.url}/admin/templates`);
    await page.getByRole('heading', { name: 'No template of your own yet' }).waitFor();
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Template name').fill('Edge outages');
    // The new template starts from the built-in sections.
    const summary = page.getByRole('group', { name: 'Section Summary' });
    await summary.waitFor();
    await page.getByRole('button', { name: 'Create template' }).click();
    const row = page.getByTestId('template').filter({ hasText: 'Edge outages' });
    await row.waitFor();
    await row.getByText('Default').waitFor();

    // Edit the summary section: its name, its audience and its Liquid body.
    await page.getByRole('button', { name: 'Edit Edge outages' }).click();
    const section = page.getByRole('group', { name: 'Section Summary' });
    await section.getByLabel('Section name').fill('What happened');
    await page
      .getByRole('group', { name: 'Section What happened' })
      .getByLabel('Audience')
      .selectOption('internal');
    await typeInEditor(
      page,
      'Liquid body of the summary section',
      '**{{ incident.reference }}**: {{ incident.title }} ({{ incident.severity }}), resolved {{ incident.resolved_at_utc }}.',
    );

    // Preview against the incident, before saving: the draft's renderer, the shared Markdown.
    await page.getByLabel('Find an incident').fill('Edge');
    await page
      .getByLabel('Incident', { exact: true })
      .selectOption({ label: `${incident.reference} · Edge returns HTTP 500` });
    await page.getByRole('button', { name: 'Render preview' }).click();
    const rendered = page.getByLabel('Rendered preview');
    await rendered.getByRole('heading', { name: /What happened/ }).waitFor();
    // Rendered by the shared Markdown renderer (bold is bold, not asterisks).
    await rendered.locator('strong', { hasText: incident.reference }).waitFor();
    expect(await rendered.innerText()).toContain(
      'Edge returns HTTP 500 (SEV2), resolved 2025-11-18 14:30 UTC.',
    );
    await saveScreenshot(page, 'templates.png', { fullPage: false });

    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByTestId('template').filter({ hasText: 'What happened (internal)' }).waitFor();
    const stored = (await call('GET', '/postmortem-templates')).items[0];
    expect(stored.sections.find((entry: any) => entry.key === 'summary')).toMatchObject({
      title: 'What happened',
      internal: true,
      body: expect.stringContaining('{{ incident.title }}'),
    });

    // A loop that is bounded only when the record is empty: saved, but refused by the preview.
    await page.getByRole('button', { name: 'Edit Edge outages' }).click();
    await typeInEditor(
      page,
      'Liquid body of the summary section',
      '{% if incident.reference %}{% for i in (1..100000000) %}{{ i }}{% endfor %}{% endif %}',
    );
    await page
      .getByLabel('Incident', { exact: true })
      .selectOption({ label: `${incident.reference} · Edge returns HTTP 500` });
    await page.getByRole('button', { name: 'Render preview' }).click();
    const limit = page.getByTestId('template-limit-error');
    await limit.waitFor();
    expect(await limit.innerText()).toMatch(/Template limit exceeded in the section “summary”/);
    expect(await limit.innerText()).toMatch(/cannot be rendered: it (takes longer|allocates more)/);

    // A loop that runs away whatever the record is refused when saved, at its field.
    await typeInEditor(
      page,
      'Liquid body of the summary section',
      '{% for i in (1..100000000) %}{{ i }}{% endfor %}',
    );
    await page.getByRole('button', { name: 'Save template' }).click();
    await page
      .getByRole('group', { name: 'Section What happened' })
      .locator('.field-error', { hasText: /cannot be rendered/ })
      .waitFor();
    expect(
      (await call('GET', '/postmortem-templates')).items[0].sections.find(
        (entry: any) => entry.key === 'summary',
      ).body,
    ).toContain('{{ incident.title }}');

    expect(unexpectedProblems(problems, [/422/, /400/])).toEqual([]);
  });
});
