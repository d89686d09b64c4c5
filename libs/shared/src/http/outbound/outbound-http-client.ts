import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, LookupFunction, Socket } from 'node:net';
import * as zlib from 'node:zlib';
import { PassThrough, Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  AddressPolicy,
  forbiddenRange,
  OUTBOUND_LOOPBACK_SETTING,
  policyForHost,
  refusalMessage,
} from '../address-policy';
import { parseRetryAfter } from './failure-classification';
import { FetchError, FetchErrorKind, ForbiddenDestinationError } from './outbound.error';

export interface OutboundHttpClientOptions extends AddressPolicy {
  maxRedirects: number;
  connectTimeoutMs: number;
  /** Longest silence while waiting for the response or its body. */
  readTimeoutMs: number;
  /** Whole request, all redirect hops included. */
  totalTimeoutMs: number;
  /** Decoded body size cap; the download is aborted as soon as it is exceeded. */
  maxBytes: number;
  /** Accepted media types (without parameters). */
  acceptedTypes: string[];
  userAgent: string;
  /**
   * DNS resolver (dns.lookup); replaceable so tests can point names at chosen addresses. Called
   * once per new connection, and the connection goes to exactly the address it answered and the
   * policy accepted: a name cannot be checked against one answer and connected with another.
   */
  lookup: typeof dns.lookup;
}

export const DEFAULT_CLIENT_OPTIONS: OutboundHttpClientOptions = {
  allowLoopback: false,
  loopbackSetting: OUTBOUND_LOOPBACK_SETTING,
  maxRedirects: 5,
  connectTimeoutMs: 5_000,
  readTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxBytes: 5 * 1024 * 1024,
  acceptedTypes: [
    'application/json',
    'text/json',
    'application/atom+xml',
    'application/rss+xml',
    'application/xml',
    'text/xml',
    'text/plain',
  ],
  userAgent: 'rca-desk/1.0',
  lookup: dns.lookup,
};

/** One request of request(): deliveries, pushes, API calls. */
export interface OutboundRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Follow redirects, each hop checked like the first. Off by default: a 3xx is answered as is. */
  followRedirects?: boolean;
  /** Whole request, body included (defaults to the client's totalTimeoutMs). */
  timeoutMs?: number;
  maxBytes?: number;
}

/** A response whose body is read as it arrives (server-sent events, chunked answers). */
export interface OutboundStreamResponse {
  status: number;
  ok: boolean;
  headers: http.IncomingHttpHeaders;
  /**
   * The decoded body; errors with a FetchError when the connection closes early (Truncated), goes
   * quiet past the read timeout (ReadTimeout) or passes maxBytes (TooLarge).
   */
  body: Readable;
  finalUrl: string;
}

export interface OutboundResponse {
  status: number;
  ok: boolean;
  headers: http.IncomingHttpHeaders;
  /** Decoded body, capped at maxBytes (empty for HEAD, 204, 304). */
  body: string;
  finalUrl: string;
  latencyMs: number;
}

export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { notModified: true; status: 304; finalUrl: string; latencyMs: number }
  | {
      notModified: false;
      status: number;
      finalUrl: string;
      latencyMs: number;
      body: string;
      contentType: string;
      etag: string | null;
      lastModified: string | null;
      /** The response's Date header: the server's clock. */
      date: string | null;
    };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The one outbound HTTP(S) client (status fetches, export pushes, notification deliveries, OIDC):
 * the resolved address of every connection (every redirect hop included) is checked against the
 * address policy at connect time and the socket goes to that very address, so DNS rebinding, IP
 * literals and redirects to internal hosts are refused alike. Keep-alive sockets survive 304s and
 * 204s; bodies, connects and whole requests are bounded.
 */
