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
export function instant(value: unknown, path: string): string {
  const text = string(value, path);
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
