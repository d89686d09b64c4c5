import { Environment } from '@rca/shared';
import type { ReliabilityArea } from '../harness';
import { runLockoutRaces } from '../lockout-race';

/** The lockout race against the built API: 20 races of 18 parallel logins. */
export const lockoutRaceArea: ReliabilityArea = {
  name: 'lockout-race',
  description:
    '20 races of 18 parallel logins, the right password 9th: never accepted, never more guesses verified than the threshold',
  timeoutMs: 180_000,
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
    });
    const failures: string[] = [];
    if (result.bypasses) failures.push(`${result.bypasses} races let the right password in`);
    if (result.overThreshold)
      failures.push(`${result.overThreshold} races verified more than ${threshold} guesses`);
    return { figures: { threshold, ...result }, failures };
  },
};
