import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  IncidentSummary,
  IncidentVisibilityBody,
  Page,
  Team,
  TimelineEvent,
} from '@rca/api-contract';
import { api, request, type IncidentFilters } from '../../api';
import { cursorQuery } from '../../cursor-list';

/** Entries per timeline page (the API's maximum, so a 10,000-entry timeline is 50 pages). */
export const TIMELINE_PAGE_SIZE = 200;

export const incidentKeys = {
  all: ['incidents'] as const,
  list: (filters: IncidentFilters) => ['incidents', 'list', filters] as const,
  /** The incident and everything read under it (timeline, activity). */
  one: (reference: string) => ['incidents', reference] as const,
  detail: (reference: string) => ['incidents', reference, 'detail'] as const,
  activity: (reference: string) => ['incidents', reference, 'activity'] as const,
  timeline: (reference: string) => ['incidents', reference, 'timeline'] as const,
};

/** The incident list for these filters, page after page through the API's cursor. */
export function useIncidentList(filters: IncidentFilters) {
  return useInfiniteQuery({
    ...cursorQuery(incidentKeys.list(filters), (cursor, signal) =>
      api.incidents.list({ ...filters, cursor }, signal),
    ),
    // Other filters keep the rows shown until their first page arrives.
    placeholderData: keepPreviousData,
  });
}

/** The incident's timeline by instant, page after page through the API's cursor. */
export function useTimeline(reference: string) {
  return useInfiniteQuery({
    ...cursorQuery(incidentKeys.timeline(reference), (cursor, signal) =>
      request<Page<TimelineEvent>>('GET', `/incidents/${encodeURIComponent(reference)}/timeline`, {
        query: { cursor, limit: TIMELINE_PAGE_SIZE },
        signal,
      }),
    ),
  });
}

export function useIncident(reference: string) {
  return useQuery({
    queryKey: incidentKeys.detail(reference),
    queryFn: ({ signal }) => api.incidents.get(reference, signal),
  });
}

/** The incident's activity log, newest first, 50 a page through the API's cursor. */
export function useActivity(reference: string) {
  return useInfiniteQuery({
    ...cursorQuery(incidentKeys.activity(reference), (cursor, signal) =>
      api.incidents.activity(reference, cursor, signal),
    ),
  });
}

/** After a change: the incident, its timeline and activity, and the lists it appears in. */
export function useInvalidateIncident(reference: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: incidentKeys.one(reference) }),
      client.invalidateQueries({ queryKey: ['incidents', 'list'] }),
    ]);
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
