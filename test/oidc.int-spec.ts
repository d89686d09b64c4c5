import { createHmac } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo, createServer as createNetServer } from 'node:net';
import Provider from 'oidc-provider';
import { createTestApp, TestApp } from './test-context';

const CLIENT_ID = 'rca-desk';
const CLIENT_SECRET = 'a-client-secret-for-the-loopback-provider';

interface Account {
  email: string;
  name: string;
  groups: string[];
  teams: string[];
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A real OpenID provider on loopback. Its login page signs in `accounts[nextLogin]` at once. */
async function startProvider(redirectUri: string, accounts: Record<string, Account>) {
  const state = { nextLogin: '' };
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups', 'teams'],
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const account = accounts[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          email: account.email,
          email_verified: true,
          name: account.name,
          groups: account.groups,
          teams: account.teams,
        }),
      };
    },
    conformIdTokenClaims: false,
    cookies: { keys: ['loopback-provider-cookie-key'] },
    features: { devInteractions: { enabled: false } },
  });
  const callback = provider.callback();
  const server: Server = createServer(async (request, response) => {
    if (request.url?.startsWith('/interaction/')) {
      try {
        const details = await provider.interactionDetails(request, response);
        const accountId = state.nextLogin;
        const grant = new provider.Grant({
          accountId,
          clientId: String(details.params.client_id),
        });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(
          request,
          response,
          { login: { accountId }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
      } catch (error) {
        response.statusCode = 500;
        response.end(String(error));
      }
      return;
    }
    callback(request, response);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    state,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A browser's cookie jar for 127.0.0.1 (cookies ignore ports), path-aware. */
class Browser {
  private jar = new Map<string, { value: string; path: string }>();

  private cookieHeader(url: URL): string {
    return [...this.jar.entries()]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([key, cookie]) => `${key.split('|')[0]}=${cookie.value}`)
      .join('; ');
  }

  cookie(name: string): string | undefined {
    for (const [key, cookie] of this.jar) if (key.split('|')[0] === name) return cookie.value;
    return undefined;
  }

  setCookie(name: string, value: string, path: string): void {
    this.jar.set(`${name}|${path}`, { value, path });
  }

  async get(url: string): Promise<Response> {
    const target = new URL(url);
    const response = await fetch(target, {
      headers: { cookie: this.cookieHeader(target) },
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const path =
        attributes
          .map((a) => a.trim())
          .find((a) => /^path=/i.test(a))
          ?.slice(5) || '/';
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.jar.delete(`${name}|${path}`);
      else this.jar.set(`${name}|${path}`, { value, path });
    }
    return response;
  }

  /** Follows redirects until `stop(url)` says so or a non-redirect answer arrives. */
  async follow(
    url: string,
    stop: (url: URL) => boolean = () => false,
  ): Promise<{ url: URL; response?: Response }> {
    let current = new URL(url);
    for (let hop = 0; hop < 15; hop += 1) {
      if (stop(current)) return { url: current };
      const response = await this.get(current.toString());
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location)
        return { url: current, response };
      current = new URL(location, current);
    }
    throw new Error('too many redirects');
  }
}

describe('OIDC single sign-on against a real OpenID provider on loopback', () => {
  let sut: TestApp;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  const accounts: Record<string, Account> = {
    alice: {
      email: 'alice@corp.example',
      name: 'Alice Admin',
      groups: ['staff', 'rca-admins'],
      teams: ['payments', 'sre'],
    },
    bob: { email: 'bob@corp.example', name: 'Bob Builder', groups: ['staff'], teams: [] },
    eve: { email: 'eve@corp.example', name: 'Eve Outsider', groups: ['contractors'], teams: [] },
  };

  beforeAll(async () => {
    const appPort = await freePort();
    const redirectUri = `http://127.0.0.1:${appPort}/api/auth/oidc/callback`;
    provider = await startProvider(redirectUri, accounts);
    sut = await createTestApp({
      port: appPort,
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: CLIENT_ID,
        OIDC_CLIENT_SECRET: CLIENT_SECRET,
        OIDC_REDIRECT_URI: redirectUri,
        OIDC_ROLES_CLAIM: 'groups',
        OIDC_ROLE_MAP: 'rca-admins:admin,staff:responder',
        OIDC_DEFAULT_ROLE: 'none',
        OIDC_TEAMS_CLAIM: 'teams',
        AUTH_RATE_LIMIT: '1000',
      },
    });
  });
  afterAll(async () => {
    await sut?.close();
    await provider?.close();
  });

  async function startLogin(browser: Browser): Promise<URL> {
    const response = await browser.get(`${sut.url}/api/auth/oidc/login`);
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!);
  }

  it('tells the sign-in page that single sign-on is offered', async () => {
    const options = await fetch(`${sut.url}/api/auth/options`);
    expect(options.status).toBe(200);
    expect(await options.json()).toEqual({ password: true, sso: true });
  });

  it('signs in end to end with PKCE; the groups claim gives the role, the teams claim the teams', async () => {
    provider.state.nextLogin = 'alice';
    const browser = new Browser();
    const authorize = await startLogin(browser);
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy();
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    const end = await browser.follow(authorize.toString());
    expect(end.url.toString()).toBe(`${sut.url}/`);
    expect(browser.cookie('rca_session')).toBeTruthy();
    const me = await fetch(`${sut.url}/api/auth/session`, {
      headers: { cookie: `rca_session=${browser.cookie('rca_session')}` },
    });
    expect(me.status).toBe(200);
    const { user } = await me.json();
    expect(user).toMatchObject({
      email: 'alice@corp.example',
      displayName: 'Alice Admin',
      role: 'admin',
    });
    expect(user.teams.map((team: { name: string }) => team.name).sort()).toEqual([
      'payments',
      'sre',
    ]);
    const [event] = await sut.dataSource.query(
      `SELECT * FROM audit_event WHERE action = 'login.succeeded' AND actor_user_id = $1`,
      [user.id],
    );
    expect(event.details).toEqual({ method: 'oidc' });
  });

  it('maps a lower group to its role, and a second login keeps the same user', async () => {
    provider.state.nextLogin = 'bob';
    for (let round = 0; round < 2; round += 1) {
      const browser = new Browser();
      await browser.follow((await startLogin(browser)).toString());
      expect(browser.cookie('rca_session')).toBeTruthy();
    }
    const rows = await sut.dataSource.query(
      `SELECT role FROM user_account WHERE email = 'bob@corp.example'`,
    );
    expect(rows).toEqual([{ role: 'responder' }]);
  });

  it('refuses a user whose claim maps to no role (OIDC_DEFAULT_ROLE=none): 403, audited, no user', async () => {
    provider.state.nextLogin = 'eve';
    const browser = new Browser();
    const { response } = await browser.follow((await startLogin(browser)).toString());
    expect(response!.status).toBe(403);
    expect(browser.cookie('rca_session')).toBeUndefined();
    expect(
      await sut.dataSource.query(`SELECT id FROM user_account WHERE email = 'eve@corp.example'`),
    ).toEqual([]);
    const events = await sut.dataSource.query(
      `SELECT * FROM audit_event WHERE action = 'oidc.login_refused'`,
    );
    expect(events[0].actor_label).toBe('eve@corp.example');
  });

  async function callbackUrl(browser: Browser): Promise<URL> {
    const { url } = await browser.follow(
      (await startLogin(browser)).toString(),
      (url) => url.pathname === '/api/auth/oidc/callback',
    );
    return url;
  }

  async function usersCount(): Promise<number> {
    const [{ count }] = await sut.dataSource.query(
      `SELECT count(*)::int AS count FROM user_account`,
    );
    return count;
  }

  async function lastFailure(): Promise<Record<string, unknown>> {
    const [event] = await sut.dataSource.query(
      `SELECT details FROM audit_event WHERE action = 'oidc.login_failed' ORDER BY id DESC LIMIT 1`,
    );
    return event.details;
  }

  it('refuses a callback whose state does not match (401, audited, nothing created)', async () => {
    provider.state.nextLogin = 'alice';
    const browser = new Browser();
    const callback = await callbackUrl(browser);
    callback.searchParams.set('state', 'forged-state');
    const before = await usersCount();
    const response = await browser.get(callback.toString());
    expect(response.status).toBe(401);
    expect((await response.json()).message).toBe('Single sign-on failed; start again');
    expect(browser.cookie('rca_session')).toBeUndefined();
    expect((await lastFailure()).reason).toBe('state_mismatch');
    expect(await usersCount()).toBe(before);
  });

  it('refuses an ID token whose nonce does not match the one this browser started with', async () => {
    provider.state.nextLogin = 'alice';
    const browser = new Browser();
    const callback = await callbackUrl(browser);
    // Same state and verifier, different nonce, correctly signed: only the nonce check can catch it.
    const [{ value: secret }] = await sut.dataSource.query(
      `SELECT value FROM app_secret WHERE name = 'session-secret'`,
    );
    const original = decodeURIComponent(browser.cookie('rca_oidc')!);
    const attempt = JSON.parse(
      Buffer.from(original.slice(0, original.lastIndexOf('.')), 'base64url').toString(),
    );
    const forged = Buffer.from(JSON.stringify({ ...attempt, nonce: 'another-nonce' })).toString(
      'base64url',
    );
    const signature = createHmac('sha256', secret).update(forged).digest('base64url');
    browser.setCookie('rca_oidc', encodeURIComponent(`${forged}.${signature}`), '/api/auth/oidc');
    const response = await browser.get(callback.toString());
    expect(response.status).toBe(401);
    expect(browser.cookie('rca_session')).toBeUndefined();
    expect((await lastFailure()).reason).toBe('nonce_mismatch');
  });

  it('refuses a callback without, or with a tampered, login cookie', async () => {
    provider.state.nextLogin = 'alice';
    const browser = new Browser();
    const callback = await callbackUrl(browser);
    const original = browser.cookie('rca_oidc')!;
    browser.setCookie('rca_oidc', `x${original}`, '/api/auth/oidc');
    expect((await browser.get(callback.toString())).status).toBe(401);
    expect((await lastFailure()).reason).toBe('tampered_state_cookie');
    const fresh = await fetch(callback);
    expect(fresh.status).toBe(401);
    expect((await lastFailure()).reason).toBe('missing_state_cookie');
  });
});
