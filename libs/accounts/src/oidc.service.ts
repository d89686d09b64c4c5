import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  Environment,
  NotFoundError,
  OutboundHttpClient,
  outboundAddressPolicy,
  Role,
  roleRank,
} from '@rca/shared';
import type { Request } from 'express';
import type * as OpenIdClient from 'openid-client';
import { ForbiddenError, NotAuthenticatedError } from './accounts.errors';
import { AuditService } from './audit.service';
import { PrincipalCache } from './principal-cache';
import type { ClientInfo } from './principal';
import { parseCookies, sign, unsign } from './secrets.util';
import { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';

export const OIDC_COOKIE = 'rca_oidc';
export const OIDC_COOKIE_PATH = '/api/auth/oidc';
const ATTEMPT_TTL_MS = 10 * 60 * 1000;

interface LoginAttempt {
  state: string;
  nonce: string;
  verifier: string;
  expiresAt: number;
}

/** OpenID Connect single sign-on: authorization code flow with PKCE, state and nonce. */
@Injectable()
export class OidcService implements OnApplicationShutdown {
  private readonly logger = new Logger(OidcService.name);
  private configuration?: Promise<OpenIdClient.Configuration>;
  private http?: OutboundHttpClient;

  constructor(
    private readonly environment: Environment,
    private readonly users: UserRepository,
    private readonly audit: AuditService,
    private readonly principals: PrincipalCache,
  ) {}

  get enabled(): boolean {
    return !!this.environment.OIDC_ISSUER;
  }

  get redirectUri(): string {
    return (
      this.environment.OIDC_REDIRECT_URI ??
      new URL('/api/auth/oidc/callback', this.environment.PUBLIC_URL).toString()
    );
  }

  private async library(): Promise<typeof OpenIdClient> {
    return import('openid-client');
  }

  onApplicationShutdown(): void {
    this.http?.close();
  }

  /**
   * Discovery, token, JWKS and userinfo requests go through the one outbound client (connect-time
   * address check, size and time limits). The issuer is the operator's setting, not a URL typed
   * in the product: an identity provider on a private network is allowed, one on loopback when
   * the issuer itself is on loopback (or OUTBOUND_ALLOW_LOOPBACK); link-local (cloud metadata),
   * CGNAT and the other internal ranges stay refused.
   */
  private outbound(issuer: URL, loopbackIssuer: boolean): OutboundHttpClient {
    const policy = outboundAddressPolicy(this.environment);
    this.http ??= new OutboundHttpClient({
      ...policy,
      allowLoopback: policy.allowLoopback || loopbackIssuer,
      allowPrivate: true,
      userAgent: `rca-desk (${issuer.host})`,
      totalTimeoutMs: 15_000,
      maxBytes: 1024 * 1024,
    });
    return this.http;
  }

  private config(): Promise<OpenIdClient.Configuration> {
    if (!this.enabled) throw new NotFoundError('Single sign-on', 'oidc');
    this.configuration ??= (async () => {
      const client = await this.library();
      const issuer = new URL(this.environment.OIDC_ISSUER!);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      const customFetch = this.outbound(issuer, loopback).fetchFunction() as never;
      return client.discovery(
        issuer,
        this.environment.OIDC_CLIENT_ID!,
        undefined,
        this.environment.OIDC_CLIENT_SECRET
          ? client.ClientSecretBasic(this.environment.OIDC_CLIENT_SECRET)
          : client.None(),
        // Plain http is only accepted for a provider on this machine (tests, local development).
        {
          [client.customFetch]: customFetch,
          ...(issuer.protocol === 'http:' && loopback
            ? { execute: [client.allowInsecureRequests] }
            : {}),
        },
      );
    })().catch((error) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  /** The provider URL to redirect to, and the signed cookie that remembers state/nonce/verifier. */
  async start(secret: string): Promise<{ url: string; cookie: string }> {
    const client = await this.library();
    const config = await this.config();
    const attempt: LoginAttempt = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      expiresAt: Date.now() + ATTEMPT_TTL_MS,
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.environment.OIDC_SCOPES,
      code_challenge: await client.calculatePKCECodeChallenge(attempt.verifier),
      code_challenge_method: 'S256',
      state: attempt.state,
      nonce: attempt.nonce,
    });
    const cookie = sign(Buffer.from(JSON.stringify(attempt)).toString('base64url'), secret);
    return { url: url.toString(), cookie };
  }

  /** Completes the login; every failure is audited and answered with one generic 401. */
  async finish(request: Request, secret: string, client: ClientInfo): Promise<UserEntity> {
    const fail = async (reason: string, details: Record<string, unknown> = {}) => {
      await this.audit.record({
        action: 'oidc.login_failed',
        outcome: 'failure',
        client,
        details: { reason, ...details },
      });
      return new NotAuthenticatedError('Single sign-on failed; start again');
    };
    const raw = parseCookies(request.headers.cookie)[OIDC_COOKIE];
    const value = raw ? unsign(raw, secret) : null;
    if (!value) throw await fail(raw ? 'tampered_state_cookie' : 'missing_state_cookie');
    let attempt: LoginAttempt;
    try {
      attempt = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as LoginAttempt;
    } catch {
      throw await fail('unreadable_state_cookie');
    }
    if (!attempt.expiresAt || attempt.expiresAt < Date.now()) throw await fail('attempt_expired');
    const library = await this.library();
    const config = await this.config();
    const callbackUrl = new URL(this.redirectUri);
    callbackUrl.search = new URL(request.originalUrl, 'http://placeholder').search;
    let claims: Record<string, unknown>;
    try {
      const tokens = await library.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: attempt.verifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
    } catch (error) {
      // openid-client wraps the precise oauth4webapi error in `cause`.
      const cause = (error as { cause?: { message?: string; code?: string } }).cause;
      const code = cause?.code ?? (error as { code?: string }).code;
      const message = [(error as Error).message, cause?.message].filter(Boolean).join(': ');
      this.logger.warn(`OIDC callback refused: ${code ?? ''} ${message}`);
      const reason = /"state"/.test(message)
        ? 'state_mismatch'
        : /"nonce"/.test(message)
          ? 'nonce_mismatch'
          : 'provider_exchange_failed';
      throw await fail(reason, { code, message: message.slice(0, 300) });
    }
    const subject = typeof claims.sub === 'string' ? claims.sub : null;
    if (!subject) throw await fail('no_subject');
    const role = this.roleFrom(claims);
    const issuer = String(claims.iss ?? this.environment.OIDC_ISSUER);
    const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
    if (!role) {
      await this.audit.record({
        action: 'oidc.login_refused',
        outcome: 'failure',
        actorLabel: email ?? subject,
        client,
        details: { reason: 'no_role_for_claim', claim: this.environment.OIDC_ROLES_CLAIM },
      });
      throw new ForbiddenError('Your account is not allowed to use RCA desk');
    }
    const teams = this.teamsFrom(claims);
    const displayName =
      (typeof claims.name === 'string' && claims.name) ||
      (typeof claims.preferred_username === 'string' && claims.preferred_username) ||
      email ||
      subject;
    const signedIn = await this.users.transaction(async (manager) => {
      let user = await manager
        .getRepository(UserEntity)
        .findOneBy({ oidcIssuer: issuer, oidcSubject: subject });
      // Link an existing password account only when the provider vouches for the email.
      if (!user && email && claims.email_verified === true) {
        const byEmail = await manager.getRepository(UserEntity).findOneBy({ email });
        if (byEmail && !byEmail.oidcSubject) {
          await manager
            .getRepository(UserEntity)
            .update({ id: byEmail.id }, { oidcIssuer: issuer, oidcSubject: subject });
          user = { ...byEmail, oidcIssuer: issuer, oidcSubject: subject };
        }
      }
      if (!user) {
        user = await this.users.insert(
          {
            email:
              email && !(await manager.getRepository(UserEntity).findOneBy({ email }))
                ? email
                : null,
            displayName,
            role,
            kind: 'human',
            oidcIssuer: issuer,
            oidcSubject: subject,
          },
          manager,
        );
        await this.audit.record(
          {
            action: 'user.created',
            actorLabel: 'oidc',
            target: { type: 'user', id: user.id },
            client,
            details: { role, via: 'oidc' },
          },
          manager,
        );
      } else if (user.role !== role) {
        // The provider's role wins; an admin edit racing this login is re-read and overridden once.
        if (!(await this.users.updateVersioned(user.id, user.version, { role }, manager))) {
          const current = await manager.getRepository(UserEntity).findOneByOrFail({ id: user.id });
          await this.users.updateVersioned(current.id, current.version, { role }, manager);
        }
        await this.audit.record(
          {
            action: 'user.role_changed',
            actorLabel: 'oidc',
            target: { type: 'user', id: user.id },
            client,
            details: { from: user.role, to: role, via: 'oidc' },
          },
          manager,
        );
        user = { ...user, role };
      }
      if (user.disabledAt) throw await fail('user_disabled');
      if (teams) {
        const found = await this.users.ensureTeams(teams, manager);
        await this.users.replaceTeams(
          user.id,
          found.map((team) => team.id),
          manager,
        );
      }
      await manager
        .getRepository(UserEntity)
        .update({ id: user.id }, { lastLoginAt: new Date(), failedLoginCount: 0 });
      return user;
    });
    // A sign-in may have changed the user's teams (from the provider's claims).
    this.principals.invalidate();
    return signedIn;
  }

  private claimValues(claims: Record<string, unknown>, name: string): string[] {
    const value = name
      .split('.')
      .reduce<unknown>(
        (current, key) =>
          current && typeof current === 'object'
            ? (current as Record<string, unknown>)[key]
            : undefined,
        claims,
      );
    if (typeof value === 'string') return [value];
    if (Array.isArray(value))
      return value.filter((item): item is string => typeof item === 'string');
    return [];
  }

  /** Highest role any claim value maps to, else OIDC_DEFAULT_ROLE (null when that is `none`). */
  roleFrom(claims: Record<string, unknown>): Role | null {
    const map = new Map<string, Role>();
    for (const pair of this.environment.OIDC_ROLE_MAP.split(',')) {
      const index = pair.lastIndexOf(':');
      if (index > 0) map.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim() as Role);
    }
    let best: Role | null = null;
    for (const value of this.claimValues(claims, this.environment.OIDC_ROLES_CLAIM)) {
      const role = map.get(value);
      if (role && (!best || roleRank(role) > roleRank(best))) best = role;
    }
    if (best) return best;
    return this.environment.OIDC_DEFAULT_ROLE === 'none'
      ? null
      : this.environment.OIDC_DEFAULT_ROLE;
  }

  teamsFrom(claims: Record<string, unknown>): string[] | null {
    if (!this.environment.OIDC_TEAMS_CLAIM) return null;
    return [
      ...new Set(
        this.claimValues(claims, this.environment.OIDC_TEAMS_CLAIM)
          .map((name) => name.trim())
          .filter(Boolean),
      ),
    ].slice(0, 100);
  }
}
