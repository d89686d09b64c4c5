// Pure calendar arithmetic of the ledger and the SLA credits (no I/O): period bounds in a zone,
// month lists, credit tiers and claim deadlines. The minute sums themselves are SQL
// (vendor-ledger.repository.ts), fed with the bounds computed here.
import type { LedgerPeriodKind } from '@rca/api-contract';
import { DateTime, IANAZone } from 'luxon';
import type { CreditTier } from './sla-contract.entity';

export interface LedgerPeriod {
  kind: LedgerPeriodKind;
  /** "2025-11", "2025-Q4", "2025". */
  label: string;
  zone: string;
  from: Date;
  to: Date;
  previous: { label: string; from: Date; to: Date };
  /** The twelve months ending with the period (the chart's range). */
  chart: { from: Date; to: Date };
}

export function isValidZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length <= 64 && IANAZone.isValidZone(zone);
}

function labelOf(kind: LedgerPeriodKind, start: DateTime): string {
  if (kind === 'year') return start.toFormat('yyyy');
  if (kind === 'quarter') return `${start.toFormat('yyyy')}-Q${start.quarter}`;
  return start.toFormat('yyyy-MM');
}

/**
 * The month, quarter or year that contains `at`, with its boundaries at local midnight in `zone`
 * (so a month of a zone with DST is 743 or 745 hours long), the period before it, and the twelve
 * months the chart shows.
 */
export function ledgerPeriod(kind: LedgerPeriodKind, at: Date, zone: string): LedgerPeriod {
  const local = DateTime.fromJSDate(at, { zone });
  const start = local.startOf(kind);
  const end = start.plus({ [`${kind}s`]: 1 });
  const previousStart = start.minus({ [`${kind}s`]: 1 });
  return {
    kind,
    label: labelOf(kind, start),
    zone,
    from: start.toJSDate(),
    to: end.toJSDate(),
    previous: {
      label: labelOf(kind, previousStart),
      from: previousStart.toJSDate(),
      to: start.toJSDate(),
    },
    chart: { from: end.minus({ months: 12 }).toJSDate(), to: end.toJSDate() },
  };
}

/** "2025-11", "2025-Q4" or "2025" → a date inside it (the first instant, in `zone`). */
export function parsePeriodLabel(
  label: string,
  zone: string,
): { kind: LedgerPeriodKind; at: Date } | null {
  let match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(label);
  if (match)
    return {
      kind: 'month',
      at: DateTime.fromObject({ year: +match[1], month: +match[2] }, { zone }).toJSDate(),
    };
  match = /^(\d{4})-Q([1-4])$/.exec(label);
  if (match)
    return {
      kind: 'quarter',
      at: DateTime.fromObject(
        { year: +match[1], month: (+match[2] - 1) * 3 + 1 },
        { zone },
      ).toJSDate(),
    };
  match = /^(\d{4})$/.exec(label);
  if (match)
    return { kind: 'year', at: DateTime.fromObject({ year: +match[1] }, { zone }).toJSDate() };
  return null;
}

/** YYYY-MM labels of the months that start in [from, to), in `zone`. */
export function monthsBetween(from: Date, to: Date, zone: string): string[] {
  const months: string[] = [];
  let cursor = DateTime.fromJSDate(from, { zone }).startOf('month');
  const end = DateTime.fromJSDate(to, { zone });
  while (cursor < end && months.length < 1200) {
    months.push(cursor.toFormat('yyyy-MM'));
    cursor = cursor.plus({ months: 1 });
  }
  return months;
}

/** Bounds of one billing month (YYYY-MM) in `zone`. */
export function monthBounds(month: string, zone: string): { from: Date; to: Date } {
  const [year, number] = month.split('-').map(Number);
  const start = DateTime.fromObject({ year, month: number }, { zone });
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate() };
}

/**
 * The instant a claim for `month` must be filed by: the end of the `cycles`-th billing cycle
 * (calendar month in `zone`) after that month. 2025-11 with two cycles → end of 2026-01.
 */
export function claimDeadline(month: string, cycles: number, zone: string): Date {
  const [year, number] = month.split('-').map(Number);
  return DateTime.fromObject({ year, month: number }, { zone })
    .plus({ months: cycles + 1 })
    .toJSDate();
}

/** The local calendar date of the last day before `deadline` (what a person reads as "claim by"). */
export function lastDayBefore(deadline: Date, zone: string): string {
  return DateTime.fromJSDate(deadline, { zone }).minus({ milliseconds: 1 }).toISODate() ?? '';
}

/** Availability in percent of a month with `downMinutes` unavailable out of `monthMinutes`. */
export function availabilityPercent(downMinutes: number, monthMinutes: number): number {
  if (monthMinutes <= 0) return 100;
  return Math.max(0, 100 * (1 - downMinutes / monthMinutes));
}

/** The best-paying tier whose threshold the availability falls below; null when none applies. */
export function creditTier(availability: number, tiers: CreditTier[]): CreditTier | null {
  let best: CreditTier | null = null;
  for (const tier of tiers) {
    if (availability < tier.belowPercent && (!best || tier.creditPercent > best.creditPercent))
      best = tier;
  }
  return best;
}

/** "14,3" → [14, 3], largest first, without duplicates. */
export function reminderThresholds(setting: string): number[] {
  return [...new Set(setting.split(',').map((part) => Number(part.trim())))]
    .filter((days) => Number.isInteger(days) && days >= 0)
    .sort((a, b) => b - a);
}

/** The thresholds whose moment (deadline − days) has come while the window is still open. */
export function dueThresholds(now: Date, deadline: Date, thresholds: number[]): number[] {
  if (now.getTime() >= deadline.getTime()) return [];
  return thresholds.filter((days) => now.getTime() >= deadline.getTime() - days * 86_400_000);
}
