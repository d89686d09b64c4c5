import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type {
  ActionItem,
  ActionItemActivity,
  InboxActionItem,
  InboxCounts,
  InboxMention,
  InboxReview,
  IncidentDetail,
  Meeting,
  Page,
  Person,
  PolicyInForce,
  Postmortem,
  PostmortemComment,
  PostmortemDiff,
  ReviewChecklist,
  ReviewRecord,
  RevisionSummary,
  SuggestedParticipants,
} from '@rca/api-contract';
import { api, request } from '../../api';
import { cursorQuery, useCursorList } from '../../cursor-list';

export const postmortemKeys = {
  all: ['postmortems'] as const,
  incident: (reference: string) => ['postmortems', 'incident', reference] as const,
  ofIncident: (incidentId: string) => ['postmortems', 'of-incident', incidentId] as const,
  reviews: (id: string) => ['postmortems', id, 'reviews'] as const,
  revisions: (id: string) => ['postmortems', id, 'revisions'] as const,
  actionItems: (id: string) => ['postmortems', id, 'action-items'] as const,
  activity: (id: string) => ['postmortems', id, 'action-item-activity'] as const,
  comments: (id: string, section: string) => ['postmortems', id, 'comments', section] as const,
  commentCounts: (id: string) => ['postmortems', id, 'comment-counts'] as const,
  policy: (id: string) => ['postmortems', id, 'deadline-policy'] as const,
  people: (q: string) => ['people', q] as const,
  meetings: (id: string) => ['postmortems', id, 'meetings'] as const,
  meetingParticipants: (id: string) => ['postmortems', id, 'meeting-participants'] as const,
};

export const inboxKeys = {
  all: ['inbox'] as const,
  counts: ['inbox', 'counts'] as const,
  reviews: ['inbox', 'reviews'] as const,
  actionItems: ['inbox', 'action-items'] as const,
  mentions: ['inbox', 'mentions'] as const,
};

/** The incident a postmortem page belongs to (by its reference in the URL). */
export function useIncidentOf(reference: string) {
  return useQuery({
    queryKey: postmortemKeys.incident(reference),
    queryFn: ({ signal }) => api.incidents.get(reference, signal) as Promise<IncidentDetail>,
  });
}

/** The incident's postmortem, or null before it is drafted. */
export function usePostmortemOf(incidentId: string | undefined) {
  return useQuery({
    queryKey: postmortemKeys.ofIncident(incidentId ?? ''),
    queryFn: ({ signal }) => api.postmortems.ofIncident(incidentId!, signal),
    enabled: Boolean(incidentId),
    // The editor holds unsaved text: never swap the document under it by a background refetch.
    staleTime: Infinity,
  });
}

/** Reads the postmortem again (after a workflow step, a draft, a 409). */
export function useReloadPostmortem(incidentId: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: postmortemKeys.ofIncident(incidentId) });
}

export function useReviews(postmortem: Postmortem) {
  return useQuery({
    queryKey: [...postmortemKeys.reviews(postmortem.id), postmortem.version],
    queryFn: ({ signal }) =>
      request<ReviewRecord[]>('GET', `/postmortems/${postmortem.id}/reviews`, { signal }),
  });
}

export function useRevisions(postmortem: Postmortem) {
  return useQuery({
    queryKey: [...postmortemKeys.revisions(postmortem.id), postmortem.version],
    queryFn: ({ signal }) =>
      request<Page<RevisionSummary>>('GET', `/postmortems/${postmortem.id}/revisions`, {
        query: { limit: 100 },
        signal,
      }),
  });
}

export function useDiff() {
  return useMutation({
    mutationFn: ({ id, from, to }: { id: string; from: number; to: number }) =>
      request<PostmortemDiff>('GET', `/postmortems/${id}/diff`, {
        query: { from, to, mode: 'unified' },
      }),
  });
}