export class OutboundHttpClient {
  readonly options: OutboundHttpClientOptions;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(options: Partial<OutboundHttpClientOptions> = {}) {
    this.options = { ...DEFAULT_CLIENT_OPTIONS, ...options };
    const lookup = this.lookup.bind(this) as LookupFunction;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256, lookup });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256, lookup });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /** DNS resolution that refuses the whole name if any of its addresses is forbidden. */
  private lookup(
    hostname: string,
    options: dns.LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: any, family?: number) => void,
  ): void {
    this.options.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, undefined);
      if (!addresses?.length)
        return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), undefined);
      const policy = policyForHost(hostname, this.options);
      for (const { address } of addresses) {
        const range = forbiddenRange(address, policy);
        if (range)
          return callback(
            new FetchError(
              FetchErrorKind.ForbiddenAddress,
              refusalMessage(hostname, address, range, policy),
            ) as unknown as NodeJS.ErrnoException,
            undefined,
          );
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  }

  /**
   * The address check of a URL at save time (status sources, export targets, channels): refuses
   * non-http(s) URLs, URLs with credentials and hosts resolving to a forbidden address
   * (ForbiddenDestinationError, naming the loopback setting). A host that does not resolve is a
   * plain Error (may be transient). Returns the addresses checked.
   */
  async checkUrl(url: string): Promise<string[]> {
    let parsed: URL;
    try {
      parsed = parseUrl(url);
    } catch (error) {
      throw new ForbiddenDestinationError(`${url.slice(0, 200)}: ${(error as Error).message}`);
    }
    return this.checkHost(parsed.hostname);
  }

  /** The same check for a bare host name or IP literal (e.g. an SSH host of a git remote). */
  async checkHost(hostname: string): Promise<string[]> {
    const host = hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host)
      ? [host]
      : await new Promise<string[]>((resolve, reject) =>
          this.options.lookup(host, { all: true }, (error, found) =>
            error
              ? reject(new Error(`${hostname}: cannot resolve the host (${error.message})`))
              : resolve(found.map((entry) => entry.address)),
          ),
        );
    const policy = policyForHost(host, this.options);
    for (const address of addresses) {
      const range = forbiddenRange(address, policy);
      if (range)
        throw new ForbiddenDestinationError(refusalMessage(hostname, address, range, policy));
    }
    return addresses;
  }

  /**
   * One request (webhook, wiki API, OIDC): any status is answered (the caller classifies it with
   * classifyOutboundFailure / isPermanentStatus); transport failures and refused addresses throw
   * FetchError.
   */
  async request(url: string, init: OutboundRequest = {}): Promise<OutboundResponse> {
    const started = performance.now();
    const deadline = Date.now() + (init.timeoutMs ?? this.options.totalTimeoutMs);
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body;
    let current = parseUrl(url);
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {
        'user-agent': this.options.userAgent,
        'accept-encoding': 'gzip, deflate, br',
        ...lowerCase(init.headers ?? {}),
      };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const response = await this.send(current, method, headers, body, deadline, {
        readTimeoutMs: Math.min(this.options.readTimeoutMs, init.timeoutMs ?? Infinity),
        maxBytes: init.maxBytes ?? this.options.maxBytes,
      });
      if (init.followRedirects && REDIRECTS.has(response.status) && response.location) {
        await response.discard();
        if (hop >= this.options.maxRedirects)
          throw new FetchError(
            FetchErrorKind.TooManyRedirects,
            `more than ${this.options.maxRedirects} redirects (last: ${current.href})`,
            { url: current.href },
          );
        if (response.status === 303 || (response.status <= 302 && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        current = parseUrl(response.location, current);
        continue;
      }
      const text =
        method === 'HEAD' || response.status === 204 || response.status === 304
          ? (await response.discard(), '')
          : await response.readBody();
      return {
        status: response.status,
        ok: response.status >= 200 && response.status < 300,
        headers: response.headers,
        body: text,
        finalUrl: current.href,
        latencyMs: Math.round(performance.now() - started),
      };
    }
  }

  /**
   * One request whose body is handed over as it arrives (no redirects followed): the connect and
   * read timeouts apply to every chunk, `timeoutMs` to the whole exchange, `maxBytes` to the
   * decoded body.
   */
  async requestStream(url: string, init: OutboundRequest = {}): Promise<OutboundStreamResponse> {
    const deadline = Date.now() + (init.timeoutMs ?? this.options.totalTimeoutMs);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      'accept-encoding': 'gzip, deflate, br',
      ...lowerCase(init.headers ?? {}),
    };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const current = parseUrl(url);
    const response = await this.send(current, method, headers, init.body, deadline, {
      readTimeoutMs: Math.min(this.options.readTimeoutMs, init.timeoutMs ?? Infinity),
      maxBytes: init.maxBytes ?? this.options.maxBytes,
    });
    return {
      status: response.status,
      ok: response.status >= 200 && response.status < 300,
      headers: response.headers,
      body: response.bodyStream(),
      finalUrl: current.href,
    };
  }

  /**
   * A Fetch API `fetch` on this client, for libraries that take one (openid-client, the openai
   * SDK). `stream`: the body is passed on as it arrives instead of read whole first.
   */
  fetchFunction(
    defaults: Pick<OutboundRequest, 'timeoutMs' | 'followRedirects' | 'maxBytes'> & {
      stream?: boolean;
    } = {},
  ): (input: string | URL, init?: RequestInit) => Promise<Response> {
    return async (input, init = {}) => {
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => (headers[key] = value));
      const { stream, ...requestDefaults } = defaults;
      const request: OutboundRequest = {
        ...requestDefaults,
        method: init.method,
        headers,
        body:
          init.body === undefined || init.body === null
            ? undefined
            : typeof init.body === 'string'
              ? init.body
              : init.body instanceof URLSearchParams
                ? init.body.toString()
                : Buffer.from(init.body as ArrayBuffer).toString('utf8'),
      };
      const answer = stream
        ? await this.requestStream(String(input), request)
        : await this.request(String(input), request);
      const responseHeaders = new Headers();
      for (const [key, value] of Object.entries(answer.headers))
        if (key !== 'content-encoding' && key !== 'content-length' && value !== undefined)
          for (const item of Array.isArray(value) ? value : [value])
            responseHeaders.append(key, item);
      const bodiless = [101, 204, 205, 304].includes(answer.status);
      if (bodiless && typeof answer.body !== 'string') answer.body.destroy();
      const body: BodyInit | null = bodiless
        ? null
        : typeof answer.body === 'string'
          ? answer.body
          : (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>);
      const response = new Response(body, { status: answer.status, headers: responseHeaders });
      Object.defineProperty(response, 'url', { value: answer.finalUrl });
      if (init.signal && typeof answer.body !== 'string') {
        const readable = answer.body;
        init.signal.addEventListener('abort', () => readable.destroy(), { once: true });
      }
      return response;
    };
  }

  /**
   * A vendor status document (GET with ETag/Last-Modified, redirects followed and checked, JSON
   * or feed content types only); 304 is answered as notModified, other non-2xx throw.
   */
  async fetchDocument(url: string, conditional: ConditionalHeaders = {}): Promise<FetchResult> {
    const started = performance.now();
    const deadline = Date.now() + this.options.totalTimeoutMs;
    let current = parseUrl(url);
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      accept:
        'application/json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.1',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (conditional.etag) headers['if-none-match'] = conditional.etag;
    if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
    for (let hop = 0; ; hop++) {
      const response = await this.send(current, 'GET', headers, undefined, deadline, this.options);
      if (REDIRECTS.has(response.status)) {
        await response.discard();
        if (hop >= this.options.maxRedirects)
          throw new FetchError(
            FetchErrorKind.TooManyRedirects,
            `more than ${this.options.maxRedirects} redirects (last: ${current.href})`,
            { url: current.href },
          );
        if (!response.location)
          throw new FetchError(
            FetchErrorKind.HttpStatus,
            `redirect ${response.status} without Location`,
            {
              status: response.status,
            },
          );
        current = parseUrl(response.location, current);
        continue;
      }
      const latency = () => Math.round(performance.now() - started);
      if (response.status === 304) {
        await response.discard();
        return { notModified: true, status: 304, finalUrl: current.href, latencyMs: latency() };
      }
      if (response.status === 429) {
        await response.discard();
        const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
        throw new FetchError(
          FetchErrorKind.RateLimited,
          `429 Too Many Requests${retryAfterMs !== undefined ? `; retry after ${Math.ceil(retryAfterMs / 1000)} s` : ''}`,
          { status: 429, retryAfterMs },
        );
      }
      if (response.status < 200 || response.status >= 300) {
        await response.discard();
        throw new FetchError(
          FetchErrorKind.HttpStatus,
          `HTTP ${response.status} from ${current.href}`,
          {
            status: response.status,
          },
        );
      }
      const contentType = String(response.headers['content-type'] ?? '');
      const mediaType = contentType.split(';')[0].trim().toLowerCase();
      if (!this.options.acceptedTypes.includes(mediaType)) {
        await response.discard();
        throw new FetchError(
          FetchErrorKind.ContentType,
          `unexpected content type ${JSON.stringify(contentType || '(none)')}; expected JSON, Atom or RSS`,
          { status: response.status },
        );
      }
      const body = await response.readBody();
      return {
        notModified: false,
        status: response.status,
        finalUrl: current.href,
        latencyMs: latency(),
        body,
        contentType,
        etag: header(response.headers.etag),
        lastModified: header(response.headers['last-modified']),
        date: header(response.headers.date),
      };
    }
  }

  private send(
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    deadline: number,
    limits: { readTimeoutMs: number; maxBytes: number },
  ) {
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    const policy = policyForHost(literal, this.options);
    if (isIP(literal)) {
      const range = forbiddenRange(literal, policy);
      if (range)
        return Promise.reject(
          new FetchError(
            FetchErrorKind.ForbiddenAddress,
            refusalMessage(literal, literal, range, policy),
            { url: url.href },
          ),
        );
    }
    const options = { ...policy, ...limits };
    const secure = url.protocol === 'https:';

    return new Promise<PendingResponse>((resolve, reject) => {
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        return reject(new FetchError(FetchErrorKind.ReadTimeout, 'overall time limit reached'));
      const request = (secure ? https : http).request(url, {
        method,
        headers,
        agent: secure ? this.httpsAgent : this.httpAgent,
      });
      let settled = false;
      const fail = (error: FetchError) => {
        if (settled) return;
        settled = true;
        request.destroy();
        reject(error);
      };
      const connectTimer = setTimeout(
        () =>
          fail(
            new FetchError(
              FetchErrorKind.ConnectTimeout,
              `no connection to ${url.host} within ${options.connectTimeoutMs} ms`,
            ),
          ),
        Math.min(options.connectTimeoutMs, remaining),
      );
      // Why the request was ended by us (a timeout), for a body that is streamed on.
      let endedBecause: FetchError | undefined;
      const end = (error: FetchError) => {
        endedBecause ??= error;
        request.destroy(error);
      };
      const overall = setTimeout(
        () =>
          end(
            new FetchError(
              FetchErrorKind.ReadTimeout,
              `no complete answer within ${options.totalTimeoutMs} ms`,
            ),
          ),
        remaining,
      );
      request.setTimeout(options.readTimeoutMs, () =>
        end(
          new FetchError(
            FetchErrorKind.ReadTimeout,
            `no data from ${url.host} for ${options.readTimeoutMs} ms`,
          ),
        ),
      );
      request.on('socket', (socket: Socket) => {
        const check = () => {
          clearTimeout(connectTimer);
          // Belt and braces: whatever path led here, the peer must be allowed.
          const range = socket.remoteAddress ? forbiddenRange(socket.remoteAddress, options) : null;
          if (range)
            fail(
              new FetchError(
                FetchErrorKind.ForbiddenAddress,
                refusalMessage(url.hostname, socket.remoteAddress as string, range, options),
              ),
            );
        };
        if (socket.remoteAddress && !socket.connecting) check();
        else socket.once(secure ? 'secureConnect' : 'connect', check);
      });
      request.on('error', (error: Error) => {
        clearTimeout(connectTimer);
        clearTimeout(overall);
        fail(error instanceof FetchError ? error : classify(error, url));
      });
      request.on('response', (response) => {
        clearTimeout(connectTimer);
        if (settled) return response.destroy();
        settled = true;
        resolve(
          new PendingResponse(
            response,
            options.maxBytes,
            () => clearTimeout(overall),
            (error) => request.destroy(error),
            () => endedBecause,
          ),
        );
      });
      request.end(body);
    });
  }
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]),
  );
}

