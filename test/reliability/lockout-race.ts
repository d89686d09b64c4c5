import { TEST_PASSWORD } from '../factories';

export interface LockoutRaceResult {
  races: number;
  /** Races in which the right password was accepted although earlier guesses reached the lock. */
  bypasses: number;
  /** Races in which more guesses were verified than the threshold allows. */
  overThreshold: number;
}

/**
 * The lockout race: per race a fresh account, `parallel` logins at once, all wrong but the one at
 * `rightAt` (0-based). With at least `threshold` wrong guesses around it, the right one must be
 * refused, and no more than `threshold` wrong guesses may reach the password check.
 */
export async function runLockoutRaces(options: {
  baseUrl: string;
  newAccountEmail: () => Promise<string>;
  /** Wrong guesses that got their password verified (e.g. counted from the audit log). */
  verifiedGuesses: (email: string) => Promise<number>;
  threshold: number;
  races?: number;
  parallel?: number;
  rightAt?: number;
}): Promise<LockoutRaceResult> {
  const { races = 20, parallel = 18, rightAt = 8, threshold } = options;
  const result: LockoutRaceResult = { races, bypasses: 0, overThreshold: 0 };
  for (let race = 0; race < races; race += 1) {
    const email = await options.newAccountEmail();
    const statuses = await Promise.all(
      Array.from({ length: parallel }, (_, index) =>
        fetch(`${options.baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email,
            password: index === rightAt ? TEST_PASSWORD : `wrong-guess-${index}-xyz`,
          }),
        }).then(async (response) => {
          await response.arrayBuffer();
          return response.status;
        }),
      ),
    );
    if (statuses[rightAt] === 200) result.bypasses += 1;
    if ((await options.verifiedGuesses(email)) > threshold) result.overThreshold += 1;
  }
  return result;
}
