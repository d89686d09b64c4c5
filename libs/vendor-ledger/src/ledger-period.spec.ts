import {
  availabilityPercent,
  claimDeadline,
  creditTier,
  dueThresholds,
  lastDayBefore,
  ledgerPeriod,
  monthBounds,
  monthsBetween,
  parsePeriodLabel,
  reminderThresholds,
} from './ledger-period';

const TIERS = [
  { belowPercent: 99.99, creditPercent: 10 },
  { belowPercent: 99.9, creditPercent: 25 },
  { belowPercent: 99, creditPercent: 50 },
];

describe('ledger periods (boundaries at local midnight of the zone)', () => {
  it('a month in UTC, the month before it and the twelve months of the chart', () => {
    const sut = ledgerPeriod('month', new Date('2025-11-18T11:20:00Z'), 'UTC');
    expect(sut.label).toBe('2025-11');
    expect(sut.from.toISOString()).toBe('2025-11-01T00:00:00.000Z');
    expect(sut.to.toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(sut.previous).toEqual({
      label: '2025-10',
      from: new Date('2025-10-01T00:00:00Z'),
      to: new Date('2025-11-01T00:00:00Z'),
    });
    expect(sut.chart.from.toISOString()).toBe('2024-12-01T00:00:00.000Z');
  });

  it('March in Paris starts at UTC+1 and ends at UTC+2: 743 hours, not 744', () => {
    const sut = ledgerPeriod('month', new Date('2025-03-15T12:00:00Z'), 'Europe/Paris');
    expect(sut.from.toISOString()).toBe('2025-02-28T23:00:00.000Z');
    expect(sut.to.toISOString()).toBe('2025-03-31T22:00:00.000Z');
    expect((sut.to.getTime() - sut.from.getTime()) / 3_600_000).toBe(743);
  });

  it('an instant that is still October in New York belongs to October there and to November in UTC', () => {
    const at = new Date('2025-11-01T02:00:00Z');
    expect(ledgerPeriod('month', at, 'America/New_York').label).toBe('2025-10');
    expect(ledgerPeriod('month', at, 'UTC').label).toBe('2025-11');
  });

  it('quarters and years, with the period before each', () => {
    const quarter = ledgerPeriod('quarter', new Date('2025-11-18T00:00:00Z'), 'UTC');
    expect([quarter.label, quarter.previous.label]).toEqual(['2025-Q4', '2025-Q3']);
    expect(quarter.from.toISOString()).toBe('2025-10-01T00:00:00.000Z');
    const year = ledgerPeriod('year', new Date('2019-07-02T00:00:00Z'), 'UTC');
    expect([year.label, year.previous.label]).toEqual(['2019', '2018']);
    expect(year.to.toISOString()).toBe('2020-01-01T00:00:00.000Z');
  });

  it('reads period labels back', () => {
    expect(parsePeriodLabel('2025-Q4', 'UTC')).toEqual({
      kind: 'quarter',
      at: new Date('2025-10-01T00:00:00Z'),
    });
    expect(parsePeriodLabel('2019', 'UTC')?.kind).toBe('year');
    expect(parsePeriodLabel('2025-13', 'UTC')).toBeNull();
  });

  it('lists the months of a range and the bounds of one billing month', () => {
    expect(
      monthsBetween(new Date('2025-10-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), 'UTC'),
    ).toEqual(['2025-10', '2025-11', '2025-12']);
    expect(monthBounds('2025-10', 'Europe/Paris')).toEqual({
      from: new Date('2025-09-30T22:00:00Z'),
      to: new Date('2025-10-31T23:00:00Z'),
    });
  });
});

describe('SLA credit arithmetic', () => {
  it('availability of a month: 318 minutes down of 43,200 is 99.26 %', () => {
    expect(availabilityPercent(318, 43_200)).toBeCloseTo(99.2639, 4);
    expect(availabilityPercent(0, 43_200)).toBe(100);
  });

  it('picks the best-paying tier the availability falls below, none above the first threshold', () => {
    expect(creditTier(99.2639, TIERS)).toEqual({ belowPercent: 99.9, creditPercent: 25 });
    expect(creditTier(99.95, TIERS)?.creditPercent).toBe(10);
    expect(creditTier(98, TIERS)?.creditPercent).toBe(50);
    expect(creditTier(99.99, TIERS)).toBeNull();
  });

  it('claims for November with two billing cycles close at the end of January, in the contract zone', () => {
    expect(claimDeadline('2025-11', 2, 'UTC').toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(claimDeadline('2025-11', 2, 'America/New_York').toISOString()).toBe(
      '2026-02-01T05:00:00.000Z',
    );
    expect(lastDayBefore(claimDeadline('2025-11', 2, 'UTC'), 'UTC')).toBe('2026-01-31');
    expect(claimDeadline('2019-07', 0, 'UTC').toISOString()).toBe('2019-08-01T00:00:00.000Z');
  });

  it('reminds at each threshold once its moment has come, never after the window closed', () => {
    const deadline = new Date('2026-02-01T00:00:00Z');
    const thresholds = reminderThresholds('3, 14,14');
    expect(thresholds).toEqual([14, 3]);
    expect(dueThresholds(new Date('2026-01-10T00:00:00Z'), deadline, thresholds)).toEqual([]);
    expect(dueThresholds(new Date('2026-01-20T00:00:00Z'), deadline, thresholds)).toEqual([14]);
    expect(dueThresholds(new Date('2026-01-30T00:00:00Z'), deadline, thresholds)).toEqual([14, 3]);
    expect(dueThresholds(new Date('2026-02-01T00:00:00Z'), deadline, thresholds)).toEqual([]);
  });
});
