import { DomainError } from '@rca/shared';
import {
  BusinessCalendar,
  computeDueInstant,
  DeadlineSpec,
  validateDeadlineSpec,
} from './business-calendar';

const NEW_YORK: DeadlineSpec = { zone: 'America/New_York', country: 'US', businessDays: 5 };
const PARIS: DeadlineSpec = { zone: 'Europe/Paris', country: 'FR', businessDays: 5 };
const due = (resolved: string, spec: DeadlineSpec) =>
  computeDueInstant(new Date(resolved), spec).toISOString();

describe('computeDueInstant', () => {
  it('counts five business days after a Tuesday resolution and skips Veterans Day', () => {
    // Tue 2025-11-04 → Wed 5, Thu 6, Fri 7, Mon 10, (Tue 11 Veterans Day), Wed 12 at 17:00 EST.
    expect(due('2025-11-04T14:30:00Z', NEW_YORK)).toBe('2025-11-12T22:00:00.000Z');
  });

  it('never counts the resolution day, even when resolved at 00:01 on a business day', () => {
    expect(due('2025-06-02T04:01:00Z', { ...NEW_YORK, businessDays: 1 })).toBe(
      '2025-06-03T21:00:00.000Z',
    );
  });

  it('skips weekends: resolved on a Friday evening, 1 business day → Monday', () => {
    expect(due('2025-06-06T23:00:00Z', { ...NEW_YORK, businessDays: 1 })).toBe(
      '2025-06-09T21:00:00.000Z',
    );
  });

  it('judges the resolution day in the policy zone: Saturday 02:00 UTC is still Friday in New York', () => {
    // Friday 2025-06-06 22:00 New York; next business day is Monday.
    expect(due('2025-06-07T02:00:00Z', { ...NEW_YORK, businessDays: 1 })).toBe(
      '2025-06-09T21:00:00.000Z',
    );
    // The same instant is Saturday in Paris, and Monday 2025-06-09 is Whit Monday there: Tuesday.
    expect(due('2025-06-07T02:00:00Z', { ...PARIS, businessDays: 1 })).toBe(
      '2025-06-10T15:00:00.000Z',
    );
  });

  it('skips US Thanksgiving: the Cloudflare outage of Tuesday 2025-11-18 is is due the Tuesday after; a Friday resolution crosses Thanksgiving', () => {
    // Resolved Tue 11-18 → Wed 19, Thu 20, Fri 21, Mon 24, Tue 25 = 5th business day.
    expect(due('2025-11-18T14:30:00Z', NEW_YORK)).toBe('2025-11-25T22:00:00.000Z');
    // Resolved Fri 11-21 → Mon 24, Tue 25, Wed 26, (Thu 27 Thanksgiving), Fri 28, Mon Dec 1.
    expect(due('2025-11-21T15:00:00Z', NEW_YORK)).toBe('2025-12-01T22:00:00.000Z');
  });

  it('skips French public holidays: Ascension, Whit Monday, 1 and 8 May 2026', () => {
    // Resolved Thu 2026-04-30 in Paris → (Fri 1 May holiday) Mon 4, Tue 5, Wed 6, Thu 7, (Fri 8 holiday), Mon 11.
    expect(due('2026-04-30T10:00:00Z', PARIS)).toBe('2026-05-11T15:00:00.000Z');
    // Resolved Wed 2026-05-13 → (Thu 14 Ascension) Fri 15, Mon 18, Tue 19, Wed 20, Thu 21.
    expect(due('2026-05-13T10:00:00Z', PARIS)).toBe('2026-05-21T15:00:00.000Z');
    // The same resolution under the US calendar ignores French holidays.
    expect(due('2026-05-13T10:00:00Z', NEW_YORK)).toBe('2026-05-20T21:00:00.000Z');
  });

  it('crosses the year end over Christmas and New Year', () => {
    // Tue 2025-12-23 → Wed 24, (Thu 25 Christmas), Fri 26, Mon 29, Tue 30, Wed 31.
    expect(due('2025-12-23T18:00:00Z', NEW_YORK)).toBe('2025-12-31T22:00:00.000Z');
    // Mon 2025-12-29 → Tue 30, Wed 31, (Thu 1 New Year), Fri 2, Mon 5, Tue 2026-01-06.
    expect(due('2025-12-29T18:00:00Z', NEW_YORK)).toBe('2026-01-06T22:00:00.000Z');
  });

  it('keeps 17:00 local across the DST changes (offset changes, wall time does not)', () => {
    // US DST ends Sun 2025-11-02: resolved Thu 10-30 (EDT, UTC-4) → due Thu 11-06 17:00 EST (UTC-5).
    expect(due('2025-10-30T15:00:00Z', NEW_YORK)).toBe('2025-11-06T22:00:00.000Z');
    // US DST starts Sun 2026-03-08: resolved Thu 03-05 (EST) → due Thu 03-12 17:00 EDT (UTC-4).
    expect(due('2026-03-05T15:00:00Z', NEW_YORK)).toBe('2026-03-12T21:00:00.000Z');
    // EU DST starts Sun 2026-03-29: resolved Fri 03-27 in Paris, 1 day → Mon 03-30 17:00 CEST (UTC+2).
    expect(due('2026-03-27T10:00:00Z', { ...PARIS, businessDays: 1 })).toBe(
      '2026-03-30T15:00:00.000Z',
    );
  });

  it('honours custom holidays, a region calendar and a custom due time', () => {
    expect(
      due('2025-06-02T15:00:00Z', {
        ...NEW_YORK,
        businessDays: 1,
        customHolidays: ['2025-06-03'],
        dueTime: '09:30',
      }),
    ).toBe('2025-06-04T13:30:00.000Z');
    // Cesar Chavez Day (31 March) is a public holiday in California only.
    const california = new BusinessCalendar({
      zone: 'America/Los_Angeles',
      country: 'US',
      region: 'CA',
    });
    const federal = new BusinessCalendar({ zone: 'America/Los_Angeles', country: 'US' });
    expect(california.addBusinessDays(new Date('2025-03-28T18:00:00Z'), 1).toISODate()).toBe(
      '2025-04-01',
    );
    expect(federal.addBusinessDays(new Date('2025-03-28T18:00:00Z'), 1).toISODate()).toBe(
      '2025-03-31',
    );
  });

  it('without a country only weekends are skipped', () => {
    expect(due('2025-11-26T15:00:00Z', { zone: 'UTC', businessDays: 1 })).toBe(
      '2025-11-27T17:00:00.000Z',
    );
  });
});

