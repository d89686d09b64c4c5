import { formatHours, timeLeft } from '../apps/web/src/features/deadlines/durations';

describe('deadline durations in sensible units', () => {
  it('says minutes, hours, days, then months or years for very late ones', () => {
    expect(timeLeft(0.5)).toBe('30 min left');
    expect(timeLeft(5.2)).toBe('5 h left');
    expect(timeLeft(76)).toBe('3 d 4 h left');
    expect(timeLeft(-12 * 24 - 5)).toBe('overdue by 12 d');
    expect(timeLeft(-(394 * 24 + 23))).toBe('overdue by 394 d (about 13 months)');
    expect(timeLeft(-(2700 * 24 + 23))).toBe('overdue by 2,700 d (about 7 years)');
    expect(formatHours(9077)).toBe('378 d (about 12 months)');
  });
});
