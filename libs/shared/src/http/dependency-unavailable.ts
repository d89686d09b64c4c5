import { QueryFailedError } from 'typeorm';

/** A dependency whose outage the API reports as 503 instead of 500. */
export type Dependency = 'database' | 'redis';

/** The machine-readable code of every 503 caused by a dependency outage. */
export const DEPENDENCY_UNAVAILABLE = 'DEPENDENCY_UNAVAILABLE' as const;

/** Seconds a client should wait before retrying, per dependency (the Retry-After header). */
export const RETRY_AFTER_SECONDS: Record<Dependency, number> = { database: 5, redis: 5 };

const NAMES: Record<Dependency, string> = {
  database: 'The database',
  redis: 'Redis (the job queue)',
};

/**
 * Thrown where the code knows which dependency failed (e.g. the queue producer), so the filter
 * does not have to guess from the error's shape.
 */
export class DependencyUnavailableError extends Error {
  constructor(
    readonly dependency: Dependency,
    override readonly cause: unknown,
  ) {
    super(`${NAMES[dependency]} is unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DependencyUnavailableError';
  }
}

// SQLSTATEs of a server that is going away or cannot be reached (08 connection exception,
// 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 53300 too many connections).
const DATABASE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENOENT', // unix socket gone
]);

// node-postgres, pg-pool and TypeORM messages when the server is gone or the pool cannot connect.
const DATABASE_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Driver not Connected/i,
  /Cannot use a pool after calling end on the pool/i,
  /terminating connection due to administrator command/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

// ioredis and BullMQ messages when Redis cannot be reached by a fail-fast producer connection.
const REDIS_MESSAGES = [
  /Stream isn't writeable and enableOfflineQueue options is false/i,
  /Reached the max retries per request limit/i,
  /^Connection is closed\.?$/i,
  /^Command timed out$/i,
  /Redis did not answer/i,
];

const REDIS_ERROR_NAMES = new Set(['MaxRetriesPerRequestError']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Which dependency an error says is unreachable, or null when it is not an outage. Bare network
 * errors are attributed to the database: every Redis call of the API goes through fail-fast
 * ioredis connections, whose errors have the messages above, never a raw socket error.
 */
export function unavailableDependency(error: unknown, depth = 0): Dependency | null {
  if (!error || typeof error !== 'object' || depth > 4) return null;
  if (error instanceof DependencyUnavailableError) return error.dependency;
  if (error instanceof QueryFailedError) {
    const driverError = (error as QueryFailedError & { driverError?: unknown }).driverError;
    const sqlState = codeOf(driverError);
    if (sqlState && DATABASE_SQLSTATE.test(sqlState)) return 'database';
    return unavailableDependency(driverError, depth + 1) === 'database' ? 'database' : null;
  }
  const message = (error as { message?: unknown }).message;
  const text = typeof message === 'string' ? message : '';
  const name = (error as { name?: unknown }).name;
  if (REDIS_ERROR_NAMES.has(String(name)) || REDIS_MESSAGES.some((pattern) => pattern.test(text)))
    return 'redis';
  const code = codeOf(error);
  if (code && DATABASE_SQLSTATE.test(code)) return 'database';
  if (code && NETWORK_CODES.has(code)) return 'database';
  if (DATABASE_MESSAGES.some((pattern) => pattern.test(text))) return 'database';
  // Node reports a refused connection to a host with several addresses as an AggregateError.
  if (error instanceof AggregateError)
    for (const inner of error.errors) {
      const found = unavailableDependency(inner, depth + 1);
      if (found) return found;
    }
  const cause = (error as { cause?: unknown }).cause;
  return cause ? unavailableDependency(cause, depth + 1) : null;
}

/** The client-facing sentence of a 503: which dependency, and that nothing was changed. */
export function unavailableMessage(dependency: Dependency): string {
  return dependency === 'database'
    ? 'The database is unavailable right now; nothing was changed. Retry after the time in Retry-After.'
    : 'Redis (the job queue) is unavailable right now, so the background work of this request could not be queued; retrying it after Retry-After is safe. Reads keep working.';
}
