import { Injectable } from '@nestjs/common';
import { Environment } from '@rca/shared';
import { InvalidCredentialsError } from './accounts.errors';
import { AuditService } from './audit.service';
import { PasswordService } from './password.service';
import type { ClientInfo } from './principal';
import { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

/**
 * Password login with lockout and exponential backoff. Every failure is the same 401. An attempt
 * counts as a failure from the moment it arrives until its password proves right, so at most
 * `LOGIN_LOCKOUT_THRESHOLD` guesses are ever verified before a lock, however many run in parallel.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditService,
    private readonly environment: Environment,
  ) {}

  async verifyPassword(email: string, password: string, client: ClientInfo): Promise<UserEntity> {
    const user = await this.users.findByEmail(email.trim());
    const fail = async (reason: string, details: Record<string, unknown> = {}) => {
      await this.audit.record({
        action: 'login.failed',
        outcome: 'failure',
        actor: user ? { userId: user.id, email: user.email, displayName: user.displayName } : null,
        actorLabel: user ? undefined : email.slice(0, 320),
        client,
        details: { reason, ...details },
      });
      return new InvalidCredentialsError();
    };
    // The attempt is reserved (counted, lockout checked) before the password is verified, in one
    // statement, so parallel attempts cannot all slip under the threshold.
    const threshold = this.environment.LOGIN_LOCKOUT_THRESHOLD;
    const reservation = user
      ? await this.users.reserveLoginAttempt(user.id, {
          threshold,
          baseSeconds: this.environment.LOGIN_LOCKOUT_BASE_SECONDS,
          maxSeconds: this.environment.LOGIN_LOCKOUT_MAX_SECONDS,
        })
      : null;
    // Always pay for one argon2 verification, so timing does not tell which accounts exist.
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user) throw await fail('unknown_user');
    if (!reservation)
      throw await fail('locked', { lockedUntil: user.lockedUntil?.toISOString() ?? null });
    if (user.disabledAt) throw await fail('disabled');
    if (user.kind !== 'human' || !user.passwordHash) throw await fail('no_password');
    if (!ok) {
      const failures = reservation.attempt;
      if (failures >= threshold && reservation.lockedUntil) {
        const until = reservation.lockedUntil;
        await this.audit.record({
          action: 'account.locked',
          outcome: 'failure',
          actor: { userId: user.id, email: user.email, displayName: user.displayName },
          target: { type: 'user', id: user.id },
          client,
          details: {
            failures,
            lockedUntil: until.toISOString(),
            seconds: Math.round((until.getTime() - Date.now()) / 1000),
          },
        });
      }
      throw await fail('wrong_password', { failures });
    }
    // Attempts that arrived while this one was being verified may have locked the account.
    if (!(await this.users.settleLoginSuccess(user.id, reservation.attempt, new Date())))
      throw await fail('locked', { concurrentAttempts: true });
    return user;
  }
}
