/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { TrackersService } from '@rca/trackers';
import { Browser } from 'playwright-core';
import { GitHubContractServer, startGitHubContractServer } from '../support/github-contract-server';
import { RunningRedmine, startRedmine } from '../support/redmine';
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
 * The tracker in the web UI (Chromium, the real app and database, BullMQ workers and a real
 * Redmine): an admin connects Redmine and tests it; a responder creates an action item's issue
 * from the postmortem and sees its key; closing the issue in Redmine closes the item here.
 */
describe('Web UI: action items in Redmine', () => {
  let redmine: RunningRedmine;
  // GitHub cannot run here: its part uses the contract server shaped like GitHub's REST API.
  let github: GitHubContractServer;
  let sut: TestApp;
  let browser: Browser;
  let admin: WatchedPage;
  let writer: WatchedPage;

  beforeAll(async () => {
    assertWebBuilt();
    redmine = await startRedmine();
    github = await startGitHubContractServer();
    sut = await createTestApp({
      workers: true,
      env: { SERVE_WEB: 'true', OUTBOUND_ALLOW_LOOPBACK: 'true', TRACKER_POLL_SECONDS: '3600' },
    });
    browser = await launchChromium();
    admin = await openPage(browser);
    await signInAs(admin, sut, 'admin');
    writer = await openPage(browser);
    await signInAs(writer, sut, 'responder');
  }, 180_000);
  afterAll(async () => {
    await admin?.context.close();
    await writer?.context.close();
    await browser?.close();
    await sut?.close();
    await redmine?.close();
    await github?.close();
  });

  it('connects Redmine, creates an issue from the action items table, and brings its closing back', async () => {
    // The admin connects the team-less default tracker and tests it.
    const { page } = admin;
    await page.goto(`${sut.url}/admin/trackers`);
    await page.getByText('No tracker yet').waitFor();
    const form = page.getByRole('form', { name: 'Add a tracker target' });
    // The form asks what each tracker needs: Jira Cloud's account e-mail, GitHub's repository
    // with api.github.com filled in.
    await form.getByLabel('Tracker', { exact: true }).selectOption({ label: 'Jira' });
    await form.getByLabel('Jira site URL').waitFor();
    await form.getByLabel('Project key').waitFor();
    await form.getByLabel('Account e-mail (Jira Cloud)').waitFor();
    await saveScreenshot(form, 'tracker-form-jira.png');
    await form.getByLabel('Tracker', { exact: true }).selectOption({ label: 'GitHub Issues' });
    expect(await form.getByLabel('GitHub API URL').inputValue()).toBe('https://api.github.com');
    await form.getByLabel('Repository').waitFor();
    expect(await form.getByLabel('Account e-mail (Jira Cloud)').count()).toBe(0);
    await form.getByLabel('Tracker', { exact: true }).selectOption({ label: 'Redmine' });
    expect(await form.getByLabel('Redmine URL').inputValue()).toBe('');
    await form.getByLabel('Name').fill('Ops Redmine');
    await form.getByLabel('Redmine URL').fill('not a url');
    await form.getByLabel('Project identifier').fill(redmine.project);
    await form.getByLabel('API key').fill(redmine.apiKey);
    await form.getByRole('button', { name: 'Add the tracker' }).click();
    await form.locator('.field-error').first().waitFor();
    await form.getByLabel('Redmine URL').fill(redmine.baseUrl);
    await form.getByLabel('Tracker (issue type)').fill('Feature');
    await form.getByRole('button', { name: 'Add the tracker' }).click();
    await page.getByRole('cell', { name: 'Ops Redmine redmine' }).waitFor();
    await page.getByRole('button', { name: 'Test Ops Redmine' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Ops Redmine: Redmine project "Reliability" is reachable' })
      .waitFor();
    // Redmine has no webhooks: the page says the poll brings changes back.
    await page.getByRole('button', { name: 'Webhook' }).click();
    await page
      .getByRole('region', { name: 'Webhook of Ops Redmine' })
      .getByText('redmine has no webhooks')
      .waitFor();
    await saveScreenshot(page, 'tracker-targets.png', { fullPage: true });

    // A responder creates the issue of an action item from the postmortem.
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      startedAt: new Date('2026-11-18T11:20:00Z'),
      resolvedAt: new Date('2026-11-18T14:30:00Z'),
    });
    const drafted = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
    const item = await sut.api('POST', `/postmortems/${drafted.body.postmortemId}/action-items`, {
      title: 'Fail over to a second CDN',
      type: 'prevent',
      priority: 'P1',
    });
    await writer.page.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    const items = writer.page.getByRole('region', { name: 'Action items' });
    const row = items.getByRole('row').filter({ hasText: 'Fail over to a second CDN' });
    await row
      .getByRole('button', { name: 'Create Fail over to a second CDN in Ops Redmine' })
      .click();
    const key = row.getByRole('link', { name: /^#\d+$/ });
    await key.waitFor();
    const issueId = (await key.textContent())!.slice(1);
    expect(await key.getAttribute('href')).toBe(`${redmine.baseUrl}/issues/${issueId}`);
    const issue = (await redmine.api('GET', `/issues/${issueId}.json`)).body.issue;
    expect(issue.subject).toBe('Fail over to a second CDN');
    expect(issue.priority.name).toBe('Urgent');
    await saveScreenshot(items, 'action-item-tracker.png');

    // Closed in Redmine → done here after the poll.
    const closed = (await redmine.api('GET', '/issue_statuses.json')).body.issue_statuses.find(
      (status: { name: string }) => status.name === 'Closed',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await redmine.api('PUT', `/issues/${issueId}.json`, { issue: { status_id: closed.id } });
    await sut.app.get(TrackersService).poll();
    await writer.page.reload();
    await writer.page
      .getByRole('combobox', { name: 'Status of Fail over to a second CDN' })
      .and(writer.page.locator('select'))
      .waitFor();
    expect(
      await writer.page
        .getByRole('combobox', { name: 'Status of Fail over to a second CDN' })
        .inputValue(),
    ).toBe('done');
    expect(item.status).toBe(201);
    expect(unexpectedProblems(admin.problems, [/status of 400/])).toEqual([]);
    expect(unexpectedProblems(writer.problems, [])).toEqual([]);
  });

  it('connects a team to a GitHub repository and shows the webhook to register there', async () => {
    const { page } = admin;
    await page.goto(`${sut.url}/admin/trackers`);
    const form = page.getByRole('form', { name: 'Add a tracker target' });
    await form.getByLabel('Tracker', { exact: true }).selectOption({ label: 'GitHub Issues' });
    await form.getByLabel('Name').fill('Payments GitHub');
    await form.getByLabel('Team').fill('payments');
    await form.getByLabel('GitHub API URL').fill(github.baseUrl);
    await form.getByLabel('Repository').fill('payments');
    await form.getByLabel('Token').fill(github.token);
    await form.getByRole('button', { name: 'Add the tracker' }).click();
    // Not owner/repo: the field says why, nothing is added.
    await form.locator('.field-error').filter({ hasText: 'owner/repo' }).waitFor();
    await form.getByLabel('Repository').fill(github.project);
    await form.getByRole('button', { name: 'Add the tracker' }).click();
    await page.getByRole('cell', { name: 'Payments GitHub GitHub Issues' }).waitFor();
    await page.getByRole('button', { name: 'Test Payments GitHub' }).click();
    await page.getByRole('status').filter({ hasText: 'Payments GitHub:' }).waitFor();
    expect(
      await page.getByRole('status').filter({ hasText: 'Payments GitHub:' }).textContent(),
    ).not.toContain('not reachable');
    const row = page.getByRole('row').filter({ hasText: 'Payments GitHub' });
    await row.getByRole('button', { name: 'Webhook' }).click();
    const panel = page.getByRole('region', { name: 'Webhook of Payments GitHub' });
    await panel.getByText('x-hub-signature-256').first().waitFor();
    expect(await panel.textContent()).toContain('/api/tracker-webhooks/');
    await saveScreenshot(
      page.getByRole('region', { name: 'Targets' }),
      'tracker-github-webhook.png',
    );
    // One refused form in each test (the bad Redmine URL, the bad repository).
    expect(unexpectedProblems(admin.problems, [/status of 400/, /status of 400/])).toEqual([]);
  });
});
