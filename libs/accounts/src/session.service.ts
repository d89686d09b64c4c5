import { Injectable, OnModuleInit } from '@nestjs/common';
import { Environment } from '@rca/shared';
import type { Request, Response } from 'express';
import { CredentialRepository } from './credential.repository';
import type { ClientInfo } from './principal';
import { SessionEntity } from './session.entity';
import { parseCookies, randomSecret, sha256, sign, unsign } from './secrets.util';

export const SESSION_COOKIE = 'rca_session';
/** Readable by the SPA (not HttpOnly) so it can echo the CSRF token in X-CSRF-Token. */
export const CSRF_COOKIE = 'rca_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export type SessionLookup =
  | { status: 'none' }
  | { status: 'tampered' }
  | { status: 'expired' | 'unknown' }
  | { status: 'valid'; session: SessionEntity };

/** Server-side sessions in Postgres behind a signed, HttpOnly, SameSite=Lax cookie. */
@Injectable()
export class SessionService implements OnModuleInit {
  private secret!: string;

  constructor(
    private readonly environment: Environment,
    private readonly credentials: CredentialRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secret =
      this.environment.SESSION_SECRET ??
      (await this.credentials.secret('session-secret', randomSecret(48)));
  }

  get signingSecret(): string {
    return this.secret;
  }

  async create(
    userId: string,
    method: 'password' | 'oidc' | 'invitation',
    client: ClientInfo,
  ): Promise<{ cookie: string; session: SessionEntity }> {
    const secret = randomSecret();
    const now = new Date();
    // Housekeeping: sessions past their timeouts are useless; drop them while we are here.
    await this.credentials
      .deleteExpiredSessions(now, this.environment.SESSION_IDLE_TIMEOUT_SECONDS)
      .catch(() => undefined);
    const session = await this.credentials.insertSession({
      tokenHash: sha256(secret),
      userId,
      csrfToken: randomSecret(24),
      method,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.environment.SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000),
      ip: client.ip,
      userAgent: client.userAgent,
    });
    return { cookie: sign(secret, this.secret), session };
  }

  async lookup(request: Request): Promise<SessionLookup> {
    const raw = parseCookies(request.headers.cookie)[SESSION_COOKIE];
    if (!raw) return { status: 'none' };
    const secret = unsign(raw, this.secret);
    if (!secret) return { status: 'tampered' };
    const session = await this.credentials.findSessionByHash(sha256(secret));
    if (!session) return { status: 'unknown' };
    const now = Date.now();
    const idleMs = this.environment.SESSION_IDLE_TIMEOUT_SECONDS * 1000;
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + idleMs <= now) {
      await this.credentials.deleteSession(session.id);
      return { status: 'expired' };
    }
    // Refresh the idle clock, but not on every request.
    if (now - session.lastSeenAt.getTime() > Math.min(60_000, idleMs / 10))
      await this.credentials.touchSession(session.id, new Date(now));
    return { status: 'valid', session };
  }

  destroy(sessionId: string): Promise<void> {
    return this.credentials.deleteSession(sessionId);
  }

  destroyAllOf(userId: string): Promise<number> {
    return this.credentials.deleteSessionsOfUser(userId);
  }

  secure(request: Request): boolean {
    if (this.environment.COOKIE_SECURE === 'always') return true;
    if (this.environment.COOKIE_SECURE === 'never') return false;
    const forwarded = String(request.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      .trim();
    return request.secure || forwarded === 'https';
  }

  setCookies(request: Request, response: Response, cookie: string, csrfToken: string): void {
    const common = {
      sameSite: 'lax' as const,
      secure: this.secure(request),
      path: '/',
      maxAge: this.environment.SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000,
    };
    response.cookie(SESSION_COOKIE, cookie, { ...common, httpOnly: true });
    response.cookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
  }

  clearCookies(request: Request, response: Response): void {
    const options = { sameSite: 'lax' as const, secure: this.secure(request), path: '/' };
    response.clearCookie(SESSION_COOKIE, { ...options, httpOnly: true });
    response.clearCookie(CSRF_COOKIE, options);
  }
}
