import { applyDecorators, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ApiErrorBody } from './api-error';

/** Roles, weakest first: each one can do everything the ones before it can. */
export const ROLES = ['viewer', 'responder', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * API token scopes. A token may call a route only if it carries the route's scope AND its owner
 * holds the route's role; `admin` grants every scope.
 */
export const SCOPES = [
  'read:incidents',
  'write:incidents',
  'read:postmortems',
  'write:postmortems',
  'export:postmortems',
  'read:status',
  'write:status',
  'read:metrics',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Weakest role that may hold (and grant a token) each scope. */
export const SCOPE_MINIMUM_ROLE: Record<Scope, Role> = {
  'read:incidents': 'viewer',
  'write:incidents': 'responder',
  'read:postmortems': 'viewer',
  'write:postmortems': 'responder',
  'export:postmortems': 'manager',
  'read:status': 'viewer',
  'write:status': 'admin',
  'read:metrics': 'viewer',
  admin: 'admin',
};

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function roleAtLeast(role: Role, required: Role): boolean {
  return roleRank(role) >= roleRank(required);
}

/** What a route declares about its callers. Read by the global AccessGuard (libs/accounts). */
export type AccessRule =
  | { kind: 'public' }
  /** `/metrics`: public unless METRICS_PUBLIC=false, then `read:metrics` token or admin session. */
  | { kind: 'metrics' }
  | {
      kind: 'authenticated';
      /** Weakest role allowed (sessions and token owners). */
      role: Role;
      /** Scope an API token must carry; without it the route is for browser sessions only. */
      scope?: Scope;
      /** Weakest role a token's owner needs, when it differs from `role` (metrics scrapers). */
      tokenRole?: Role;
    };

export const ACCESS_RULE = 'rca:access-rule';

/** Anyone, without credentials. Use sparingly; the route-table test lists every public route. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);
}

/** Prometheus scrape endpoint; see METRICS_PUBLIC. */
export function MetricsAccess(): MethodDecorator & ClassDecorator {
  return SetMetadata(ACCESS_RULE, { kind: 'metrics' } satisfies AccessRule);
}

/**
 * Signed-in callers with at least `role`. API tokens are accepted only when `scope` is given
 * and the token carries it. Examples:
 *   @Access('viewer', 'read:incidents')   GET /api/incidents
 *   @Access('responder', 'write:incidents') POST /api/incidents
 *   @Access('admin')                      session-only admin page
 */
export function Access(role: Role, scope?: Scope): MethodDecorator & ClassDecorator {
  const rule: AccessRule = { kind: 'authenticated', role, scope };
  return applyDecorators(
    SetMetadata(ACCESS_RULE, rule),
    ApiCookieAuth('session'),
    ...(scope ? [ApiBearerAuth('token')] : []),
    ApiUnauthorizedResponse({ type: ApiErrorBody, description: 'No valid session or token' }),
    ApiForbiddenResponse({
      type: ApiErrorBody,
      description: `Needs role ${role}${scope ? ` (tokens: scope ${scope})` : ' (sessions only)'}, or a CSRF token on a session write`,
    }),
  );
}

/** Same as `@Access(role)`: a signed-in user with at least `role`, browser sessions only. */
export function RequireRole(role: Role): MethodDecorator & ClassDecorator {
  return Access(role);
}

/** Tokens need `scope`; sessions need the scope's minimum role (SCOPE_MINIMUM_ROLE). */
export function RequireScope(scope: Scope): MethodDecorator & ClassDecorator {
  return Access(SCOPE_MINIMUM_ROLE[scope], scope);
}
