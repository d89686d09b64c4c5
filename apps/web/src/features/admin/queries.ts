import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApiToken,
  ApiTokenCreated,
  AuditEvent,
  CountedPage,
  InvitationCreated,
  Page,
  Role,
  Scope,
  Team,
  User,
} from '@rca/api-contract';
import { request } from '../../api';
import { cursorQuery } from '../../cursor-list';

export const adminKeys = {
  users: ['admin', 'users'] as const,
  teams: ['admin', 'teams'] as const,
  tokens: ['tokens'] as const,
  audit: (filters: AuditFilters) => ['admin', 'audit', filters] as const,
};

/** Users and teams are few; the lists show the first 200 and say how many there are. */
const LIMIT = 200;

export function useUsers() {
  return useQuery({
    queryKey: adminKeys.users,
    queryFn: ({ signal }) =>
      request<CountedPage<User>>('GET', '/users', { query: { limit: LIMIT }, signal }),
  });
}

export function useTeams() {
  return useQuery({
    queryKey: adminKeys.teams,
    queryFn: ({ signal }) =>
      request<CountedPage<Team>>('GET', '/teams', { query: { limit: LIMIT }, signal }),
  });
}

export function useUserMutations() {
  const client = useQueryClient();
  const users = () => client.invalidateQueries({ queryKey: adminKeys.users });
  return {
    invite: useMutation({
      mutationFn: (body: { email: string; role: Role; teamIds: string[] }) =>
        request<InvitationCreated>('POST', '/invitations', { body }),
    }),
    update: useMutation({
      mutationFn: ({
        user,
        patch,
      }: {
        user: User;
        patch: { role?: Role; disabled?: boolean; teamIds?: string[] };
      }) =>
        request<User>('PATCH', `/users/${user.id}`, { body: { ...patch, version: user.version } }),
      onSuccess: users,
    }),
    createTeam: useMutation({
      mutationFn: (name: string) => request<Team>('POST', '/teams', { body: { name } }),
      onSuccess: () => client.invalidateQueries({ queryKey: adminKeys.teams }),
    }),
  };
}

/** The signed-in person's own API tokens. */
export function useTokens() {
  return useQuery({
    queryKey: adminKeys.tokens,
    queryFn: ({ signal }) =>
      request<CountedPage<ApiToken>>('GET', '/tokens', { query: { limit: LIMIT }, signal }),
  });
}

export function useTokenMutations() {
  const client = useQueryClient();
  const tokens = () => client.invalidateQueries({ queryKey: adminKeys.tokens });
  return {
    create: useMutation({
      mutationFn: (body: { name: string; scopes: Scope[]; expiresAt?: string }) =>
        request<ApiTokenCreated>('POST', '/tokens', { body }),
      onSuccess: tokens,
    }),
    revoke: useMutation({
      mutationFn: (token: ApiToken) => request<void>('DELETE', `/tokens/${token.id}`),
      onSuccess: tokens,
    }),
  };
}

export interface AuditFilters {
  action?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;

/** The audit log, newest first, page after page through the API's cursor. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    ...cursorQuery(adminKeys.audit(filters), (cursor, signal) =>
      request<Page<AuditEvent>>('GET', '/audit-events', {
        query: { ...filters, cursor, limit: AUDIT_PAGE_SIZE },
        signal,
      }),
    ),
  });
}
