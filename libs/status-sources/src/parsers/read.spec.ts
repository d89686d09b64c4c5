import fc from 'fast-check';
import { DateTime } from 'luxon';
import { fastInstant, instant } from './read';
import { StatusParseError } from './status-parse.error';

/** What luxon makes of a text: the UTC ISO instant, or null when it is not a valid ISO date-time. */
function luxon(text: string): string | null {
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? (parsed.toUTC().toISO() as string) : null;
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
/** RFC 3339-shaped texts, fields slightly out of range on purpose (month 13, day 31 in April…). */
const rfc3339ish = fc
  .tuple(
    fc.integer({ min: 1900, max: 2100 }),
    two(13),
    two(32),
    two(25),
    two(61),
    two(61),
    fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
    fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), two(24), two(60)).map(([s, h, m]) => `${s}${h}:${m}`),
    ),
  )
  .map(
    ([y, mo, d, h, mi, s, fraction, zone]) =>
      `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction === undefined ? '' : `.${fraction}`}${zone}`,
  );

describe('instants', () => {
  it('the fast path agrees with luxon wherever it answers, and never accepts what luxon refuses', () => {
    fc.assert(
      fc.property(rfc3339ish, (text) => {
        const fast = fastInstant(text);
        return fast === null || fast === luxon(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('answers the usual status-page forms itself', () => {
    expect(fastInstant('2025-11-18T11:20:00.164Z')).toBe('2025-11-18T11:20:00.164Z');
    expect(fastInstant('2022-07-01T13:37:44+00:00')).toBe('2022-07-01T13:37:44.000Z');
    expect(fastInstant('2023-11-02T11:43:38.386-07:00')).toBe('2023-11-02T18:43:38.386Z');
    expect(fastInstant('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('leaves impossible dates to luxon, which refuses them with the path', () => {
    expect(fastInstant('2025-02-29T00:00:00Z')).toBeNull();
    expect(() => instant('2025-02-29T00:00:00Z', 'incidents[0].created_at')).toThrow(
      StatusParseError,
    );
    expect(() => instant('2025-04-31T10:00:00Z', 'x')).toThrow(/not an ISO-8601 instant/);
    // Not RFC 3339 but ISO 8601: luxon still reads it.
    expect(instant('2025-11-18T11:20Z', 'x')).toBe('2025-11-18T11:20:00.000Z');
  });
});
