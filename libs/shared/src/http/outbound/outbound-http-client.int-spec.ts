import * as dns from 'node:dns';
import { gzipSync } from 'node:zlib';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { StatusServer } from '../../../../status-sources/test/status-server';
import { parseRetryAfter } from './failure-classification';
import { FetchError, FetchErrorKind, ForbiddenDestinationError } from './outbound.error';
import { OutboundHttpClient, OutboundHttpClientOptions } from './outbound-http-client';
import {
  LoopbackCanary,
  PUBLIC_ADDRESS,
  rebindingLookup,
} from '../../../../../test/support/outbound-canary';

/** A fake resolver: named hosts get chosen addresses, anything else resolves normally. */
function fakeDns(names: Record<string, string>): typeof dns.lookup {
  return ((hostname: string, options: any, callback: any) => {
    const address = names[hostname];
    if (!address) return dns.lookup(hostname, options, callback);
    const family = address.includes(':') ? 6 : 4;
    return options.all ? callback(null, [{ address, family }]) : callback(null, address, family);
  }) as typeof dns.lookup;
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail');
}

describe('OutboundHttpClient', () => {
  let server: StatusServer;
  const clients: OutboundHttpClient[] = [];
  const client = (options: Partial<OutboundHttpClientOptions> = {}) => {
    const sut = new OutboundHttpClient({
      allowLoopback: true,
      lookup: fakeDns({
        'status.public.test': '127.0.0.1',
        'metadata.test': '169.254.169.254',
        'intranet.test': '10.1.2.3',
        'cgnat.test': '100.64.0.9',
        'ula.test': 'fd00::1',
        'mapped.test': '::ffff:127.0.0.1',
      }),
      ...options,
    });
    clients.push(sut);
    return sut;
  };

  beforeAll(async () => {
    server = await new StatusServer().start();
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await server.stop();
  });

  describe('refuses forbidden destinations', () => {
    it.each([
      ['loopback IPv4 literal', 'http://127.0.0.1:PORT/ok'],
      ['loopback name localhost', 'http://localhost:PORT/ok'],
      ['loopback IPv6 literal', 'http://[::1]:PORT/ok'],
      ['IPv4-mapped IPv6 literal', 'http://[::ffff:127.0.0.1]:PORT/ok'],
      ['other 127/8 address', 'http://127.1.2.3:PORT/ok'],
      ['decimal-encoded loopback', 'http://2130706433:PORT/ok'],
    ])('%s when loopback is not allowed', async (_name, url) => {
      server.serve('/ok', () => '{}');
      const error = await failure(
        client({ allowLoopback: false }).fetchDocument(url.replace('PORT', String(server.port))),
      );
      expect(error.kind).toBe(FetchErrorKind.ForbiddenAddress);
      expect(server.hits.get('/ok')).toBeUndefined();
    });

    it.each([
      ['cloud metadata literal', 'http://169.254.169.254/latest/meta-data/', 'linkLocal'],
      ['private 10/8 literal', 'http://10.0.0.1/', 'private'],
      ['private 192.168 literal', 'http://192.168.1.1/', 'private'],
      ['CGNAT literal', 'http://100.64.1.1/', 'carrierGradeNat'],
      ['unique-local IPv6 literal', 'http://[fc00::1]/', 'uniqueLocal'],
      ['link-local IPv6 literal', 'http://[fe80::1]/', 'linkLocal'],
      ['unspecified address', 'http://0.0.0.0/', 'unspecified'],
      ['IPv4-mapped private address', 'http://[::ffff:10.0.0.1]/', 'ipv4-mapped ipv6'],
      ['name resolving to the metadata address', 'http://metadata.test/', 'linkLocal'],
      ['name resolving to a private address', 'http://intranet.test/', 'private'],
      ['name resolving to CGNAT', 'http://cgnat.test/', 'carrierGradeNat'],
      ['name resolving to unique-local IPv6', 'http://ula.test/', 'uniqueLocal'],
      ['name resolving to IPv4-mapped IPv6', 'http://mapped.test/', 'ipv4-mapped ipv6'],
    ])('%s even when loopback is allowed', async (_name, url, range) => {
      const error = await failure(client().fetchDocument(url));
      expect(error.kind).toBe(FetchErrorKind.ForbiddenAddress);
      expect(error.message).toContain(range);
    });

    it.each([
      ['file:///etc/passwd', 'only http and https'],
      ['ftp://example.com/x', 'only http and https'],
      ['gopher://127.0.0.1:70/', 'only http and https'],
      ['http://user:pw@status.public.test/', 'credentials'],
      ['not a url', 'not a URL'],
    ])('refuses %s', async (url, message) => {
      const error = await failure(client().fetchDocument(url));
      expect(error.kind).toBe(FetchErrorKind.InvalidUrl);
      expect(error.message).toContain(message);
    });

    it.each([
      ['an IP literal', 'http://169.254.169.254/latest/meta-data/'],
      ['a name resolving to a private address', 'http://intranet.test/'],
      ['a non-http scheme', 'file:///etc/passwd'],
    ])('refuses a redirect from an allowed host to %s', async (_name, target) => {
      const url = server.route('/bounce', (_req, res) =>
        res.writeHead(302, { location: target }).end(),
      );
      const error = await failure(
        client().fetchDocument(url.replace('127.0.0.1', 'status.public.test')),
      );
      expect([FetchErrorKind.ForbiddenAddress, FetchErrorKind.InvalidUrl]).toContain(error.kind);
    });
  });

  describe('OUTBOUND_PRIVATE_HOSTS', () => {
    it('lets a listed internal host through to its private address, and only that host', async () => {
      const sut = client({ privateHosts: ['intranet.test'], connectTimeoutMs: 300 });
      // Past the policy: the connection is tried (whatever answers at 10.1.2.3 here, if anything).
      const allowed = await sut.request('http://intranet.test/').then(
        () => null,
        (error: FetchError) => error,
      );
      expect(allowed?.kind).not.toBe(FetchErrorKind.ForbiddenAddress);
      expect(await sut.checkUrl('http://intranet.test/')).toEqual(['10.1.2.3']);
      // Its other kinds of internal address stay refused, and so do other hosts.
      for (const url of ['http://metadata.test/', 'http://cgnat.test/'])
        expect((await failure(sut.request(url))).kind).toBe(FetchErrorKind.ForbiddenAddress);
      const listedMetadata = client({ privateHosts: ['metadata.test'] });
      expect((await failure(listedMetadata.request('http://metadata.test/'))).kind).toBe(
        FetchErrorKind.ForbiddenAddress,
      );
      const other = await failure(client().request('http://intranet.test/'));
      expect(other.kind).toBe(FetchErrorKind.ForbiddenAddress);
      expect(other.message).toContain('OUTBOUND_PRIVATE_HOSTS');
    });
  });

  describe('fetching', () => {
    it('follows up to 5 redirects, relative ones included, and refuses the 6th', async () => {
      server.serve('/final', () => '{"ok":true}');
      for (let i = 1; i <= 6; i++)
        server.route(`/hop${i}`, (_req, res) =>
          res.writeHead(301, { location: i === 1 ? '/final' : `/hop${i - 1}` }).end(),
        );
      const ok = await client().fetchDocument(server.url('/hop5'));
      expect(ok).toMatchObject({
        notModified: false,
        body: '{"ok":true}',
        finalUrl: server.url('/final'),
      });
      const error = await failure(client().fetchDocument(server.url('/hop6')));
      expect(error.kind).toBe(FetchErrorKind.TooManyRedirects);
    });

    it('stops a redirect loop', async () => {
      server.route('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
      const error = await failure(client().fetchDocument(server.url('/loop')));
      expect(error.kind).toBe(FetchErrorKind.TooManyRedirects);
    });

    it('sends ETag and Last-Modified back and reports a 304 without a body', async () => {
      let seen: Record<string, unknown> = {};
      server.route('/conditional', (req, res) => {
        seen = { etag: req.headers['if-none-match'], since: req.headers['if-modified-since'] };
        if (req.headers['if-none-match'] === '"v1"') return res.writeHead(304).end();
        res
          .writeHead(200, {
            'content-type': 'application/json',
            etag: '"v1"',
            'last-modified': 'Tue, 18 Nov 2025 11:20:00 GMT',
          })
          .end('{"page":{}}');
      });
      const sut = client();
      const first = await sut.fetchDocument(server.url('/conditional'));
      expect(first).toMatchObject({
        notModified: false,
        etag: '"v1"',
        lastModified: 'Tue, 18 Nov 2025 11:20:00 GMT',
      });
      const second = await sut.fetchDocument(server.url('/conditional'), {
        etag: '"v1"',
        lastModified: 'Tue, 18 Nov 2025 11:20:00 GMT',
      });
      expect(second).toMatchObject({ notModified: true, status: 304 });
      expect(seen).toEqual({ etag: '"v1"', since: 'Tue, 18 Nov 2025 11:20:00 GMT' });
    });

    it('keeps the connection open across 304s, so steady polling reuses one socket', async () => {
      const ports: number[] = [];
      server.route('/reuse', (req, res) => {
        ports.push(req.socket.remotePort as number);
        // A 304 carries neither a body nor a Content-Length.
        if (req.headers['if-none-match'] === '"r1"') return res.writeHead(304).end();
        res.writeHead(200, { 'content-type': 'application/json', etag: '"r1"' }).end('{}');
      });
      const sut = client();
      expect((await sut.fetchDocument(server.url('/reuse'))).notModified).toBe(false);
      for (let i = 0; i < 3; i++)
        expect((await sut.fetchDocument(server.url('/reuse'), { etag: '"r1"' })).notModified).toBe(
          true,
        );
      expect(ports).toHaveLength(4);
      expect(new Set(ports).size).toBe(1);
    });

    it('decodes gzip bodies', async () => {
      server.route('/gzip', (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          .end(gzipSync('{"a":1}')),
      );
      expect(await client().fetchDocument(server.url('/gzip'))).toMatchObject({ body: '{"a":1}' });
    });

    it('refuses a wrong content type', async () => {
      server.route('/html', (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'),
      );
      const error = await failure(client().fetchDocument(server.url('/html')));
      expect(error.kind).toBe(FetchErrorKind.ContentType);
      expect(error.message).toContain('text/html');
    });

    it('aborts a huge streamed body at the size cap', async () => {
      let written = 0;
      server.route('/huge', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (written < 50 * 1024 * 1024 && !res.destroyed) {
            written += chunk.length;
            if (!res.write(chunk)) return res.once('drain', pump);
          }
          res.end();
        };
        res.on('close', () => undefined);
        pump();
      });
      const error = await failure(
        client({ maxBytes: 1024 * 1024 }).fetchDocument(server.url('/huge')),
      );
      expect(error.kind).toBe(FetchErrorKind.TooLarge);
      expect(written).toBeLessThan(50 * 1024 * 1024);
    });

    it('refuses a declared length above the cap before reading', async () => {
      server.route('/declared', (_req, res) =>
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'content-length': String(10 * 1024 * 1024),
          })
          .end(),
      );
      const error = await failure(
        client({ maxBytes: 1024 }).fetchDocument(server.url('/declared')),
      );
      expect(error.kind).toBe(FetchErrorKind.TooLarge);
    });

    it('reports a gzip bomb as too large', async () => {
      const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
      server.route('/bomb', (_req, res) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
          .end(bomb),
      );
      const error = await failure(
        client({ maxBytes: 1024 * 1024 }).fetchDocument(server.url('/bomb')),
      );
      expect(error.kind).toBe(FetchErrorKind.TooLarge);
    });

    it('reports a truncated body', async () => {
      server.route('/truncated', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"page":');
        setTimeout(() => res.socket?.destroy(), 20);
      });
      const error = await failure(client().fetchDocument(server.url('/truncated')));
      expect(error.kind).toBe(FetchErrorKind.Truncated);
    });

    it('times out a server that never answers', async () => {
      server.route('/silent', () => undefined);
      const error = await failure(
        client({ readTimeoutMs: 200 }).fetchDocument(server.url('/silent')),
      );
      expect(error.kind).toBe(FetchErrorKind.ReadTimeout);
    });

    it('times out a body that stalls halfway', async () => {
      server.route('/stall', (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"page":');
      });
      const error = await failure(
        client({ readTimeoutMs: 200 }).fetchDocument(server.url('/stall')),
      );
      expect([FetchErrorKind.ReadTimeout, FetchErrorKind.Truncated]).toContain(error.kind);
    });

    it('times out a connection that cannot be established', async () => {
      // 192.0.2.0/24 (TEST-NET-1) is "reserved" and refused; a blackholed public address is not
      // reachable offline, so the connect timeout is exercised through a name that never resolves.
      const slowDns = ((_h: string, _o: unknown, _cb: unknown) =>
        undefined) as unknown as typeof dns.lookup;
      const error = await failure(
        client({ lookup: slowDns, connectTimeoutMs: 150 }).fetchDocument('http://slow.test/'),
      );
      expect(error.kind).toBe(FetchErrorKind.ConnectTimeout);
    });

    it('reports 5xx with the status', async () => {
      server.route('/boom', (_req, res) =>
        res.writeHead(503, { 'content-type': 'text/plain' }).end('down'),
      );
      const error = await failure(client().fetchDocument(server.url('/boom')));
      expect(error).toMatchObject({ kind: FetchErrorKind.HttpStatus, details: { status: 503 } });
    });

    it('reports 429 with the Retry-After delay', async () => {
      server.route('/slow-down', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
      const error = await failure(client().fetchDocument(server.url('/slow-down')));
      expect(error).toMatchObject({
        kind: FetchErrorKind.RateLimited,
        details: { retryAfterMs: 120_000 },
      });
    });

    it('reads Retry-After as an HTTP date', () => {
      const now = Date.parse('2025-11-18T11:20:00Z');
      expect(parseRetryAfter('Tue, 18 Nov 2025 11:21:30 GMT', now)).toBe(90_000);
      expect(parseRetryAfter('soon', now)).toBeUndefined();
    });

    it('reports a refused connection as a network error', async () => {
      const closed = new StatusServer();
      await closed.start();
      const url = closed.url('/');
      await closed.stop();
      const error = await failure(client().fetchDocument(url));
      expect(error.kind).toBe(FetchErrorKind.Network);
    });
  });
});

