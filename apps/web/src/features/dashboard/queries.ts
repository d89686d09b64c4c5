import { useQuery } from '@tanstack/react-query';
import type { IncidentTrends, RcaMetrics, TrendGrouping } from '@rca/api-contract';
import { request } from '../../api';
import { periodInstants, type Period } from './dashboard-data';

export const dashboardKeys = {
  all: ['dashboard'] as const,
  rca: (period: Period) => [...dashboardKeys.all, 'rca', period.from, period.to] as const,
  trends: (period: Period, groupBy: TrendGrouping) =>
    [...dashboardKeys.all, 'trends', period.from, period.to, groupBy] as const,
};

/** On-time rate, time to publish, open and overdue postmortems, action items of the period. */
export function useRcaMetrics(period: Period) {
  return useQuery({
    queryKey: dashboardKeys.rca(period),
    queryFn: ({ signal }) =>
      request<RcaMetrics>('GET', '/metrics/rca', { query: periodInstants(period), signal }),
  });
}

/** MTTA / MTTR per month, overall, by team or by service. */
export function useIncidentTrends(period: Period, groupBy: TrendGrouping) {
  return useQuery({
    queryKey: dashboardKeys.trends(period, groupBy),
    queryFn: ({ signal }) =>
      request<IncidentTrends>('GET', '/metrics/incidents', {
        query: { ...periodInstants(period), groupBy },
        signal,
      }),
  });
}
