import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import type { Page, TimelineEvent } from '@rca/api-contract';
import { request } from '../../api';

/** Entries per timeline page (the API's maximum, so a 10,000-entry timeline is 50 pages). */
export const TIMELINE_PAGE_SIZE = 200;

export const incidentKeys = {
  all: ['incidents'] as const,
  timeline: (reference: string) => ['incidents', reference, 'timeline'] as const,
};

/** The incident's timeline by instant, page after page through the API's cursor. */
export function useTimeline(reference: string) {
  return useInfiniteQuery({
    queryKey: incidentKeys.timeline(reference),
    queryFn: ({ pageParam, signal }) =>
      request<Page<TimelineEvent>>('GET', `/incidents/${encodeURIComponent(reference)}/timeline`, {
        query: { cursor: pageParam, limit: TIMELINE_PAGE_SIZE },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Reads the loaded timeline pages again after a change. */
export function useInvalidateTimeline(reference: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: incidentKeys.timeline(reference) });
}
