import { renderInZone, resolveInstant } from './instant';

describe('resolveInstant', () => {
  it('accepts an ISO instant with an offset and keeps the offset as the entered zone', () => {
    const resolved = resolveInstant('2025-11-18T12:20:00+01:00', 'occurredAt');
    expect(resolved.instant.toISOString()).toBe('2025-11-18T11:20:00.000Z');
    expect(resolved.zone).toBe('UTC+01:00');
    expect(resolved.local).toBe('2025-11-18T12:20:00');
    expect(resolveInstant('2025-11-18T11:20:00Z', 'x').zone).toBe('UTC');
  });

  it('refuses an instant without an offset', () => {
    expect(() => resolveInstant('2025-11-18T11:20:00', 'occurredAt')).toThrow(/with an offset/);
  });

  it('resolves a Paris local time to the right instant', () => {
    const resolved = resolveInstant(
      { local: '2025-11-18T12:20', zone: 'Europe/Paris' },
      'occurredAt',
    );
    expect(resolved.instant.toISOString()).toBe('2025-11-18T11:20:00.000Z');
    expect(resolved.zone).toBe('Europe/Paris');
  });

  it('refuses a time inside the Paris spring-forward gap', () => {
    expect(() =>
      resolveInstant({ local: '2025-03-30T02:30', zone: 'Europe/Paris' }, 'occurredAt'),
    ).toThrow(/does not exist in Europe\/Paris.*UTC\+01:00 to UTC\+02:00/);
  });

  it('asks for a disambiguation inside the New York fall-back overlap and honours it', () => {
    const input = { local: '2025-11-02T01:30', zone: 'America/New_York' };
    expect(() => resolveInstant(input, 'occurredAt')).toThrow(/ambiguous.*"earlier" or "later"/);
    expect(resolveInstant({ ...input, disambiguation: 'earlier' }, 'x').instant.toISOString()).toBe(
      '2025-11-02T05:30:00.000Z',
    );
    expect(resolveInstant({ ...input, disambiguation: 'later' }, 'x').instant.toISOString()).toBe(
      '2025-11-02T06:30:00.000Z',
    );
  });

  it('refuses zones that are not in the IANA database', () => {
    expect(() =>
      resolveInstant({ local: '2025-11-18T12:20', zone: 'Europe/Atlantis' }, 'occurredAt'),
    ).toThrow(/not an IANA time zone/);
  });

  it('renders an instant in a zone', () => {
    expect(renderInZone(new Date('2025-11-18T11:20:00Z'), 'America/New_York')).toEqual({
      zone: 'America/New_York',
      local: '2025-11-18T06:20:00',
      offset: '-05:00',
    });
  });
});
