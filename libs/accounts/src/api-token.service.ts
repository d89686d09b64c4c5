import { Injectable } from '@nestjs/common';
import { roleAtLeast, Scope, SCOPE_MINIMUM_ROLE } from '@rca/shared';
import { ApiTokenEntity } from './api-token.entity';
import { ForbiddenError } from './accounts.errors';
import { AuditService } from './audit.service';
import { CredentialRepository } from './credential.repository';
import type { ClientInfo, Principal } from './principal';
import { randomSecret, sha256 } from './secrets.util';
import { UserEntity } from './user.entity';

export const TOKEN_PREFIX = 'rca_';

export type TokenLookup =
  | { status: 'unknown' | 'revoked' | 'expired'; token?: ApiTokenEntity }
  | { status: 'valid'; token: ApiTokenEntity };

@Injectable()
export class ApiTokenService {
  constructor(
    private readonly credentials: CredentialRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates a token for `owner`; the secret is in the result and nowhere else, ever. */
  async create(
    owner: UserEntity,
    input: { name: string; scopes: Scope[]; expiresAt: Date | null },
    actor: Principal,
    client: ClientInfo,
  ): Promise<{ token: ApiTokenEntity; secret: string }> {
    const scopes = [...new Set(input.scopes)];
    const beyond = scopes.filter((scope) => !roleAtLeast(owner.role, SCOPE_MINIMUM_ROLE[scope]));
    if (beyond.length) {
      await this.audit.record({
        action: 'token.create_refused',
        outcome: 'failure',
        actor,
        target: { type: 'user', id: owner.id },
        client,
        details: { scopes, beyond, ownerRole: owner.role },
      });
      throw new ForbiddenError(`A ${owner.role} cannot hold these scopes: ${beyond.join(', ')}`);
    }
    const secret = `${TOKEN_PREFIX}${randomSecret(32)}`;
    const token = await this.credentials.insertToken({
      userId: owner.id,
      name: input.name,
      tokenPrefix: secret.slice(0, TOKEN_PREFIX.length + 6),
      tokenHash: sha256(secret),
      scopes,
      expiresAt: input.expiresAt,
      createdByUserId: actor.userId,
    });
    await this.audit.record({
      action: 'token.created',
      actor,
      target: { type: 'api_token', id: token.id },
      client,
      details: { ownerUserId: owner.id, name: token.name, scopes, expiresAt: token.expiresAt },
    });
    return { token, secret };
  }

  async lookup(secret: string): Promise<TokenLookup> {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return { status: 'unknown' };
    const token = await this.credentials.findTokenByHash(sha256(secret));
    if (!token) return { status: 'unknown' };
    if (token.revokedAt) return { status: 'revoked', token };
    if (token.expiresAt && token.expiresAt.getTime() <= Date.now())
      return { status: 'expired', token };
    await this.credentials.touchToken(token.id, new Date());
    return { status: 'valid', token };
  }
}
