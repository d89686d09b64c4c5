import { Logger } from '@nestjs/common';
import { unavailableDependency } from '../http/dependency-unavailable';

const logger = new Logger('OutageRetry');

/**
 * Runs a write that records the outcome of work already done (a push that reached its receiver,
 * a delivery that was sent), retrying it while the database is unreachable, for up to `forMs`.
 * Losing that write would make the queue run the side effect again, or leave the record
 * `pending`. Other errors, and an outage longer than `forMs`, are rethrown: the job is then
 * retried by BullMQ and, past its budget, found by the reconciler.
 */
export async function retryWhileDatabaseDown<T>(
  what: string,
  write: () => Promise<T>,
  options: { forMs?: number; firstDelayMs?: number; maxDelayMs?: number } = {},
): Promise<T> {
  const { forMs = 60_000, firstDelayMs = 250, maxDelayMs = 5_000 } = options;
  const deadline = Date.now() + forMs;
  let delay = firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (unavailableDependency(error) !== 'database' || Date.now() + delay > deadline) throw error;
      if (attempt === 1)
        logger.warn(
          `${what}: the database is unavailable; retrying the write for up to ${forMs} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}
