import type { IncidentTrendRow, RcaMetrics } from '@rca/api-contract';
import {
  axisHours,
  lastTwelveMonths,
  monthsOf,
  niceScale,
  onTimeSeries,
  periodInstants,
  trendSeries,
} from '../apps/web/src/features/dashboard/dashboard-data';

// The manager dashboard's pure parts: the period, the series the charts draw, the axis.
describe('dashboard data', () => {
  it('turns a period of months into every month and the API half-open instants', () => {
    expect(lastTwelveMonths(new Date('2026-12-02T05:00:00Z'))).toEqual({
      from: '2026-01',
      to: '2026-12',
    });
    expect(monthsOf({ from: '2025-11', to: '2026-02' })).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(periodInstants({ from: '2025-11', to: '2025-12' })).toEqual({
      from: '2025-11-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
    });
  });

  it('sums the on-time rate over teams per month and leaves months with nothing due empty', () => {
    const metrics = {
      onTimeByMonth: [
        { month: '2025-11', team: 'web', due: 3, published: 3, onTime: 2, onTimeRate: 0.667 },
        { month: '2025-11', team: 'mobile', due: 1, published: 1, onTime: 1, onTimeRate: 1 },
      ],
    } as RcaMetrics;
    expect(onTimeSeries(metrics, ['2025-10', '2025-11']).values).toEqual([null, 0.75]);
  });

  it('draws MTTR in hours, one series per group, the busiest groups first', () => {
    const row = (month: string, group: string, incidents: number, resolve: number | null) =>
      ({
        month,
        group,
        incidents,
        meanSeconds: {
          timeToDetectSeconds: null,
          timeToAcknowledgeSeconds: null,
          timeToMitigateSeconds: null,
          timeToResolveSeconds: resolve,
        },
      }) satisfies IncidentTrendRow;
    const series = trendSeries(
      [
        row('2025-10', 'mobile', 1, 7200),
        row('2025-11', 'web', 3, 1800),
        row('2025-10', 'web', 1, 3600),
      ],
      ['2025-10', '2025-11'],
      'timeToResolveSeconds',
    );
    expect(series).toEqual([
      { name: 'web', values: [1, 0.5] },
      { name: 'mobile', values: [2, null] },
    ]);
  });

  it('rounds the axis up to a readable step', () => {
    expect(niceScale(7.3)).toEqual([0, 2, 4, 6, 8]);
    expect(niceScale(0)).toEqual([0, 1]);
    expect(niceScale(90)).toEqual([0, 25, 50, 75, 100]);
  });
});

describe('dashboard axis labels', () => {
  it('stay short at every size', () => {
    expect([0, 0.5, 6, 300, 24 * 378, 24 * 1000].map(axisHours)).toEqual([
      '0',
      '30 min',
      '6 h',
      '13 d',
      '12 mo',
      '2.7 y',
    ]);
  });
});
