/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { Browser, Page } from 'playwright-core';
import { eventually } from '../support/loopback-receivers';
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

/**
 * Authoring and review in Chromium: action items edited and deleted with the people picker, a
 * review request that lands in the reviewer's inbox, a comment with an @mention, the policy in
 * force and the unsaved-changes warning (real app, real database).
 */
describe('Web UI: action items with people, review inbox, comments with @mentions', () => {
  let sut: TestApp;
  let browser: Browser;
  let writer: WatchedPage;
  let reviewer: WatchedPage;
  let writerEmail: string;
  let reviewerEmail: string;

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
    const json = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  const named = (email: string, name: string) =>
    sut.dataSource.query(`UPDATE user_account SET display_name = $1 WHERE email = $2`, [
      name,
      email,
    ]);

  /** Picks a person in the people picker labelled `label` by typing part of their name. */
  async function pickPerson(
    page: Page,
    scope: ReturnType<Page['locator']>,
    label: string,
    typed: string,
    name: string,
  ) {
    const input = scope.getByLabel(label, { exact: true });
    await input.fill('');
    await input.pressSequentially(typed);
    await page.getByRole('option', { name: new RegExp(name) }).click();
  }

  beforeAll(async () => {
    assertWebBuilt();
    // Workers: the deadline job sets the due date the page shows.
    sut = await createTestApp({ workers: true, env: { SERVE_WEB: 'true' } });
    browser = await launchChromium();
    writer = await openPage(browser, { timezoneId: 'America/New_York' });
    writerEmail = await signInAs(writer, sut, 'responder');
    reviewer = await openPage(browser, { timezoneId: 'Europe/Paris' });
    reviewerEmail = await signInAs(reviewer, sut, 'manager');
    await named(writerEmail, 'Wendy Writer');
    await named(reviewerEmail, 'Rick Reviewer');
  });
  afterAll(async () => {
    await writer?.context.close();
    await reviewer?.context.close();
    await browser?.close();
    await sut?.close();
  });

  it('edits and deletes action items with the people picker, asks for a review that reaches the inbox, and mentions a reviewer', async () => {
    const incident = await call('POST', '/incidents', {
      title: 'Chat web down',
      severity: 'SEV2',
      startedAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
    });
    await call('POST', `/incidents/${incident.reference}/transitions`, {
      to: 'resolved',
      at: new Date(Date.now() - 3600_000).toISOString(),
      version: incident.version,
    });
    await call('POST', `/incidents/${incident.id}/postmortem/draft`);
    await eventually(async () => (await call('GET', `/incidents/${incident.id}/postmortem`)).dueAt);

    const { page } = writer;
    await page.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    await page.getByRole('heading', { name: `${incident.reference}: Chat web down` }).waitFor();
    // The policy in force, in words.
    const deadline = page.locator('.pm-deadline');
    await deadline.filter({ hasText: 'business days after resolution' }).waitFor();
    expect(await deadline.textContent()).toMatch(
      /^Due \d{4}-\d\d-\d\d \d\d:\d\d \(America\/New_York\) — 5 business days after resolution, due 17:00 America\/New_York, US holidays$/,
    );

    // Add an action item whose owner is picked by name.
    const items = page.getByRole('region', { name: 'Action items' });
    const addForm = items.getByRole('form', { name: 'Add an action item' });
    await addForm.getByLabel('Action', { exact: true }).fill('Second CDN');
    await pickPerson(page, addForm, 'Owner', 'Rick', 'Rick Reviewer');
    await addForm.getByLabel('Due date').fill('2030-03-01');
    await addForm.getByRole('button', { name: 'Add action item' }).click();
    const row = (title: string) => items.getByRole('row').filter({ hasText: title });
    await row('Second CDN').filter({ hasText: 'Rick Reviewer' }).waitFor();

    // An e-mail that is nobody's is refused, next to the field.
    await addForm.getByLabel('Action', { exact: true }).fill('Ask the stranger');
    await addForm.getByLabel('Owner', { exact: true }).fill('nobody@example.org');
    await addForm.getByRole('button', { name: 'Add action item' }).click();
    await addForm
      .locator('.field-error', {
        hasText: 'no user with e-mail nobody@example.org — invite them first',
      })
      .waitFor();

    // Edit in place: new title and owner.
    await items.getByRole('button', { name: 'Edit Second CDN' }).click();
    const editForm = items.getByRole('form', { name: 'Edit the action item Second CDN' });
    await editForm.getByLabel('Action', { exact: true }).fill('Second CDN for chat assets');
    await pickPerson(page, editForm, 'Owner', 'wendy', 'Wendy Writer');
    await saveScreenshot(items, 'action-item-edit.png');
    await editForm.getByRole('button', { name: 'Save the action item' }).click();
    await row('Second CDN for chat assets').filter({ hasText: 'Wendy Writer' }).waitFor();

    // Delete one (after confirming).
    await addForm.getByLabel('Action', { exact: true }).fill('Temporary item');
    await addForm.getByLabel('Owner', { exact: true }).fill('');
    await addForm.getByRole('button', { name: 'Add action item' }).click();
    await row('Temporary item').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await items.getByRole('button', { name: 'Delete Temporary item' }).click();
    await row('Temporary item').waitFor({ state: 'detached' });
    const stored = await call(
      'GET',
      `/postmortems/${(await call('GET', `/incidents/${incident.id}/postmortem`)).id}/action-items`,
    );
    expect(
      stored.items
        .filter((item: { sourceKey: string | null }) => !item.sourceKey)
        .map((item: { title: string; ownerName: string }) => [item.title, item.ownerName]),
    ).toEqual([['Second CDN for chat assets', 'Wendy Writer']]);
    await items.getByText(/Action item activity/).click();
    await items
      .getByRole('listitem')
      .filter({ hasText: `${writerEmail} deleted Temporary item` })
      .waitFor();

    // Leaving with unsaved text asks first; staying keeps the text.
    const editor = page.getByRole('textbox', { name: 'Summary (Markdown)' });
    await editor.click();
    await page.keyboard.insertText(' Unsaved words.');
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Incidents' })
      .click();
    expect(asked).toContain('unsaved changes');
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incident.reference}/postmortem`);

    // Ask for a review: the reviewer, picked by name, is told in their inbox.
    await pickPerson(page, page.locator('main'), 'Required reviewers', 'Rick', 'Rick Reviewer');
    const chosen = page.getByRole('list', { name: 'Chosen reviewers' });
    await chosen.getByRole('listitem').filter({ hasText: reviewerEmail }).waitFor();
    // A second pick and its removal leave only Rick.
    await pickPerson(page, page.locator('main'), 'Required reviewers', 'Wendy', 'Wendy Writer');
    await chosen.getByRole('button', { name: `Remove ${writerEmail}` }).click();
    expect(await chosen.getByRole('listitem').allTextContents()).toEqual([`${reviewerEmail}×`]);
    await saveScreenshot(
      page.locator('div.form', { has: page.getByLabel('Required reviewers', { exact: true }) }),
      'postmortem-reviewers.png',
    );
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as revision 2.' }).waitFor();
    expect((await call('GET', `/incidents/${incident.id}/postmortem`)).requiredReviewers).toEqual([
      reviewerEmail,
    ]);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page.locator('header .badges .badge', { hasText: 'In review' }).waitFor();

    // A comment on the root cause that mentions the reviewer (picked after typing @).
    await page
      .getByRole('navigation', { name: 'Outline' })
      .getByRole('button', { name: 'Root cause' })
      .click();
    const comments = page.getByRole('region', { name: 'Discussion: Root cause' });
    const box = comments.getByLabel('Your message');
    await box.click();
    await box.pressSequentially('@Ric');
    await comments.getByRole('option', { name: /Rick Reviewer/ }).click();
    await box.pressSequentially('is the proxy config the trigger?');
    await comments.getByRole('button', { name: 'Post comment' }).click();
    await comments.locator('.mention', { hasText: '@Rick Reviewer' }).waitFor();
    await saveScreenshot(page, 'postmortem-comments.png');

    const inbox = reviewer.page;
    await inbox.goto(`${sut.url}/incidents`);
    const navInbox = inbox
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Inbox/ });
    await navInbox.filter({ hasText: '1' }).waitFor();
    await navInbox.click();
    const waiting = inbox.getByRole('region', { name: /Waiting for my review/ });
    await waiting.getByRole('link', { name: `${incident.reference}: Chat web down` }).waitFor();
    const mentions = inbox.getByRole('region', { name: /Mentions/ });
    await mentions.getByText('is the proxy config the trigger?', { exact: false }).waitFor();
    await saveScreenshot(inbox, 'inbox.png', { fullPage: true });
    await waiting.getByRole('link', { name: `${incident.reference}: Chat web down` }).click();
    await inbox.locator('header .badges .badge', { hasText: 'In review' }).waitFor();

    // The writer owns the action item: it is in their inbox, with its due date.
    await page.goto(`${sut.url}/inbox`);
    const mine = page.getByRole('region', { name: /My action items/ });
    await mine
      .getByRole('row')
      .filter({ hasText: 'Second CDN for chat assets' })
      .filter({ hasText: '2030-03-01' })
      .waitFor();

    expect(unexpectedProblems(writer.problems, [/ 400 .*\/action-items\)$/])).toEqual([]);
    expect(reviewer.problems).toEqual([]);
  }, 180_000);
});
