import { FetchError, FetchErrorKind, OutboundHttpClient, parseRetryAfter } from '@rca/shared';

/** Slack errors that a retry can cure; every other `{ ok: false, error }` is permanent. */
const TRANSIENT_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** `{ ok: false, error }` from the Web API. */
export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly error: string,
  ) {
    super(`Slack ${method} answered ${error}`);
    this.name = 'SlackApiError';
  }

  get permanent(): boolean {
    return !TRANSIENT_ERRORS.has(this.error);
  }

  /** The token itself is refused: nothing else will work either. */
  get authentication(): boolean {
    return AUTHENTICATION_ERRORS.has(this.error);
  }
}

const AUTHENTICATION_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

/**
 * Details that only embellish a message (a name, a permalink): a refusal of that one call
 * (user_not_found, message_not_found, missing_scope) gives null; a bad token or a transient
 * failure is thrown as usual.
 */
async function optional<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof SlackApiError && error.permanent && !error.authentication) return null;
    throw error;
  }
}

export interface SlackWebApiOptions {
  /** Base URL of the Web API, `https://slack.com/api` (SLACK_API_URL). */
  baseUrl: string;
  token: string;
  /** Longest Retry-After waited in place; a longer one is left to the queue's backoff. */
  maxInlineWaitMs?: number;
  /** How many 429s one call sits out before giving up to the queue. */
  maxRateLimitWaits?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SlackMessage {
  type?: string;
  subtype?: string;
  ts: string;
  user?: string;
  bot_id?: string;
  username?: string;
  text?: string;
  thread_ts?: string;
  files?: Array<{
    id?: string;
    name?: string;
    title?: string;
    permalink?: string;
    url_private?: string;
  }>;
  user_profile?: { real_name?: string; display_name?: string; name?: string };
}

export interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  tz?: string;
  profile?: { display_name?: string; real_name?: string };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The few Web API methods the product calls, as plain form posts through the product's one
 * outbound HTTP client (address policy, timeouts, size caps). @slack/web-api is not used: it
 * brings its own HTTP stack (axios), which the outbound client cannot be given cleanly.
 * A 429 is waited out as its Retry-After says (in place up to maxInlineWaitMs, else the
 * FetchError carries it to the queue's backoff).
 */
export class SlackWebApi {
  private readonly maxInlineWaitMs: number;
  private readonly maxRateLimitWaits: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly http: OutboundHttpClient,
    private readonly options: SlackWebApiOptions,
  ) {
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 30_000;
    this.maxRateLimitWaits = options.maxRateLimitWaits ?? 5;
    this.sleep = options.sleep ?? sleep;
  }

  async call<T extends Record<string, unknown>>(
    method: string,
    params: Record<string, string | number | boolean | undefined>,
  ): Promise<T & { ok: true }> {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) form.set(key, String(value));
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/${method}`;
    for (let waits = 0; ; waits++) {
      const response = await this.http.request(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
      });
      if (response.status === 429) {
        const retryAfterMs = parseRetryAfter(response.headers['retry-after']) ?? 1_000;
        if (waits < this.maxRateLimitWaits && retryAfterMs <= this.maxInlineWaitMs) {
          await this.sleep(retryAfterMs);
          continue;
        }
        throw new FetchError(FetchErrorKind.RateLimited, `Slack ${method} is rate limited`, {
          status: 429,
          retryAfterMs,
          url,
        });
      }
      if (!response.ok)
        throw new FetchError(
          FetchErrorKind.HttpStatus,
          `Slack ${method} answered HTTP ${response.status}`,
          {
            status: response.status,
            retryAfterMs: parseRetryAfter(response.headers['retry-after']),
            url,
          },
        );
      let body: { ok?: boolean; error?: string } & Record<string, unknown>;
      try {
        body = JSON.parse(response.body) as typeof body;
      } catch {
        throw new FetchError(FetchErrorKind.ContentType, `Slack ${method} did not answer JSON`, {
          url,
        });
      }
      if (body.ok !== true) throw new SlackApiError(method, String(body.error ?? 'unknown_error'));
      return body as T & { ok: true };
    }
  }

  authTest() {
    return this.call<{ team_id?: string; team?: string; user_id?: string; bot_id?: string }>(
      'auth.test',
      {},
    );
  }

  postMessage(channel: string, text: string) {
    return this.call<{ ts?: string }>('chat.postMessage', { channel, text, unfurl_links: false });
  }

  postEphemeral(channel: string, user: string, text: string) {
    return this.call('chat.postEphemeral', { channel, user, text });
  }

  async permalink(channel: string, messageTs: string): Promise<string | null> {
    const answer = await optional(
      this.call<{ permalink?: string }>('chat.getPermalink', { channel, message_ts: messageTs }),
    );
    return answer?.permalink ?? null;
  }

  async user(id: string): Promise<SlackUser | null> {
    const answer = await optional(this.call<{ user?: SlackUser }>('users.info', { user: id }));
    return answer?.user ?? null;
  }

  /** One page of conversations.history, oldest/latest as Slack ts strings (inclusive). */
  history(channel: string, window: { oldest: string; latest: string }, cursor?: string) {
    return this.call<{
      messages?: SlackMessage[];
      has_more?: boolean;
      response_metadata?: { next_cursor?: string };
    }>('conversations.history', {
      channel,
      oldest: window.oldest,
      latest: window.latest,
      inclusive: true,
      limit: 200,
      cursor: cursor || undefined,
    });
  }
}
