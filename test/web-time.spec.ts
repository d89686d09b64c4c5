import {
  dayStartIso,
  formatDuration,
  formatInZone,
  isValidZone,
  localToIso,
  prettyLocal,
  toLocalInput,
} from '../apps/web/src/time';

// The web app's time helpers (run in Node here; the browser uses the same luxon code).
describe('web time helpers', () => {
  it('shows an instant in the zone asked for, across DST', () => {
    expect(formatInZone('2025-11-18T11:20:00Z', 'UTC')).toBe('2025-11-18 11:20');
    expect(formatInZone('2025-11-18T11:20:00Z', 'Europe/Paris')).toBe('2025-11-18 12:20');
    expect(formatInZone('2025-11-18T11:20:00Z', 'America/New_York')).toBe('2025-11-18 06:20');
    expect(formatInZone('2025-07-02T13:42:30Z', 'Europe/Paris')).toBe('2025-07-02 15:42:30');
    expect(formatInZone(null, 'UTC')).toBe('—');
  });

  it('turns local time + zone into the instant and back', () => {
    expect(localToIso('2025-11-18T12:20', 'Europe/Paris')).toBe('2025-11-18T11:20:00.000Z');
    expect(localToIso('2025-07-18T12:20', 'Europe/Paris')).toBe('2025-07-18T10:20:00.000Z');
    expect(toLocalInput('2025-11-18T11:20:00Z', 'America/New_York')).toBe('2025-11-18T06:20');
    expect(dayStartIso('not a day')).toBeUndefined();
  });

  it('knows IANA zones', () => {
    expect(isValidZone('Europe/Paris')).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('formats durations and typed local times for people', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration((3 * 60 + 10) * 60)).toBe('3 h 10 min');
    expect(formatDuration(2 * 86400 + 4 * 3600)).toBe('2 d 4 h');
    expect(prettyLocal('2025-11-18T12:20:00')).toBe('2025-11-18 12:20');
    expect(prettyLocal('2025-11-18T12:20:05')).toBe('2025-11-18 12:20:05');
  });
});