describe('OutboundHttpClient against DNS rebinding', () => {
  let canary: LoopbackCanary;
  beforeAll(async () => {
    canary = await new LoopbackCanary().start();
  });
  afterAll(() => canary.close());

  it('connects only to the address it checked: a name rebinding to 127.0.0.1 never reaches loopback', async () => {
    const lookup = rebindingLookup(1);
    const sut = new OutboundHttpClient({ lookup, connectTimeoutMs: 300, totalTimeoutMs: 2_000 });
    try {
      // The check (save time) sees the public answer …
      expect(await sut.checkUrl(canary.url('rebind.test'))).toEqual([PUBLIC_ADDRESS]);
      // … and every request afterwards resolves again at connect time and is refused.
      for (let attempt = 0; attempt < 3; attempt++) {
        const error = await failure(
          sut.request(canary.url('rebind.test', '/hook'), { method: 'POST', body: '{}' }),
        );
        expect(error.kind).toBe(FetchErrorKind.ForbiddenAddress);
        expect(error.message).toContain('OUTBOUND_ALLOW_LOOPBACK=true');
      }
    } finally {
      sut.close();
    }
    expect(canary.connections).toBe(0);
  });

  it('refuses at save time with a message naming OUTBOUND_ALLOW_LOOPBACK', async () => {
    const sut = new OutboundHttpClient({ loopbackSetting: 'OUTBOUND_ALLOW_LOOPBACK' });
    try {
      await expect(sut.checkUrl('http://127.0.0.1:9/hook')).rejects.toThrow(
        new ForbiddenDestinationError(
          '127.0.0.1 refused: it resolves to 127.0.0.1 (loopback), an internal address; for development, OUTBOUND_ALLOW_LOOPBACK=true allows loopback (127.0.0.0/8, ::1)',
        ),
      );
      await expect(sut.checkUrl('file:///etc/passwd')).rejects.toBeInstanceOf(
        ForbiddenDestinationError,
      );
    } finally {
      sut.close();
    }
  });
});

