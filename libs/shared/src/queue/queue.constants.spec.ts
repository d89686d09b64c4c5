import { Environment } from '../config/environment';
import {
  attemptsForWindow,
  CAPPED_BACKOFF,
  cappedBackoffDelay,
  jobOptions,
  JobName,
} from './queue.constants';

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
