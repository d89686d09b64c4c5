import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeadlinePolicy, Page } from '@rca/api-contract';
import { api, request } from '../../api';

export const policyKeys = { all: ['deadline-policies'] as const };

export const deadlineKeys = {
  list: (filters: DeadlineFilters) => ['deadlines', filters] as const,
  metrics: (team: string | undefined) => ['metrics', 'rca', team ?? null] as const,
};

export interface DeadlineFilters {
  team?: string;
  owner?: string;
  severity?: string;
}

/** Open postmortems by due instant, overdue first (the first 100). */
export function useDeadlines(filters: DeadlineFilters) {
  return useQuery({
    queryKey: deadlineKeys.list(filters),
    queryFn: ({ signal }) => api.deadlines.list(filters, signal),
  });
}

export function useRcaMetrics(team: string | undefined) {
  return useQuery({
    queryKey: deadlineKeys.metrics(team),
    queryFn: ({ signal }) => api.deadlines.metrics(team, signal),
  });
}

export type PolicyInput = Omit<DeadlinePolicy, 'id' | 'version' | 'team' | 'country' | 'region'> & {
  team?: string;
  country?: string;
  region?: string;
};

/** Every policy (there is at most one per severity and team). */
export function usePolicies() {
  return useQuery({
    queryKey: policyKeys.all,
    queryFn: ({ signal }) =>
      request<Page<DeadlinePolicy>>('GET', '/deadline-policies', {
        query: { limit: 200 },
        signal,
      }),
  });
}

export function usePolicyMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: policyKeys.all });
  return {
    create: useMutation({
      mutationFn: (body: PolicyInput) =>
        request<DeadlinePolicy>('POST', '/deadline-policies', { body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ policy, body }: { policy: DeadlinePolicy; body: PolicyInput }) =>
        request<DeadlinePolicy>('PATCH', `/deadline-policies/${policy.id}`, {
          body: { ...body, version: policy.version },
        }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (policy: DeadlinePolicy) =>
        request<void>('DELETE', `/deadline-policies/${policy.id}`),
      onSuccess: done,
    }),
  };
}
