import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Page,
  PostmortemTrackerLinks,
  TrackerLink,
  TrackerTarget,
  TrackerTargetBody,
} from '@rca/api-contract';
import { request } from '../../api';
import { useCursorList } from '../../cursor-list';

export const trackerKeys = {
  targets: ['tracker-targets'] as const,
  links: (postmortemId: string) => ['postmortems', postmortemId, 'tracker-links'] as const,
};

/** Tracker targets, 50 a page (admins). */
export function useTrackerTargets() {
  return useCursorList<TrackerTarget>(trackerKeys.targets, (cursor, signal) =>
    request<Page<TrackerTarget>>('GET', '/tracker-targets', {
      query: { cursor, limit: 50 },
      signal,
    }),
  );
}

export function useTrackerTargetMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: trackerKeys.targets });
  return {
    create: useMutation({
      mutationFn: (body: TrackerTargetBody) =>
        request<TrackerTarget>('POST', '/tracker-targets', { body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({
        target,
        patch,
      }: {
        target: TrackerTarget;
        patch: Partial<TrackerTargetBody>;
      }) =>
        request<TrackerTarget>('PATCH', `/tracker-targets/${target.id}`, {
          body: { ...patch, version: target.version },
        }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (target: TrackerTarget) =>
        request<void>('DELETE', `/tracker-targets/${target.id}`),
      onSuccess: done,
    }),
    test: useMutation({
      mutationFn: (target: TrackerTarget) =>
        request<{ ok: boolean; message: string }>('POST', `/tracker-targets/${target.id}/test`),
    }),
  };
}

/** Where a postmortem's items go and their issues; read every 2 s while one is being created. */
export function useTrackerLinks(postmortemId: string) {
  return useQuery({
    queryKey: trackerKeys.links(postmortemId),
    queryFn: ({ signal }) =>
      request<PostmortemTrackerLinks>('GET', `/postmortems/${postmortemId}/tracker-links`, {
        signal,
      }),
    refetchInterval: (query) =>
      query.state.data?.items.some((link) => link.state === 'creating') ? 2000 : false,
  });
}

export function useRequestIssue(postmortemId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (actionItemId: string) =>
      request<TrackerLink>('POST', `/action-items/${actionItemId}/tracker-link`),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: trackerKeys.links(postmortemId) }),
        client.invalidateQueries({ queryKey: ['postmortems', postmortemId, 'action-items'] }),
      ]),
  });
}
