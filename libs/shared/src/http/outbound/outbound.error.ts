/** Why an outbound request failed; status sources record it on the source's health. */
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

/** A failed outbound request (transport, address policy, or an HTTP status the caller refused). */
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

/** A URL typed by a person points at an address the policy refuses (or at no http(s) host). */
export class ForbiddenDestinationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenDestinationError';
  }
}
