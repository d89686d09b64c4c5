/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// What issue 14 found lost or broken on the way through the web UI, checked in Chromium.
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

describe('Web UI: nothing entered is out of reach (real app, real database)', () => {
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

  it('shows every entry of a 10,010-entry timeline, page after page as one scrolls', async () => {
    const incident = await sut.factories.newIncident({ title: 'A very long incident' });
    await sut.dataSource.query(
      `INSERT INTO timeline_event (incident_id, occurred_at, entered_zone, entered_local, kind, source, body)
       SELECT $1, timestamptz '2025-11-18 00:00:00Z' + n * interval '8 seconds', 'UTC',
              to_char(timestamp '2025-11-18 00:00:00' + n * interval '8 seconds', 'YYYY-MM-DD"T"HH24:MI:SS'),
              'note', 'manual', 'Event ' || n
         FROM generate_series(1, 10010) AS n`,
      [incident.id],
    );
    const watched = await openPage(browser, { timezoneId: 'UTC' });
    const { page, problems } = watched;
    await signInAs(watched, sut, 'viewer');
    await page.goto(`${sut.url}/incidents/${incident.reference}`);
    const status = page.locator('.timeline-more [role="status"]');
    await status.getByText('Showing the first 200 entries').waitFor();
    expect(await page.getByTestId('timeline-entry').count()).toBe(200);

    // Scrolling to the end of the list loads the next page, until there is none.
    for (let round = 0; round < 60; round += 1) {
      const before = await status.textContent();
      if (before?.startsWith('All')) break;
      await page.locator('.timeline-more').scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (text) => document.querySelector('.timeline-more [role="status"]')?.textContent !== text,
        before,
        { timeout: 30_000 },
      );
    }
    expect(await status.textContent()).toBe('All 10,010 entries shown');
    expect(await page.getByTestId('timeline-entry').count()).toBe(10_010);
    await expect(
      page.getByTestId('timeline-entry').last().locator('.body p').textContent(),
    ).resolves.toBe('Event 10010');
    expect(await page.getByRole('button', { name: 'Load more entries' }).count()).toBe(0);
    expect(unexpectedProblems(problems, [])).toEqual([]);
    await watched.context.close();
  }, 240_000);

  it('an invitation link from the API lands on a page that accepts it and signs the person in', async () => {
    const admin = await openPage(browser);
    await signInAs(admin, sut, 'admin');
    const session = await (await admin.context.request.get(`${sut.url}/api/auth/session`)).json();
    const invited = await admin.context.request.post(`${sut.url}/api/invitations`, {
      data: { email: 'new.responder@example.com', role: 'responder' },
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(invited.status()).toBe(201);
    const { link } = (await invited.json()) as { link: string };
    expect(link).toMatch(/\/invitation#token=/);
    await admin.context.close();

    const watched = await openPage(browser);
    const { page, problems } = watched;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    // The invitation names the e-mail: only the name and the password are asked for.
    expect(await page.getByLabel('E-mail', { exact: true }).count()).toBe(0);
    await page.getByLabel('Your name', { exact: true }).fill('New Responder');
    await page.getByLabel('Password', { exact: true }).fill('copper-meadow-violin-58');
    await saveScreenshot(page, 'invitation.png');
    await page.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
    expect(await page.locator('.topbar .account').textContent()).toContain(
      'New Responder (responder)',
    );
    expect(unexpectedProblems(problems, [])).toEqual([]);
    await watched.context.close();
  });

  it("Swagger's Try it out works for a signed-in admin (the CSRF header is sent)", async () => {
    const watched = await openPage(browser);
    const { page, problems } = watched;
    await signInAs(watched, sut, 'admin');
    await page.goto(`${sut.url}/api/docs`);
    const operation = page.locator('.opblock-post').filter({
      has: page.locator('.opblock-summary-path', { hasText: /^\/api\/teams$/ }),
    });
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.locator('textarea.body-param__text').fill('{"name": "from-swagger"}');
    await operation.getByRole('button', { name: 'Execute' }).click();
    await operation
      .locator('.live-responses-table td.response-col_status:not(.col_header)')
      .first()
      .waitFor();
    expect(
      (
        await operation
          .locator('.live-responses-table td.response-col_status:not(.col_header)')
          .first()
          .textContent()
      )?.trim(),
    ).toMatch(/^201/);
    const teams = await sut.dataSource.query(`SELECT name FROM team WHERE name = 'from-swagger'`);
    expect(teams).toHaveLength(1);
    // The docs page allows Swagger UI's inline styles (and nothing else): its CSP differs on purpose.
    expect(
      unexpectedProblems(problems, [
        /document without style-src 'self' in its CSP: .*\/api\/docs$/,
      ]),
    ).toEqual([]);
    await watched.context.close();
  });

  it('builds the catalog in the browser: services, vendors, components and dependencies with pickers', async () => {
    const watched = await openPage(browser);
    const { page, problems } = watched;
    page.on('dialog', (dialog) => void dialog.accept());
    await signInAs(watched, sut, 'responder');
    await page.goto(`${sut.url}/catalog`);
    await page.getByRole('heading', { name: 'No services yet' }).waitFor();
    await page.getByRole('heading', { name: 'No vendors yet' }).waitFor();

    // A service: the API's 400 shows at the field, then it is added.
    const addService = page.getByRole('form', { name: 'Add a service' });
    await addService.getByRole('button', { name: 'Add service' }).click();
    await addService
      .getByLabel('Name', { exact: true })
      .and(page.locator('[aria-invalid="true"]'))
      .waitFor();
    await addService.getByLabel('Name', { exact: true }).fill('Chat web');
    await addService.getByLabel('Owner team', { exact: true }).fill('web-platform');
    await addService.getByRole('button', { name: 'Add service' }).click();
    const services = page.getByRole('table', { name: 'Services' });
    await services.getByRole('cell', { name: 'chat-web', exact: true }).waitFor();

    // A vendor: a bad status page URL is refused next to its field.
    const addVendor = page.getByRole('form', { name: 'Add a vendor' });
    await addVendor.getByLabel('Vendor name', { exact: true }).fill('Cloudflare');
    await addVendor.getByLabel('Status page URL', { exact: true }).fill('not a url');
    await addVendor.getByRole('button', { name: 'Add vendor' }).click();
    await addVendor
      .getByLabel('Status page URL', { exact: true })
      .and(page.locator('[aria-invalid="true"]'))
      .waitFor();
    await addVendor
      .getByLabel('Status page URL', { exact: true })
      .fill('https://www.cloudflarestatus.com');
    await addVendor.getByRole('button', { name: 'Add vendor' }).click();
    await page.getByRole('heading', { name: 'Cloudflare', level: 3 }).waitFor();
    const addComponent = page.getByRole('form', { name: 'Add a component to Cloudflare' });
    await addComponent.getByLabel('Component name', { exact: true }).fill('CDN');
    await addComponent.getByRole('button', { name: 'Add component' }).click();
    await page.getByRole('list', { name: 'Cloudflare components' }).getByText('CDN').waitFor();

    // A dependency, picked by name (no UUID typed anywhere).
    const addDependency = page.getByRole('form', { name: 'Add a dependency' });
    await addDependency.getByLabel('Service', { exact: true }).selectOption({ label: 'Chat web' });
    await addDependency
      .getByLabel('Depends on', { exact: true })
      .selectOption({ label: 'Cloudflare CDN' });
    await addDependency.getByRole('button', { name: 'Add dependency' }).click();
    await addDependency
      .getByLabel('Kind', { exact: true })
      .and(page.locator('[aria-invalid="true"]'))
      .waitFor();
    await addDependency.getByLabel('Kind', { exact: true }).selectOption({ label: 'CDN' });
    await addDependency.getByRole('button', { name: 'Add dependency' }).click();
    const dependencies = page.getByRole('table', { name: 'Dependencies' });
    await dependencies.getByRole('cell', { name: 'Cloudflare CDN', exact: true }).waitFor();
    // The blast radius now knows it.
    await page.getByRole('button', { name: 'Show blast radius' }).click();
    await expect(page.getByTestId('blast-sentence').textContent()).resolves.toBe(
      'If Cloudflare fails: Chat web; no fallback.',
    );
    await dependencies.getByLabel('Chat web → Cloudflare CDN has a fallback').click();
    await dependencies.getByText('Yes').waitFor();
    await saveScreenshot(page, 'catalog-editor.png', { fullPage: true });

    // Edit the service, then delete everything again.
    await services.getByRole('button', { name: 'Edit Chat web' }).click();
    const editService = page.getByRole('form', { name: 'Edit Chat web' });
    await editService.getByLabel('Name', { exact: true }).fill('Chat web app');
    await editService.getByRole('button', { name: 'Save service' }).click();
    await services.getByRole('cell', { name: 'Chat web app', exact: true }).waitFor();
    await dependencies
      .getByRole('button', { name: 'Delete dependency Chat web app → Cloudflare CDN' })
      .click();
    await page.getByRole('heading', { name: 'No dependencies yet' }).waitFor();
    await page.getByRole('button', { name: 'Delete component CDN of Cloudflare' }).click();
    await page.getByText('No components recorded.').waitFor();
    await page.getByRole('button', { name: 'Delete Cloudflare' }).click();
    await page.getByRole('heading', { name: 'No vendors yet' }).waitFor();
    await services.getByRole('button', { name: 'Delete Chat web app' }).click();
    await page.getByRole('heading', { name: 'No services yet' }).waitFor();
    expect(
      unexpectedProblems(problems, [
        / 400 .*\/api\/services/,
        / 400 .*\/api\/vendors/,
        / 400 .*\/api\/dependencies/,
      ]),
    ).toEqual([]);
    await watched.context.close();
  });

  it('an admin invites, manages people and teams, and reads the audit log; anyone makes and revokes API tokens', async () => {
    const admin = await openPage(browser);
    const { page, problems } = admin;
    page.on('dialog', (dialog) => void dialog.accept());
    await signInAs(admin, sut, 'admin');
    await page.goto(`${sut.url}/incidents`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'People' })
      .click();
    await page.getByRole('heading', { name: 'People and teams' }).waitFor();
    // (other tests of this file may have added teams already: no empty state to expect here)
    await page.getByRole('heading', { name: 'Teams', exact: true }).waitFor();

    // A team, then an invitation into it; a bad e-mail is refused next to the field first.
    const teamForm = page.getByRole('form', { name: 'Add a team' });
    await teamForm.getByLabel('Team name', { exact: true }).fill('edge-sre');
    await teamForm.getByRole('button', { name: 'Add team' }).click();
    await page.getByRole('list', { name: 'Teams' }).getByText('edge-sre').waitFor();
    const invite = page.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('E-mail', { exact: true }).fill('not-an-email');
    await invite.getByLabel('Role', { exact: true }).selectOption('manager');
    await invite.getByRole('button', { name: 'Invite' }).click();
    await invite
      .getByLabel('E-mail', { exact: true })
      .and(page.locator('[aria-invalid="true"]'))
      .waitFor();
    await invite.getByLabel('E-mail', { exact: true }).fill('maria.manager@example.com');
    await invite.getByLabel('edge-sre').check();
    await invite.getByRole('button', { name: 'Invite' }).click();
    const link = (await page.getByTestId('invitation-link').textContent())!;
    expect(link).toMatch(/\/invitation#token=/);
    await saveScreenshot(page, 'people.png', { fullPage: true });

    // The invited manager accepts in a browser of her own.
    const invited = await openPage(browser);
    await invited.page.goto(link);
    await invited.page.getByLabel('Your name', { exact: true }).fill('Maria Manager');
    await invited.page.getByLabel('Password', { exact: true }).fill('lilac-comet-harbor-19');
    await invited.page.getByRole('button', { name: 'Save and sign in' }).click();
    await invited.page.getByRole('heading', { name: 'Incidents', exact: true }).waitFor();
    expect(await invited.page.locator('.topbar .account').textContent()).toContain('(manager)');

    // She is listed in her team; the admin makes her a responder, then deactivates her.
    await page.reload();
    const people = page.getByRole('table', { name: 'People' });
    const row = people.getByRole('row').filter({ hasText: 'maria.manager@example.com' });
    await row.locator('summary', { hasText: 'edge-sre' }).waitFor();
    expect(await row.getByLabel('Maria Manager in edge-sre').isChecked()).toBe(true);
    await row.getByLabel('Role of Maria Manager').selectOption('responder');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('select')].some(
        (select) =>
          select.getAttribute('aria-label') === 'Role of Maria Manager' &&
          !select.disabled &&
          select.value === 'responder',
      ),
    );
    await row.getByRole('button', { name: 'Deactivate Maria Manager' }).click();
    await row.getByRole('button', { name: 'Reactivate Maria Manager' }).waitFor();
    await row.getByText('Deactivated').waitFor();
    expect(unexpectedProblems(invited.problems, [])).toEqual([]);
    await invited.context.close();

    // API tokens: a nameless one is refused at the field; the secret is shown once and works
    // until it is revoked.
    await page.locator('.topbar').getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'No tokens yet' }).waitFor();
    const tokenForm = page.getByRole('form', { name: 'Create a token' });
    await tokenForm.getByRole('button', { name: 'Create token' }).click();
    await tokenForm
      .getByLabel('Token name', { exact: true })
      .and(page.locator('[aria-invalid="true"]'))
      .waitFor();
    await tokenForm.getByLabel('Token name', { exact: true }).fill('wiki export bot');
    await tokenForm.getByLabel('read:incidents').check();
    await tokenForm.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('token-secret').textContent())!;
    expect(secret).toMatch(/^rca_/);
    const tokens = page.getByRole('table', { name: 'Tokens' });
    await tokens.getByRole('cell', { name: 'wiki export bot', exact: true }).waitFor();
    expect(await tokens.textContent()).not.toContain(secret);
    const withToken = () =>
      fetch(`${sut.url}/api/incidents`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await withToken()).status).toBe(200);
    await tokens.getByRole('button', { name: 'Revoke wiki export bot' }).click();
    await tokens.getByRole('cell', { name: 'Revoked', exact: true }).waitFor();
    expect((await withToken()).status).toBe(401);
    // Shown once: after a reload only the prefix is left.
    await page.reload();
    await tokens.getByRole('cell', { name: 'wiki export bot', exact: true }).waitFor();
    expect(await page.getByTestId('token-secret').count()).toBe(0);

    // The audit log, filtered to token actions.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Audit log' })
      .click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Action', { exact: true }).fill('token.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=token\./);
    const audit = page.getByRole('table', { name: 'Audit events' });
    await audit.getByText('token.revoked').waitFor();
    const actions = await audit.locator('tbody tr td:nth-child(2)').allTextContents();
    // Newest first: the revoked token's refused call, the revocation, the creation.
    expect(actions).toEqual(['token.rejected', 'token.revoked', 'token.created']);
    await page.getByLabel('Action', { exact: true }).fill('nothing.like.this');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('heading', { name: 'Nothing in the audit log matches' }).waitFor();
    expect(
      unexpectedProblems(problems, [/ 400 .*\/api\/invitations/, / 400 .*\/api\/tokens/]),
    ).toEqual([]);
    await admin.context.close();
  });

  it('on the incident page: the acknowledged time, a status change with a note, and a cause entered by hand', async () => {
    const vendor = await sut.factories.newVendor({ slug: 'cloudflare', name: 'Cloudflare' });
    await sut.factories.newVendorComponent({ vendorId: vendor.id, name: 'CDN' });
    const incident = await sut.factories.newIncident({
      title: 'Chat web returns HTTP 500',
      summary: 'The edge answered **HTTP 500** to `chat.example.com`.',
      startedAt: new Date('2025-11-18T11:20:00Z'),
      detectedAt: new Date('2025-11-18T11:27:00Z'),
    });
    const watched = await openPage(browser);
    const { page, problems } = watched;
    await signInAs(watched, sut, 'responder');
    await page.goto(`${sut.url}/incidents/${incident.reference}?zone=UTC`);
    await page.getByRole('heading', { name: /Chat web returns HTTP 500/ }).waitFor();
    // The summary is Markdown, rendered by the shared renderer (no raw "**").
    await page.locator('.incident-head .summary strong', { hasText: 'HTTP 500' }).waitFor();
    expect(await page.locator('.incident-head .summary').textContent()).not.toContain('**');

    // On-call acknowledged at 12:35 Paris time: the lifecycle and the metric follow.
    await page.getByText('Record a time').click();
    const lifecycle = page.getByRole('form', { name: 'Record a lifecycle time' });
    await lifecycle.getByLabel('Instant').selectOption({ label: 'Acknowledged' });
    await lifecycle.getByLabel('Time (local)').fill('2025-11-18T12:35');
    await lifecycle.getByLabel('Read in zone').fill('Europe/Paris');
    await lifecycle.getByRole('button', { name: 'Save time' }).click();
    const facts = page.locator('section[aria-labelledby="instants-title"] .facts');
    await facts.getByText('2025-11-18 11:35').waitFor();
    const metrics = page.locator('section[aria-labelledby="metrics-title"]');
    await expect(
      metrics.locator('div', { hasText: 'Time to acknowledge' }).locator('dd').textContent(),
    ).resolves.toBe('8 min');

    // The status select starts on no status; the change carries a note into the activity log.
    const status = page.getByRole('form', { name: 'Change status' });
    await expect(status.getByLabel('New status').inputValue()).resolves.toBe('');
    expect(await status.getByRole('button', { name: 'Change status' }).isDisabled()).toBe(true);
    await status.getByLabel('New status').selectOption('monitoring');
    await status.getByLabel('Note (optional)').fill('Traffic moved off the failing edge');
    await status.getByRole('button', { name: 'Change status' }).click();
    await page.locator('.incident-head .badge.status-monitoring').waitFor();
    await page
      .locator('.activity')
      .locator('q', { hasText: 'Traffic moved off the failing edge' })
      .waitFor();

    // A third-party cause by hand: the vendor is required (the API's 400 at the field).
    await page.getByText('Add a cause by hand').click();
    const cause = page.getByRole('form', { name: 'Add a cause' });
    await cause.getByRole('button', { name: 'Add cause' }).click();
    await cause
      .getByLabel('Vendor', { exact: true })
      .and(page.locator('[aria-invalid="true"]'))
      .waitFor();
    await cause.getByLabel('Vendor', { exact: true }).selectOption({ label: 'Cloudflare' });
    await cause.getByLabel('Role', { exact: true }).selectOption('root_cause');
    await cause.getByLabel('CDN').check();
    await cause
      .getByLabel('Explanation')
      .fill("Cloudflare's edge returned HTTP 500s (their post-incident report).");
    await cause.getByRole('button', { name: 'Add cause' }).click();
    const recorded = page.getByTestId('cause');
    await recorded.getByText('Cloudflare', { exact: true }).waitFor();
    expect(await recorded.textContent()).toMatch(/Root cause.*Accepted/);
    expect(await recorded.textContent()).toContain('post-incident report');
    expect(unexpectedProblems(problems, [/ 400 .*\/causes/])).toEqual([]);
    await watched.context.close();
  });

  it('a manager sets the deadline policy: business days, zone and holiday country, not New York by default', async () => {
    const watched = await openPage(browser);
    const { page, problems } = watched;
    page.on('dialog', (dialog) => void dialog.accept());
    await signInAs(watched, sut, 'manager');
    await page.goto(`${sut.url}/deadlines`);
    await page.getByRole('link', { name: 'deadline policies' }).click();
    await page.getByRole('heading', { name: 'No deadline policy yet' }).waitFor();

    const form = page.getByRole('form', { name: 'Add a deadline policy' });
    await form.getByLabel('Severity').selectOption('SEV1');
    await form.getByLabel('Business days').fill('3');
    await form.getByLabel('Time zone').fill('Europe/Paris');
    await form.getByLabel('Holiday country').fill('XX');
    await form.getByRole('button', { name: 'Add policy' }).click();
    await form.getByLabel('Holiday country').and(page.locator('[aria-invalid="true"]')).waitFor();
    await form.getByLabel('Holiday country').fill('FR');
    await form.locator('.hint', { hasText: 'France' }).waitFor();
    await form.getByRole('button', { name: 'Add policy' }).click();
    const policy = page.getByTestId('deadline-policy');
    await policy
      .getByText('3 business days after resolution, due 17:00 Europe/Paris, FR holidays')
      .waitFor();

    await policy.getByRole('button', { name: 'Edit the SEV1 policy' }).click();
    const edit = page.getByRole('form', { name: 'Edit the SEV1 policy' });
    await edit.getByLabel('Business days').fill('5');
    await edit.getByLabel('Due time').fill('12:00');
    await edit.getByRole('button', { name: 'Save policy' }).click();
    await policy
      .getByText('5 business days after resolution, due 12:00 Europe/Paris, FR holidays')
      .waitFor();
    await saveScreenshot(page, 'deadline-policies.png', { fullPage: true });
    await policy.getByRole('button', { name: 'Delete the SEV1 policy' }).click();
    await page.getByRole('heading', { name: 'No deadline policy yet' }).waitFor();
    expect(unexpectedProblems(problems, [/ 400 .*\/api\/deadline-policies/])).toEqual([]);
    await watched.context.close();
  });

  it('an admin adds a Slack notification channel, sends a test, and removes it', async () => {
    const watched = await openPage(browser);
    const { page, problems } = watched;
    page.on('dialog', (dialog) => void dialog.accept());
    await signInAs(watched, sut, 'admin');
    await page.goto(`${sut.url}/incidents`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Notifications' })
      .click();
    await page.getByRole('heading', { name: 'No notification channel yet' }).waitFor();
    const form = page.getByRole('form', { name: 'Add a channel' });
    await form.getByLabel('Channel name').fill('sre-leads-slack');
    await form.getByLabel('Kind').selectOption('slack');
    await form.getByLabel('Slack webhook URL').fill('ftp://hooks.example.com/x');
    await form.getByRole('button', { name: 'Add channel' }).click();
    await form.getByLabel('Slack webhook URL').and(page.locator('[aria-invalid="true"]')).waitFor();
    await form
      .getByLabel('Slack webhook URL')
      .fill('https://hooks.slack.com/services/T000/B000/XXX');
    await form.getByRole('button', { name: 'Add channel' }).click();
    const channel = page.getByTestId('channel');
    await channel.getByRole('heading', { name: /sre-leads-slack/ }).waitFor();
    expect(await channel.textContent()).toContain('Deadline reminders, Overdue escalations');
    await channel.getByRole('button', { name: 'Send a test message to sre-leads-slack' }).click();
    await channel
      .getByRole('status')
      .getByText(/Test message (queued|delivered|failed)/)
      .waitFor();
    const [delivery] = await sut.dataSource.query(
      `SELECT topic FROM notification_delivery ORDER BY created_at DESC LIMIT 1`,
    );
    expect(delivery.topic).toBe('test');
    await channel.getByRole('button', { name: 'Delete sre-leads-slack' }).click();
    await page.getByRole('heading', { name: 'No notification channel yet' }).waitFor();
    expect(unexpectedProblems(problems, [/ 400 .*\/api\/notification-channels/])).toEqual([]);
    await watched.context.close();
  });

  it('an admin edits and deletes a status source on the vendor status page', async () => {
    const vendor = await sut.factories.newVendor({ slug: 'fastly', name: 'Fastly' });
    const url = 'https://status.fastly.example/api/v2/summary.json';
    await sut.factories.newStatusSource({ vendorId: vendor.id, url, pollIntervalSeconds: 300 });
    const watched = await openPage(browser);
    const { page, problems } = watched;
    page.on('dialog', (dialog) => void dialog.accept());
    await signInAs(watched, sut, 'admin');
    await page.goto(`${sut.url}/vendors`);
    const table = page.getByRole('table', { name: 'Fastly status sources' });
    await table.getByText('every 300 s').waitFor();
    await table.getByRole('button', { name: `Edit ${url}` }).click();
    const form = page.getByRole('form', { name: `Edit ${url}` });
    await form.getByLabel('Poll every (seconds)').fill('600');
    await form.getByRole('button', { name: 'Save source' }).click();
    await table.getByText('every 600 s').waitFor();
    await table.getByRole('button', { name: `Delete ${url}` }).click();
    // The list reloads after the delete: wait for Fastly's table to go, not for any empty state.
    await table.waitFor({ state: 'detached' });
    expect(await page.getByRole('table', { name: 'Fastly status sources' }).count()).toBe(0);
    expect(await sut.dataSource.query(`SELECT id FROM status_source`)).toEqual([]);
    expect(unexpectedProblems(problems, [])).toEqual([]);
    await watched.context.close();
  });
});