describe('OutboundHttpClient.request', () => {
  let server: Server;
  let base = '';
  const seen: Array<{ method?: string; url?: string; body: string }> = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, body });
        if (request.url === '/moved') return response.writeHead(302, { location: '/ok' }).end();
        if (request.url === '/busy')
          return response.writeHead(429, { 'retry-after': '7' }).end('slow down');
        response.writeHead(200, { 'content-type': 'text/plain' }).end(`got ${body}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends the method and body and answers any status without throwing', async () => {
    const sut = new OutboundHttpClient({ allowLoopback: true });
    try {
      expect(await sut.request(`${base}/ok`, { method: 'POST', body: 'x=1' })).toMatchObject({
        status: 200,
        ok: true,
        body: 'got x=1',
      });
      const busy = await sut.request(`${base}/busy`);
      expect(busy).toMatchObject({ status: 429, ok: false });
      expect(parseRetryAfter(busy.headers['retry-after'])).toBe(7_000);
    } finally {
      sut.close();
    }
  });

  it('does not follow a redirect unless asked to', async () => {
    const sut = new OutboundHttpClient({ allowLoopback: true });
    try {
      expect((await sut.request(`${base}/moved`, { method: 'POST', body: 'a' })).status).toBe(302);
      expect(await sut.request(`${base}/moved`, { followRedirects: true })).toMatchObject({
        status: 200,
        finalUrl: `${base}/ok`,
      });
    } finally {
      sut.close();
    }
  });
});

describe('OutboundHttpClient: streamed bodies (fetchFunction({ stream: true }))', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/events') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: one\n\n');
        setTimeout(() => response.end('data: two\n\n'), 100);
      } else if (request.url === '/cut') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: one\n\n');
        setTimeout(() => response.socket?.destroy(), 50);
      } else if (request.url === '/quiet') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: one\n\n');
      } else if (request.url === '/big') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end('x'.repeat(10_000));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function readAll(response: Response): Promise<{ chunks: string[]; error?: unknown }> {
    const chunks: string[] = [];
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return { chunks };
        chunks.push(value);
      }
    } catch (error) {
      return { chunks, error };
    }
  }

  it('hands the body over as it arrives', async () => {
    const sut = new OutboundHttpClient({ allowLoopback: true });
    try {
      const response = await sut.fetchFunction({ stream: true })(`${base}/events`);
      expect(response.status).toBe(200);
      const { chunks, error } = await readAll(response);
      expect(error).toBeUndefined();
      expect(chunks).toEqual(['data: one\n\n', 'data: two\n\n']);
    } finally {
      sut.close();
    }
  });

  it('a connection closed mid-body ends the stream with a Truncated error', async () => {
    const sut = new OutboundHttpClient({ allowLoopback: true });
    try {
      const { chunks, error } = await readAll(
        await sut.fetchFunction({ stream: true })(`${base}/cut`),
      );
      expect(chunks).toEqual(['data: one\n\n']);
      expect(error).toBeInstanceOf(FetchError);
      expect((error as FetchError).kind).toBe(FetchErrorKind.Truncated);
    } finally {
      sut.close();
    }
  });

  it('a body that goes quiet ends with the read timeout, not a truncation', async () => {
    const sut = new OutboundHttpClient({ allowLoopback: true, readTimeoutMs: 200 });
    try {
      const { error } = await readAll(await sut.fetchFunction({ stream: true })(`${base}/quiet`));
      expect((error as FetchError).kind).toBe(FetchErrorKind.ReadTimeout);
    } finally {
      sut.close();
    }
  });

  it('a body past maxBytes is aborted with TooLarge', async () => {
    const sut = new OutboundHttpClient({ allowLoopback: true });
    try {
      const response = await sut.fetchFunction({ stream: true, maxBytes: 1_000 })(`${base}/big`);
      const { error } = await readAll(response);
      expect((error as FetchError).kind).toBe(FetchErrorKind.TooLarge);
    } finally {
      sut.close();
    }
  });
});
