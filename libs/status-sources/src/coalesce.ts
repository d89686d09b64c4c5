import DataLoader from 'dataloader';

/**
 * Coalesces calls made by concurrent polls into one batch call: every call made while the event
 * loop handles one round of I/O (until `setImmediate`) goes to `batch` together, at most `max` at
 * a time. Nothing is cached, so each call sees the database as it is. The batch function answers
 * each call in order, with a value or an Error of its own.
 */
export function coalesce<K, V>(
  batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>,
  max = 500,
): DataLoader<K, V> {
  return new DataLoader<K, V>(batch, {
    cache: false,
    maxBatchSize: max,
    batchScheduleFn: (callback) => setImmediate(callback),
  });
}
