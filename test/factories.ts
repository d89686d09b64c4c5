import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ApiTokenEntity, TeamEntity, TeamMembershipEntity, UserEntity } from '@rca/accounts';
import type { Role, Scope } from '@rca/shared';
import { JobHeartbeatEntity } from '@rca/system';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';

/** Password every factory user gets unless told otherwise. */
export const TEST_PASSWORD = 'plum-orbit-candle-42';
let testPasswordHash: Promise<string> | undefined;

/**
 * Builds realistic rows by name, with overrides: `await factories.newHeartbeat({ name: 'x' })`.
 * Domains add their own builders here (newIncident, newService, …) so tests read as stories.
 */
export class Factories {
  private sequence = 0;

  constructor(private readonly dataSource: DataSource) {}

  protected next(): number {
    this.sequence += 1;
    return this.sequence;
  }

  async newHeartbeat(overrides: Partial<JobHeartbeatEntity> = {}): Promise<JobHeartbeatEntity> {
    const repository = this.dataSource.getRepository(JobHeartbeatEntity);
    return repository.save(
      repository.create({
        name: `test.job-${this.next()}`,
        lastRunAt: new Date(),
        workerId: 'test-worker:1',
        runs: 1,
        ...overrides,
      }),
    );
  }

  /** A person who can sign in with TEST_PASSWORD (or `password`). */
  async newUser(
    overrides: Partial<UserEntity> & { password?: string; teams?: TeamEntity[] } = {},
  ): Promise<UserEntity> {
    const { password, teams, ...fields } = overrides;
    const n = this.next();
    testPasswordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id });
    const repository = this.dataSource.getRepository(UserEntity);
    const user = await repository.save(
      repository.create({
        id: randomUUID(),
        email: `user${n}-${randomBytes(3).toString('hex')}@example.com`,
        displayName: `Test User ${n}`,
        kind: 'human',
        role: 'viewer' as Role,
        passwordHash: password
          ? await argon2.hash(password, { type: argon2.argon2id })
          : await testPasswordHash,
        ...fields,
      }),
    );
    if (teams?.length)
      await this.dataSource
        .getRepository(TeamMembershipEntity)
        .insert(teams.map((team) => ({ teamId: team.id, userId: user.id })));
    return user;
  }

  async newTeam(overrides: Partial<TeamEntity> = {}): Promise<TeamEntity> {
    const repository = this.dataSource.getRepository(TeamEntity);
    return repository.save(
      repository.create({
        id: randomUUID(),
        name: `team-${this.next()}-${randomBytes(3).toString('hex')}`,
        ...overrides,
      }),
    );
  }

  /** An API token for `user`; returns the secret to send as `Authorization: Bearer …`. */
  async newToken(
    user: UserEntity,
    scopes: Scope[],
    overrides: Partial<ApiTokenEntity> = {},
  ): Promise<{ token: ApiTokenEntity; secret: string }> {
    const secret = `rca_${randomBytes(32).toString('base64url')}`;
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    const token = await repository.save(
      repository.create({
        id: randomUUID(),
        userId: user.id,
        name: `token ${this.next()}`,
        tokenPrefix: secret.slice(0, 10),
        tokenHash: createHash('sha256').update(secret).digest('hex'),
        scopes,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        createdByUserId: user.id,
        ...overrides,
      }),
    );
    return { token, secret };
  }
}
