import { InvalidInputError } from '@rca/shared';
import { registerDecorator, ValidationArguments } from 'class-validator';
import { DateTime, IANAZone } from 'luxon';

export const DISAMBIGUATIONS = ['earlier', 'later'] as const;
export type Disambiguation = (typeof DISAMBIGUATIONS)[number];

/** A local wall-clock time in an IANA zone, as a person read it off a clock or a report. */
export interface LocalInstantInput {
  local: string;
  zone: string;
  /** Which of the two instants a repeated (fall-back) local time means. */
  disambiguation?: Disambiguation;
}

/** Either an ISO-8601 instant with an offset ("2025-11-18T11:20:00Z") or a local time plus zone. */
export type InstantInput = string | LocalInstantInput;

export interface ResolvedInstant {
  instant: Date;
  /** IANA zone, "UTC", or a fixed offset such as "UTC+02:00". */
  zone: string;
  /** Wall-clock time in that zone, "yyyy-MM-ddTHH:mm:ss". */
  local: string;
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const WALL = "yyyy-MM-dd'T'HH:mm:ss";

class InstantProblem extends Error {}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

export function isValidZone(zone: string): boolean {
  return typeof zone === 'string' && zone.length <= 64 && IANAZone.isValidZone(zone);
}

function resolveOrProblem(input: unknown): ResolvedInstant {
  if (typeof input === 'string') {
    if (!ISO_WITH_OFFSET.test(input)) {
      throw new InstantProblem(
        'must be an ISO-8601 instant with an offset (e.g. "2025-11-18T11:20:00Z" or "2025-11-18T12:20:00+01:00"), or {"local": "2025-11-18T12:20", "zone": "Europe/Paris"}',
      );
    }
    const parsed = DateTime.fromISO(input, { setZone: true });
    if (!parsed.isValid)
      throw new InstantProblem(
        `is not a real date-time (${parsed.invalidExplanation ?? parsed.invalidReason})`,
      );
    return {
      instant: parsed.toJSDate(),
      zone: parsed.offset === 0 ? 'UTC' : offsetText(parsed.offset),
      local: parsed.toFormat(WALL),
    };
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new InstantProblem(
      'must be an ISO-8601 instant with an offset, or {"local": "…", "zone": "…"}',
    );
  }
  const { local, zone, disambiguation, ...rest } = input as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length)
    throw new InstantProblem(
      `has unknown field(s) ${unknown.join(', ')}; allowed: local, zone, disambiguation`,
    );
  if (typeof local !== 'string' || !LOCAL.test(local)) {
    throw new InstantProblem(
      '.local must be a local date-time without offset, e.g. "2025-11-18T12:20"',
    );
  }
  if (typeof zone !== 'string' || !isValidZone(zone)) {
    throw new InstantProblem(
      `.zone ${JSON.stringify(zone)} is not an IANA time zone (e.g. "Europe/Paris", "America/New_York", "UTC")`,
    );
  }
  if (disambiguation !== undefined && !DISAMBIGUATIONS.includes(disambiguation as Disambiguation)) {
    throw new InstantProblem('.disambiguation must be "earlier" or "later"');
  }
  const wall = DateTime.fromISO(local, { zone: 'utc' });
  if (!wall.isValid) throw new InstantProblem(`.local ${local} is not a real date-time`);
  const ianaZone = IANAZone.create(zone);
  const wallMillis = wall.toMillis();
  // Every offset the zone uses around that day; keep the ones that map back to the same wall time.
  const offsets = new Set(
    [-1, -0.5, 0, 0.5, 1].map((days) => ianaZone.offset(wallMillis + days * 86_400_000)),
  );
  const candidates = [...offsets]
    .map((offset) => ({ offset, instant: wallMillis - offset * 60_000 }))
    .filter(({ offset, instant }) => ianaZone.offset(instant) === offset)
    .sort((a, b) => a.instant - b.instant);
  const shown = wall.toFormat(WALL);
  if (candidates.length === 0) {
    const before = ianaZone.offset(wallMillis - 86_400_000);
    const after = ianaZone.offset(wallMillis + 86_400_000);
    throw new InstantProblem(
      `${shown} does not exist in ${zone}: the clocks skipped it when the offset changed from ${offsetText(before)} to ${offsetText(after)} (daylight-saving gap); check the time you read`,
    );
  }
  let chosen = candidates[0];
  if (candidates.length > 1) {
    if (!disambiguation) {
      throw new InstantProblem(
        `${shown} is ambiguous in ${zone}: it happened twice, at ${offsetText(candidates[0].offset)} and at ${offsetText(candidates[1].offset)} (clocks went back); add "disambiguation": "earlier" or "later"`,
      );
    }
    chosen = disambiguation === 'earlier' ? candidates[0] : candidates[candidates.length - 1];
  }
  return { instant: new Date(chosen.instant), zone, local: shown };
}

/** Resolves an instant input; throws a 400 naming `field` and why. */
export function resolveInstant(input: InstantInput, field: string): ResolvedInstant {
  try {
    return resolveOrProblem(input);
  } catch (error) {
    if (error instanceof InstantProblem)
      throw new InvalidInputError(field, `${field} ${error.message}`);
    throw error;
  }
}

/** The wall-clock rendering of an instant in a zone. */
export function renderInZone(
  instant: Date,
  zone: string,
): { zone: string; local: string; offset: string } {
  const inZone = DateTime.fromJSDate(instant).setZone(zone);
  return { zone, local: inZone.toFormat(WALL), offset: inZone.toFormat('ZZ') };
}

/** class-validator: the value is an InstantInput that resolves (gap and overlap rules included). */
export function IsInstantInput() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isInstantInput',
      target: target.constructor,
      propertyName,
      validator: {
        validate(value: unknown) {
          try {
            resolveOrProblem(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage(args: ValidationArguments) {
          try {
            resolveOrProblem(args.value);
            return `${args.property} is invalid`;
          } catch (error) {
            return `${args.property} ${(error as Error).message}`;
          }
        },
      },
    });
}
