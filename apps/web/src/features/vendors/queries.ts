import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type {
  PollNowResult,
  StatusPreview,
  StatusSource,
  StatusSourceFormat,
} from '@rca/api-contract';
import { api, request } from '../../api';
import { cursorQuery } from '../../cursor-list';

export const vendorKeys = {
  sources: ['status-sources'] as const,
  incidents: (vendor: string) => ['vendor-incidents', vendor] as const,
  history: (vendor: string, id: string) => ['vendor-incidents', vendor, id, 'history'] as const,
};

/**
 * Every status source, oldest first, through the API's cursor: the page groups them by vendor,
 * so it asks for the next page until there is none.
 */
export function useStatusSources() {
  const query = useInfiniteQuery({
    ...cursorQuery(vendorKeys.sources, (cursor, signal) => api.statusSources.list(cursor, signal)),
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const items = query.data?.pages.flatMap((page) => page.items);
  return { ...query, items: hasNextPage ? undefined : items };
}

export interface SourceInput {
  url: string;
  format: StatusSourceFormat;
  pollIntervalSeconds: number;
}

/** Every status-source write reads the sources again. */
export function useSourceMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: vendorKeys.sources });
  return {
    create: useMutation({
      mutationFn: (body: SourceInput & { vendorId: string }) =>
        request<StatusSource>('POST', '/status-sources', { body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({ source, body }: { source: StatusSource; body: Partial<SourceInput> }) =>
        request<StatusSource>('PATCH', `/status-sources/${source.id}`, {
          body: { ...body, version: source.version },
        }),
      onSuccess: done,
    }),
    setEnabled: useMutation({
      mutationFn: (source: StatusSource) => api.statusSources.setEnabled(source, !source.enabled),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (source: StatusSource) =>
        request<void>('DELETE', `/status-sources/${source.id}`, {
          query: { version: source.version },
        }),
      onSuccess: done,
    }),
    pollNow: useMutation({
      mutationFn: (source: StatusSource): Promise<PollNowResult> =>
        api.statusSources.pollNow(source),
      onSuccess: (_result, source) => {
        void done();
        void client.invalidateQueries({ queryKey: ['vendor-incidents'] });
        return source;
      },
    }),
  };
}

/** A vendor's imported incidents, newest first, five a page through the API's cursor. */
export function useVendorIncidents(vendor: string) {
  return useInfiniteQuery({
    ...cursorQuery(vendorKeys.incidents(vendor), (cursor, signal) =>
      api.catalog.vendorIncidents(vendor, cursor, signal),
    ),
  });
}

/** One vendor incident with the earlier texts of its edited updates (asked for on demand). */
export function useVendorIncidentHistory(vendor: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: vendorKeys.history(vendor, id),
    queryFn: ({ signal }) => api.catalog.vendorIncidentHistory(vendor, id, signal),
    enabled,
  });
}

/** What a poll of a page would import; stores nothing. */
export function useStatusPreview() {
  return useMutation({
    mutationFn: (body: { url: string; format: StatusSourceFormat }): Promise<StatusPreview> =>
      api.statusSources.preview(body),
  });
}
