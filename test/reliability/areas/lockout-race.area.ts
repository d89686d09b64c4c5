import { Environment } from '@rca/shared';
import type { ReliabilityArea } from '../harness';
import { runLockoutRaces } from '../lockout-race';

/** The lockout race against the built API: 20 races of 10 parallel logins. */
export const lockoutRaceArea: ReliabilityArea = {
  name: 'lockout-race',
  description:
    '20 races of 10 parallel logins, the right password 8th: never accepted, never more guesses verified than the threshold',
  timeoutMs: 300_000,
  totals: { 'lockout bypasses in 20 races': 'bypasses' },
  async run(system) {
    const threshold = new Environment().LOGIN_LOCKOUT_THRESHOLD; // the suite keeps the default
    const result = await runLockoutRaces({
      baseUrl: system.apiUrl,
      newAccountEmail: async () => (await system.factories.newUser()).email!,
      verifiedGuesses: async (email) => {
        const [row] = await system.query(
          `SELECT count(*)::int AS n FROM audit_event
            WHERE action = 'login.failed' AND details->>'reason' = 'wrong_password'
              AND actor_user_id = (SELECT id FROM user_account WHERE email = $1)`,
          [email],
        );
        return row.n as number;
      },
      threshold,
      // 10 at once, the right one 8th: 7 wrong guesses before it (threshold 5). Every login pays
      // one argon2 verification, locked or not, so 18 at once costs the suite minutes.
      parallel: 10,
      rightAt: 7,
    });
    const failures: string[] = [];
    if (result.bypasses) failures.push(`${result.bypasses} races let the right password in`);
    if (result.overThreshold)
      failures.push(`${result.overThreshold} races verified more than ${threshold} guesses`);
    return { figures: { threshold, ...result }, failures };
  },
};
