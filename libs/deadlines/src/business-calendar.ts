import Holidays from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';
import { InvalidInputError } from '@rca/shared';

/** Everything that decides which days count and when a deadline falls. */
export interface CalendarSpec {
  /** IANA zone the business days are counted in, e.g. America/New_York. */
  zone: string;
  /** ISO 3166-1 alpha-2 country of the public-holiday calendar (date-holidays), e.g. US, FR. Null: no public holidays. */
  country?: string | null;
  /** Region/state code within the country (date-holidays), e.g. CA for US-CA. */
  region?: string | null;
  /** Extra days off, YYYY-MM-DD in the policy zone (company shutdowns, local holidays). */
  customHolidays?: string[];
}

export interface DeadlineSpec extends CalendarSpec {
  /** N ≥ 1: the due date is the Nth business day after the resolution day. */
  businessDays: number;
  /** HH:mm in the zone; default 17:00. */
  dueTime?: string;
}

export const DEFAULT_DUE_TIME = '17:00';
export const MAX_BUSINESS_DAYS = 365;
const DUE_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const catalogue = new Holidays();
const countries = new Set(Object.keys(catalogue.getCountries()));

/** Throws a 400 naming the field when any part of the spec is unusable; returns it normalised. */
export function validateDeadlineSpec(spec: DeadlineSpec): Required<DeadlineSpec> {
  if (typeof spec.zone !== 'string' || !IANAZone.isValidZone(spec.zone))
    throw new InvalidInputError(
      'zone',
      `"${spec.zone}" is not an IANA time zone (e.g. America/New_York)`,
    );
  const country = spec.country ? spec.country.toUpperCase() : null;
  if (country && !countries.has(country))
    throw new InvalidInputError(
      'country',
      `"${spec.country}" is not a country code known to the holiday calendar (ISO 3166-1 alpha-2, e.g. US, FR)`,
    );
  const region = spec.region ? spec.region.toUpperCase() : null;
  if (region) {
    if (!country) throw new InvalidInputError('region', 'a region needs a country');
    const regions = catalogue.getStates(country) ?? {};
    if (!(region in regions))
      throw new InvalidInputError(
        'region',
        `"${spec.region}" is not a region of ${country} (known: ${Object.keys(regions).slice(0, 20).join(', ') || 'none'})`,
      );
  }
  if (
    !Number.isInteger(spec.businessDays) ||
    spec.businessDays < 1 ||
    spec.businessDays > MAX_BUSINESS_DAYS
  )
    throw new InvalidInputError(
      'businessDays',
      `must be a whole number between 1 and ${MAX_BUSINESS_DAYS} (got ${spec.businessDays})`,
    );
  const dueTime = spec.dueTime ?? DEFAULT_DUE_TIME;
  if (!DUE_TIME.test(dueTime))
    throw new InvalidInputError('dueTime', `"${dueTime}" is not a time of day HH:mm`);
  const customHolidays = [...new Set(spec.customHolidays ?? [])].sort();
  for (const day of customHolidays) {
    if (!ISO_DATE.test(day) || !DateTime.fromISO(day).isValid)
      throw new InvalidInputError('customHolidays', `"${day}" is not a date YYYY-MM-DD`);
  }
  return {
    zone: spec.zone,
    country,
    region,
    customHolidays,
    businessDays: spec.businessDays,
    dueTime,
  };
}

const holidayCache = new Map<string, Set<string>>();

/** Public holidays (YYYY-MM-DD) of one year for a country/region, cached. */
function publicHolidays(country: string, region: string | null, year: number): Set<string> {
  const key = `${country}/${region ?? ''}/${year}`;
  let days = holidayCache.get(key);
  if (!days) {
    const calendar = region
      ? new Holidays(country, region, { types: ['public'] })
      : new Holidays(country, { types: ['public'] });
    days = new Set(calendar.getHolidays(year).map((holiday) => holiday.date.slice(0, 10)));
    holidayCache.set(key, days);
  }
  return days;
}

export class BusinessCalendar {
  private readonly custom: Set<string>;

  constructor(private readonly spec: CalendarSpec) {
    this.custom = new Set(spec.customHolidays ?? []);
  }

  /** Why a day (YYYY-MM-DD in the zone) is not a business day, or null if it is one. */
  closedReason(day: DateTime): 'weekend' | 'holiday' | 'custom' | null {
    if (day.weekday >= 6) return 'weekend';
    const iso = day.toISODate()!;
    if (this.custom.has(iso)) return 'custom';
    if (
      this.spec.country &&
      publicHolidays(this.spec.country, this.spec.region ?? null, day.year).has(iso)
    )
      return 'holiday';
    return null;
  }

  isBusinessDay(day: DateTime): boolean {
    return this.closedReason(day) === null;
  }

  /** The Nth business day strictly after the calendar day of `from` in the zone. */
  addBusinessDays(from: Date, count: number): DateTime {
    let day = DateTime.fromJSDate(from, { zone: this.spec.zone }).startOf('day');
    let remaining = count;
    while (remaining > 0) {
      day = day.plus({ days: 1 });
      if (this.isBusinessDay(day)) remaining -= 1;
    }
    return day;
  }
}

/**
 * The due instant: `dueTime` on the Nth business day after the day the incident resolved, in
 * the policy zone. The resolution day itself never counts, even when it is a business day.
 */
export function computeDueInstant(resolvedAt: Date, spec: DeadlineSpec): Date {
  const valid = validateDeadlineSpec(spec);
  const day = new BusinessCalendar(valid).addBusinessDays(resolvedAt, valid.businessDays);
  const [hour, minute] = valid.dueTime.split(':').map(Number);
  const due = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: valid.zone },
  );
  return due.toJSDate();
}
