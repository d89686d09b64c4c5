import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { TEST_PASSWORD } from './factories';
import { HttpSession, signIn } from './http-session';
import { eventually } from './support/loopback-receivers';
import { createTestApp, TestApp } from './test-context';
import { TEST_REDIS_URL } from './test-environment';

async function auditEvents(sut: TestApp, action: string): Promise<any[]> {
  return sut.dataSource.query(`SELECT * FROM audit_event WHERE action = $1 ORDER BY id`, [action]);
}

describe('accounts: sessions, CSRF, lockout, tokens, audit (real Postgres + Redis)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({
      env: {
        LOGIN_LOCKOUT_THRESHOLD: '3',
        LOGIN_LOCKOUT_BASE_SECONDS: '60',
        AUTH_RATE_LIMIT: '1000',
      },
    });
  });
  afterAll(() => sut.close());

  it('tells the sign-in page that only passwords are offered when OIDC is not configured', async () => {
    const options = await fetch(`${sut.url}/api/auth/options`);
    expect(await options.json()).toEqual({ password: true, sso: false });
  });

  it('logs in with a password: HttpOnly SameSite=Lax session cookie, CSRF token, audit entry', async () => {
    const user = await sut.factories.newUser({ role: 'responder' });
    const session = new HttpSession(sut.url);
    const response = await session.login(user.email!.toUpperCase());
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.user).toMatchObject({ id: user.id, role: 'responder', email: user.email });
    expect(body.csrfToken).toEqual(expect.any(String));
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('rca_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // plain http, COOKIE_SECURE=auto
    const me = await session.request('GET', '/api/auth/session');
    expect(me.status).toBe(200);
    expect((await me.json()).user.id).toBe(user.id);
    // The database holds a hash of the cookie secret, never the secret itself.
    const [row] = await sut.dataSource.query(
      `SELECT token_hash FROM user_session WHERE user_id = $1`,
      [user.id],
    );
    const secret = session.cookies.get('rca_session')!.split('.')[0];
    expect(row.token_hash).toBe(
      createHash('sha256').update(decodeURIComponent(secret)).digest('hex'),
    );
    const events = await auditEvents(sut, 'login.succeeded');
    expect(events.some((event) => event.actor_user_id === user.id)).toBe(true);
  });

  it('behind TLS (X-Forwarded-Proto: https) the cookie is Secure', async () => {
    const user = await sut.factories.newUser();
    const response = await fetch(`${sut.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().find((c) => c.startsWith('rca_session='))).toMatch(
      /;\s*Secure/i,
    );
  });

  it('wrong password and unknown user get the same 401 and each an audit entry', async () => {
    const user = await sut.factories.newUser();
    const wrong = await new HttpSession(sut.url).login(user.email!, 'not-the-password-at-all');
    const unknown = await new HttpSession(sut.url).login(
      'nobody-here@example.com',
      'whatever-password',
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a.message).toBe('Invalid email or password');
    expect(b.message).toBe(a.message);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const failures = await auditEvents(sut, 'login.failed');
    expect(failures.find((e) => e.actor_user_id === user.id)?.details.reason).toBe(
      'wrong_password',
    );
    expect(failures.find((e) => e.actor_label === 'nobody-here@example.com')?.details.reason).toBe(
      'unknown_user',
    );
  });

  it('locks the account after repeated failures, even for the right password, with backoff', async () => {
    const user = await sut.factories.newUser();
    for (let attempt = 0; attempt < 3; attempt += 1)
      expect((await new HttpSession(sut.url).login(user.email!, 'wrong-password-123')).status).toBe(
        401,
      );
    const [row] = await sut.dataSource.query(
      `SELECT locked_until, failed_login_count FROM user_account WHERE id = $1`,
      [user.id],
    );
    expect(row.failed_login_count).toBe(3);
    const lockSeconds = (new Date(row.locked_until).getTime() - Date.now()) / 1000;
    expect(lockSeconds).toBeGreaterThan(50);
    expect(lockSeconds).toBeLessThanOrEqual(60);
    const locked = await new HttpSession(sut.url).login(user.email!);
    expect(locked.status).toBe(401);
    expect((await locked.json()).message).toBe('Invalid email or password');
    expect(
      (await auditEvents(sut, 'account.locked')).some((e) => e.actor_user_id === user.id),
    ).toBe(true);
    // One more failure doubles the lock.
    await sut.dataSource.query(
      `UPDATE user_account SET locked_until = now() - interval '1 second' WHERE id = $1`,
      [user.id],
    );
    expect((await new HttpSession(sut.url).login(user.email!, 'wrong-password-123')).status).toBe(
      401,
    );
    const [after] = await sut.dataSource.query(
      `SELECT locked_until FROM user_account WHERE id = $1`,
      [user.id],
    );
    expect((new Date(after.locked_until).getTime() - Date.now()) / 1000).toBeGreaterThan(110);
  });

  it('refuses a session write without the CSRF token (403, audited, nothing changed)', async () => {
    const user = await sut.factories.newUser();
    const session = await signIn(sut.url, user.email!);
    const missing = await session.request('POST', '/api/tokens', {
      body: { name: 'x', scopes: ['read:incidents'] },
      csrf: false,
    });
    expect(missing.status).toBe(403);
    const forged = await session.request('POST', '/api/tokens', {
      body: { name: 'x', scopes: ['read:incidents'] },
      csrf: false,
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(forged.status).toBe(403);
    const [{ count }] = await sut.dataSource.query(
      `SELECT count(*)::int AS count FROM api_token WHERE user_id = $1`,
      [user.id],
    );
    expect(count).toBe(0);
    const events = (await auditEvents(sut, 'csrf.rejected')).filter(
      (e) => e.actor_user_id === user.id,
    );
    expect(events.map((e) => e.details.reason)).toEqual(['missing', 'mismatch']);
  });

  it('answers a tampered or unknown session cookie with 401 and an audit entry', async () => {
    const user = await sut.factories.newUser();
    const session = await signIn(sut.url, user.email!);
    const value = session.cookies.get('rca_session')!;
    const tampered = new HttpSession(sut.url);
    tampered.cookies.set('rca_session', `A${value.slice(1)}`);
    const response = await tampered.request('GET', '/api/auth/session');
    expect(response.status).toBe(401);
    expect((await response.json()).message).toMatch(/^Authentication required/);
    expect(
      (await auditEvents(sut, 'session.rejected')).some((e) => e.details.reason === 'tampered'),
    ).toBe(true);
  });

  it('ends idle sessions, and logout / logout everywhere end sessions for good', async () => {
    const user = await sut.factories.newUser();
    const first = await signIn(sut.url, user.email!);
    const second = await signIn(sut.url, user.email!);
    const third = await signIn(sut.url, user.email!);
    // Idle: last activity longer ago than SESSION_IDLE_TIMEOUT_SECONDS.
    await sut.dataSource.query(
      `UPDATE user_session SET last_seen_at = now() - interval '3 hours' WHERE token_hash = $1`,
      [
        createHash('sha256')
          .update(decodeURIComponent(third.cookies.get('rca_session')!.split('.')[0]))
          .digest('hex'),
      ],
    );
    expect((await third.request('GET', '/api/auth/session')).status).toBe(401);
    expect(
      (await auditEvents(sut, 'session.rejected')).some((e) => e.details.reason === 'expired'),
    ).toBe(true);

    const stolen = first.cookies.get('rca_session')!;
    expect((await first.request('POST', '/api/auth/logout')).status).toBe(204);
    const replay = new HttpSession(sut.url);
    replay.cookies.set('rca_session', stolen);
    expect((await replay.request('GET', '/api/auth/session')).status).toBe(401);
    expect((await second.request('GET', '/api/auth/session')).status).toBe(200);

    // Sessions past their absolute end are swept at the next login.
    await sut.dataSource.query(
      `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [user.id],
    );
    const fourth = await signIn(sut.url, user.email!);
    const [{ remaining }] = await sut.dataSource.query(
      `SELECT count(*)::int AS remaining FROM user_session WHERE user_id = $1`,
      [user.id],
    );
    expect(remaining).toBe(1);
    // …so the second browser is signed out too; sign it in again for the logout-everywhere check.
    expect((await second.request('GET', '/api/auth/session')).status).toBe(401);
    await second.login(user.email!);
    expect((await fourth.request('POST', '/api/auth/logout-everywhere')).status).toBe(204);
    expect((await second.request('GET', '/api/auth/session')).status).toBe(401);
    expect((await fourth.request('GET', '/api/auth/session')).status).toBe(401);
    const [{ count }] = await sut.dataSource.query(
      `SELECT count(*)::int AS count FROM user_session WHERE user_id = $1`,
      [user.id],
    );
    expect(count).toBe(0);
  });

  it('API tokens: shown once, stored hashed, scoped, last use recorded, revocable', async () => {
    const admin = await sut.factories.newUser({ role: 'admin' });
    const responder = await sut.factories.newUser({ role: 'responder' });
    const session = await signIn(sut.url, responder.email!);

    const tooStrong = await session.request('POST', '/api/tokens', {
      body: { name: 'x', scopes: ['admin'] },
    });
    expect(tooStrong.status).toBe(403);

    const created = await session.request('POST', '/api/tokens', {
      body: { name: 'wiki bot', scopes: ['read:incidents'] },
    });
    expect(created.status).toBe(201);
    const token = await created.json();
    expect(token.token).toMatch(/^rca_/);
    const [row] = await sut.dataSource.query(`SELECT * FROM api_token WHERE id = $1`, [token.id]);
    expect(row.token_hash).toBe(createHash('sha256').update(token.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token.token);
    const listed = await (await session.request('GET', '/api/tokens')).json();
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).not.toHaveProperty('token');

    const bearer = { authorization: `Bearer ${token.token}` };
    const teams = await fetch(`${sut.url}/api/teams`, { headers: bearer });
    expect(teams.status).toBe(200);
    // The use is recorded off the request path, so it lands just after the response.
    const used = await eventually(async () => {
      const [row] = await sut.dataSource.query(`SELECT last_used_at FROM api_token WHERE id = $1`, [
        token.id,
      ]);
      return row.last_used_at ? row : null;
    }, 5_000);
    expect(used.last_used_at).not.toBeNull();

    // Scope missing: 403. A session-only route: 403. Bearer writes need no CSRF token.
    const users = await fetch(`${sut.url}/api/users`, { headers: bearer });
    expect(users.status).toBe(403);
    expect((await fetch(`${sut.url}/api/tokens`, { headers: bearer })).status).toBe(403);
    expect(
      (await auditEvents(sut, 'access.denied')).some(
        (e) => e.details.reason === 'missing_scope:admin',
      ),
    ).toBe(true);

    expect((await session.request('DELETE', `/api/tokens/${token.id}`)).status).toBe(204);
    const revoked = await fetch(`${sut.url}/api/teams`, { headers: bearer });
    expect(revoked.status).toBe(401);
    expect(
      (await auditEvents(sut, 'token.rejected')).some((e) => e.details.reason === 'revoked'),
    ).toBe(true);
    expect((await auditEvents(sut, 'token.revoked')).some((e) => e.target_id === token.id)).toBe(
      true,
    );

    // Expired token.
    const { secret: expired } = await sut.factories.newToken(admin, ['admin'], {
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(
      (await fetch(`${sut.url}/api/users`, { headers: { authorization: `Bearer ${expired}` } }))
        .status,
    ).toBe(401);
    expect(
      (await auditEvents(sut, 'token.rejected')).some((e) => e.details.reason === 'expired'),
    ).toBe(true);
    // Unknown token.
    expect(
      (await fetch(`${sut.url}/api/users`, { headers: { authorization: 'Bearer rca_nope' } }))
        .status,
    ).toBe(401);

    // An admin's admin-scoped token writes without CSRF: creates a service account and a token for it.
    const { secret } = await sut.factories.newToken(admin, ['admin']);
    const service = await fetch(`${sut.url}/api/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ displayName: 'wiki exporter', role: 'manager', kind: 'service' }),
    });
    expect(service.status).toBe(201);
    const serviceUser = await service.json();
    expect(serviceUser).toMatchObject({ kind: 'service', email: null, role: 'manager' });
    const serviceToken = await fetch(`${sut.url}/api/users/${serviceUser.id}/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'export', scopes: ['export:postmortems', 'read:incidents'] }),
    });
    expect(serviceToken.status).toBe(201);
    const minted = await serviceToken.json();
    expect(
      (
        await fetch(`${sut.url}/api/teams`, {
          headers: { authorization: `Bearer ${minted.token}` },
        })
      ).status,
    ).toBe(200);
  });

  it('admins query the audit log, paginated and filtered; it is append-only', async () => {
    const admin = await sut.factories.newUser({ role: 'admin' });
    const session = await signIn(sut.url, admin.email!);
    const first = await (
      await session.request('GET', '/api/audit-events?limit=2&action=login.')
    ).json();
    expect(first.items).toHaveLength(2);
    expect(first.items.every((e: any) => e.action.startsWith('login.'))).toBe(true);
    const second = await (
      await session.request(
        'GET',
        `/api/audit-events?limit=2&action=login.&cursor=${first.nextCursor}`,
      )
    ).json();
    expect(Number(second.items[0].id)).toBeLessThan(Number(first.items[1].id));
    const failures = await (
      await session.request('GET', '/api/audit-events?outcome=failure&limit=200')
    ).json();
    expect(failures.items.length).toBeGreaterThan(0);
    expect(failures.items.every((e: any) => e.outcome === 'failure')).toBe(true);
    const bad = await session.request('GET', '/api/audit-events?limit=5000');
    expect(bad.status).toBe(400);
    const viewer = await signIn(sut.url, (await sut.factories.newUser()).email!);
    expect((await viewer.request('GET', '/api/audit-events')).status).toBe(403);
    await expect(sut.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(sut.dataSource.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('invitations: an admin invites, the person sets an acceptable password once', async () => {
    const admin = await sut.factories.newUser({ role: 'admin' });
    const team = await sut.factories.newTeam();
    const session = await signIn(sut.url, admin.email!);
    const invited = await session.request('POST', '/api/invitations', {
      body: { email: 'new.person@example.com', role: 'responder', teamIds: [team.id] },
    });
    expect(invited.status).toBe(201);
    const { token, link } = await invited.json();
    expect(link).toContain(token);
    const accept = (password: string) =>
      fetch(`${sut.url}/api/auth/invitations/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, displayName: 'New Person', password }),
      });
    const weak = await accept('password123!');
    expect(weak.status).toBe(400);
    expect((await weak.json()).errors[0]).toEqual({
      field: 'password',
      messages: [expect.stringMatching(/common/)],
    });
    expect((await accept('short')).status).toBe(400);
    const ok = await accept('violet-harbour-engine-7');
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body.user).toMatchObject({
      email: 'new.person@example.com',
      role: 'responder',
      teams: [{ id: team.id, name: team.name }],
    });
    const again = await accept('violet-harbour-engine-7');
    expect(again.status).toBe(401);
    expect((await again.json()).message).toBe('This invitation link is invalid or has expired');
    expect(
      (await new HttpSession(sut.url).login('new.person@example.com', 'violet-harbour-engine-7'))
        .status,
    ).toBe(200);
  });

  it('admins change roles with optimistic concurrency; the change is audited', async () => {
    const admin = await sut.factories.newUser({ role: 'admin' });
    const target = await sut.factories.newUser({ role: 'viewer' });
    const session = await signIn(sut.url, admin.email!);
    const ok = await session.request('PATCH', `/api/users/${target.id}`, {
      body: { version: 1, role: 'manager' },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ role: 'manager', version: 2 });
    const stale = await session.request('PATCH', `/api/users/${target.id}`, {
      body: { version: 1, role: 'admin' },
    });
    expect(stale.status).toBe(409);
    expect((await stale.json()).details.currentVersion).toBe(2);
    const events = await auditEvents(sut, 'user.role_changed');
    expect(events.find((e) => e.target_id === target.id)?.details).toEqual({
      from: 'viewer',
      to: 'manager',
    });
    // Disabling ends the user's sessions.
    const victim = await signIn(sut.url, target.email!);
    const { secret } = await sut.factories.newToken(target, ['read:incidents']);
    expect(
      (await fetch(`${sut.url}/api/teams`, { headers: { authorization: `Bearer ${secret}` } }))
        .status,
    ).toBe(200);
    expect(
      (
        await session.request('PATCH', `/api/users/${target.id}`, {
          body: { version: 2, disabled: true },
        })
      ).status,
    ).toBe(200);
    expect((await victim.request('GET', '/api/auth/session')).status).toBe(401);
    expect(
      (await fetch(`${sut.url}/api/teams`, { headers: { authorization: `Bearer ${secret}` } }))
        .status,
    ).toBe(401);
    expect((await new HttpSession(sut.url).login(target.email!)).status).toBe(401);
  });

  it('sends strict security headers; only the API docs page relaxes style-src', async () => {
    const health = await fetch(`${sut.url}/healthz`);
    const csp = health.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    const docs = await fetch(`${sut.url}/api/docs`);
    expect(docs.status).toBe(200);
    const docsCsp = docs.headers.get('content-security-policy')!;
    expect(docsCsp).toContain("style-src 'self' 'unsafe-inline'");
    expect(docsCsp).toContain("script-src 'self'");
    // Swagger UI must work under that policy: no inline scripts on the page.
    const html = await docs.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('rate limiting of login shares counts through Redis', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp({ env: { AUTH_RATE_LIMIT: '3', AUTH_RATE_WINDOW_SECONDS: '60' } });
  });
  afterAll(() => sut.close());

  it('answers 429 after AUTH_RATE_LIMIT attempts, with the count kept in Redis', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      statuses.push(
        (await new HttpSession(sut.url).login('someone@example.com', 'wrong-password-1')).status,
      );
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${sut.environment.QUEUE_PREFIX}:throttle:auth:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });

  it('two replicas on the same Redis share one budget', async () => {
    const prefix = `${sut.environment.QUEUE_PREFIX}-shared`;
    const env = { AUTH_RATE_LIMIT: '3', AUTH_RATE_WINDOW_SECONDS: '60', QUEUE_PREFIX: prefix };
    const [one, two] = [await createTestApp({ env }), await createTestApp({ env })];
    try {
      const statuses: number[] = [];
      for (const replica of [one, two, one, two])
        statuses.push(
          (await new HttpSession(replica.url).login('x@example.com', 'wrong-password-1')).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
