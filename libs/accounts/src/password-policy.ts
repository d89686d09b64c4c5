import { COMMON_PASSWORDS } from './common-passwords';

/**
 * Minimum length plus a blocklist of breached patterns: the most common leaked passwords (also
 * with digits/symbols appended or letters swapped for look-alike digits), a single repeated
 * character, keyboard / alphabet runs, and passwords built from the user's own email or name.
 * Returns the reason a password is refused, or null when it is acceptable.
 */
export function passwordProblem(
  password: string,
  minimumLength: number,
  personal: Array<string | null | undefined> = [],
): string | null {
  if (password.length < minimumLength)
    return `password must be at least ${minimumLength} characters long`;
  if (password.length > 256) return 'password must be at most 256 characters long';
  const lower = password.toLowerCase();
  const core = lower
    .replace(/[0-9!@#$%^&*._\-+=?~ ]+$/, '')
    .replace(/^[0-9!@#$%^&*._\-+=?~ ]+/, '');
  const unleet = core
    .replace(/0/g, 'o')
    .replace(/1/g, 'i')
    .replace(/3/g, 'e')
    .replace(/4/g, 'a')
    .replace(/5/g, 's')
    .replace(/7/g, 't')
    .replace(/@/g, 'a')
    .replace(/\$/g, 's');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(core) || COMMON_PASSWORDS.has(unleet))
    return 'password is on the list of commonly used / breached passwords';
  if (/^\d+$/.test(password)) return 'password must not be only digits';
  if (/^(.)\1+$/.test(password)) return 'password must not be one repeated character';
  if (/^(.{1,4})\1+$/.test(lower)) return 'password must not be a short repeated pattern';
  for (const run of [
    'abcdefghijklmnopqrstuvwxyz',
    '01234567890123456789',
    'qwertyuiopasdfghjklzxcvbnm',
  ]) {
    if (run.includes(lower) || run.split('').reverse().join('').includes(lower))
      return 'password must not be a keyboard or alphabet sequence';
  }
  for (const value of personal) {
    if (!value) continue;
    for (const word of value.toLowerCase().split(/[@.\s_+-]+/)) {
      if (word.length >= 4 && (core === word || unleet === word))
        return 'password must not be your name or email address';
    }
  }
  return null;
}
