import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule, Environment, roleAtLeast } from '@rca/shared';
import { ForbiddenError, NotAuthenticatedError } from './accounts.errors';
import { ApiTokenService } from './api-token.service';
import { AuditService } from './audit.service';
import { clientInfo, Principal, RequestWithPrincipal } from './principal';
import { CSRF_HEADER, SessionService } from './session.service';
import { safeEqual } from './secrets.util';
import { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard. Every route must carry an access rule (@Public, @Access, @RequireRole,
 * @RequireScope); a route without one is refused for everybody (fail closed).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly environment: Environment,
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenService,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    let rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(
        `${request.method} ${request.route?.path ?? request.path} declares no access rule; refused. Add @Public(), @Access(role, scope?) or @RequireRole(role).`,
      );
      throw new ForbiddenError('This route declares no access rule and is refused');
    }
    if (rule.kind === 'public') return true;
    if (rule.kind === 'metrics') {
      if (this.environment.METRICS_PUBLIC) return true;
      rule = { kind: 'authenticated', role: 'admin', scope: 'read:metrics', tokenRole: 'viewer' };
    }
    const client = clientInfo(request);
    const route = `${request.method} ${request.route?.path ?? request.path}`;
    const deny = async (
      status: 401 | 403,
      action: string,
      reason: string,
      principal?: Principal | null,
      actorLabel?: string,
    ) => {
      await this.audit.record({
        action,
        outcome: 'failure',
        actor: principal ?? null,
        actorLabel,
        client,
        details: { reason, route },
      });
      return status === 401 ? new NotAuthenticatedError() : new ForbiddenError();
    };

    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw await deny(401, 'token.rejected', 'malformed_authorization_header');
      const authentication = await this.tokens.authenticate(match[1]);
      if (authentication.status === 'unknown') throw await deny(401, 'token.rejected', 'unknown');
      if (authentication.status !== 'valid')
        throw await deny(
          401,
          'token.rejected',
          authentication.status,
          null,
          authentication.status === 'owner_disabled'
            ? `token ${authentication.tokenId}`
            : `token ${authentication.tokenPrefix}… (${authentication.tokenId})`,
        );
      const { owner, ...token } = authentication.principal;
      const principal: Principal = {
        userId: owner.id,
        email: owner.email,
        displayName: owner.displayName,
        role: owner.role,
        kind: owner.kind,
        teamIds: owner.teamIds,
        via: 'token',
        tokenId: token.tokenId,
        scopes: token.scopes,
      };
      request.principal = principal;
      if (!rule.scope) throw await deny(403, 'access.denied', 'session_only_route', principal);
      if (!token.scopes.includes(rule.scope) && !token.scopes.includes('admin'))
        throw await deny(403, 'access.denied', `missing_scope:${rule.scope}`, principal);
      const tokenRole = rule.tokenRole ?? rule.role;
      if (!roleAtLeast(owner.role, tokenRole))
        throw await deny(403, 'access.denied', `role_below:${tokenRole}`, principal);
      return true;
    }

    const lookup = await this.sessions.lookup(request);
    if (lookup.status === 'none') throw new NotAuthenticatedError();
    if (lookup.status !== 'valid') throw await deny(401, 'session.rejected', lookup.status);
    const session = lookup.session;
    const user = await this.users.findById(session.userId);
    if (!user || user.disabledAt) {
      await this.sessions.destroy(session.id);
      throw await deny(401, 'session.rejected', 'user_disabled');
    }
    const principal = await this.principal(user, {
      via: 'session',
      sessionId: session.id,
      csrfToken: session.csrfToken,
    });
    request.principal = principal;
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken))
        throw await deny(403, 'csrf.rejected', sent ? 'mismatch' : 'missing', principal);
    }
    if (!roleAtLeast(user.role, rule.role))
      throw await deny(403, 'access.denied', `role_below:${rule.role}`, principal);
    return true;
  }

  private async principal(user: UserEntity, extra: Partial<Principal>): Promise<Principal> {
    return {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      kind: user.kind,
      teamIds: await this.users.teamIdsOf(user.id),
      via: 'session',
      ...extra,
    };
  }
}
