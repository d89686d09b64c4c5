import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  OverdueVendorRca,
  PasteVendorReportBody,
  VendorRcaExpectation,
  VendorRcaExpectationBody,
  VendorRcaStatus,
  VendorReport,
} from '@rca/api-contract';
import { request } from '../../api';

export const vendorRcaKeys = {
  all: ['vendor-rca'] as const,
  expectation: (vendorSlug: string) => ['vendor-rca', 'expectation', vendorSlug] as const,
  status: (incidentId: string) => ['vendor-rca', 'status', incidentId] as const,
  overdue: ['vendor-rca', 'overdue'] as const,
};

/** A vendor's RCA expectation; null when it promises none. */
export function useVendorRcaExpectation(vendorSlug: string) {
  return useQuery({
    queryKey: vendorRcaKeys.expectation(vendorSlug),
    queryFn: async ({ signal }) =>
      (
        await request<{ expectation: VendorRcaExpectation | null }>(
          'GET',
          `/vendors/${encodeURIComponent(vendorSlug)}/rca-expectation`,
          { signal },
        )
      ).expectation,
  });
}

/** Setting or removing an expectation re-plans what is awaited: every vendor-rca view is read again. */
export function useVendorRcaExpectationMutations(vendorSlug: string) {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: vendorRcaKeys.all });
  const path = `/vendors/${encodeURIComponent(vendorSlug)}/rca-expectation`;
  return {
    save: useMutation({
      mutationFn: (body: VendorRcaExpectationBody) =>
        request<VendorRcaExpectation>('PUT', path, { body }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: () => request<void>('DELETE', path),
      onSuccess: done,
    }),
  };
}

/** The vendor report of each accepted vendor cause of an incident. */
export function useVendorRcaStatus(incidentId: string) {
  return useQuery({
    queryKey: vendorRcaKeys.status(incidentId),
    queryFn: ({ signal }) =>
      request<{ items: VendorRcaStatus[] }>(
        'GET',
        `/incidents/${encodeURIComponent(incidentId)}/vendor-rca`,
        { signal },
      ),
  });
}

export function usePasteVendorReport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      vendorIncidentId,
      body,
    }: {
      vendorIncidentId: string;
      body: PasteVendorReportBody;
    }) =>
      request<VendorReport>(
        'POST',
        `/vendor-incidents/${encodeURIComponent(vendorIncidentId)}/report`,
        {
          body,
        },
      ),
    // The report joins the postmortem in the background; its status line shows it now.
    onSuccess: () => client.invalidateQueries({ queryKey: vendorRcaKeys.all }),
  });
}

/** Vendor reports past their expected date (managers). */
export function useOverdueVendorRca(filters: { team?: string; owner?: string }) {
  return useQuery({
    queryKey: [...vendorRcaKeys.overdue, filters],
    queryFn: ({ signal }) =>
      request<{ items: OverdueVendorRca[] }>('GET', '/deadlines/vendor-rca', {
        query: { team: filters.team || undefined, owner: filters.owner || undefined },
        signal,
      }),
  });
}
