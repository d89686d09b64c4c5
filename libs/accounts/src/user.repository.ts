import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, type Page, type Role, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { TeamMembershipEntity } from './team-membership.entity';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';

export interface LockoutPolicy {
  threshold: number;
  baseSeconds: number;
  maxSeconds: number;
}

export interface UserFilter {
  role?: Role;
  teamId?: string;
  kind?: 'human' | 'service';
  q?: string;
  cursor?: string;
  limit?: number;
}

@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private users(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(UserEntity);
  }

  findById(id: string, manager?: EntityManager): Promise<UserEntity | null> {
    return this.users(manager).findOneBy({ id });
  }

  /** The e-mails of `emails` that no enabled user has (compared lower-cased). */
  async unknownEmails(emails: string[]): Promise<string[]> {
    if (emails.length === 0) return [];
    const rows: Array<{ email: string }> = await this.users()
      .createQueryBuilder('u')
      .select('u.email', 'email')
      .where('u.email IN (:...emails)', { emails: emails.map((email) => email.toLowerCase()) })
      .andWhere('u.disabledAt IS NULL')
      .getRawMany();
    const known = new Set(rows.map((row) => row.email));
    return emails.filter((email) => !known.has(email.toLowerCase()));
  }

  /** Display names of the users with these e-mails (unknown e-mails are skipped). */
  async displayNamesOf(emails: string[]): Promise<string[]> {
    if (emails.length === 0) return [];
    const rows: Array<{ name: string }> = await this.users()
      .createQueryBuilder('u')
      .select('u.displayName', 'name')
      .where('u.email IN (:...emails)', { emails: emails.map((email) => email.toLowerCase()) })
      .getRawMany();
    return rows.map((row) => row.name);
  }

  /** Users with these e-mails (compared in lower case), disabled ones too. */
  findByEmails(emails: string[]): Promise<UserEntity[]> {
    if (emails.length === 0) return Promise.resolve([]);
    return this.users()
      .createQueryBuilder('u')
      .where('u.email IN (:...emails)', { emails: emails.map((email) => email.toLowerCase()) })
      .getMany();
  }

  /** Enabled people (no service accounts) with an e-mail, by id. */
  findPeople(ids: string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users().createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).getMany();
  }

  /** The people picker: enabled people with an e-mail whose name or e-mail contains `q`, by name. */
  searchPeople(q: string | undefined, cursor: string | undefined, limit: number | undefined) {
    const query = this.users()
      .createQueryBuilder('u')
      .where('u.disabledAt IS NULL')
      .andWhere('u.email IS NOT NULL')
      .andWhere("u.kind = 'human'");
    if (q)
      query.andWhere('(u.email ILIKE :q OR u.display_name ILIKE :q)', {
        q: `%${q.replace(/[%_\\]/g, '\\$&')}%`,
      });
    return keysetPage(
      query,
      'u',
      { column: 'u.display_name', type: 'text', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users().findOneBy({ email: email.toLowerCase() });
  }

  findByOidcSubject(issuer: string, subject: string): Promise<UserEntity | null> {
    return this.users().findOneBy({ oidcIssuer: issuer, oidcSubject: subject });
  }

  async count(): Promise<number> {
    return this.users().count();
  }

  async insert(values: Partial<UserEntity>, manager?: EntityManager): Promise<UserEntity> {
    const repository = this.users(manager);
    const user = repository.create({ id: randomUUID(), kind: 'human', ...values });
    await repository.insert(user);
    return (await repository.findOneByOrFail({ id: user.id }))!;
  }

  async list(filter: UserFilter): Promise<Page<UserEntity> & { total: number }> {
    const query = this.users().createQueryBuilder('u');
    if (filter.role) query.andWhere('u.role = :role', { role: filter.role });
    if (filter.kind) query.andWhere('u.kind = :kind', { kind: filter.kind });
    if (filter.q)
      query.andWhere('(u.email ILIKE :q OR u.display_name ILIKE :q)', {
        q: `%${filter.q.replace(/[%_\\]/g, '\\$&')}%`,
      });
    if (filter.teamId)
      query.andWhere(
        'EXISTS (SELECT 1 FROM team_membership m WHERE m.user_id = u.id AND m.team_id = :teamId)',
        { teamId: filter.teamId },
      );
    const total = await query.clone().getCount();
    const page = await keysetPage(
      query,
      'u',
      { column: 'u.created_at', type: 'timestamptz', direction: 'ASC' },
      filter.cursor,
      filter.limit,
    );
    return { ...page, total };
  }

  /** Optimistic update: true when the row had `version` and was changed. */
  async updateVersioned(
    id: string,
    version: number,
    changes: Partial<Pick<UserEntity, 'role' | 'displayName' | 'disabledAt'>>,
    manager: EntityManager,
  ): Promise<boolean> {
    return updateVersioned(manager, UserEntity, id, version, changes);
  }

  async setPassword(id: string, passwordHash: string, manager?: EntityManager): Promise<void> {
    await this.users(manager).update(
      { id },
      { passwordHash, failedLoginCount: 0, lockedUntil: null },
    );
  }

  /**
   * Reserves one password attempt, atomically with the lockout check: the attempt is counted as a
   * failure before its password is verified (so parallel attempts cannot all pass a check made
   * before any of them is counted), and the attempt that reaches the threshold sets the lock for
   * every later one. An attempt refused because the account is locked is counted too (it is a
   * failed login, and a success verified meanwhile must see it) but does not move the lock.
   * Null when the account is locked. `attempt` is this attempt's position among the consecutive
   * failures (see `settleLoginSuccess`).
   */
  async reserveLoginAttempt(
    id: string,
    policy: LockoutPolicy,
  ): Promise<{ attempt: number; lockedUntil: Date | null } | null> {
    // The row lock of the CTE orders concurrent attempts; each sees the count and lock of the one
    // before it. The exponent is capped so the backoff never overflows a float8.
    const [rows] = (await this.dataSource.query(
      `WITH current AS (
         SELECT id, (locked_until IS NULL OR locked_until <= now()) AS allowed
           FROM user_account WHERE id = $1 FOR UPDATE
       )
       UPDATE user_account account
          SET failed_login_count = account.failed_login_count + 1,
              locked_until = CASE WHEN current.allowed AND account.failed_login_count + 1 >= $2
                THEN now() + LEAST($3::float8 * power(2, LEAST(account.failed_login_count + 1 - $2, 40)), $4::float8)
                     * interval '1 second'
                ELSE account.locked_until END
         FROM current
        WHERE account.id = current.id
        RETURNING current.allowed, account.failed_login_count, account.locked_until`,
      [id, policy.threshold, policy.baseSeconds, policy.maxSeconds],
    )) as [
      Array<{ allowed: boolean; failed_login_count: number; locked_until: Date | null }>,
      number,
    ];
    const row = rows[0];
    return row?.allowed ? { attempt: row.failed_login_count, lockedUntil: row.locked_until } : null;
  }

  /**
   * Settles a reserved attempt whose password was right. It forgives the failures up to and
   * including its own reservation only; attempts that arrived after it (in flight or refused
   * while its password was verified) stay counted, and when the account is locked by then the
   * success is refused.
   * True when the login may proceed.
   */
  async settleLoginSuccess(id: string, attempt: number, at: Date): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE user_account
          SET failed_login_count = GREATEST(failed_login_count - $2, 0),
              locked_until = CASE WHEN failed_login_count <= $2 THEN NULL ELSE locked_until END,
              last_login_at = $3
        WHERE id = $1
          AND NOT (failed_login_count > $2 AND locked_until IS NOT NULL AND locked_until > now())
        RETURNING id`,
      [id, attempt, at],
    )) as [Array<{ id: string }>, number];
    return rows.length === 1;
  }

  // ---- teams ----

  teamIdsOf(userId: string): Promise<string[]> {
    return this.dataSource
      .getRepository(TeamMembershipEntity)
      .find({ where: { userId }, select: { teamId: true } })
      .then((rows) => rows.map((row) => row.teamId));
  }

  async teamsOf(userIds: string[]): Promise<Map<string, TeamEntity[]>> {
    const result = new Map<string, TeamEntity[]>();
    if (userIds.length === 0) return result;
    const rows = await this.dataSource
      .getRepository(TeamMembershipEntity)
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.team', 't')
      .where('m.user_id IN (:...userIds)', { userIds })
      .orderBy('t.name')
      .getMany();
    for (const row of rows) {
      const list = result.get(row.userId) ?? [];
      list.push(row.team!);
      result.set(row.userId, list);
    }
    return result;
  }

  async replaceTeams(userId: string, teamIds: string[], manager: EntityManager): Promise<void> {
    const memberships = manager.getRepository(TeamMembershipEntity);
    await memberships.delete({ userId });
    if (teamIds.length) await memberships.insert(teamIds.map((teamId) => ({ userId, teamId })));
  }

  createTeam(name: string): Promise<TeamEntity> {
    const repository = this.dataSource.getRepository(TeamEntity);
    return repository.save(repository.create({ id: randomUUID(), name }));
  }

  findTeams(ids: string[]): Promise<TeamEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(TeamEntity)
      .createQueryBuilder('t')
      .where('t.id IN (:...ids)', { ids })
      .getMany();
  }

  /** Teams by name, created when missing (SSO team claims). */
  async ensureTeams(names: string[], manager: EntityManager): Promise<TeamEntity[]> {
    if (names.length === 0) return [];
    await manager
      .createQueryBuilder()
      .insert()
      .into(TeamEntity)
      .values(names.map((name) => ({ id: randomUUID(), name })))
      .orIgnore()
      .execute();
    return manager
      .getRepository(TeamEntity)
      .createQueryBuilder('t')
      .where('t.name IN (:...names)', { names })
      .getMany();
  }

  async listTeams(
    limit: number | undefined,
    cursor?: string,
    q?: string,
  ): Promise<Page<TeamEntity> & { total: number }> {
    const query = this.dataSource.getRepository(TeamEntity).createQueryBuilder('t');
    if (q) query.where('t.name ILIKE :q', { q: `%${q.replace(/[%_\\]/g, '\\$&')}%` });
    const total = await query.clone().getCount();
    const page = await keysetPage(
      query,
      't',
      { column: 't.name', type: 'text', direction: 'ASC' },
      cursor,
      limit,
    );
    return { ...page, total };
  }
}
