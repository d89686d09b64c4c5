/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Browser } from 'playwright-core';
import type { Scope } from '@rca/shared';
import { createTestApp, TestApp } from '../test-context';
import { eventually, startHttpReceiver } from '../support/loopback-receivers';
import {
  assertWebBuilt,
  launchChromium,
  openPage,
  saveScreenshot,
  signInAs,
  unexpectedProblems,
  WatchedPage,
} from './browser';

const SCOPES: Scope[] = [
  'read:incidents',
  'write:incidents',
  'read:postmortems',
  'write:postmortems',
];

const CHECKLIST = {
  keyDataCollected: true,
  impactComplete: true,
  rootCauseDeepEnough: true,
  actionsAppropriate: true,
  sharedWithStakeholders: true,
};

describe('Web UI: exports of a postmortem in Chromium (targets, push now, history, downloads)', () => {
  let sut: TestApp;
  let browser: Browser;
  let admin: WatchedPage;
  let viewer: WatchedPage;
  let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;

  /** The API with a manager's token; `email` names who acts (the server records the caller). */
  async function call(method: string, url: string, body?: unknown, email = 'writer@example.com') {
    const response = await fetch(`${sut.url}/api${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: await sut.bearer(email, 'manager', SCOPES),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  beforeAll(async () => {
    assertWebBuilt();
    sut = await createTestApp({
      workers: true,
      env: {
        SERVE_WEB: 'true',
        EXPORT_CREDENTIALS_KEY: 'cd'.repeat(32),
        EXPORT_TIMEOUT_MS: '10000',
        EXPORT_ALLOW_LOOPBACK: 'true',
      },
    });
    receiver = await startHttpReceiver();
    browser = await launchChromium();
    admin = await openPage(browser);
    await signInAs(admin, sut, 'admin');
    viewer = await openPage(browser);
    await signInAs(viewer, sut, 'viewer');
  });
  afterAll(async () => {
    await admin?.context.close();
    await viewer?.context.close();
    await browser?.close();
    await receiver?.close();
    await sut?.close();
  });

  it('an admin adds a webhook target, pushes a published postmortem, reads the history and downloads the public markdown; a viewer cannot push', async () => {
    // A published postmortem, built through the API: owner Ada (a user), reviewed by Bob.
    await sut.factories.newUser({ email: 'ada@example.com', displayName: 'Ada Lovelace' });
    await sut.bearer('bob@example.com', 'manager', SCOPES);
    const now = Date.now();
    const created = await call('POST', '/incidents', {
      title: 'Checkout errors',
      severity: 'SEV2',
      startedAt: new Date(now - 3 * 3600_000).toISOString(),
    });
    const incident = await call('POST', `/incidents/${created.reference}/transitions`, {
      to: 'resolved',
      at: new Date(now - 3600_000).toISOString(),
      version: created.version,
    });
    // With workers running, resolving the incident drafts its postmortem (a job).
    let pm = await eventually(
      () => call('GET', `/incidents/${incident.id}/postmortem`).catch(() => undefined),
      30_000,
    );
    pm = await call('PATCH', `/postmortems/${pm.id}`, {
      version: pm.version,
      owner: 'ada@example.com',
      requiredReviewers: ['bob@example.com'],
      sections: [
        {
          key: 'summary',
          markdown: 'Checkout failed for 2 hours. Ask ada@example.com for the payment logs.',
        },
      ],
    });
    pm = await call('POST', `/postmortems/${pm.id}/submit`, { version: pm.version });
    pm = (
      await call(
        'POST',
        `/postmortems/${pm.id}/reviews`,
        { version: pm.version, decision: 'approved', checklist: CHECKLIST },
        'bob@example.com',
      )
    ).postmortem;
    pm = await call('POST', `/postmortems/${pm.id}/publish`, { version: pm.version });
    expect(pm.status).toBe('published');

    // The admin sees the "Export targets" link and adds a webhook target; a bad URL first.
    const { page } = admin;
    await page.goto(`${sut.url}/incidents`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Export targets' })
      .click();
    await page.getByRole('heading', { name: 'Export targets', level: 1 }).waitFor();
    await page.getByText('No target yet.').waitFor();
    const form = page.getByRole('form', { name: 'New export target' });
    await form.getByLabel('Name').fill('Ops webhook');
    await form.getByLabel('Kind').selectOption('webhook');
    await form.getByLabel('URL').fill('ftp://127.0.0.1/rca');
    await form.getByLabel('Signing secret').fill('s3cret-signing-key');
    await form.getByRole('button', { name: 'Add target' }).click();
    const urlField = form.locator('.field', { has: page.getByLabel('URL') });
    await urlField.locator('.field-error', { hasText: 'must be an http(s) URL' }).waitFor();
    expect(await form.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('URL').fill(`${receiver.url}/rca`);
    await form.getByRole('button', { name: 'Add target' }).click();
    await form.getByRole('status').filter({ hasText: 'Created Ops webhook.' }).waitFor();
    const table = page.locator('table.export-target-table');
    const row = table.locator('tbody tr', { hasText: 'Ops webhook' });
    await row.waitFor();
    // The credentials are named, never shown back.
    expect(await row.textContent()).toContain('secret');
    expect(await page.content()).not.toContain('s3cret-signing-key');
    expect(await form.getByLabel('Signing secret').inputValue()).toBe('');

    // A second target, disabled then deleted.
    await form.getByLabel('Name').fill('Scratch hook');
    await form.getByLabel('URL').fill(`${receiver.url}/scratch`);
    await form.getByRole('button', { name: 'Add target' }).click();
    const scratch = table.locator('tbody tr', { hasText: 'Scratch hook' });
    await scratch.waitFor();
    await scratch.getByLabel('Scratch hook enabled').click();
    const stored = async () =>
      (
        await (
          await fetch(`${sut.url}/api/export-targets`, {
            headers: { authorization: await sut.bearer('root@example.com', 'admin', ['admin']) },
          })
        ).json()
      ).items as Array<{ name: string; enabled: boolean }>;
    await eventually(async () =>
      (await stored()).some((target) => target.name === 'Scratch hook' && !target.enabled),
    );
    await scratch.locator('input[type="checkbox"]:not(:checked)').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await scratch.getByRole('button', { name: 'Delete Scratch hook' }).click();
    await scratch.waitFor({ state: 'detached' });
    expect((await stored()).map((target) => target.name)).toEqual(['Ops webhook']);

    // The postmortem's Exports panel: the target applies; push now and watch the run finish.
    await page.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    const panel = page.getByRole('region', { name: 'Exports' });
    await panel.getByText('Not pushed anywhere yet.').waitFor();
    await panel.getByRole('listitem').filter({ hasText: 'Ops webhook' }).waitFor();
    await panel.getByRole('button', { name: 'Push now' }).click();
    await panel
      .getByRole('status')
      .filter({ hasText: 'Ops webhook: succeeded after 1 attempt' })
      .waitFor();
    const history = panel.locator('table.export-history tbody tr');
    expect(await history.count()).toBe(1);
    const cells = await history.first().locator('td').allTextContents();
    expect(cells[0]).toBe('Ops webhook');
    expect(cells[1]).toBe(String(pm.revision));
    expect(cells[2]).toContain('Succeeded');
    expect(cells[3]).toBe('1');
    expect(cells[5]).toMatch(/^[0-9a-f]{10}$/);

    // The receiver got the JSON export, signed with the secret typed in the form.
    expect(receiver.received).toHaveLength(1);
    const delivery = receiver.received[0]!;
    expect(delivery.path).toBe('/rca');
    const timestamp = delivery.headers['x-rca-timestamp'] as string;
    expect(delivery.headers['x-rca-signature']).toBe(
      `sha256=${createHmac('sha256', 's3cret-signing-key').update(`${timestamp}.${delivery.body}`).digest('hex')}`,
    );
    const payload = JSON.parse(delivery.body);
    expect(payload).toMatchObject({ schemaVersion: 1, postmortem: { id: pm.id } });
    expect(cells[5]).toBe(
      (delivery.headers['x-rca-checksum'] as string).replace('sha256=', '').slice(0, 10),
    );
    await saveScreenshot(panel, 'exports.png');

    // Download the public markdown: the e-mail is redacted; the internal one keeps it.
    const download = async (name: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        panel.getByRole('link', { name }).click(),
      ]);
      return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
    };
    const publicMd = await download('Download Markdown (public)');
    expect(publicMd.name).toMatch(/-public\.md$/);
    expect(publicMd.text).toContain('Checkout failed for 2 hours.');
    // Markdown-escaped brackets: the placeholder is text, not a link.
    expect(publicMd.text).toContain('Ask \\[redacted\\] for the payment logs.');
    expect(publicMd.text).not.toContain('ada@example.com');
    const internalMd = await download('Download Markdown (internal)');
    expect(internalMd.text).toContain('ada@example.com');

    // A viewer reads the history but has no push button, no targets and no admin link.
    const reader = viewer.page;
    await reader.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    const readerPanel = reader.getByRole('region', { name: 'Exports' });
    await readerPanel.locator('table.export-history tbody tr').first().waitFor();
    expect(await readerPanel.getByText('Export targets are managed by admins').count()).toBe(1);
    expect(await readerPanel.getByRole('button', { name: 'Push now' }).count()).toBe(0);
    expect(
      await reader
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Export targets' })
        .count(),
    ).toBe(0);
    expect(await readerPanel.getByRole('link', { name: /^Download/ }).count()).toBe(10);

    expect(unexpectedProblems(admin.problems, [/ 400 .*\/api\/export-targets\)$/])).toEqual([]);
    expect(viewer.problems).toEqual([]);
  });

  it('an admin pages through more targets than a page holds, edits one (field errors, a taken name, a stale version), and pages through the push history', async () => {
    admin.problems.length = 0;
    // 55 targets from the factories plus one with a signing secret, made through the API:
    // with "Ops webhook" from the first test, 57 targets, so two pages of 50 (sorted by name).
    for (let n = 1; n <= 55; n += 1)
      await sut.factories.newExportTarget({ name: `Bulk ${String(n).padStart(2, '0')}` });
    const createdTarget = await sut.api('POST', '/export-targets', {
      name: 'Wiki hook',
      kind: 'webhook',
      config: { url: `${receiver.url}/wiki` },
      credentials: { secret: 'wiki-signing-key' },
    });
    expect(createdTarget.status).toBe(201);
    const storedTarget = async () =>
      (await sut.api('GET', `/export-targets/${createdTarget.body.id}`)).body;

    const { page } = admin;
    await page.goto(`${sut.url}/export-targets`);
    const section = page.getByRole('region', { name: 'Targets' });
    const rows = section.locator('table.export-target-table > tbody > tr');
    await section.getByText('Showing 50 targets').waitFor();
    expect(await rows.count()).toBe(50);
    expect(await section.getByRole('button', { name: 'Edit Wiki hook' }).count()).toBe(0);
    await section.getByRole('button', { name: 'Load more targets' }).click();
    await section.getByText('Showing 57 targets (all)').waitFor();
    expect(await rows.count()).toBe(57);
    expect(await section.getByRole('button', { name: 'Load more targets' }).count()).toBe(0);
    expect(await rows.nth(50).locator('td').first().textContent()).toBe('Bulk 51');

    // Edit the target: its settings are filled in, its secret is not.
    await section.getByRole('button', { name: 'Edit Wiki hook' }).click();
    const form = page.getByRole('form', { name: 'Edit export target Wiki hook' });
    expect(await form.getByLabel('Name').inputValue()).toBe('Wiki hook');
    expect(await form.getByLabel('URL').inputValue()).toBe(`${receiver.url}/wiki`);
    expect(await form.getByLabel('Signing secret').inputValue()).toBe('');
    await form.getByText('stored; blank keeps it').waitFor();
    expect(await page.content()).not.toContain('wiki-signing-key');

    // A 400 shows at its field.
    await form.getByLabel('URL').fill('ftp://127.0.0.1/wiki');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const urlField = form.locator('.field', { has: page.getByLabel('URL') });
    await urlField.locator('.field-error', { hasText: 'must be an http(s) URL' }).waitFor();
    expect(await form.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');

    // A taken name is a 409 with its message, and no offer to reload (nothing is stale).
    await form.getByLabel('URL').fill(`${receiver.url}/wiki-2`);
    await form.getByLabel('Name').fill('Ops webhook');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: 'An export target named "Ops webhook" already exists' })
      .waitFor();
    expect(await form.getByRole('button', { name: 'Load the latest version' }).count()).toBe(0);

    // Saved: new name, team and URL, disabled; the blank secret keeps the stored one.
    await form.getByLabel('Name').fill('Wiki hook (ops)');
    await form.getByLabel('Team').fill('sre');
    await form.getByLabel('Enabled').uncheck();
    await form.getByRole('button', { name: 'Save changes' }).click();
    await section.getByRole('status').filter({ hasText: 'Saved Wiki hook (ops).' }).waitFor();
    await form.waitFor({ state: 'detached' });
    const row = rows.filter({ hasText: 'Wiki hook (ops)' });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['Wiki hook (ops)', 'webhook', 'sre']);
    expect(cells[4]).toBe(`url: ${receiver.url}/wiki-2`);
    expect(await row.getByLabel('Wiki hook (ops) enabled').isChecked()).toBe(false);
    // Still two pages shown after the save.
    expect(await rows.count()).toBe(57);
    expect(await storedTarget()).toMatchObject({
      name: 'Wiki hook (ops)',
      team: 'sre',
      enabled: false,
      config: { url: `${receiver.url}/wiki-2` },
      credentialKeys: ['secret'],
      version: 2,
    });

    // Someone else saves first: a 409 says so, the form keeps the typing, reload and save again.
    await row.getByRole('button', { name: 'Edit Wiki hook (ops)' }).click();
    const again = page.getByRole('form', { name: 'Edit export target Wiki hook (ops)' });
    await again.getByLabel('Name').fill('Wiki hook (docs)');
    const elsewhere = await sut.api('PATCH', `/export-targets/${createdTarget.body.id}`, {
      version: 2,
      variant: 'public',
    });
    expect(elsewhere.status).toBe(200);
    await again.getByRole('button', { name: 'Save changes' }).click();
    const conflict = again.getByRole('alert').filter({ hasText: 'was changed by someone else' });
    await conflict.waitFor();
    await conflict.getByRole('button', { name: 'Load the latest version' }).click();
    await conflict.waitFor({ state: 'detached' });
    expect(await again.getByLabel('Name').inputValue()).toBe('Wiki hook (docs)');
    await again.getByText('version 3').waitFor();
    await again.getByRole('button', { name: 'Save changes' }).click();
    await section.getByRole('status').filter({ hasText: 'Saved Wiki hook (docs).' }).waitFor();
    expect(await storedTarget()).toMatchObject({ name: 'Wiki hook (docs)', version: 4 });

    // The push history of a postmortem with more pushes than a page holds.
    const incident = await call('POST', '/incidents', {
      title: 'Search slow',
      severity: 'SEV3',
      startedAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    });
    const resolved = await call('POST', `/incidents/${incident.reference}/transitions`, {
      to: 'resolved',
      at: new Date(Date.now() - 3600_000).toISOString(),
      version: incident.version,
    });
    const pm = await eventually(
      () => call('GET', `/incidents/${resolved.id}/postmortem`).catch(() => undefined),
      30_000,
    );
    for (let n = 0; n < 53; n += 1)
      await sut.factories.newExportRun({
        postmortemId: pm.id,
        targetId: createdTarget.body.id,
        createdAt: new Date(Date.now() - (53 - n) * 60_000),
      });
    await page.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    const panel = page.getByRole('region', { name: 'Exports' });
    const history = panel.locator('table.export-history tbody tr');
    await panel.getByText('Showing 50 pushes').waitFor();
    expect(await history.count()).toBe(50);
    // Named once the targets are read (admins); newest first.
    await history.first().locator('td').first().filter({ hasText: 'Wiki hook (docs)' }).waitFor();
    await panel.getByRole('button', { name: 'Load more pushes' }).click();
    await panel.getByText('Showing 53 pushes (all)').waitFor();
    expect(await history.count()).toBe(53);
    expect(await panel.getByRole('button', { name: 'Load more pushes' }).count()).toBe(0);

    expect(
      unexpectedProblems(admin.problems, [
        / 400 .*\/api\/export-targets(\/[0-9a-f-]+)?\)$/,
        // the taken name, then the stale version
        / 409 .*\/api\/export-targets\/[0-9a-f-]+\)$/,
        / 409 .*\/api\/export-targets\/[0-9a-f-]+\)$/,
      ]),
    ).toEqual([]);
  });
});
