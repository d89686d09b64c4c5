import { TEST_PASSWORD } from './factories';
import { createTestApp, TestApp } from './test-context';

/** A failed login sent as if through a proxy that set X-Forwarded-For. */
function failedLogin(sut: TestApp, email: string, forwardedFor?: string): Promise<Response> {
  return fetch(`${sut.url}/api/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ email, password: 'not-the-password-at-all' }),
  });
}

async function failedLoginAddress(sut: TestApp, email: string): Promise<string> {
  const rows = await sut.dataSource.query(
    `SELECT ip FROM audit_event WHERE action = 'login.failed' AND actor_label = $1`,
    [email],
  );
  expect(rows).toHaveLength(1);
  return rows[0].ip;
}

describe('client address behind reverse proxies (TRUST_PROXY)', () => {
  describe('TRUST_PROXY unset', () => {
    let sut: TestApp;
    beforeAll(async () => {
      sut = await createTestApp({ env: { AUTH_RATE_LIMIT: '2' } });
    });
    afterAll(() => sut.close());

    it('ignores X-Forwarded-For: the audit log records the peer, 127.0.0.1', async () => {
      expect((await failedLogin(sut, 'a@example.com', '203.0.113.9')).status).toBe(401);
      expect(await failedLoginAddress(sut, 'a@example.com')).toBe('127.0.0.1');
    });

    it('counts every forwarded address as the one client it connected from', async () => {
      // One attempt already spent above; the limit is 2 per window.
      expect((await failedLogin(sut, 'b@example.com', '198.51.100.1')).status).toBe(401);
      expect((await failedLogin(sut, 'c@example.com', '198.51.100.2')).status).toBe(429);
    });
  });

  describe('TRUST_PROXY=loopback (a proxy on this host)', () => {
    let sut: TestApp;
    beforeAll(async () => {
      sut = await createTestApp({ env: { TRUST_PROXY: 'loopback', AUTH_RATE_LIMIT: '2' } });
    });
    afterAll(() => sut.close());

    it('records the forwarded client in the audit log and on the session', async () => {
      expect((await failedLogin(sut, 'd@example.com', '203.0.113.9')).status).toBe(401);
      expect(await failedLoginAddress(sut, 'd@example.com')).toBe('203.0.113.9');

      const user = await sut.factories.newUser();
      const login = await fetch(`${sut.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.50' },
        body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const [session] = await sut.dataSource.query(
        `SELECT ip FROM user_session WHERE user_id = $1`,
        [user.id],
      );
      expect(session.ip).toBe('203.0.113.50');
    });

    it('ignores what an untrusted hop claims: a spoofed left-most address is not the client', async () => {
      // The client sent "X-Forwarded-For: 6.6.6.6"; our proxy appended the address it saw.
      expect((await failedLogin(sut, 'e@example.com', '6.6.6.6, 203.0.113.77')).status).toBe(401);
      expect(await failedLoginAddress(sut, 'e@example.com')).toBe('203.0.113.77');
    });

    it('rate-limits each forwarded client on its own', async () => {
      expect((await failedLogin(sut, 'f@example.com', '198.51.100.1')).status).toBe(401);
      expect((await failedLogin(sut, 'g@example.com', '198.51.100.1')).status).toBe(401);
      expect((await failedLogin(sut, 'h@example.com', '198.51.100.1')).status).toBe(429);
      // Another client behind the same proxy still gets through.
      expect((await failedLogin(sut, 'i@example.com', '198.51.100.2')).status).toBe(401);
    });
  });

  describe('TRUST_PROXY naming another network (the peer is not a trusted proxy)', () => {
    let sut: TestApp;
    beforeAll(async () => {
      sut = await createTestApp({ env: { TRUST_PROXY: '10.0.0.0/8' } });
    });
    afterAll(() => sut.close());

    it('ignores X-Forwarded-For sent directly by a client', async () => {
      expect((await failedLogin(sut, 'j@example.com', '10.1.2.3')).status).toBe(401);
      expect(await failedLoginAddress(sut, 'j@example.com')).toBe('127.0.0.1');
    });
  });
});
