import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateExportTargetBody,
  ExportRun,
  ExportTarget,
  OffsetPage,
  UpdateExportTargetBody,
} from '@rca/api-contract';
import { exportsApi } from '../../api';

export const exportKeys = {
  targets: ['export-targets'] as const,
  allTargets: ['export-targets', 'all'] as const,
  runs: (postmortemId: string) => ['export-runs', postmortemId] as const,
};

/**
 * A numbered-page list (`{ items, page, limit, total }`, docs/exports.md) as an infinite query,
 * in the shape `LoadMore` shows: every row loaded so far (told apart by id), the total, the next
 * page on demand.
 */
function useNumberedPages<T extends { id: string }>(
  queryKey: readonly unknown[],
  load: (page: number, signal: AbortSignal) => Promise<OffsetPage<T>>,
  options: { refetchInterval?: (items: T[] | undefined) => number | false } = {},
) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => load(pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (last) =>
      last.items.length === last.limit && last.page * last.limit < last.total
        ? last.page + 1
        : undefined,
    refetchInterval: (state) =>
      options.refetchInterval?.(state.state.data?.pages.flatMap((page) => page.items)) ?? false,
  });
  const seen = new Set<string>();
  const items = query.data?.pages
    .flatMap((page) => page.items)
    .filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
  const last = query.data?.pages[query.data.pages.length - 1];
  return {
    items,
    total: last && last.items.length === 0 ? (items?.length ?? 0) : (last?.total ?? 0),
    error: query.isFetchNextPageError ? undefined : (query.error ?? undefined),
    hasMore: query.hasNextPage,
    loadingMore: query.isFetchingNextPage,
    moreError: query.isFetchNextPageError ? query.error : undefined,
    loadMore: () => void query.fetchNextPage(),
    reload: () => void query.refetch(),
  };
}

/** Export targets, 50 a page. */
export function useExportTargets() {
  return useNumberedPages(exportKeys.targets, (page, signal) => exportsApi.targets(page, signal));
}

/** Every export target (for the push picker), read only when `enabled`. */
export function useAllExportTargets(enabled: boolean) {
  return useQuery({
    queryKey: exportKeys.allTargets,
    queryFn: ({ signal }) => exportsApi.allTargets(signal),
    enabled,
  });
}

/** A postmortem's push history, read again every second while a run is pending. */
export function useExportRuns(postmortemId: string, version: number) {
  return useNumberedPages<ExportRun>(
    [...exportKeys.runs(postmortemId), version],
    (page, signal) => exportsApi.runs(postmortemId, page, signal),
    {
      refetchInterval: (items) =>
        (items ?? []).some((run) => run.status === 'pending') ? 1000 : false,
    },
  );
}

export function useExportMutations() {
  const client = useQueryClient();
  const targets = () => client.invalidateQueries({ queryKey: exportKeys.targets });
  return {
    createTarget: useMutation({
      mutationFn: (body: CreateExportTargetBody) => exportsApi.createTarget(body),
      onSuccess: targets,
    }),
    updateTarget: useMutation({
      mutationFn: ({
        target,
        patch,
      }: {
        target: ExportTarget;
        patch: Omit<UpdateExportTargetBody, 'version'>;
      }) => exportsApi.updateTarget(target, patch),
      onSuccess: targets,
    }),
    deleteTarget: useMutation({
      mutationFn: (target: ExportTarget) => exportsApi.deleteTarget(target),
      onSuccess: targets,
    }),
    push: useMutation({
      mutationFn: ({
        postmortemId,
        body,
      }: {
        postmortemId: string;
        body: { targetId?: string; force?: boolean };
      }) => exportsApi.push(postmortemId, body),
      onSettled: (_runs, _error, { postmortemId }) =>
        client.invalidateQueries({ queryKey: exportKeys.runs(postmortemId) }),
    }),
  };
}
