import { Injectable } from '@nestjs/common';
import { Environment } from '@rca/shared';
import { InvalidCredentialsError } from './accounts.errors';
import { AuditService } from './audit.service';
import { PasswordService } from './password.service';
import type { ClientInfo } from './principal';
import { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

/** Password login with lockout and exponential backoff. Every failure is the same 401. */
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
    // Always pay for one argon2 verification, so timing does not tell which accounts exist.
    const ok = await this.passwords.verify(user?.passwordHash ?? null, password);
    if (!user) throw await fail('unknown_user');
    if (user.lockedUntil && user.lockedUntil.getTime() > Date.now())
      throw await fail('locked', { lockedUntil: user.lockedUntil.toISOString() });
    if (user.disabledAt) throw await fail('disabled');
    if (user.kind !== 'human' || !user.passwordHash) throw await fail('no_password');
    if (!ok) {
      const failures = await this.users.recordLoginFailure(user.id);
      const threshold = this.environment.LOGIN_LOCKOUT_THRESHOLD;
      if (failures >= threshold) {
        const seconds = Math.min(
          this.environment.LOGIN_LOCKOUT_BASE_SECONDS * 2 ** (failures - threshold),
          this.environment.LOGIN_LOCKOUT_MAX_SECONDS,
        );
        const until = new Date(Date.now() + seconds * 1000);
        await this.users.lockUntil(user.id, until);
        await this.audit.record({
          action: 'account.locked',
          outcome: 'failure',
          actor: { userId: user.id, email: user.email, displayName: user.displayName },
          target: { type: 'user', id: user.id },
          client,
          details: { failures, lockedUntil: until.toISOString(), seconds },
        });
      }
      throw await fail('wrong_password', { failures });
    }
    await this.users.recordLoginSuccess(user.id, new Date());
    return user;
  }
}
