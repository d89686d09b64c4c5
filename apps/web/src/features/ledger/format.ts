/** "45 min", "5 h 46 min", "2 d 3 h": durations of the ledger for people. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null || Number.isNaN(minutes)) return '—';
  const sign = minutes < 0 ? '−' : '';
  let rest = Math.round(Math.abs(minutes));
  if (rest < 60) return `${sign}${rest} min`;
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const mins = rest - hours * 60;
  if (days) return `${sign}${days} d ${hours} h`;
  return `${sign}${hours} h${mins ? ` ${mins} min` : ''}`;
}

/** "+2 h 10 min", "−45 min", "no change". */
export function formatChange(minutes: number): string {
  if (Math.round(minutes) === 0) return 'no change';
  return `${minutes > 0 ? '+' : ''}${formatMinutes(minutes)}`;
}
