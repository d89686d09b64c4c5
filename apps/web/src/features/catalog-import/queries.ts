import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CatalogImportFormat, CatalogImportResult } from '@rca/api-contract';
import { request } from '../../api';
import { catalogKeys } from '../catalog/queries';

export interface CatalogImportInput {
  format: CatalogImportFormat;
  content: string;
  dryRun: boolean;
}

/** A dry run (the preview) or the import itself; an import reloads the catalog. */
export function useCatalogImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CatalogImportInput) =>
      request<CatalogImportResult>('POST', '/catalog/import', { body: input }),
    onSuccess: (result) => {
      if (!result.dryRun) void client.invalidateQueries({ queryKey: catalogKeys.all });
    },
  });
}
