/**
 * A span of hours in the unit a person reads at a glance: "40 min", "5 h", "3 d 4 h" (under a
 * week), "12 d", and past three months the days with their rough size: "394 d (about 13 months)",
 * "2,700 d (about 7 years)".
 */
export function formatHours(hours: number): string {
  const value = Math.abs(hours);
  if (value < 1) return `${Math.round(value * 60)} min`;
  if (value < 48) return `${Math.round(value)} h`;
  const days = Math.floor(value / 24);
  if (days < 7) {
    const rest = Math.round(value - days * 24);
    return rest ? `${days} d ${rest} h` : `${days} d`;
  }
  const shown = `${days.toLocaleString('en')} d`;
  if (days < 90) return shown;
  const months = Math.round(days / 30.44);
  if (months < 24) return `${shown} (about ${months} months)`;
  return `${shown} (about ${Math.round(days / 365.25)} years)`;
}

/** "3 d 4 h left" or "overdue by 394 d (about 13 months)". */
export function timeLeft(hoursLeft: number): string {
  const shown = formatHours(hoursLeft);
  return hoursLeft < 0 ? `overdue by ${shown}` : `${shown} left`;
}
