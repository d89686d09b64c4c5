import { FetchError, FetchErrorKind, OutboundHttpClient, OutboundResponse } from '@rca/shared';
import { SlackApiError, SlackWebApi } from './slack-web-api';

/** Answers from a script, recording each call (no network: the contract server covers the wire). */
function scripted(answers: Array<Partial<OutboundResponse>>) {
  const calls: Array<{ url: string; body?: string; headers?: Record<string, string> }> = [];
  const http = {
    request: jest.fn(
      async (url: string, init: { body?: string; headers?: Record<string, string> }) => {
        calls.push({ url, body: init.body, headers: init.headers });
        const answer = answers.shift() ?? { status: 200, body: '{"ok":true}' };
        const status = answer.status ?? 200;
        return {
          ok: status < 300,
          headers: {},
          finalUrl: url,
          latencyMs: 1,
          body: '',
          ...answer,
          status,
        };
      },
    ),
  } as unknown as OutboundHttpClient;
  return { http, calls };
}

describe('Slack Web API client', () => {
  const sleeps: number[] = [];
  const options = {
    baseUrl: 'https://slack.test/api/',
    token: 'xoxb-test',
    sleep: async (ms: number) => void sleeps.push(ms),
  };
  beforeEach(() => (sleeps.length = 0));

  it('posts the form with the bot token to <base>/<method>', async () => {
    const { http, calls } = scripted([{ body: '{"ok":true,"ts":"1.000001"}' }]);
    const answer = await new SlackWebApi(http, options).postMessage('C1', 'hello & bye');
    expect(answer.ts).toBe('1.000001');
    expect(calls[0]).toMatchObject({
      url: 'https://slack.test/api/chat.postMessage',
      body: 'channel=C1&text=hello+%26+bye&unfurl_links=false',
      headers: {
        authorization: 'Bearer xoxb-test',
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
  });

  it('sits out a 429 as its Retry-After says, then carries on', async () => {
    const { http, calls } = scripted([
      { status: 429, headers: { 'retry-after': '3' } },
      { body: '{"ok":true}' },
    ]);
    await new SlackWebApi(http, options).authTest();
    expect(sleeps).toEqual([3_000]);
    expect(calls).toHaveLength(2);
  });

  it('leaves a long Retry-After to the queue, the wait attached', async () => {
    const { http } = scripted([{ status: 429, headers: { 'retry-after': '120' } }]);
    const error = await new SlackWebApi(http, options).authTest().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({
      kind: FetchErrorKind.RateLimited,
      details: { status: 429, retryAfterMs: 120_000 },
    });
    expect(sleeps).toEqual([]);
  });

  it('turns { ok: false, error } into a SlackApiError, permanent or not', async () => {
    const { http } = scripted([
      { body: '{"ok":false,"error":"channel_not_found"}' },
      { body: '{"ok":false,"error":"internal_error"}' },
    ]);
    const api = new SlackWebApi(http, options);
    const first = (await api.postMessage('C1', 'x').catch((e: unknown) => e)) as SlackApiError;
    const second = (await api.postMessage('C1', 'x').catch((e: unknown) => e)) as SlackApiError;
    expect([first.error, first.permanent]).toEqual(['channel_not_found', true]);
    expect([second.error, second.permanent]).toEqual(['internal_error', false]);
  });

  it('does without a name or permalink Slack will not give, but not without a valid token', async () => {
    const { http } = scripted([
      { body: '{"ok":false,"error":"user_not_found"}' },
      { body: '{"ok":false,"error":"missing_scope"}' },
      { body: '{"ok":false,"error":"invalid_auth"}' },
    ]);
    const api = new SlackWebApi(http, options);
    expect(await api.user('U1')).toBeNull();
    expect(await api.permalink('C1', '1.000001')).toBeNull();
    await expect(api.user('U1')).rejects.toMatchObject({ error: 'invalid_auth' });
  });

  it('refuses an answer that is not JSON, and HTTP 5xx as retryable', async () => {
    const { http } = scripted([{ body: '<html>' }, { status: 503, body: 'down' }]);
    const api = new SlackWebApi(http, options);
    await expect(api.authTest()).rejects.toMatchObject({ kind: FetchErrorKind.ContentType });
    await expect(api.authTest()).rejects.toMatchObject({
      kind: FetchErrorKind.HttpStatus,
      details: { status: 503 },
    });
  });
});
