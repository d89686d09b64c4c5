/** Why a fetch failed; recorded on the source's health. */
export enum FetchErrorKind {
  InvalidUrl = 'invalid_url',
  ForbiddenAddress = 'forbidden_address',
  DnsFailure = 'dns_failure',
  ConnectTimeout = 'connect_timeout',
  ReadTimeout = 'read_timeout',
  Network = 'network',
  Tls = 'tls',
  TooManyRedirects = 'too_many_redirects',
  HttpStatus = 'http_status',
  RateLimited = 'rate_limited',
  ContentType = 'content_type',
  TooLarge = 'too_large',
  Truncated = 'truncated',
}

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; url?: string } = {},
  ) {
    super(message);
    this.name = 'FetchError';
  }
}
