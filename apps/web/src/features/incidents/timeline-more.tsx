import { useEffect, useRef } from 'react';
import { ErrorBox } from '../../ui';

/**
 * "Showing n entries" and "Load more entries" under the timeline. The next page also loads by
 * itself when the button scrolls into view, so scrolling down reaches the end of any timeline.
 */
export function TimelineMore({
  shown,
  hasMore,
  loading,
  error,
  onMore,
}: {
  shown: number;
  hasMore: boolean;
  loading: boolean;
  error: unknown;
  onMore: () => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const onMoreRef = useRef(onMore);
  onMoreRef.current = onMore;
  useEffect(() => {
    const element = button.current;
    if (!element || !hasMore || loading || error || typeof IntersectionObserver === 'undefined')
      return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMoreRef.current();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, loading, error, shown]);
  if (shown === 0) return null;
  const count = shown.toLocaleString('en');
  return (
    <div className="actions load-more timeline-more">
      <span className="small muted" role="status" aria-live="polite">
        {hasMore ? `Showing the first ${count} entries` : `All ${count} entries shown`}
      </span>
      {hasMore && (
        <button ref={button} type="button" onClick={onMore} disabled={loading}>
          {loading ? 'Loading…' : 'Load more entries'}
        </button>
      )}
      {Boolean(error) && <ErrorBox error={error} onRetry={onMore} />}
    </div>
  );
}
