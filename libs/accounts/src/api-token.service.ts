import { Injectable, Logger } from '@nestjs/common';
import { Role, roleAtLeast, Scope, SCOPE_MINIMUM_ROLE } from '@rca/shared';
import { ApiTokenEntity } from './api-token.entity';
import { ForbiddenError } from './accounts.errors';
import { AuditService } from './audit.service';
import { CredentialRepository } from './credential.repository';
import { PrincipalCache } from './principal-cache';
import type { ClientInfo, Principal } from './principal';
import { randomSecret, sha256 } from './secrets.util';
import { UserEntity } from './user.entity';

export const TOKEN_PREFIX = 'rca_';

/** A valid token with everything the AccessGuard needs about its owner. */
export interface TokenPrincipal {
  tokenId: string;
  tokenPrefix: string;
  scopes: Scope[];
  expiresAt: Date | null;
  owner: {
    id: string;
    email: string | null;
    displayName: string;
    role: Role;
    kind: 'human' | 'service';
    teamIds: string[];
  };
}

export type TokenAuthentication =
  | { status: 'unknown' }
  | {
      status: 'revoked' | 'expired' | 'owner_disabled';
      tokenId: string;
      tokenPrefix: string;
    }
  | { status: 'valid'; principal: TokenPrincipal };

/** Hot tokens record their use at most once a minute per API process, off the request path. */
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class ApiTokenService {
  private readonly logger = new Logger(ApiTokenService.name);
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly credentials: CredentialRepository,
    private readonly audit: AuditService,
    private readonly principals: PrincipalCache<TokenPrincipal>,
  ) {}

  /**
   * One statement (token + owner + teams), or none when this replica saw the token in the last
   * few seconds (PrincipalCache). Expiry is checked on every call, cached or not.
   */
  async authenticate(secret: string): Promise<TokenAuthentication> {
    if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return { status: 'unknown' };
    const hash = sha256(secret);
    let principal = this.principals.get(hash);
    if (!principal) {
      const generation = this.principals.mark();
      const row = await this.credentials.findTokenPrincipal(hash);
      if (!row) return { status: 'unknown' };
      const rejected = (status: 'revoked' | 'expired' | 'owner_disabled') => ({
        status,
        tokenId: row.id,
        tokenPrefix: row.token_prefix,
      });
      if (row.revoked_at) return rejected('revoked');
      if (row.expires_at && row.expires_at.getTime() <= Date.now()) return rejected('expired');
      if (row.disabled_at) return rejected('owner_disabled');
      principal = {
        tokenId: row.id,
        tokenPrefix: row.token_prefix,
        scopes: row.scopes,
        expiresAt: row.expires_at,
        owner: {
          id: row.user_id,
          email: row.email,
          displayName: row.display_name,
          role: row.role,
          kind: row.kind,
          teamIds: row.team_ids,
        },
      };
      this.principals.set(hash, principal, generation);
    } else if (principal.expiresAt && principal.expiresAt.getTime() <= Date.now()) {
      return { status: 'expired', tokenId: principal.tokenId, tokenPrefix: principal.tokenPrefix };
    }
    this.touch(principal.tokenId);
    return { status: 'valid', principal };
  }

  private touch(tokenId: string): void {
    const now = Date.now();
    if ((this.touched.get(tokenId) ?? 0) > now - TOUCH_INTERVAL_MS) return;
    if (this.touched.size >= 10_000) this.touched.clear();
    this.touched.set(tokenId, now);
    // Not awaited: the request does not wait for bookkeeping; the SQL keeps replicas to once a minute too.
    this.credentials.touchToken(tokenId, new Date(now)).catch((error: Error) => {
      this.touched.delete(tokenId);
      this.logger.warn(`Recording the use of token ${tokenId} failed: ${error.message}`);
    });
  }

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
}
