import { DateTime, IANAZone } from 'luxon';

export const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** Every IANA zone the browser knows, for zone pickers. */
export const ALL_ZONES: string[] = (() => {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf(
      'timeZone',
    );
  } catch {
    return ['UTC', 'Europe/Paris', 'America/New_York'];
  }
})();

export function isValidZone(zone: string): boolean {
  return zone === 'UTC' || IANAZone.isValidZone(zone);
}

/** "2025-11-18 12:20" in `zone` (with seconds when they are not zero). */
export function formatInZone(iso: string | null | undefined, zone: string): string {
  if (!iso) return '—';
  const value = DateTime.fromISO(iso, { zone: isValidZone(zone) ? zone : 'UTC' });
  if (!value.isValid) return iso;
  return value.toFormat(value.second ? 'yyyy-LL-dd HH:mm:ss' : 'yyyy-LL-dd HH:mm');
}

/** Offset name for display next to times, e.g. "UTC+1" or "CET". */
export function zoneLabel(zone: string, iso?: string): string {
  const value = (iso ? DateTime.fromISO(iso) : DateTime.now()).setZone(zone);
  return value.isValid ? `${zone} (${value.toFormat('ZZ')})` : zone;
}

/** The value of a datetime-local input for an instant, in `zone`. */
export function toLocalInput(iso: string, zone: string): string {
  return DateTime.fromISO(iso).setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm");
}

export function nowLocalInput(zone: string): string {
  return DateTime.now().setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** ISO instant for a local date-time in `zone` (the browser's resolution of gaps/overlaps). */
export function localToIso(local: string, zone: string): string | undefined {
  const value = DateTime.fromISO(local, { zone });
  return value.isValid ? (value.toUTC().toISO() ?? undefined) : undefined;
}

/** The start of a calendar day (yyyy-mm-dd) in the browser zone, as an ISO instant. */
export function dayStartIso(day: string, endOfDay = false): string | undefined {
  const value = DateTime.fromISO(day, { zone: BROWSER_ZONE });
  if (!value.isValid) return undefined;
  return (endOfDay ? value.endOf('day') : value.startOf('day')).toUTC().toISO() ?? undefined;
}

/** "2025-11-18T12:20:00" → "2025-11-18 12:20". */
export function prettyLocal(local: string): string {
  return local.replace('T', ' ').replace(/:00(\.0+)?$/, '');
}

/** "1 h 05 min", "3 min 20 s", "2 d 4 h". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const negative = seconds < 0;
  let rest = Math.round(Math.abs(seconds));
  const days = Math.floor(rest / 86400);
  rest -= days * 86400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const secs = rest - minutes * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes && !days) parts.push(`${minutes} min`);
  if (secs && !days && !hours) parts.push(`${secs} s`);
  return (negative ? '−' : '') + (parts.join(' ') || '0 s');
}

/** "Thu 3 Dec 2026, 10:00–11:00" in `zone`: a meeting as a participant there reads it. */
export function formatMeetingSpan(iso: string, minutes: number, zone: string): string {
  const start = DateTime.fromISO(iso, { zone: isValidZone(zone) ? zone : 'UTC' });
  if (!start.isValid) return iso;
  const end = start.plus({ minutes });
  const endText = end.hasSame(start, 'day')
    ? end.toFormat('HH:mm')
    : end.toFormat('ccc d LLL HH:mm');
  return `${start.toFormat('ccc d LLL yyyy, HH:mm')}–${endText}`;
}
