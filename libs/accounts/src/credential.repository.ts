import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, type Page, type Role, type Scope } from '@rca/shared';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ApiTokenEntity } from './api-token.entity';
import { AppSecretEntity } from './app-secret.entity';
import { InvitationEntity } from './invitation.entity';
import { PrincipalCache } from './principal-cache';
import { SessionEntity } from './session.entity';

export interface TokenPrincipalRow {
  id: string;
  user_id: string;
  token_prefix: string;
  scopes: Scope[];
  expires_at: Date | null;
  revoked_at: Date | null;
  email: string | null;
  display_name: string;
  role: Role;
  kind: 'human' | 'service';
  disabled_at: Date | null;
  team_ids: string[];
}

/** Sessions, API tokens, invitations and generated secrets: everything that proves who calls. */
@Injectable()
export class CredentialRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly principals: PrincipalCache,
  ) {}

  // ---- sessions ----

  async insertSession(
    values: Omit<SessionEntity, 'id' | 'createdAt' | 'user'>,
  ): Promise<SessionEntity> {
    const repository = this.dataSource.getRepository(SessionEntity);
    const session = repository.create({ id: randomUUID(), ...values });
    await repository.insert(session);
    return session;
  }

  findSessionByHash(tokenHash: string): Promise<SessionEntity | null> {
    return this.dataSource.getRepository(SessionEntity).findOneBy({ tokenHash });
  }

  async touchSession(id: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(SessionEntity).update({ id }, { lastSeenAt: at });
  }

  async deleteSession(id: string): Promise<void> {
    await this.dataSource.getRepository(SessionEntity).delete({ id });
  }

  async deleteSessionsOfUser(userId: string, manager?: EntityManager): Promise<number> {
    const result = await (manager ?? this.dataSource.manager)
      .getRepository(SessionEntity)
      .delete({ userId });
    return result.affected ?? 0;
  }

  /** Sessions past their absolute end or idle too long; returns how many were deleted. */
  async deleteExpiredSessions(now: Date, idleSeconds: number): Promise<number> {
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM user_session WHERE expires_at <= $1 OR last_seen_at <= $1::timestamptz - make_interval(secs => $2)`,
      [now, idleSeconds],
    )) as [unknown, number];
    return affected;
  }

  // ---- API tokens ----

  async insertToken(
    values: Omit<ApiTokenEntity, 'id' | 'createdAt' | 'user' | 'revokedAt' | 'lastUsedAt'>,
  ) {
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    const token = repository.create({
      id: randomUUID(),
      revokedAt: null,
      lastUsedAt: null,
      ...values,
    });
    await repository.insert(token);
    return repository.findOneByOrFail({ id: token.id });
  }

  /** The token with its owner and the owner's teams, in one statement (the hot path of every API call). */
  async findTokenPrincipal(tokenHash: string): Promise<TokenPrincipalRow | null> {
    const rows = (await this.dataSource.query(
      `SELECT t.id, t.user_id, t.token_prefix, t.scopes, t.expires_at, t.revoked_at,
              u.email, u.display_name, u.role, u.kind, u.disabled_at,
              ARRAY(SELECT m.team_id::text FROM team_membership m WHERE m.user_id = t.user_id) AS team_ids
       FROM api_token t JOIN user_account u ON u.id = t.user_id
       WHERE t.token_hash = $1`,
      [tokenHash],
    )) as TokenPrincipalRow[];
    return rows[0] ?? null;
  }

  findTokenByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.dataSource.getRepository(ApiTokenEntity).findOneBy({ tokenHash });
  }

  findToken(id: string): Promise<ApiTokenEntity | null> {
    return this.dataSource.getRepository(ApiTokenEntity).findOneBy({ id });
  }

  async listTokens(filter: {
    userId?: string;
    active?: boolean;
    limit?: number;
    cursor?: string;
  }): Promise<Page<ApiTokenEntity> & { total: number }> {
    const query = this.dataSource.getRepository(ApiTokenEntity).createQueryBuilder('t');
    if (filter.userId) query.andWhere('t.user_id = :userId', { userId: filter.userId });
    if (filter.active === true)
      query.andWhere('t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())');
    if (filter.active === false)
      query.andWhere('(t.revoked_at IS NOT NULL OR t.expires_at <= now())');
    const total = await query.clone().getCount();
    const page = await keysetPage(
      query,
      't',
      { column: 't.created_at', type: 'timestamptz', direction: 'DESC' },
      filter.cursor,
      filter.limit,
    );
    return { ...page, total };
  }

  /** True when this call revoked it (false: already revoked). */
  async revokeToken(id: string, at: Date): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ApiTokenEntity)
      .update({ id, revokedAt: IsNull() }, { revokedAt: at });
    // Committed (no transaction here): no replica may keep accepting the token from its cache.
    this.principals.invalidate();
    return (result.affected ?? 0) === 1;
  }

  /** Records use at most once a minute per token, so hot tokens do not write on every call. */
  async touchToken(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_token SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`,
      [id, at],
    );
  }

  // ---- invitations ----

  async insertInvitation(values: Omit<InvitationEntity, 'id' | 'createdAt' | 'acceptedAt'>) {
    const repository = this.dataSource.getRepository(InvitationEntity);
    const invitation = repository.create({ id: randomUUID(), acceptedAt: null, ...values });
    await repository.insert(invitation);
    return invitation;
  }

  findInvitationByHash(
    tokenHash: string,
    manager: EntityManager,
  ): Promise<InvitationEntity | null> {
    return manager
      .getRepository(InvitationEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.token_hash = :tokenHash', { tokenHash })
      .getOne();
  }

  async markInvitationAccepted(id: string, at: Date, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .getRepository(InvitationEntity)
      .update({ id, acceptedAt: IsNull() }, { acceptedAt: at });
    return (result.affected ?? 0) === 1;
  }

  /** Invitations and setup links used or expired before `before`; returns how many were deleted. */
  async deleteSpentInvitations(before: Date): Promise<number> {
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM invitation WHERE expires_at <= $1 OR accepted_at <= $1`,
      [before],
    )) as [unknown, number];
    return affected;
  }

  /** A new setup link replaces any earlier unused one. */
  async expireOpenSetupLinks(at: Date): Promise<void> {
    await this.dataSource
      .getRepository(InvitationEntity)
      .update({ purpose: 'setup', acceptedAt: IsNull() }, { expiresAt: at });
  }

  // ---- generated secrets ----

  /** Returns the stored secret, creating it with `candidate` first if none exists (race-safe). */
  async secret(name: string, candidate: string): Promise<string> {
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(AppSecretEntity)
      .values({ name, value: candidate })
      .orIgnore()
      .execute();
    const row = await this.dataSource.getRepository(AppSecretEntity).findOneByOrFail({ name });
    return row.value;
  }
}
