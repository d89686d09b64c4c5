import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreditMonth,
  CreditTier,
  EvidenceFormat,
  LedgerPeriodKind,
  SlaContract,
  VendorLedgerReport,
} from '@rca/api-contract';
import { request } from '../../api';

export interface LedgerFilters {
  period: LedgerPeriodKind;
  at: string;
  zone: string;
  vendor?: string;
  team?: string;
  service?: string;
}

export const ledgerKeys = {
  all: ['vendor-ledger'] as const,
  report: (filters: LedgerFilters) => ['vendor-ledger', 'report', filters] as const,
  contracts: ['vendor-ledger', 'contracts'] as const,
  credits: (contractId: string) => ['vendor-ledger', 'contracts', contractId, 'credits'] as const,
};

const query = (filters: LedgerFilters) => ({
  period: filters.period,
  at: filters.at,
  zone: filters.zone,
  vendor: filters.vendor,
  team: filters.team,
  service: filters.service,
});

export function useLedger(filters: LedgerFilters) {
  return useQuery({
    queryKey: ledgerKeys.report(filters),
    queryFn: ({ signal }) =>
      request<VendorLedgerReport>('GET', '/vendor-ledger', { query: query(filters), signal }),
    placeholderData: (previous) => previous,
  });
}

/** Address of the CSV download of the same figures (a plain link: the browser saves the file). */
export function ledgerCsvHref(filters: LedgerFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query(filters))) if (value) params.set(key, value);
  return `/api/vendor-ledger/csv?${params.toString()}`;
}

export function evidenceHref(contractId: string, month: string, format: EvidenceFormat): string {
  return `/api/sla-contracts/${contractId}/credits/${month}/evidence?format=${format}`;
}

export function useContracts() {
  return useQuery({
    queryKey: ledgerKeys.contracts,
    queryFn: ({ signal }) =>
      request<{ items: SlaContract[] }>('GET', '/sla-contracts', { signal }).then(
        (page) => page.items,
      ),
  });
}

export function useCredits(contractId: string) {
  return useQuery({
    queryKey: ledgerKeys.credits(contractId),
    queryFn: ({ signal }) =>
      request<{ items: CreditMonth[] }>('GET', `/sla-contracts/${contractId}/credits`, {
        signal,
      }).then((page) => page.items),
  });
}

export interface ContractInput {
  vendor: string;
  name: string;
  targetPercent: number;
  componentIds: string[];
  tiers: CreditTier[];
  claimWindowCycles: number;
  claimTo: string;
  ownerUserId: string | null;
  zone: string;
}

export function useContractMutations() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: ledgerKeys.all });
  return {
    create: useMutation({
      mutationFn: (body: ContractInput) => request<SlaContract>('POST', '/sla-contracts', { body }),
      onSuccess: done,
    }),
    update: useMutation({
      mutationFn: ({
        contract,
        body,
      }: {
        contract: SlaContract;
        body: Omit<ContractInput, 'vendor'>;
      }) =>
        request<SlaContract>('PATCH', `/sla-contracts/${contract.id}`, {
          body: { ...body, version: contract.version },
        }),
      onSuccess: done,
    }),
    remove: useMutation({
      mutationFn: (contract: SlaContract) =>
        request<void>('DELETE', `/sla-contracts/${contract.id}`, {
          query: { version: contract.version },
        }),
      onSuccess: done,
    }),
  };
}
