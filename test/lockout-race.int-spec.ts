import { UserRepository } from '../libs/accounts/src/user.repository';
import { HttpSession } from './http-session';
import { runLockoutRaces } from './reliability/lockout-race';
import { createTestApp, TestApp } from './test-context';

const THRESHOLD = 5;

describe('login lockout under concurrency (real Postgres)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({
      env: { LOGIN_LOCKOUT_THRESHOLD: String(THRESHOLD), AUTH_RATE_LIMIT: '100000' },
    });
  });
  afterAll(() => sut.close());

  const wrongGuessesVerified = async (email: string) => {
    const [row] = await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event
        WHERE action = 'login.failed' AND details->>'reason' = 'wrong_password'
          AND actor_user_id = (SELECT id FROM user_account WHERE email = $1)`,
      [email],
    );
    return row.n as number;
  };

  it('refuses the right password sent 9th of 18 parallel logins, in 20 races out of 20', async () => {
    const result = await runLockoutRaces({
      baseUrl: sut.url,
      newAccountEmail: async () => (await sut.factories.newUser()).email!,
      verifiedGuesses: wrongGuessesVerified,
      threshold: THRESHOLD,
    });
    expect(result).toEqual({ races: 20, bypasses: 0, overThreshold: 0 });
  }, 180_000);

  it('still accepts the right password after threshold − 1 sequential typos, and resets the count', async () => {
    const user = await sut.factories.newUser();
    for (let typo = 0; typo < THRESHOLD - 1; typo += 1)
      expect((await new HttpSession(sut.url).login(user.email!, 'typo-password-1')).status).toBe(
        401,
      );
    expect((await new HttpSession(sut.url).login(user.email!)).status).toBe(200);
    const [row] = await sut.dataSource.query(
      `SELECT failed_login_count, locked_until FROM user_account WHERE id = $1`,
      [user.id],
    );
    expect(row).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('a success keeps the failures of attempts that arrived while it was being verified', async () => {
    const user = await sut.factories.newUser();
    const repository = sut.app.get(UserRepository);
    const policy = { threshold: THRESHOLD, baseSeconds: 30, maxSeconds: 3600 };
    const right = await repository.reserveLoginAttempt(user.id, policy);
    await repository.reserveLoginAttempt(user.id, policy);
    await repository.reserveLoginAttempt(user.id, policy);
    expect(await repository.settleLoginSuccess(user.id, right!.attempt, new Date())).toBe(true);
    const [row] = await sut.dataSource.query(
      `SELECT failed_login_count FROM user_account WHERE id = $1`,
      [user.id],
    );
    expect(row.failed_login_count).toBe(2);
  });

  it('a success is refused when attempts that arrived after it locked the account', async () => {
    const user = await sut.factories.newUser();
    const repository = sut.app.get(UserRepository);
    const policy = { threshold: THRESHOLD, baseSeconds: 30, maxSeconds: 3600 };
    const right = await repository.reserveLoginAttempt(user.id, policy);
    for (let other = 1; other < THRESHOLD; other += 1)
      expect(await repository.reserveLoginAttempt(user.id, policy)).not.toBeNull();
    expect(await repository.reserveLoginAttempt(user.id, policy)).toBeNull();
    expect(await repository.settleLoginSuccess(user.id, right!.attempt, new Date())).toBe(false);
  });

  it('a success that reached the threshold itself is refused when a locked-out attempt came after it', async () => {
    const user = await sut.factories.newUser();
    const repository = sut.app.get(UserRepository);
    const policy = { threshold: THRESHOLD, baseSeconds: 30, maxSeconds: 3600 };
    for (let typo = 1; typo < THRESHOLD; typo += 1)
      await repository.reserveLoginAttempt(user.id, policy);
    const right = await repository.reserveLoginAttempt(user.id, policy);
    expect(right!.attempt).toBe(THRESHOLD);
    expect(await repository.reserveLoginAttempt(user.id, policy)).toBeNull();
    expect(await repository.settleLoginSuccess(user.id, right!.attempt, new Date())).toBe(false);
  });

  it('a success that reached the threshold itself, with nothing after it, logs in', async () => {
    const user = await sut.factories.newUser();
    const repository = sut.app.get(UserRepository);
    const policy = { threshold: THRESHOLD, baseSeconds: 30, maxSeconds: 3600 };
    for (let typo = 1; typo < THRESHOLD; typo += 1)
      await repository.reserveLoginAttempt(user.id, policy);
    const right = await repository.reserveLoginAttempt(user.id, policy);
    expect(await repository.settleLoginSuccess(user.id, right!.attempt, new Date())).toBe(true);
    const [row] = await sut.dataSource.query(
      `SELECT failed_login_count, locked_until FROM user_account WHERE id = $1`,
      [user.id],
    );
    expect(row).toEqual({ failed_login_count: 0, locked_until: null });
  });
});
