import { DateTime } from 'luxon';
import { Enumerated } from './normalised.model';
import { StatusParseError, StatusParseErrorKind } from './status-parse.error';

/** Small typed accessors over untrusted JSON; each failure names the path. */
export type Json = Record<string, unknown>;

function invalid(path: string, message: string): never {
  throw new StatusParseError(StatusParseErrorKind.Invalid, message, path);
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object(value: unknown, path: string): Json {
  if (!isObject(value)) invalid(path, 'expected an object');
  return value;
}

export function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) invalid(path, 'expected an array');
  return value;
}

export function optionalArray(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  return array(value, path);
}

export function string(value: unknown, path: string): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) invalid(path, 'expected a non-empty string');
  return value;
}

export function optionalString(value: unknown, path: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') invalid(path, 'expected a string');
  return value;
}

/** An ISO-8601 timestamp with an offset → UTC ISO string. Never assumes UTC silently. */
/** RFC 3339 date-times, the form nearly every status page uses; anything else goes to luxon. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The UTC ISO form of an RFC 3339 date-time whose fields are all in range, or null. Ten times
 * cheaper than luxon, which a poll would otherwise spend a few percent of its CPU in; gives the
 * same result (property-tested against luxon).
 */
export function fastInstant(text: string): string | null {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [, y, mo, d, h, mi, sec, fraction = '', zone] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return null;
  const millis = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${millis}${zone}`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export function instant(value: unknown, path: string): string {
  const text = string(value, path);
  const fast = fastInstant(text);
  if (fast !== null) return fast;
  const parsed = DateTime.fromISO(text, { setZone: true });
  if (!parsed.isValid)
    invalid(path, `not an ISO-8601 instant: ${JSON.stringify(text.slice(0, 60))}`);
  return parsed.toUTC().toISO() as string;
}

export function optionalInstant(value: unknown, path: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  return instant(value, path);
}

/** Maps a raw enum string; unknown values are kept and reported through `warn`. */
export function enumerated<T extends string>(
  raw: unknown,
  known: readonly T[],
  path: string,
  warn: (message: string) => void,
  aliases: Record<string, T> = {},
): Enumerated<T> {
  if (raw === undefined || raw === null) return { value: 'unknown', raw: null, unknown: false };
  if (typeof raw !== 'string') invalid(path, 'expected a string');
  const mapped = (known as readonly string[]).includes(raw)
    ? (raw as T)
    : Object.prototype.hasOwnProperty.call(aliases, raw)
      ? aliases[raw]
      : undefined;
  if (mapped !== undefined) return { value: mapped, raw, unknown: false };
  warn(`${path}: unknown value ${JSON.stringify(raw.slice(0, 80))} kept as raw text`);
  return { value: 'unknown', raw, unknown: true };
}

/** A value mapped by us (no raw field in the payload). */
export function derived<T extends string>(value: T, raw: string | null = null): Enumerated<T> {
  return { value, raw, unknown: false };
}

export function byInstant<T extends { at: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
