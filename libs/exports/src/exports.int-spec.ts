import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RcaDraftService } from '@rca/postmortems';
import { XMLValidator } from 'fast-xml-parser';
import { createTestApp, TestApp } from '../../../test/test-context';
import { eventually, startHttpReceiver } from '../../../test/support/loopback-receivers';

const CHECKLIST = {
  keyDataCollected: true,
  impactComplete: true,
  rootCauseDeepEnough: true,
  actionsAppropriate: true,
  sharedWithStakeholders: true,
};

const SUMMARY = [
  'Chat web returned **HTTP 500** for 3 hours. Ada Lovelace (ada@example.com) led the response.',
  '',
  '| Time (UTC) | Event |',
  '|---|---|',
  '| 11:20 | CDN errors start |',
  '| 14:30 | Resolved |',
  '',
  '- [x] page the vendor',
  '- [ ] add a second CDN',
  '',
  '<script>alert(1)</script> {{Delete}} ]]> <ac:structured-macro ac:name="html"/>',
].join('\n');

describe('exports: pull formats, targets, git / webhook / Confluence pushes, publish hook (Postgres + Redis + BullMQ)', () => {
  let sut: TestApp;
  let postmortemId: string;
  const work = mkdtempSync(path.join(tmpdir(), 'rca-exports-test-'));

  // `author` / `reviewer` in a test body names who acts: the call is made with their token.
  const api = (method: string, path: string, body?: unknown) => sut.api(method, path, body);
  const postmortem = async () => (await api('GET', `/postmortems/${postmortemId}`)).body;
  const finished = (runId: string) =>
    eventually(async () => {
      const run = (await api('GET', `/export-runs/${runId}`)).body;
      return run.status !== 'pending' ? run : undefined;
    }, 30_000);
  const editSummary = async (markdown: string) => {
    const pm = await postmortem();
    const response = await api('PATCH', `/postmortems/${postmortemId}`, {
      version: pm.version,
      author: 'alice',
      sections: [{ key: 'summary', markdown }],
    });
    expect(response.status).toBe(200);
    return response.body;
  };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: work, encoding: 'utf8' });

  beforeAll(async () => {
    sut = await createTestApp({
      workers: true,
      env: {
        EXPORT_CREDENTIALS_KEY: 'ab'.repeat(32),
        EXPORT_TIMEOUT_MS: '10000',
        EXPORT_ALLOW_LOOPBACK: 'true',
      },
    });
    // The owner and the reviewer are users; the public variant redacts their names too.
    await sut.factories.newUser({ email: 'ada@example.com', displayName: 'Ada Lovelace' });
    await sut.bearer('bob@example.com', 'admin', ['admin']);
    const incident = await sut.factories.newIncident({
      title: 'Chat web down: HTTP 500 from the CDN',
      severity: 'SEV1',
      status: 'resolved',
      startedAt: new Date('2025-11-18T11:20:00Z'),
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await sut.factories.newTimelineEvent({
      incidentId: incident.id,
      occurredAt: new Date('2025-11-18T11:28:00Z'),
      body: 'Grace Hopper paged the on-call',
      author: 'Grace Hopper',
    });
    await sut.app.get(RcaDraftService).generate(incident.id);
    const pm = (await api('GET', `/incidents/${incident.id}/postmortem`)).body;
    postmortemId = pm.id;
    const edited = await api('PATCH', `/postmortems/${postmortemId}`, {
      version: pm.version,
      author: 'alice',
      team: 'web',
      owner: 'ada@example.com',
      requiredReviewers: ['bob@example.com'],
      sections: [
        { key: 'summary', markdown: SUMMARY },
        { key: 'root_cause', markdown: 'Internal only: the db-7 host melted.', internal: true },
      ],
    });
    expect(edited.status).toBe(200);
  });
  afterAll(async () => {
    await sut?.close();
    rmSync(work, { recursive: true, force: true });
  });

  describe('GET /postmortems/:id/export', () => {
    it.each([
      ['markdown', 'text/markdown', '.md'],
      ['html', 'text/html', '.html'],
      ['confluence', 'application/xhtml+xml', '.confluence.xml'],
      ['mediawiki', 'text/x-wiki', '.wiki'],
      ['json', 'application/json', '.json'],
    ])(
      '%s: content type, attachment file name and the document',
      async (format, type, extension) => {
        const response = await api('GET', `/postmortems/${postmortemId}/export?format=${format}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain(type);
        expect(response.headers.get('content-disposition')).toMatch(
          new RegExp(
            `^attachment; filename="inc-\\d{4}-\\d{4}-chat-web-down[a-z0-9-]*\\${extension}"$`,
          ),
        );
        expect(response.text).toContain('Internal only');
        expect(response.text).toMatch(/Ada Lovelace/);
        // markdown escapes "<" with a backslash; JSON carries the markdown source as data.
        if (format === 'markdown') expect(response.text).toContain('\\<script>alert(1)\\</script>');
        else if (format !== 'json') expect(response.text).not.toMatch(/<script>alert/);
        if (format === 'confluence')
          expect(XMLValidator.validate(`<r xmlns:ac="a" xmlns:ri="r">${response.text}</r>`)).toBe(
            true,
          );
        if (format === 'json') {
          expect(response.body).toMatchObject({
            schemaVersion: 1,
            incident: { severity: 'SEV1' },
            timeline: [{ text: 'Grace Hopper paged the on-call', author: 'Grace Hopper' }],
          });
          expect(response.body.actionItems).toEqual(expect.any(Array));
        }
      },
    );

    it('public variant: internal sections left out, people and e-mails redacted', async () => {
      for (const format of ['markdown', 'html', 'confluence', 'mediawiki', 'json']) {
        const response = await api(
          'GET',
          `/postmortems/${postmortemId}/export?format=${format}&variant=public`,
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-disposition')).toContain('-public.');
        expect(response.text).not.toContain('Internal only');
        expect(response.text).not.toMatch(/Ada|Lovelace|ada@example\.com|Grace Hopper/);
        expect(response.text).toContain('redacted');
      }
    });

    it('refuses an unknown format or variant with 400 naming the field; unknown postmortem 404', async () => {
      const bad = await api('GET', `/postmortems/${postmortemId}/export?format=pdf`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('format');
      const variant = await api(
        'GET',
        `/postmortems/${postmortemId}/export?format=json&variant=secret`,
      );
      expect(variant.status).toBe(400);
      expect(JSON.stringify(variant.body)).toContain('variant');
      const missing = await api(
        'GET',
        '/postmortems/00000000-0000-4000-8000-000000000000/export?format=json',
      );
      expect(missing.status).toBe(404);
    });
  });

  describe('export targets', () => {
    it('stores credentials encrypted, never returns them, validates config, 409 on a stale version', async () => {
      const created = await api('POST', '/export-targets', {
        name: 'signed hook (crud)',
        kind: 'webhook',
        enabled: false,
        config: { url: 'https://hooks.example.com/rca' },
        credentials: { secret: 'super-secret-signing-key' },
      });
      expect(created.status).toBe(201);
      expect(created.text).not.toContain('super-secret-signing-key');
      expect(created.body).toMatchObject({
        credentialKeys: ['secret'],
        version: expect.any(Number),
      });
      const [row] = await sut.dataSource.query(
        'SELECT credentials FROM export_target WHERE id = $1',
        [created.body.id],
      );
      expect(row.credentials).toMatch(/^v1:/);
      expect(row.credentials).not.toContain('super-secret');

      const badUrl = await api('POST', '/export-targets', {
        name: 'bad',
        kind: 'webhook',
        config: { url: 'javascript:alert(1)' },
      });
      expect(badUrl.status).toBe(400);
      expect(JSON.stringify(badUrl.body)).toContain('config.url');
      const unknownKey = await api('POST', '/export-targets', {
        name: 'bad2',
        kind: 'confluence',
        config: { baseUrl: 'https://x.atlassian.net', spaceId: '1', shell: 'rm -rf /' },
        credentials: { email: 'a@b.c', apiToken: 't' },
      });
      expect(unknownKey.status).toBe(400);
      expect(JSON.stringify(unknownKey.body)).toContain('config.shell');
      const noToken = await api('POST', '/export-targets', {
        name: 'bad3',
        kind: 'confluence',
        config: { baseUrl: 'https://x.atlassian.net', spaceId: '1' },
      });
      expect(noToken.status).toBe(400);
      expect(JSON.stringify(noToken.body)).toContain('credentials.email');
      const badPattern = await api('POST', '/export-targets', {
        name: 'bad4',
        kind: 'webhook',
        config: { url: 'https://x.example.com' },
        redactPatterns: ['(unclosed'],
      });
      expect(badPattern.status).toBe(400);
      expect(JSON.stringify(badPattern.body)).toContain('redactPatterns[0]');

      const updated = await api('PATCH', `/export-targets/${created.body.id}`, {
        version: created.body.version,
        name: 'signed hook (renamed)',
      });
      expect(updated.status).toBe(200);
      expect(updated.body.credentialKeys).toEqual(['secret']);
      const stale = await api('PATCH', `/export-targets/${created.body.id}`, {
        version: created.body.version,
        name: 'lost update',
      });
      expect(stale.status).toBe(409);
      const list = await api('GET', '/export-targets?kind=webhook&limit=10');
      expect(list.body.items.map((t: { name: string }) => t.name)).toContain(
        'signed hook (renamed)',
      );
      expect((await api('DELETE', `/export-targets/${created.body.id}`)).status).toBe(204);
      expect((await api('GET', `/export-targets/${created.body.id}`)).status).toBe(404);
    });

    it('refuses a destination on an internal address with a 400 naming the field, at create and update', async () => {
      const count = async () =>
        Number((await sut.dataSource.query('SELECT count(*)::int AS n FROM export_target'))[0].n);
      const before = await count();
      for (const [kind, config] of [
        ['git', { url: 'https://10.0.0.5/team/wiki.git' }],
        ['git', { url: 'ssh://git@169.254.169.254/team/wiki.git' }],
        ['git', { url: 'git@192.168.1.10:team/wiki.git' }],
        ['webhook', { url: 'http://[fd00::5]/hook' }],
      ] as const) {
        const refused = await api('POST', '/export-targets', {
          name: `internal ${kind} ${config.url}`,
          kind,
          config,
        });
        expect(refused.status).toBe(400);
        expect(refused.body.errors).toEqual([
          { field: 'config.url', messages: [expect.stringMatching(/an internal address/)] },
        ]);
      }
      expect(await count()).toBe(before);

      // A host that does not resolve from here is left to the push, which checks again.
      const created = await api('POST', '/export-targets', {
        name: 'git wiki elsewhere',
        kind: 'git',
        config: { url: 'https://git.example.invalid/team/wiki.git' },
      });
      expect(created.status).toBe(201);
      const moved = await api('PATCH', `/export-targets/${created.body.id}`, {
        version: created.body.version,
        config: { url: 'https://[fd00::1]/team/wiki.git' },
      });
      expect(moved.status).toBe(400);
      expect(moved.body.errors).toEqual([
        { field: 'config.url', messages: [expect.stringMatching(/fd00::1.*an internal address/)] },
      ]);
      expect((await api('GET', `/export-targets/${created.body.id}`)).body.config.url).toBe(
        'https://git.example.invalid/team/wiki.git',
      );
      expect((await api('DELETE', `/export-targets/${created.body.id}`)).status).toBe(204);
    });
  });

  describe('git wiki connector (a real bare repository on disk)', () => {
    it('commits the page and the index, and the second push updates the same page', async () => {
      const bare = path.join(work, 'wiki.git');
      git('init', '--bare', '--quiet', bare);
      const target = (
        await api('POST', '/export-targets', {
          name: 'git wiki',
          kind: 'git',
          team: 'web',
          config: { url: bare, branch: 'main', folder: 'postmortems' },
        })
      ).body;
      expect(target.id).toBeDefined();

      const [first] = (
        await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
      ).body;
      const again = (
        await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
      ).body;
      expect(again[0].id).toBe(first.id); // same revision + target: one run
      const done = await finished(first.id);
      expect(done).toMatchObject({
        status: 'succeeded',
        attempts: 1,
        externalId: expect.stringMatching(/^postmortems\/inc-.*\.md$/),
      });

      const clone = path.join(work, 'clone-1');
      git('clone', '--quiet', '--branch', 'main', bare, clone);
      const page = readFileSync(path.join(clone, done.externalId), 'utf8');
      expect(page).toMatch(/^# INC-\d{4}-\d{4}: Chat web down/);
      expect(page).toContain('| 11:20 | CDN errors start |');
      expect(page).toContain('- [x] page the vendor');
      const index = readFileSync(path.join(clone, 'postmortems', 'Postmortems.md'), 'utf8');
      expect(index).toContain(`(${path.basename(done.externalId, '.md')})`);
      expect(git('-C', clone, 'rev-parse', 'HEAD').trim()).toBe(done.externalRevision);

      // Someone edits the wiki by hand meanwhile: the next export must keep their page.
      writeFileSync(path.join(clone, 'Home.md'), '# Welcome\n\nOur wiki.\n');
      git('-C', clone, '-c', 'user.name=Human', '-c', 'user.email=h@example.com', 'add', 'Home.md');
      git(
        '-C',
        clone,
        '-c',
        'user.name=Human',
        '-c',
        'user.email=h@example.com',
        'commit',
        '--quiet',
        '-m',
        'home',
      );
      git('-C', clone, 'push', '--quiet', 'origin', 'main');

      await editSummary(`${SUMMARY}\n\nUpdated after review.`);
      const [second] = (
        await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
      ).body;
      expect(second.id).not.toBe(first.id);
      const updated = await finished(second.id);
      expect(updated).toMatchObject({ status: 'succeeded', externalId: done.externalId });
      expect(updated.externalRevision).not.toBe(done.externalRevision);
      const clone2 = path.join(work, 'clone-2');
      git('clone', '--quiet', '--branch', 'main', bare, clone2);
      expect(readFileSync(path.join(clone2, done.externalId), 'utf8')).toContain(
        'Updated after review.',
      );
      expect(git('-C', clone2, 'rev-list', '--count', 'HEAD').trim()).toBe('3');
      expect(git('-C', clone2, 'ls-files').trim().split('\n').sort()).toEqual(
        ['Home.md', done.externalId, 'postmortems/Postmortems.md'].sort(),
      );
      expect(readFileSync(path.join(clone2, 'Home.md'), 'utf8')).toContain('Our wiki.');
      await api('PATCH', `/export-targets/${target.id}`, {
        version: target.version,
        enabled: false,
      });
    });
  });

  describe('generic webhook connector (a loopback receiver)', () => {
    it('POSTs the JSON export signed with HMAC-SHA256', async () => {
      const receiver = await startHttpReceiver();
      try {
        const secret = 'webhook-signing-secret';
        const target = (
          await api('POST', '/export-targets', {
            name: 'hook ok',
            kind: 'webhook',
            config: { url: `${receiver.url}/rca` },
            credentials: { secret },
          })
        ).body;
        const [run] = (
          await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
        ).body;
        expect(await finished(run.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
        const request = receiver.received[0];
        const timestamp = request.headers['x-rca-timestamp'] as string;
        expect(request.headers['x-rca-signature']).toBe(
          `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`,
        );
        expect(request.headers['x-rca-export-id']).toBe(run.idempotencyKey);
        expect(JSON.parse(request.body)).toMatchObject({
          schemaVersion: 1,
          postmortem: { id: postmortemId },
        });
        await api('PATCH', `/export-targets/${target.id}`, {
          version: target.version,
          enabled: false,
        });
      } finally {
        await receiver.close();
      }
    });

    it('a failing receiver is retried with backoff and the errors are in the history', async () => {
      const receiver = await startHttpReceiver((request, index) =>
        request.path === '/gone' ? 404 : index < 2 ? 503 : 200,
      );
      try {
        const flaky = (
          await api('POST', '/export-targets', {
            name: 'hook flaky',
            kind: 'webhook',
            config: { url: `${receiver.url}/flaky` },
          })
        ).body;
        const [run] = (
          await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: flaky.id })
        ).body;
        const done = await finished(run.id);
        expect(done).toMatchObject({ status: 'succeeded', attempts: 3 });
        expect(done.error).toMatch(/answered 503: receiver says 503/);
        expect(receiver.received.filter((r) => r.path === '/flaky')).toHaveLength(3);

        const gone = (
          await api('POST', '/export-targets', {
            name: 'hook gone',
            kind: 'webhook',
            config: { url: `${receiver.url}/gone` },
          })
        ).body;
        const [lost] = (
          await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: gone.id })
        ).body;
        const failed = await finished(lost.id);
        expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
        expect(failed.error).toMatch(/answered 404/);
        const history = await api('GET', `/export-runs?targetId=${gone.id}&status=failed`);
        expect(history.body.items.map((r: { id: string }) => r.id)).toEqual([lost.id]);
        for (const target of [flaky, gone])
          await api('PATCH', `/export-targets/${target.id}`, {
            version: target.version,
            enabled: false,
          });
      } finally {
        await receiver.close();
      }
    });
  });

  describe('Confluence Cloud connector (contract test)', () => {
    // No real Confluence can run here. This loopback server implements the documented shape of
    // Confluence Cloud REST API v2 (POST /wiki/api/v2/pages, GET and PUT /wiki/api/v2/pages/{id}:
    // https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/) and refuses any
    // request that does not match it: method, path, Basic auth, JSON headers and body fields.
    it('creates the page in the space under the parent, then updates it with version + 1', async () => {
      const requests: Array<{
        method: string;
        path: string;
        headers: IncomingMessage['headers'];
        body: any;
      }> = [];
      const pages = new Map<string, { title: string; version: number; body: string }>();
      const expectedAuth = `Basic ${Buffer.from('bot@example.com:atlassian-token').toString('base64')}`;
      const server: Server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const body = text ? JSON.parse(text) : undefined;
          requests.push({
            method: request.method!,
            path: request.url!,
            headers: request.headers,
            body,
          });
          const reply = (status: number, payload: unknown) => {
            response.writeHead(status, { 'content-type': 'application/json' });
            response.end(JSON.stringify(payload));
          };
          if (request.headers.authorization !== expectedAuth)
            return reply(401, { message: 'Unauthorized' });
          if (request.headers.accept !== 'application/json')
            return reply(406, { message: 'Accept' });
          const storage = (b: any) =>
            b?.body?.representation === 'storage' &&
            typeof b.body.value === 'string' &&
            b.status === 'current' &&
            typeof b.title === 'string';
          if (request.method === 'POST' && request.url === '/wiki/api/v2/pages') {
            if (
              request.headers['content-type'] !== 'application/json' ||
              !storage(body) ||
              body.spaceId !== '98304' ||
              body.parentId !== '1234'
            )
              return reply(400, { message: 'bad create body' });
            pages.set('5001', { title: body.title, version: 1, body: body.body.value });
            return reply(200, {
              id: '5001',
              title: body.title,
              version: { number: 1 },
              _links: {
                webui: '/spaces/ENG/pages/5001',
                base: 'https://example.atlassian.net/wiki',
              },
            });
          }
          const match = /^\/wiki\/api\/v2\/pages\/(\d+)$/.exec(request.url!);
          const page = match && pages.get(match[1]);
          if (!page) return reply(404, { message: 'no page' });
          if (request.method === 'GET')
            return reply(200, {
              id: match![1],
              title: page.title,
              version: { number: page.version },
            });
          if (request.method === 'PUT') {
            if (
              !storage(body) ||
              body.id !== match![1] ||
              body.version?.number !== page.version + 1
            )
              return reply(409, { message: 'version conflict or bad body' });
            Object.assign(page, {
              version: body.version.number,
              body: body.body.value,
              title: body.title,
            });
            return reply(200, {
              id: match![1],
              title: page.title,
              version: { number: page.version },
            });
          }
          return reply(405, { message: 'method' });
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const target = (
          await api('POST', '/export-targets', {
            name: 'confluence',
            kind: 'confluence',
            config: { baseUrl: base, spaceId: '98304', parentId: '1234' },
            credentials: { email: 'bot@example.com', apiToken: 'atlassian-token' },
          })
        ).body;
        const [create] = (
          await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
        ).body;
        expect(await finished(create.id)).toMatchObject({
          status: 'succeeded',
          externalId: '5001',
          externalRevision: '1',
          externalUrl: 'https://example.atlassian.net/wiki/spaces/ENG/pages/5001',
        });
        expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /wiki/api/v2/pages']);
        expect(requests[0].body.title).toMatch(/^INC-\d{4}-\d{4}: Chat web down/);
        expect(
          XMLValidator.validate(`<r xmlns:ac="a" xmlns:ri="r">${pages.get('5001')!.body}</r>`),
        ).toBe(true);
        expect(pages.get('5001')!.body).toContain('<ac:task-status>complete</ac:task-status>');

        await editSummary(`${SUMMARY}\n\nSecond revision.`);
        const [update] = (
          await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
        ).body;
        expect(await finished(update.id)).toMatchObject({
          status: 'succeeded',
          externalId: '5001',
          externalRevision: '2',
        });
        expect(requests.slice(1).map((r) => `${r.method} ${r.path}`)).toEqual([
          'GET /wiki/api/v2/pages/5001',
          'PUT /wiki/api/v2/pages/5001',
        ]);
        expect(requests[2].body.version).toMatchObject({ number: 2 });
        expect(pages.get('5001')!.body).toContain('Second revision.');
        expect(
          JSON.stringify((await api('GET', `/export-targets/${target.id}`)).body),
        ).not.toContain('atlassian-token');
        const removal = await api('PATCH', `/export-targets/${target.id}`, {
          version: target.version,
          credentials: null,
        });
        expect(removal.status).toBe(400);
        expect(JSON.stringify(removal.body)).toContain('credentials');
        await api('PATCH', `/export-targets/${target.id}`, {
          version: target.version,
          enabled: false,
        });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('Confluence Data Center connector (contract test)', () => {
    // No real Confluence Data Center can run here either. This loopback server implements the
    // documented shape of the Data Center / Server REST API (POST /rest/api/content, GET
    // /rest/api/content/{id}?expand=version, PUT /rest/api/content/{id}:
    // https://developer.atlassian.com/server/confluence/confluence-rest-api-examples/) with a
    // personal access token (Bearer), and refuses any request that does not match it.
    it('creates the page in the space under the ancestor, then updates it with version + 1', async () => {
      const requests: Array<{ method: string; path: string; body: any }> = [];
      let page: { title: string; version: number; body: string } | null = null;
      const server: Server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const body = text ? JSON.parse(text) : undefined;
          requests.push({ method: request.method!, path: request.url!, body });
          const reply = (status: number, payload: unknown) => {
            response.writeHead(status, { 'content-type': 'application/json' });
            response.end(JSON.stringify(payload));
          };
          if (request.headers.authorization !== 'Bearer dc-personal-token')
            return reply(401, { message: 'Unauthorized' });
          const storage = (b: any) =>
            b?.type === 'page' &&
            typeof b.title === 'string' &&
            b.body?.storage?.representation === 'storage' &&
            typeof b.body.storage.value === 'string';
          if (request.method === 'POST' && request.url === '/rest/api/content') {
            if (
              request.headers['content-type'] !== 'application/json' ||
              !storage(body) ||
              body.space?.key !== 'ENG' ||
              body.ancestors?.[0]?.id !== '777'
            )
              return reply(400, { message: 'bad create body' });
            page = { title: body.title, version: 1, body: body.body.storage.value };
            return reply(200, {
              id: '424242',
              type: 'page',
              version: { number: 1 },
              _links: {
                webui: '/pages/viewpage.action?pageId=424242',
                base: 'https://wiki.example.com',
              },
            });
          }
          if (!page) return reply(404, { message: 'no page' });
          if (request.method === 'GET' && request.url === '/rest/api/content/424242?expand=version')
            return reply(200, { id: '424242', version: { number: page.version } });
          if (request.method === 'PUT' && request.url === '/rest/api/content/424242') {
            if (!storage(body) || body.version?.number !== page.version + 1)
              return reply(409, { message: 'version conflict or bad body' });
            page = {
              title: body.title,
              version: body.version.number,
              body: body.body.storage.value,
            };
            return reply(200, { id: '424242', version: { number: page.version } });
          }
          return reply(405, { message: 'method' });
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const created = await api('POST', '/export-targets', {
          name: 'confluence dc',
          kind: 'confluence',
          config: { api: 'datacenter', baseUrl: base, spaceKey: 'ENG', parentId: '777' },
          credentials: { token: 'dc-personal-token' },
        });
        expect(created.status).toBe(201);
        const target = created.body;
        const [first] = (
          await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
        ).body;
        expect(await finished(first.id)).toMatchObject({
          status: 'succeeded',
          externalId: '424242',
          externalRevision: '1',
          externalUrl: 'https://wiki.example.com/pages/viewpage.action?pageId=424242',
        });
        await editSummary(`${SUMMARY}\n\nData Center revision.`);
        const [second] = (
          await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: target.id })
        ).body;
        expect(await finished(second.id)).toMatchObject({
          status: 'succeeded',
          externalId: '424242',
          externalRevision: '2',
        });
        expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
          'POST /rest/api/content',
          'GET /rest/api/content/424242?expand=version',
          'PUT /rest/api/content/424242',
        ]);
        expect(page!.body).toContain('Data Center revision.');
        const wrongApi = await api('POST', '/export-targets', {
          name: 'confluence bad api',
          kind: 'confluence',
          config: { api: 'server', baseUrl: base, spaceKey: 'ENG' },
          credentials: { token: 't' },
        });
        expect(wrongApi.status).toBe(400);
        expect(JSON.stringify(wrongApi.body)).toContain('config.api');
        await api('PATCH', `/export-targets/${target.id}`, {
          version: target.version,
          enabled: false,
        });
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  describe('publishing', () => {
    it('pushes to every enabled target of the team (and team-less targets), once per revision', async () => {
      const receiver = await startHttpReceiver();
      try {
        const teamHook = (
          await api('POST', '/export-targets', {
            name: 'web team hook',
            kind: 'webhook',
            team: 'web',
            config: { url: `${receiver.url}/web` },
          })
        ).body;
        const allHook = (
          await api('POST', '/export-targets', {
            name: 'all teams hook',
            kind: 'webhook',
            config: { url: `${receiver.url}/all` },
          })
        ).body;
        const otherHook = (
          await api('POST', '/export-targets', {
            name: 'other team hook',
            kind: 'webhook',
            team: 'payments',
            config: { url: `${receiver.url}/other` },
          })
        ).body;
        let pm = await postmortem();
        pm = (
          await api('POST', `/postmortems/${postmortemId}/submit`, {
            version: pm.version,
            author: 'alice',
          })
        ).body;
        pm = (
          await api('POST', `/postmortems/${postmortemId}/reviews`, {
            version: pm.version,
            reviewer: 'bob',
            decision: 'approved',
            checklist: CHECKLIST,
          })
        ).body.postmortem;
        const published = await api('POST', `/postmortems/${postmortemId}/publish`, {
          version: pm.version,
          author: 'alice',
        });
        expect(published.status).toBe(201);
        const runs = await eventually(async () => {
          const page = (await api('GET', `/export-runs?postmortemId=${postmortemId}&limit=200`))
            .body;
          const auto = page.items.filter((run: { trigger: string }) => run.trigger === 'publish');
          return auto.length >= 2 &&
            auto.every((run: { status: string }) => run.status !== 'pending')
            ? auto
            : undefined;
        }, 30_000);
        expect(runs.map((run: { targetId: string }) => run.targetId).sort()).toEqual(
          [teamHook.id, allHook.id].sort(),
        );
        expect(
          runs.every(
            (run: { status: string; revision: number }) =>
              run.status === 'succeeded' && run.revision === published.body.revision,
          ),
        ).toBe(true);
        expect(receiver.received.map((r) => r.path).sort()).toEqual(['/all', '/web']);
        expect(otherHook.id).toBeDefined();
        // Asking again for the same revision changes nothing.
        const again = (
          await api('POST', `/postmortems/${postmortemId}/exports`, { targetId: teamHook.id })
        ).body;
        expect(runs.map((run: { id: string }) => run.id)).toContain(again[0].id);
      } finally {
        await receiver.close();
      }
    });
  });
});
