import { Injectable } from '@nestjs/common';
import { Environment, InvalidInputError } from '@rca/shared';
import * as argon2 from 'argon2';
import { passwordProblem } from './password-policy';

/** argon2id hashing (OWASP parameters) and the password policy. */
@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;

  constructor(private readonly environment: Environment) {}

  assertAcceptable(password: string, personal: Array<string | null | undefined>): void {
    const problem = passwordProblem(password, this.environment.PASSWORD_MIN_LENGTH, personal);
    if (problem) throw new InvalidInputError('password', problem);
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    // Unknown users and users without a password cost the same time as real ones.
    this.dummyHash ??= this.hash('not-a-real-password-but-same-cost');
    const target = hash ?? (await this.dummyHash);
    try {
      const ok = await argon2.verify(target, password);
      return ok && hash !== null;
    } catch {
      return false;
    }
  }
}
