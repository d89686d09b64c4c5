import { RcaDraftService } from '@rca/postmortems';
import { createTestApp, TestApp } from '../../../test/test-context';
import { eventually } from '../../../test/support/loopback-receivers';
import { RunningMediaWiki, startMediaWiki } from '../../../test/support/mediawiki';

const SUMMARY = [
  'Chat web returned **HTTP 500** for three hours.',
  '',
  '| Time (UTC) | Event |',
  '|---|---|',
  '| 11:20 | CDN errors start |',
  '| 14:30 | Resolved |',
  '',
  '```ts',
  'const retries = 3;',
  '```',
  '',
  'Hostile: {{Delete|now}} [[Category:Hacked]] <script>alert(1)</script> ~~~~',
].join('\n');

describe('MediaWiki connector against a real MediaWiki 1.39 (SQLite, php -S on loopback)', () => {
  let sut: TestApp;
  let wiki: RunningMediaWiki;
  let postmortemId: string;

  // `author` / `reviewer` in a test body names who acts: the call is made with their token.
  const api = (method: string, path: string, body?: unknown) => sut.api(method, path, body);
  const finished = (runId: string) =>
    eventually(async () => {
      const run = (await api('GET', `/export-runs/${runId}`)).body;
      return run.status !== 'pending' ? run : undefined;
    }, 30_000);
  const editSummary = async (markdown: string) => {
    const pm = (await api('GET', `/postmortems/${postmortemId}`)).body;
    const response = await api('PATCH', `/postmortems/${postmortemId}`, {
      version: pm.version,
      author: 'alice',
      sections: [{ key: 'summary', markdown }],
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    wiki = await startMediaWiki();
    sut = await createTestApp({
      workers: true,
      env: {
        EXPORT_CREDENTIALS_KEY: 'cd'.repeat(32),
        EXPORT_TIMEOUT_MS: '20000',
        EXPORT_ALLOW_LOOPBACK: 'true',
      },
    });
    const incident = await sut.factories.newIncident({
      title: 'Chat web down: HTTP 500 from the CDN',
      severity: 'SEV1',
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await sut.app.get(RcaDraftService).generate(incident.id);
    postmortemId = (await api('GET', `/incidents/${incident.id}/postmortem`)).body.id;
    await editSummary(SUMMARY);
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
    await wiki?.close();
  });

  it('creates the page with a bot password, then edits the same page with baserevid; the page renders its table', async () => {
    const created = await api('POST', '/export-targets', {
      name: 'mediawiki',
      kind: 'mediawiki',
      config: { apiUrl: wiki.apiUrl, pagePrefix: 'Postmortems/' },
      credentials: { username: wiki.username, password: wiki.password },
    });
    expect(created.status).toBe(201);
    const target = created.body;

    const [first] = (
      await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
    ).body;
    const done = await finished(first.id);
    expect(done.error).toBeNull();
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      externalId: expect.stringMatching(
        /^Postmortems\/INC-\d{4}-\d{4}: Chat web down: HTTP 500 from the CDN$/,
      ),
    });
    let page = await wiki.parse(done.externalId);
    expect(String(page.revid)).toBe(done.externalRevision);
    expect(page.html).toMatch(/<h2><span class="mw-headline" id="Summary">Summary<\/span>/);
    expect(page.html).toMatch(
      /<table class="wikitable">[\s\S]*<th>Time \(UTC\)\n?<\/th>[\s\S]*<td>CDN errors start\n?<\/td>/,
    );
    expect(page.html).toContain('<b>HTTP 500</b>');
    expect(page.html).toContain('mw-highlight-lang-ts');
    // The hostile line is shown as text: no template, no category link, no script, no signature.
    // The hostile line is shown as text (MediaWiki keeps numeric references in its HTML; a
    // browser shows them as the characters): no template, category link, script or signature.
    const shown = page.html.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
    expect(shown).toContain(
      'Hostile: {{Delete|now}} [[Category:Hacked]] <script>alert(1)</script> ~~~~',
    );
    expect(page.html).not.toMatch(/Category:Hacked<\/a>|title="Category:Hacked"/);

    expect(page.html).not.toMatch(/<script/);

    await editSummary(`${SUMMARY}\n\nUpdated after the review.`);
    const [second] = (
      await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
    ).body;
    const updated = await finished(second.id);
    expect(updated).toMatchObject({ status: 'succeeded', externalId: done.externalId });
    expect(Number(updated.externalRevision)).toBeGreaterThan(Number(done.externalRevision));
    page = await wiki.parse(done.externalId);
    expect(page.html).toContain('Updated after the review.');
    const revisions = await wiki.revisions(done.externalId);
    expect(revisions).toHaveLength(2);
    expect(revisions[0].comment).toContain(second.idempotencyKey);
  });

  it('a wrong bot password fails at once, visibly, without retrying', async () => {
    const target = (
      await api('POST', '/export-targets', {
        name: 'mediawiki wrong password',
        kind: 'mediawiki',
        config: { apiUrl: wiki.apiUrl },
        credentials: { username: wiki.username, password: 'not-the-password' },
      })
    ).body;
    const [run] = (
      await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
    ).body;
    const failed = await finished(run.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.error).toMatch(/login as Admin@rca failed/);
    expect(failed.error).not.toContain('not-the-password');
  });
});