class PendingResponse {
  constructor(
    private readonly response: http.IncomingMessage,
    private readonly maxBytes: number,
    private readonly done: () => void,
    private readonly abort: (error: Error) => void,
    /** The timeout that ended the request, if one did. */
    private readonly endedBecause: () => FetchError | undefined = () => undefined,
  ) {}

  get status(): number {
    return this.response.statusCode ?? 0;
  }
  get headers(): http.IncomingHttpHeaders {
    return this.response.headers;
  }
  get location(): string | undefined {
    return this.response.headers.location;
  }

  /**
   * Drains the response and keeps the connection for the next request when it has no body (304,
   * 204) or a small declared one; destroys it otherwise (an unknown or large body is not worth
   * downloading). Resolves once the connection is back in the pool (or gone).
   */
  async discard(): Promise<void> {
    this.done();
    const bodiless = this.status === 304 || this.status === 204;
    const length = Number(this.response.headers['content-length'] ?? NaN);
    if (bodiless || (Number.isFinite(length) && length <= 64 * 1024)) {
      this.response.resume();
      // The read timeout still applies: a stalled body ends in an error, which is fine here.
      await finished(this.response).catch(() => undefined);
    } else this.response.destroy();
  }

  /** The decoded body as a stream, ending in a FetchError if it stops short (see requestStream). */
  bodyStream(): Readable {
    const { response, maxBytes } = this;
    const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
    const output = new PassThrough();
    let ended = false;
    const fail = (error: Error) => {
      if (ended) return;
      ended = true;
      this.done();
      response.destroy();
      // A body cut by our own timeout is a timeout, not a truncation by the peer.
      const reason = this.endedBecause() ?? error;
      output.destroy(reason instanceof FetchError ? reason : classify(reason));
    };
    let decoded: NodeJS.ReadableStream = response;
    if (encoding === 'gzip' || encoding === 'x-gzip') decoded = response.pipe(zlib.createGunzip());
    else if (encoding === 'deflate') decoded = response.pipe(zlib.createInflate());
    else if (encoding === 'br') decoded = response.pipe(zlib.createBrotliDecompress());
    else if (encoding !== 'identity') {
      queueMicrotask(() =>
        fail(
          new FetchError(FetchErrorKind.ContentType, `unsupported content encoding ${encoding}`),
        ),
      );
      return output;
    }
    let size = 0;
    decoded.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(tooLarge(maxBytes));
      output.write(chunk);
    });
    decoded.on('error', (error: Error) =>
      fail(
        error instanceof FetchError
          ? error
          : new FetchError(FetchErrorKind.Truncated, `body could not be decoded: ${error.message}`),
      ),
    );
    response.on('aborted', () => fail(truncated()));
    response.on('error', (error: Error) => fail(error));
    response.on('close', () => {
      if (!response.complete) fail(truncated());
    });
    decoded.on('end', () => {
      if (!response.complete) return fail(truncated());
      if (ended) return;
      ended = true;
      this.done();
      output.end();
    });
    // The reader gave up (client gone, aborted): stop downloading.
    output.on('close', () => {
      if (!ended) {
        ended = true;
        this.done();
        response.destroy();
      }
    });
    return output;
  }

  readBody(): Promise<string> {
    const { response, maxBytes } = this;
    const declared = Number(response.headers['content-length'] ?? NaN);
    const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase();
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | null, body?: string) => {
        if (settled) return;
        settled = true;
        this.done();
        if (error) {
          response.destroy();
          reject(error instanceof FetchError ? error : classify(error));
        } else resolve(body as string);
      };
      if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes)
        return finish(tooLarge(maxBytes));
      let stream: NodeJS.ReadableStream = response;
      if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(zlib.createGunzip());
      else if (encoding === 'deflate') stream = response.pipe(zlib.createInflate());
      else if (encoding === 'br') stream = response.pipe(zlib.createBrotliDecompress());
      else if (encoding !== 'identity')
        return finish(
          new FetchError(FetchErrorKind.ContentType, `unsupported content encoding ${encoding}`),
        );
      const chunks: Buffer[] = [];
      let size = 0;
      let raw = 0;
      response.on('data', (chunk: Buffer) => (raw += chunk.length));
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return finish(tooLarge(maxBytes));
        chunks.push(chunk);
      });
      stream.on('error', (error: Error) =>
        finish(
          error instanceof FetchError
            ? error
            : new FetchError(
                FetchErrorKind.Truncated,
                `body could not be decoded: ${error.message}`,
              ),
        ),
      );
      response.on('aborted', () => finish(truncated()));
      response.on('error', (error: Error) => finish(error));
      response.on('close', () => {
        if (!response.complete) finish(truncated());
      });
      stream.on('end', () => {
        if (
          !response.complete ||
          (encoding === 'identity' && Number.isFinite(declared) && raw < declared)
        )
          return finish(truncated());
        finish(null, Buffer.concat(chunks).toString('utf8'));
      });
    });
  }
}

