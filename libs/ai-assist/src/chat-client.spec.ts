import { APIConnectionError, APIError } from 'openai';
import { FetchError, FetchErrorKind } from '@rca/shared';
import { chatFailure } from './chat-client';

const apiError = (status: number, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message: 'x' } }, 'x', new Headers(headers));

describe('chatFailure: every endpoint failure becomes one clear AI error', () => {
  it('429 → AI_RATE_LIMITED with the endpoint’s Retry-After', () => {
    const sut = chatFailure(apiError(429, { 'retry-after': '12' }));
    expect(sut).toMatchObject({ code: 'AI_RATE_LIMITED', status: 503 });
    expect(sut.details).toMatchObject({ retryAfterSeconds: 12 });
  });

  it('a refused key names the settings; a 5xx is the endpoint being unavailable', () => {
    expect(chatFailure(apiError(401)).message).toMatch(/API key/);
    expect(chatFailure(apiError(502))).toMatchObject({ code: 'AI_ENDPOINT_UNAVAILABLE' });
  });

  it('transport failures: timeout, refused address, cut body', () => {
    const wrap = (cause: Error) => new APIConnectionError({ cause });
    expect(chatFailure(wrap(new FetchError(FetchErrorKind.ReadTimeout, 'quiet'))).message).toMatch(
      /in time/,
    );
    expect(
      chatFailure(wrap(new FetchError(FetchErrorKind.ForbiddenAddress, '10.0.0.1 refused')))
        .message,
    ).toMatch(/address policy/);
    expect(chatFailure(new FetchError(FetchErrorKind.Truncated, 'cut'))).toMatchObject({
      code: 'AI_MALFORMED_ANSWER',
    });
  });

  it('unparseable data is a malformed answer', () => {
    expect(chatFailure(new SyntaxError('Unexpected token in JSON'))).toMatchObject({
      code: 'AI_MALFORMED_ANSWER',
    });
  });
});
