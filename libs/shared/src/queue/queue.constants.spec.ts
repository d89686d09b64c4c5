import { Environment, loadEnvironment } from '../config/environment';
import {
  attemptsForWindow,
  CAPPED_BACKOFF,
  cappedBackoffDelay,
  JOB_QUEUE,
  jobOptions,
  JobName,
  QueueName,
  queueConcurrency,
  retryDelay,
} from './queue.constants';
import { FetchError, FetchErrorKind } from '../http/outbound/outbound.error';
import {
  classifyOutboundFailure,
  MAX_RETRY_AFTER_MS,
} from '../http/outbound/failure-classification';

function totalBackoff(environment: Environment, attempts: number): number {
  let total = 0;
  for (let retry = 1; retry < attempts; retry++) total += cappedBackoffDelay(retry, environment);
  return total;
}

describe('retry budget of pushes and deliveries', () => {
  it.each([JobName.ExportPush, JobName.NotificationDeliver])(
    '%s keeps retrying for at least 30 minutes by default',
    (name) => {
      const environment = new Environment();
      const sut = jobOptions(name, environment);
      expect(sut.backoff).toEqual({ type: CAPPED_BACKOFF, delay: 2_000 });
      expect(totalBackoff(environment, sut.attempts!)).toBeGreaterThanOrEqual(30 * 60 * 1000);
    },
  );

  it('never waits longer than DELIVERY_RETRY_MAX_DELAY_MS between two attempts', () => {
    const environment = Object.assign(new Environment(), { DELIVERY_RETRY_MAX_DELAY_MS: 60_000 });
    expect(cappedBackoffDelay(30, environment)).toBe(60_000);
    expect(cappedBackoffDelay(1, environment)).toBe(2_000);
  });

  it('follows a shorter configured window with fewer attempts', () => {
    const environment = Object.assign(new Environment(), {
      DELIVERY_RETRY_WINDOW_MS: 10_000,
      DELIVERY_RETRY_INITIAL_DELAY_MS: 1_000,
    });
    // 1 + 2 + 4 + 8 = 15 s ≥ 10 s: four retries.
    expect(attemptsForWindow(environment)).toBe(5);
  });

  it('leaves the other jobs with their named options', () => {
    expect(jobOptions(JobName.StatusSourcePoll, new Environment()).attempts).toBe(1);
  });
});

describe('Retry-After of pushes and deliveries (one outbound failure classifier)', () => {
  const environment = new Environment();
  const answered = (status: number, retryAfterMs?: number) =>
    new FetchError(status === 429 ? FetchErrorKind.RateLimited : FetchErrorKind.HttpStatus, 'x', {
      status,
      retryAfterMs,
    });

  it("waits for the receiver's Retry-After when it is longer than the backoff", () => {
    expect(retryDelay(1, environment, answered(429, 120_000))).toBe(120_000);
    expect(retryDelay(1, environment, answered(503, 30_000))).toBe(30_000);
    expect(retryDelay(1, environment, answered(503, 10))).toBe(cappedBackoffDelay(1, environment));
    expect(retryDelay(1, environment, answered(429, 10 * 24 * 3600_000))).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelay(2, environment, new Error('reset'))).toBe(cappedBackoffDelay(2, environment));
  });

  it.each([
    [400, true],
    [401, true],
    [404, true],
    [410, true],
    [302, true],
    [408, false],
    [409, false],
    [425, false],
    [429, false],
    [500, false],
    [503, false],
  ])('classifies HTTP %i as permanent=%s', (status, permanent) => {
    expect(classifyOutboundFailure(answered(status)).permanent).toBe(permanent);
  });

  it('classifies a refused address as permanent and a reset as retryable', () => {
    expect(classifyOutboundFailure(new FetchError(FetchErrorKind.ForbiddenAddress, 'x'))).toEqual({
      permanent: true,
    });
    expect(classifyOutboundFailure(new FetchError(FetchErrorKind.Truncated, 'x')).permanent).toBe(
      false,
    );
  });
});

describe('concurrency per queue', () => {
  it('gives status polls and incident-side suggestions settings of their own', () => {
    const environment = loadEnvironment({
      WORKER_CONCURRENCY: '3',
      STATUS_POLL_CONCURRENCY: '64',
      STATUS_SUGGEST_CONCURRENCY: '2',
    });
    expect(JOB_QUEUE[JobName.StatusSuggestForIncident]).toBe(QueueName.StatusSuggestions);
    expect(JOB_QUEUE[JobName.StatusSourcePoll]).toBe(QueueName.StatusSources);
    expect(queueConcurrency(QueueName.StatusSources, environment)).toBe(64);
    expect(queueConcurrency(QueueName.StatusSuggestions, environment)).toBe(2);
    expect(queueConcurrency(QueueName.Exports, environment)).toBe(3);
  });

  it('defaults suggestions to 4 at once and refuses 0 or more than 100', () => {
    expect(loadEnvironment({}).STATUS_SUGGEST_CONCURRENCY).toBe(4);
    expect(() => loadEnvironment({ STATUS_SUGGEST_CONCURRENCY: '0' })).toThrow(
      /STATUS_SUGGEST_CONCURRENCY/,
    );
    expect(() => loadEnvironment({ STATUS_SUGGEST_CONCURRENCY: '101' })).toThrow(
      /STATUS_SUGGEST_CONCURRENCY/,
    );
  });
});