describe('validateDeadlineSpec', () => {
  const failure = (spec: DeadlineSpec) => {
    try {
      validateDeadlineSpec(spec);
    } catch (error) {
      return {
        status: (error as DomainError).status,
        field: (error as DomainError).errors?.[0].field,
        message: (error as Error).message,
      };
    }
    throw new Error('expected a validation failure');
  };

  it.each([
    [{ ...NEW_YORK, zone: 'Mars/Olympus_Mons' }, 'zone', /IANA time zone/],
    [{ ...NEW_YORK, country: 'XX' }, 'country', /not a country code/],
    [{ ...NEW_YORK, region: 'ZZ' }, 'region', /not a region of US/],
    [{ ...NEW_YORK, businessDays: -1 }, 'businessDays', /between 1 and 365/],
    [{ ...NEW_YORK, businessDays: 2.5 }, 'businessDays', /whole number/],
    [{ ...NEW_YORK, dueTime: '25:00' }, 'dueTime', /HH:mm/],
    [{ ...NEW_YORK, customHolidays: ['2025-02-30'] }, 'customHolidays', /YYYY-MM-DD/],
  ] as Array<[DeadlineSpec, string, RegExp]>)(
    'refuses %j with a 400 naming the field',
    (spec, field, message) => {
      const result = failure(spec);
      expect(result.status).toBe(400);
      expect(result.field).toBe(field);
      expect(result.message).toMatch(message);
    },
  );
});