function tooLarge(maxBytes: number): FetchError {
  return new FetchError(
    FetchErrorKind.TooLarge,
    `response larger than ${maxBytes} bytes; download aborted`,
  );
}
function truncated(): FetchError {
  return new FetchError(
    FetchErrorKind.Truncated,
    'the connection closed before the whole body arrived',
  );
}

function header(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function parseUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new FetchError(
      FetchErrorKind.InvalidUrl,
      `not a URL: ${JSON.stringify(text.slice(0, 200))}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new FetchError(
      FetchErrorKind.InvalidUrl,
      `only http and https URLs are allowed, not ${url.protocol}`,
    );
  if (url.username || url.password)
    throw new FetchError(FetchErrorKind.InvalidUrl, 'URLs with credentials are not allowed');
  return url;
}

function classify(error: Error & { code?: string }, url?: URL): FetchError {
  const code = error.code ?? '';
  const where = url ? ` (${url.host})` : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new FetchError(FetchErrorKind.DnsFailure, `cannot resolve host${where}: ${code}`);
  if (
    /CERT|SSL|TLS|ERR_TLS|UNABLE_TO_VERIFY|SELF_SIGNED|DEPTH_ZERO/.test(code) ||
    /certificate|ssl|tls/i.test(error.message)
  )
    return new FetchError(FetchErrorKind.Tls, `TLS error${where}: ${error.message}`);
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE')
    return new FetchError(FetchErrorKind.Truncated, `connection reset${where}: ${error.message}`);
  return new FetchError(FetchErrorKind.Network, `network error${where}: ${error.message}`);
}