/** The deadline policy in force on a postmortem (read again when its due date moves). */
export function usePolicyInForce(postmortem: Postmortem) {
  return useQuery({
    queryKey: [...postmortemKeys.policy(postmortem.id), postmortem.dueAt],
    queryFn: ({ signal }) =>
      request<PolicyInForce>('GET', `/postmortems/${postmortem.id}/deadline-policy`, { signal }),
    enabled: Boolean(postmortem.dueAt),
  });
}

/** The people picker's suggestions for what was typed. */
export function usePeople(q: string, enabled = true) {
  return useQuery({
    queryKey: postmortemKeys.people(q),
    queryFn: ({ signal }) =>
      request<Page<Person>>('GET', '/people', { query: { q, limit: 8 }, signal }),
    enabled,
    staleTime: 30_000,
  });
}

const invalidateWork = (client: QueryClient, postmortemId: string) =>
  Promise.all([
    client.invalidateQueries({ queryKey: postmortemKeys.actionItems(postmortemId) }),
    client.invalidateQueries({ queryKey: postmortemKeys.activity(postmortemId) }),
    client.invalidateQueries({ queryKey: inboxKeys.all }),
  ]);

export function useActionItems(postmortemId: string) {
  return useQuery({
    queryKey: postmortemKeys.actionItems(postmortemId),
    queryFn: ({ signal }) =>
      request<Page<ActionItem>>('GET', `/postmortems/${postmortemId}/action-items`, {
        query: { limit: 200 },
        signal,
      }),
  });
}

export function useActionItemActivity(postmortemId: string) {
  return useInfiniteQuery({
    ...cursorQuery(postmortemKeys.activity(postmortemId), (cursor, signal) =>
      request<Page<ActionItemActivity>>(
        'GET',
        `/postmortems/${postmortemId}/action-item-activity`,
        { query: { cursor, limit: 20 }, signal },
      ),
    ),
  });
}

/** What the add and edit forms send: the owner by id (picked) or e-mail (typed). */
export interface ActionItemFields {
  title?: string;
  type?: ActionItem['type'];
  priority?: string;
  status?: ActionItem['status'];
  ownerId?: string | null;
  owner?: string | null;
  dueDate?: string | null;
  /** The review meeting that decided it. */
  meetingId?: string | null;
}

export function useActionItemMutations(postmortemId: string) {
  const client = useQueryClient();
  const done = () => invalidateWork(client, postmortemId);
  return {
    add: useMutation({
      mutationFn: (body: ActionItemFields & { title: string; type: ActionItem['type'] }) =>
        request<ActionItem>('POST', `/postmortems/${postmortemId}/action-items`, { body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ item, patch }: { item: ActionItem; patch: ActionItemFields }) =>
        request<ActionItem>('PATCH', `/action-items/${item.id}`, {
          body: { ...patch, version: item.version },
        }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (item: ActionItem) =>
        request<void>('DELETE', `/action-items/${item.id}`, { query: { version: item.version } }),
      onSuccess: done,
    }),
  };
}

// --- the review meeting ----------------------------------------------------------------------

export function useMeetings(postmortemId: string) {
  return useQuery({
    queryKey: postmortemKeys.meetings(postmortemId),
    queryFn: ({ signal }) =>
      request<Page<Meeting>>('GET', `/postmortems/${postmortemId}/meetings`, {
        query: { limit: 50 },
        signal,
      }),
  });
}

/** Who to invite (owner, reviewers, responders) and whether invitations go out by e-mail. */
export function useSuggestedParticipants(postmortemId: string) {
  return useQuery({
    queryKey: postmortemKeys.meetingParticipants(postmortemId),
    queryFn: ({ signal }) =>
      request<SuggestedParticipants>('GET', `/postmortems/${postmortemId}/meeting-participants`, {
        signal,
      }),
    staleTime: 30_000,
  });
}

/** What the schedule and reschedule forms send (docs/postmortems.md, "The review meeting"). */
export interface MeetingFields {
  title?: string;
  startsAt?: string | { local: string; zone: string };
  durationMinutes?: number;
  zone?: string;
  location?: string;
  agenda?: string;
  participants?: Array<{ email: string; zone?: string }>;
  notes?: string;
}

export function useMeetingMutations(postmortemId: string) {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: postmortemKeys.meetings(postmortemId) });
  return {
    schedule: useMutation({
      mutationFn: (body: MeetingFields) =>
        request<Meeting>('POST', `/postmortems/${postmortemId}/meetings`, { body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ meeting, patch }: { meeting: Meeting; patch: MeetingFields }) =>
        request<Meeting>('PATCH', `/meetings/${meeting.id}`, {
          body: { ...patch, version: meeting.version },
        }),
      onSuccess: done,
    }),
    cancel: useMutation({
      mutationFn: (meeting: Meeting) =>
        request<Meeting>('POST', `/meetings/${meeting.id}/cancel`, {
          body: { version: meeting.version },
        }),
      onSuccess: done,
    }),
  };
}

