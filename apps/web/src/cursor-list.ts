import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { Page } from '@rca/api-contract';

/**
 * The one way the web app reads a cursor list of the API (`{ items, nextCursor }`, docs/api.md):
 * an infinite query whose page parameter is the cursor. Spread it into `useInfiniteQuery` (with
 * any extra options), or use `useCursorList` for the rows-and-"Load more" shape.
 */
export function cursorQuery<T>(
  queryKey: readonly unknown[],
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) => load(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page<T>) => last.nextCursor ?? undefined,
  });
}

/**
 * A cursor list of the API (`{ items, nextCursor }`, docs/api.md) as an infinite query, in the
 * shape `LoadMore` shows: every row loaded so far (told apart by id, so a row that moved between
 * two reads is shown once) and the next page on demand.
 */
export function useCursorList<T extends { id: string }>(
  queryKey: readonly unknown[],
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  options: { refetchInterval?: (items: T[] | undefined) => number | false } = {},
) {
  const query = useInfiniteQuery({
    ...cursorQuery(queryKey, load),
    refetchInterval: (state) =>
      options.refetchInterval?.(state.state.data?.pages.flatMap((page) => page.items)) ?? false,
  });
  const seen = new Set<string>();
  const items = query.data?.pages
    .flatMap((page) => page.items)
    .filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
  return {
    items,
    error: query.isFetchNextPageError ? undefined : (query.error ?? undefined),
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    moreError: query.isFetchNextPageError ? query.error : undefined,
    loadMore: () => void query.fetchNextPage(),
    reload: () => void query.refetch(),
  };
}
