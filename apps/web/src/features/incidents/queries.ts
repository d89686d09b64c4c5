import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  IncidentSummary,
  IncidentVisibilityBody,
  Page,
  Team,
  TimelineEvent,
} from '@rca/api-contract';
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

/** Teams, for choosing the one an incident is private to (admins: every team; others: theirs). */
export function useTeams() {
  return useQuery({
    queryKey: ['teams'],
    queryFn: ({ signal }) =>
      request<{ items: Team[]; total: number }>('GET', '/teams', { query: { limit: 200 }, signal }),
  });
}

/** POST /incidents/:ref/visibility; every incident list and view is read again after it. */
export function useSetVisibility(reference: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: IncidentVisibilityBody) =>
      request<IncidentSummary>('POST', `/incidents/${encodeURIComponent(reference)}/visibility`, {
        body,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: incidentKeys.all }),
  });
}
