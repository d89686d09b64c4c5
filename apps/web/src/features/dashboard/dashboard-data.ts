import type { IncidentTrendRow, RcaMetrics } from '@rca/api-contract';

/** A chosen period: whole months, `from` and `to` inclusive ("2025-01" … "2025-12"). */
export interface Period {
  from: string;
  to: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string | null | undefined): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

const monthOf = (date: Date) =>
  `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;

/** The twelve months up to and including the month of `now`. */
export function lastTwelveMonths(now: Date): Period {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1));
  return { from: monthOf(start), to: monthOf(now) };
}

/** Every month of the period, in order (at most 120). */
export function monthsOf(period: Period): string[] {
  const [fromYear, fromMonth] = period.from.split('-').map(Number) as [number, number];
  const [toYear, toMonth] = period.to.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let index = 0; months.length < 120; index += 1) {
    const month = monthOf(new Date(Date.UTC(fromYear, fromMonth - 1 + index, 1)));
    if (month > `${toYear}-${String(toMonth).padStart(2, '0')}`) break;
    months.push(month);
  }
  return months;
}

/** The period as the API's half-open instants: the first of `from` to the first after `to`. */
export function periodInstants(period: Period): { from: string; to: string } {
  const [toYear, toMonth] = period.to.split('-').map(Number) as [number, number];
  return {
    from: `${period.from}-01T00:00:00.000Z`,
    to: new Date(Date.UTC(toYear, toMonth, 1)).toISOString(),
  };
}

/** "Nov 2025" */
export function monthLabel(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, number - 1, 1)).toLocaleDateString('en-GB', {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export interface ChartSeries {
  name: string;
  /** One value per month of the chart, null where there is nothing to show. */
  values: Array<number | null>;
}

/** On-time rate per month over every team (published on time / due). */
export function onTimeSeries(metrics: RcaMetrics, months: string[]): ChartSeries {
  return {
    name: 'On time',
    values: months.map((month) => {
      const rows = metrics.onTimeByMonth.filter((row) => row.month === month);
      const due = rows.reduce((sum, row) => sum + row.due, 0);
      return due === 0 ? null : rows.reduce((sum, row) => sum + row.onTime, 0) / due;
    }),
  };
}

export function publishSeries(metrics: RcaMetrics, months: string[]): ChartSeries {
  const byMonth = new Map(metrics.timeToPublishByMonth.map((row) => [row.month, row.medianHours]));
  return {
    name: 'Median time to publish',
    values: months.map((month) => byMonth.get(month) ?? null),
  };
}

/** The overall on-time rate of the period, or null when nothing was due. */
export function overallOnTime(metrics: RcaMetrics): number | null {
  const due = metrics.onTimeByMonth.reduce((sum, row) => sum + row.due, 0);
  return due === 0 ? null : metrics.onTimeByMonth.reduce((sum, row) => sum + row.onTime, 0) / due;
}

/**
 * One series per group (team or service; "All incidents" when not grouped) of one metric, in
 * hours; the groups with the most incidents first, at most `limit` of them.
 */
export function trendSeries(
  rows: IncidentTrendRow[],
  months: string[],
  metric: keyof IncidentTrendRow['meanSeconds'],
  limit = 6,
): ChartSeries[] {
  const totals = new Map<string, number>();
  for (const row of rows) {
    const name = row.group ?? 'All incidents';
    totals.set(name, (totals.get(name) ?? 0) + row.incidents);
  }
  const names = [...totals]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([name]) => name);
  return names.map((name) => ({
    name,
    values: months.map((month) => {
      const row = rows.find(
        (item) => (item.group ?? 'All incidents') === name && item.month === month,
      );
      const seconds = row?.meanSeconds[metric];
      return seconds === null || seconds === undefined ? null : seconds / 3600;
    }),
  }));
}

/** A rounded top for the y axis and 4 evenly spaced ticks from 0 to it. */
export function niceScale(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((s) => s >= raw)!;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, index) => index * step);
}

/** An axis label for a span of hours, short enough for the axis: "30 min", "6 h", "12 d", "4 mo", "2 y". */
export function axisHours(hours: number): string {
  if (hours === 0) return '0';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  const days = hours / 24;
  if (days < 90) return `${Math.round(days)} d`;
  if (days < 730) return `${Math.round(days / 30.44)} mo`;
  return `${Math.round((days / 365.25) * 10) / 10} y`;
}
