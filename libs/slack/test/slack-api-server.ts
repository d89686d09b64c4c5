/**
 * CONTRACT TEST DOUBLE — Slack cannot run here. A loopback HTTP server shaped like the parts of
 * Slack's Web API (api.slack.com/web) the product calls: form-encoded POSTs to /api/<method> with
 * a Bearer bot token (`{ ok: false, error: "invalid_auth" }` otherwise), conversations.history
 * newest first with cursor paging (`response_metadata.next_cursor`, `has_more`), HTTP 429 with
 * Retry-After when told to rate-limit, and error bodies `{ ok: false, error }` as documented
 * (channel_not_found, user_not_found, message_not_found).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredMessage {
  ts: string;
  user?: string;
  text?: string;
  subtype?: string;
  files?: Array<{ name: string; permalink: string }>;
}

export interface ApiCall {
  method: string;
  params: Record<string, string>;
  authorization: string | undefined;
  status: number;
}

export class SlackApiServer {
  readonly calls: ApiCall[] = [];
  readonly posted: Array<{ method: string; channel: string; user?: string; text: string }> = [];
  readonly channels = new Map<string, StoredMessage[]>();
  /** Channels the app was not invited to: chat.postMessage answers not_in_channel. */
  readonly notInvited = new Set<string>();
  readonly users = new Map<string, { id: string; name: string; real_name: string; tz?: string }>();
  token = 'xoxb-1234567890-contract-test';
  /** Page size of conversations.history whatever `limit` asks (to make paging visible). */
  pageSize = 200;
  /** Methods answered 429 (Retry-After: retryAfterSeconds) this many more times. */
  readonly rateLimits = new Map<string, number>();
  retryAfterSeconds = 1;
  private server?: http.Server;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.calls.push({ method, params, authorization: request.headers.authorization, status });
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    const limited = this.rateLimits.get(method) ?? 0;
    if (limited > 0) {
      this.rateLimits.set(method, limited - 1);
      return send(
        429,
        { ok: false, error: 'ratelimited' },
        { 'retry-after': String(this.retryAfterSeconds) },
      );
    }
    if (request.method !== 'POST') return send(405, { ok: false, error: 'method_not_allowed' });
    if (request.headers.authorization !== `Bearer ${this.token}`)
      return send(200, { ok: false, error: 'invalid_auth' });
    switch (method) {
      case 'auth.test':
        return send(200, {
          ok: true,
          team_id: 'T0CONTRACT',
          team: 'Acme',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        });
      case 'chat.postMessage':
      case 'chat.postEphemeral':
        if (!params.channel) return send(200, { ok: false, error: 'channel_not_found' });
        if (this.notInvited.has(params.channel))
          return send(200, { ok: false, error: 'not_in_channel' });
        this.posted.push({
          method,
          channel: params.channel,
          user: params.user,
          text: params.text ?? '',
        });
        return send(200, { ok: true, ts: `${Math.floor(Date.now() / 1000)}.000100` });
      case 'chat.getPermalink':
        if (!this.channels.has(params.channel ?? ''))
          return send(200, { ok: false, error: 'channel_not_found' });
        return send(200, {
          ok: true,
          channel: params.channel,
          permalink: `https://acme.slack.com/archives/${params.channel}/p${(params.message_ts ?? '').replace('.', '')}`,
        });
      case 'users.info': {
        const user = this.users.get(params.user ?? '');
        if (!user) return send(200, { ok: false, error: 'user_not_found' });
        return send(200, {
          ok: true,
          user: { ...user, profile: { real_name: user.real_name, display_name: user.name } },
        });
      }
      case 'conversations.history': {
        const messages = this.channels.get(params.channel ?? '');
        if (!messages) return send(200, { ok: false, error: 'channel_not_found' });
        const inclusive = params.inclusive === 'true' || params.inclusive === '1';
        const oldest = Number(params.oldest ?? 0);
        const latest = Number(params.latest ?? Number.MAX_SAFE_INTEGER);
        const inWindow = [...messages]
          .filter((m) => {
            const ts = Number(m.ts);
            return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
          })
          .sort((a, b) => Number(b.ts) - Number(a.ts));
        const offset = params.cursor
          ? Number(Buffer.from(params.cursor, 'base64').toString().replace('offset:', ''))
          : 0;
        if (!Number.isInteger(offset)) return send(200, { ok: false, error: 'invalid_cursor' });
        const size = Math.min(this.pageSize, Number(params.limit ?? 100));
        const page = inWindow.slice(offset, offset + size);
        const more = offset + size < inWindow.length;
        return send(200, {
          ok: true,
          messages: page.map((m) => ({ type: 'message', ...m })),
          has_more: more,
          response_metadata: {
            next_cursor: more ? Buffer.from(`offset:${offset + size}`).toString('base64') : '',
          },
        });
      }
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  }
}
