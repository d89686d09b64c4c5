/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { Browser, Page } from 'playwright-core';
import { createTestApp, TestApp } from '../test-context';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  overflowingElements,
  saveScreenshot,
  signInAs,
  unexpectedProblems,
  WatchedPage,
} from './browser';

describe('Web UI: writing, reviewing and publishing a postmortem in Chromium (real app, real database)', () => {
  let sut: TestApp;
  let browser: Browser;
  let writer: WatchedPage;
  let manager: WatchedPage;
  let writerEmail: string;
  let managerEmail: string;

  async function call(
    method: string,
    url: string,
    body?: unknown,
    as: { email?: string; role?: 'responder' | 'manager' } = {},
  ): Promise<any> {
    const response = await fetch(`${sut.url}/api${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: await sut.bearer(as.email ?? 'setup@example.com', as.role ?? 'manager', [
          'read:incidents',
          'write:incidents',
          'read:postmortems',
          'write:postmortems',
        ]),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** A resolved incident (created and resolved through the API). */
  async function resolvedIncident(title: string, startedAt: string, resolvedAt: string) {
    const incident = await call('POST', '/incidents', { title, severity: 'SEV2', startedAt });
    return call('POST', `/incidents/${incident.reference}/transitions`, {
      to: 'resolved',
      at: resolvedAt,
      version: incident.version,
    });
  }

  /** Replaces the whole text of the CodeMirror editor labelled `label`. */
  async function typeInEditor(page: Page, label: string, text: string): Promise<void> {
    const editor = page.getByRole('textbox', { name: label });
    await editor.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }

  const status = (page: Page, text: string) =>
    page.locator('header .badges .badge', { hasText: text }).waitFor();

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({ env: { SERVE_WEB: 'true' } });
    browser = await launchChromium();
    writer = await openPage(browser, { timezoneId: 'America/New_York' });
    writerEmail = await signInAs(writer, sut, 'responder');
    manager = await openPage(browser, { timezoneId: 'Europe/Berlin' });
    managerEmail = await signInAs(manager, sut, 'manager');
  });
  afterAll(async () => {
    await writer?.context.close();
    await manager?.context.close();
    await browser?.close();
    await sut?.close();
  });

  it('drafts, edits, merges a conflict, gets approved and publishes a postmortem; the deadlines page shows what is left', async () => {
    const now = Date.now();
    const incident = await resolvedIncident(
      'Chat web down',
      new Date(now - 3 * 3600_000).toISOString(),
      new Date(now - 3600_000).toISOString(),
    );
    // Another one, resolved weeks ago and never written up: overdue.
    const late = await resolvedIncident(
      'Search slow',
      '2025-11-03T10:00:00Z',
      '2025-11-03T12:00:00Z',
    );
    await call('POST', `/incidents/${late.id}/postmortem/draft`);

    // The incident page links to its postmortem; none exists yet (an empty state, no error).
    const { page } = writer;
    await page.goto(`${sut.url}/incidents/${incident.reference}`);
    await page.getByRole('link', { name: 'Postmortem' }).click();
    await page.getByRole('button', { name: 'Draft the RCA' }).click();
    await page.getByRole('heading', { name: `${incident.reference}: Chat web down` }).waitFor();
    const outline = page.getByRole('navigation', { name: 'Outline' });
    const summaryItem = outline.getByRole('listitem').filter({ hasText: 'Summary' });
    expect(await summaryItem.textContent()).toContain('generated');
    expect(
      await outline.getByRole('listitem').filter({ hasText: 'Where we got lucky' }).textContent(),
    ).toContain('internal');

    // The preview uses the product's one Markdown configuration: raw HTML is text, and
    // javascript: links are not links.
    await typeInEditor(
      page,
      'Summary (Markdown)',
      '<img src=x onerror="alert(1)"> [click](javascript:alert(1)) [docs](https://example.com/rca)',
    );
    const preview = page.getByRole('region', { name: 'Summary preview' });
    await preview.getByRole('link', { name: 'docs' }).waitFor();
    expect(await preview.locator('img, [onerror]').count()).toBe(0);
    expect(await preview.getByRole('link', { name: 'click' }).count()).toBe(0);
    expect(await preview.textContent()).toContain('<img src=x');

    // Edit the summary in CodeMirror: the preview follows, rendered by @rca/markdown.
    await typeInEditor(page, 'Summary (Markdown)', '**Chat web** was down for 40 minutes.');
    await preview.locator('strong', { hasText: 'Chat web' }).waitFor();
    expect(await summaryItem.textContent()).toContain('unsaved');
    await page.getByLabel('Owner (e-mail)').fill(writerEmail);
    await page.getByLabel('Required reviewers').fill(managerEmail);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as revision 2.' }).waitFor();
    expect(await summaryItem.textContent()).toContain('edited');

    // A colleague saves the same section (and another one) while the writer is typing.
    await typeInEditor(page, 'Summary (Markdown)', 'Mine: Chat web was down for 42 minutes.');
    const current = await call('GET', `/incidents/${incident.id}/postmortem`);
    await call(
      'PATCH',
      `/postmortems/${current.id}`,
      {
        version: current.version,
        sections: [
          { key: 'summary', markdown: 'Theirs: the CDN failed.' },
          { key: 'impact', markdown: 'Impact written by a colleague.' },
        ],
      },
      { email: 'colleague@example.com', role: 'responder' },
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Someone saved first' });
    await conflict.waitFor();
    expect(await conflict.getByLabel('Summary: yours').textContent()).toBe(
      'Mine: Chat web was down for 42 minutes.',
    );
    expect(await conflict.getByLabel('Summary: current').textContent()).toBe(
      'Theirs: the CDN failed.',
    );
    expect(await conflict.textContent()).toContain('Impact');
    await conflict.getByLabel('Keep mine').check();
    await conflict.getByRole('button', { name: 'Save the merged version' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as revision 4.' }).waitFor();
    const merged = await call('GET', `/postmortems/${current.id}`);
    const text = (key: string) =>
      merged.sections.find((section: { key: string }) => section.key === key).markdown;
    expect(text('summary')).toBe('Mine: Chat web was down for 42 minutes.');
    expect(text('impact')).toBe('Impact written by a colleague.');
    expect(merged.requiredReviewers).toEqual([managerEmail]);

    // On a phone-sized screen the page does not scroll sideways (panes stack).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('textbox', { name: 'Summary (Markdown)' }).waitFor();
    expect(await overflowingElements(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });

    // The diff between the draft and the merged save.
    const history = page.getByRole('region', { name: 'Revision history' });
    await history.getByRole('cell', { name: 'colleague@example.com' }).waitFor();
    await history.getByLabel('From revision').selectOption('1');
    await history.getByLabel('To revision').selectOption('4');
    await history.getByRole('button', { name: 'Show the differences' }).click();
    // Side by side: the draft's summary on the left, the merged one on the right, same row.
    const summaryDiff = history.getByLabel('Changes in Summary');
    const changedRow = summaryDiff.locator('tr.diff-changed').first();
    await changedRow.waitFor();
    expect(await changedRow.locator('td').nth(1).textContent()).toBe(
      'Mine: Chat web was down for 42 minutes.',
    );
    expect(await changedRow.locator('td.diff-removed').count()).toBe(1);
    expect(await history.getByLabel('Changes in Impact').textContent()).toContain(
      'Impact written by a colleague.',
    );
    await history.getByLabel('Unified').check();
    await summaryDiff
      .locator('.diff-added', { hasText: '+Mine: Chat web was down for 42 minutes.' })
      .waitFor();

    // Submit; the document is no longer editable.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await status(page, 'In review');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);

    // The manager, a required reviewer, approves with the whole checklist, then publishes.
    const review = manager.page;
    await review.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    await status(review, 'In review');
    // First round: changes requested, back to draft; the writer reloads and submits again.
    await review.getByLabel('Comment').fill('Say which CDN POPs failed.');
    await review.getByRole('button', { name: 'Request changes' }).click();
    await status(review, 'Draft');
    await review
      .getByRole('listitem')
      .filter({ hasText: `${managerEmail} changes requested` })
      .waitFor();
    await page.reload();
    await status(page, 'Draft');
    expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await status(page, 'In review');
    await review.reload();
    await status(review, 'In review');

    const approve = review.getByRole('button', { name: 'Approve' });
    expect(await approve.isDisabled()).toBe(true);
    for (const item of [
      'Key incident data collected for posterity',
      'Impact assessments complete',
      'Root cause sufficiently deep',
      'Action plan appropriate, bug priorities right',
      'Outcome shared with relevant stakeholders',
    ])
      await review.getByLabel(item).check();
    await review.getByLabel('Comment').fill('Clear and complete.');
    await approve.click();
    await status(review, 'Approved');
    await review
      .getByRole('listitem')
      .filter({ hasText: `${managerEmail} approved` })
      .waitFor();
    // The draft still has template placeholders ("What went well: - "): publishing warns first.
    let warning = '';
    review.once('dialog', (dialog) => {
      warning = dialog.message();
      void dialog.accept();
    });
    await review.getByRole('button', { name: 'Publish' }).click();
    await status(review, 'Published');
    expect(warning).toMatch(/no content of their own: .*What went well/);
    expect(await review.getByRole('button', { name: 'Reopen' }).isDisabled()).toBe(false);
    const published = await call('GET', `/postmortems/${current.id}`);
    expect(published.status).toBe('published');
    expect(published.publishedAt).not.toBeNull();

    // Action items: add one, close it.
    const items = review.getByRole('region', { name: 'Action items' });
    await items.getByLabel('Action', { exact: true }).fill('Add a second CDN for chat assets');
    await items.getByLabel('Owner', { exact: true }).fill(managerEmail);
    await items.getByRole('button', { name: 'Add action item' }).click();
    const select = items.getByLabel('Status of Add a second CDN for chat assets');
    await select.waitFor();
    await select.selectOption('done');
    const statusOf = async () => {
      const stored = await call('GET', `/postmortems/${current.id}/action-items`);
      return stored.items.find(
        (item: { title: string }) => item.title === 'Add a second CDN for chat assets',
      ).status;
    };
    for (let attempt = 0; attempt < 50 && (await statusOf()) !== 'done'; attempt++)
      await review.waitForTimeout(100);
    expect(await statusOf()).toBe('done');

    // Deadlines: the published one is gone, the late one is overdue; one published in total.
    await review
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Deadlines' })
      .click();
    const table = review.locator('table.deadlines');
    await table.waitFor();
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain(late.reference);
    expect(rows[0]).toMatch(/overdue by \d+ d/);
    await review.getByRole('term').filter({ hasText: 'Published' }).waitFor();
    expect(
      await review.locator('.facts div', { hasText: 'Published' }).locator('dd').textContent(),
    ).toBe('1');
    await saveScreenshot(review, 'deadlines.png', { fullPage: true });
    // Filter by a severity nobody has.
    await review.getByLabel('Severity').selectOption('SEV4');
    await review.getByRole('button', { name: 'Apply filters' }).click();
    await review.getByRole('heading', { name: 'Nothing due' }).waitFor();
    expect(new URL(review.url()).searchParams.get('severity')).toBe('SEV4');

    // Reopen the published postmortem: a new draft revision on top, editable again.
    await review.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    await status(review, 'Published');
    expect(await review.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
    await review.getByRole('button', { name: 'Reopen' }).click();
    await status(review, 'Draft');
    expect((await call('GET', `/postmortems/${current.id}`)).status).toBe('draft');
    await review
      .getByRole('region', { name: 'Revision history' })
      .getByRole('cell', { name: /^Published → draft/ })
      .waitFor();

    expect(
      unexpectedProblems(writer.problems, [/ 409 .*\/api\/postmortems\/[0-9a-f-]+\)$/]),
    ).toEqual([]);
    expect(manager.problems).toEqual([]);
  });
});
