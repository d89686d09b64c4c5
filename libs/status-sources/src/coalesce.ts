import DataLoader from 'dataloader';

/**
 * Coalesces calls made by concurrent polls into one batch call: every call made while the event
 * loop handles one round of I/O (until `setImmediate`), or within `windowMs` of the first one,
 * goes to `batch` together, at most `max` at a time. Nothing is cached, so each call sees the
 * database as it is. The batch function answers each call in order, with a value or an Error.
 */
export function coalesce<K, V>(
  batch: (keys: readonly K[]) => Promise<ReadonlyArray<V | Error>>,
  options: { max?: number; windowMs?: number } = {},
): DataLoader<K, V> {
  const { max = 500, windowMs = 0 } = options;
  return new DataLoader<K, V>(batch, {
    cache: false,
    maxBatchSize: max,
    batchScheduleFn:
      windowMs > 0
        ? (callback) => setTimeout(callback, windowMs)
        : (callback) => setImmediate(callback),
  });
}
