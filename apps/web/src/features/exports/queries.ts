import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateExportTargetBody,
  ExportRun,
  ExportTarget,
  UpdateExportTargetBody,
} from '@rca/api-contract';
import { exportsApi } from '../../api';
import { useCursorList } from '../../cursor-list';

export const exportKeys = {
  targets: ['export-targets'] as const,
  allTargets: ['export-targets', 'all'] as const,
  runs: (postmortemId: string) => ['export-runs', postmortemId] as const,
};

/** Export targets, 50 a page. */
export function useExportTargets() {
  return useCursorList(exportKeys.targets, (cursor, signal) => exportsApi.targets(cursor, signal));
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
  return useCursorList<ExportRun>(
    [...exportKeys.runs(postmortemId), version],
    (cursor, signal) => exportsApi.runs(postmortemId, cursor, signal),
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