/** Submit, publish, reopen, review, regenerate: each reads the document, its reviews and the inbox again. */
export function useWorkflowMutations(postmortem: Postmortem) {
  const client = useQueryClient();
  const done = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: postmortemKeys.ofIncident(postmortem.incidentId) }),
      client.invalidateQueries({ queryKey: postmortemKeys.reviews(postmortem.id) }),
      client.invalidateQueries({ queryKey: inboxKeys.all }),
    ]);
  return {
    move: useMutation({
      mutationFn: (action: 'submit' | 'publish' | 'reopen') =>
        api.postmortems.move(postmortem.id, action, postmortem.version),
      onSuccess: done,
    }),
    review: useMutation({
      mutationFn: (body: {
        decision: 'approved' | 'changes_requested';
        checklist: ReviewChecklist;
        comment?: string;
      }) => api.postmortems.review(postmortem.id, { ...body, version: postmortem.version }),
      onSuccess: done,
    }),
    regenerate: useMutation({
      mutationFn: () => api.postmortems.draft(postmortem.incidentId),
      onSuccess: done,
    }),
  };
}

export function useComments(postmortemId: string, section: string) {
  return useInfiniteQuery({
    ...cursorQuery(postmortemKeys.comments(postmortemId, section), (cursor, signal) =>
      request<Page<PostmortemComment>>('GET', `/postmortems/${postmortemId}/comments`, {
        query: { section, cursor, limit: 50 },
        signal,
      }),
    ),
  });
}

/** How many comments each section has (the outline shows them). */
export function useCommentCounts(postmortemId: string) {
  return useQuery({
    queryKey: postmortemKeys.commentCounts(postmortemId),
    queryFn: ({ signal }) =>
      request<Record<string, number>>('GET', `/postmortems/${postmortemId}/comment-counts`, {
        signal,
      }),
  });
}

export function useAddComment(postmortemId: string, section: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) =>
      request<PostmortemComment>('POST', `/postmortems/${postmortemId}/comments`, {
        body: { sectionKey: section, body },
      }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: postmortemKeys.comments(postmortemId, section) }),
        client.invalidateQueries({ queryKey: postmortemKeys.commentCounts(postmortemId) }),
        client.invalidateQueries({ queryKey: inboxKeys.all }),
      ]),
  });
}

// --- the inbox -------------------------------------------------------------------------------

export function useInboxCounts(enabled: boolean) {
  return useQuery({
    queryKey: inboxKeys.counts,
    queryFn: ({ signal }) => request<InboxCounts>('GET', '/inbox/counts', { signal }),
    enabled,
    refetchInterval: 60_000,
  });
}

function useInboxList<T extends { id: string }>(key: readonly string[], path: string) {
  return useCursorList<T>(key, (cursor, signal) =>
    request<Page<T>>('GET', path, { query: { cursor, limit: 25 }, signal }),
  );
}

export const useInboxReviews = () => useInboxList<InboxReview>(inboxKeys.reviews, '/inbox/reviews');
export const useInboxActionItems = () =>
  useInboxList<InboxActionItem>(inboxKeys.actionItems, '/inbox/action-items');
export const useInboxMentions = () =>
  useInboxList<InboxMention>(inboxKeys.mentions, '/inbox/mentions');
