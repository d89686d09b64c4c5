import { FetchError, FetchErrorKind, ForbiddenDestinationError } from './outbound.error';

/**
 * 4xx answers a retry may fix: timeout, conflict (a concurrent edit), too early, rate limited.
 * Every other 4xx, and a redirect (never followed for deliveries), is answered the same way next
 * time.
 */
const RETRYABLE_4XX: ReadonlySet<number> = new Set([408, 409, 425, 429]);

/** Longest Retry-After honoured; a receiver asking for more is retried after this. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/** True when retrying a request that got `status` is useless. */
export function isPermanentStatus(status: number): boolean {
  if (status >= 300 && status < 400) return true;
  return status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
}

/** Retry-After: delta seconds or an HTTP date; milliseconds from `now`, or undefined. */
export function parseRetryAfter(
  value: string | string[] | undefined | null,
  now = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface FailureClass {
  /** Retrying cannot help (refused address, invalid URL, a permanent status). */
  permanent: boolean;
  /** The receiver's Retry-After, capped at MAX_RETRY_AFTER_MS. */
  retryAfterMs?: number;
}

/** The one classifier of outbound failures: permanent or retryable, and when to retry. */
export function classifyOutboundFailure(error: unknown): FailureClass {
  if (error instanceof ForbiddenDestinationError) return { permanent: true };
  if (!(error instanceof FetchError)) return { permanent: false };
  const retryAfterMs =
    error.details.retryAfterMs === undefined
      ? undefined
      : Math.min(error.details.retryAfterMs, MAX_RETRY_AFTER_MS);
  switch (error.kind) {
    case FetchErrorKind.InvalidUrl:
    case FetchErrorKind.ForbiddenAddress:
    case FetchErrorKind.TooManyRedirects:
      return { permanent: true };
    case FetchErrorKind.HttpStatus:
    case FetchErrorKind.RateLimited:
      return {
        permanent: error.details.status !== undefined && isPermanentStatus(error.details.status),
        retryAfterMs,
      };
    default:
      return { permanent: false, retryAfterMs };
  }
}

/** The Retry-After an outbound failure carries (for the queue's backoff), if any. */
export function retryAfterOf(error: unknown): number | undefined {
  return classifyOutboundFailure(error).retryAfterMs;
}
