/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { Browser } from 'playwright-core';
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

describe("Web UI: the vendor's report on the postmortem page, in Chromium (real app, real database)", () => {
  let sut: TestApp;
  let browser: Browser;
  let writer: WatchedPage;
  let admin: WatchedPage;
  const BLOG = 'https://blog.cloudflare.com/18-november-2025-outage/';

  beforeAll(async () => {
    assertWebBuilt();
    // Workers: accepting a cause plans its overdue check, which the deadlines page lists.
    sut = await createTestApp({ workers: true, env: { SERVE_WEB: 'true' } });
    browser = await launchChromium();
    writer = await openPage(browser, { timezoneId: 'America/New_York' });
    await signInAs(writer, sut, 'responder');
    admin = await openPage(browser, { timezoneId: 'America/Los_Angeles' });
    await signInAs(admin, sut, 'admin');
  });
  afterAll(async () => {
    await writer?.context.close();
    await admin?.context.close();
    await browser?.close();
    await sut?.close();
  });

  it("shows Cloudflare's report overdue, then published with its link once a person pastes it", async () => {
    const vendor = await sut.factories.newVendor({ name: 'Cloudflare', slug: 'cloudflare' });
    const vendorIncident = await sut.factories.newVendorIncident({
      vendorId: vendor.id,
      title: 'Cloudflare Global Network experiencing issues',
      status: 'resolved',
      rawStatus: 'resolved',
      startedAt: new Date('2025-11-18T11:48:00Z'),
      resolvedAt: new Date('2025-11-18T17:44:00Z'),
    });
    const incident = await sut.factories.newIncident({
      title: 'Chat web returns 500s',
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await sut.factories.newCause({
      incidentId: incident.id,
      vendorId: vendor.id,
      vendorIncidentId: vendorIncident.id,
      state: 'accepted',
    });
    expect(
      (
        await sut.api('PUT', '/vendors/cloudflare/rca-expectation', {
          businessDays: 5,
          zone: 'America/Los_Angeles',
          country: 'US',
        })
      ).status,
    ).toBe(200);
    const draft = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
    expect([draft.status, draft.body.message]).toEqual([201, undefined]);

    const { page } = writer;
    await page.goto(`${sut.url}/incidents/${incident.reference}/postmortem`);
    const line = page.getByTestId('vendor-rca-line');
    await line.waitFor();
    expect((await line.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'Cloudflare’s report: expected by 2025-11-25 (5 business days, America/Los_Angeles, US holidays) — overdue Paste its link',
    );
    await saveScreenshot(page, 'vendor-rca-overdue.png');

    // A person finds the blog post first and pastes it.
    await page.getByRole('button', { name: 'Paste its link' }).click();
    await page.getByLabel("Link to Cloudflare's report").fill(BLOG);
    await page.getByLabel('Published on').fill('2025-11-19');
    await saveScreenshot(page.getByTestId('vendor-rca'), 'vendor-rca-paste-form.png');
    await page.getByRole('button', { name: 'Attach report' }).click();
    await line.filter({ hasText: 'published 2025-11-19' }).waitFor();
    expect((await line.textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      `Cloudflare’s report: expected by 2025-11-25 (5 business days, America/Los_Angeles, US holidays) — published 2025-11-19 ${BLOG}`,
    );
    expect(await line.getByRole('link', { name: BLOG }).getAttribute('href')).toBe(BLOG);
    await saveScreenshot(page, 'vendor-rca-published.png');

    expect(await overflowingElements(page)).toEqual([]);
    expect(unexpectedProblems(writer.problems, [])).toEqual([]);
  });

  it("lets an admin set a vendor's expectation on its card, and lists overdue vendor reports for managers", async () => {
    const vendor = await sut.factories.newVendor({ name: 'Fastly', slug: 'fastly' });
    const vendorIncident = await sut.factories.newVendorIncident({
      vendorId: vendor.id,
      title: 'Elevated errors at the edge',
      status: 'resolved',
      rawStatus: 'resolved',
      resolvedAt: new Date('2025-11-18T17:44:00Z'),
    });
    const { page } = admin;
    await page.goto(`${sut.url}/vendors`);
    const card = page.getByRole('region', { name: 'Fastly' });
    await card.getByText('Fastly promises no post-incident report').waitFor();
    await card.getByRole('button', { name: 'Set an expectation' }).click();
    await card.getByLabel('Business days').fill('3');
    await card.getByLabel('Time zone').fill('Europe/Paris');
    await card.getByLabel('Holidays of').fill('FR');
    await saveScreenshot(card.getByTestId('vendor-rca-expectation'), 'vendor-rca-expectation.png');
    await card.getByRole('button', { name: 'Save expectation' }).click();
    await card
      .getByText(
        "Fastly's report is expected within 3 business days, Europe/Paris, FR holidays after its incident resolves.",
      )
      .waitFor();

    // Accepted as the cause of one of ours: 3 business days after 2025-11-18 is long past.
    const incident = await sut.factories.newIncident({ title: 'Checkout slow' });
    const accepted = await sut.api('POST', `/incidents/${incident.reference}/causes`, {
      vendor: 'fastly',
      vendorIncidentId: vendorIncident.id,
      state: 'accepted',
    });
    expect(accepted.status).toBe(201);
    await page.goto(`${sut.url}/deadlines`);
    const overdue = page.getByTestId('vendor-rca-overdue');
    await overdue.getByRole('link', { name: incident.reference }).waitFor({ timeout: 30_000 });
    expect(await overdue.textContent()).toContain('3 business days, Europe/Paris, FR holidays');
    await saveScreenshot(overdue, 'vendor-rca-deadlines.png');
    expect(unexpectedProblems(admin.problems, [])).toEqual([]);
  });
});
