import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Page,
  SlackConnectionCheck,
  SlackImport,
  SlackMessage,
  SlackOverview,
  SlackSettings,
  UpdateSlackSettingsBody,
} from '@rca/api-contract';
import { request } from '../../api';
import { incidentKeys } from '../incidents/queries';

export const slackKeys = {
  settings: ['slack', 'settings'] as const,
  /** Under the incident's key, so its invalidation reloads these too. */
  overview: (reference: string) => [...incidentKeys.one(reference), 'slack'] as const,
  proposed: (reference: string) => [...incidentKeys.one(reference), 'slack', 'proposed'] as const,
};

const incidentPath = (reference: string) => `/incidents/${encodeURIComponent(reference)}/slack`;

export function useSlackSettings() {
  return useQuery({
    queryKey: slackKeys.settings,
    queryFn: ({ signal }) => request<SlackSettings>('GET', '/slack/settings', { signal }),
  });
}

export function useSaveSlackSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSlackSettingsBody) =>
      request<SlackSettings>('PUT', '/slack/settings', { body }),
    onSuccess: (saved) => client.setQueryData(slackKeys.settings, saved),
  });
}

/** Linked channels and imports; polled while an import is pending. */
export function useCheckSlackConnection() {
  return useMutation({
    mutationFn: () => request<SlackConnectionCheck>('POST', '/slack/settings/check'),
  });
}

export function useSlackOverview(reference: string) {
  return useQuery({
    queryKey: slackKeys.overview(reference),
    queryFn: ({ signal }) => request<SlackOverview>('GET', incidentPath(reference), { signal }),
    refetchInterval: (query) =>
      query.state.data?.imports.some((item) => item.state === 'pending') ? 2_000 : false,
  });
}

/** Proposed messages, oldest first (the first 200; accepting or dismissing shortens the list). */
export function useProposedMessages(reference: string, pollWhilePending: boolean) {
  return useQuery({
    queryKey: slackKeys.proposed(reference),
    queryFn: ({ signal }) =>
      request<Page<SlackMessage>>('GET', `${incidentPath(reference)}/messages`, {
        query: { state: 'proposed', limit: 200 },
        signal,
      }),
    refetchInterval: pollWhilePending ? 2_000 : false,
  });
}

export function useSlackMutations(reference: string) {
  const client = useQueryClient();
  const reload = () => client.invalidateQueries({ queryKey: incidentKeys.one(reference) });
  return {
    importHistory: useMutation({
      mutationFn: (body: { channelId?: string; from: string; to: string }) =>
        request<SlackImport>('POST', `${incidentPath(reference)}/imports`, { body }),
      onSuccess: reload,
    }),
    importArchive: useMutation({
      mutationFn: (input: { file: File; channel: string; from: string; to: string }) =>
        request<SlackImport & { found: number }>('POST', '/slack/export-imports', {
          query: { incident: reference, channel: input.channel, from: input.from, to: input.to },
          upload: { file: input.file, type: 'application/zip' },
        }),
      onSuccess: reload,
    }),
    decide: useMutation({
      mutationFn: ({ id, decision }: { id: string; decision: 'accept' | 'dismiss' }) =>
        request<SlackMessage>('POST', `${incidentPath(reference)}/messages/${id}/${decision}`),
      onSuccess: reload,
    }),
  };
}
