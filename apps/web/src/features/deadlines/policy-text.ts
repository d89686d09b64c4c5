import type { DeadlinePolicy } from '@rca/api-contract';

const regionNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    return undefined;
  }
})();

/** "United States" for "US" (the code itself when the browser does not know it). */
export function countryName(code: string): string {
  try {
    return regionNames?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Holiday calendars people pick most; any ISO 3166-1 code may be typed. */
export const COMMON_COUNTRIES = [
  'US',
  'CA',
  'MX',
  'BR',
  'GB',
  'IE',
  'FR',
  'DE',
  'NL',
  'BE',
  'ES',
  'PT',
  'IT',
  'CH',
  'AT',
  'SE',
  'NO',
  'DK',
  'FI',
  'PL',
  'CZ',
  'IL',
  'AE',
  'IN',
  'SG',
  'JP',
  'KR',
  'CN',
  'AU',
  'NZ',
  'ZA',
];

/** "5 business days after resolution, due 17:00 America/New_York, US holidays". */
export function describePolicy(
  policy: Pick<
    DeadlinePolicy,
    'businessDays' | 'dueTime' | 'zone' | 'country' | 'region' | 'customHolidays'
  >,
): string {
  const days = `${policy.businessDays} business day${policy.businessDays === 1 ? '' : 's'}`;
  const holidays = policy.country
    ? `${policy.country.toUpperCase()}${policy.region ? `-${policy.region.toUpperCase()}` : ''} holidays`
    : 'no public holidays';
  const extra = policy.customHolidays.length
    ? ` + ${policy.customHolidays.length} company holiday${policy.customHolidays.length === 1 ? '' : 's'}`
    : '';
  return `${days} after resolution, due ${policy.dueTime} ${policy.zone}, ${holidays}${extra}`;
}
