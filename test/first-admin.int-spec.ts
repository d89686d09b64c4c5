import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { assertBuilt, startEmbedded } from './embedded-process';
import { HttpSession } from './http-session';
import { createTestApp, TestApp } from './test-context';
import { TEST_REDIS_URL } from './test-environment';

const CLI_ENTRY = path.resolve(__dirname, '../dist/apps/api/src/cli.js');

function runCli(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
      env: { ...process.env, LOG_LEVEL: 'error', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the first admin: npm run cli -- user:create-admin', () => {
  let sut: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    assertBuilt();
    sut = await createTestApp();
    env = {
      DATABASE_URL: sut.environment.DATABASE_URL!,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: sut.environment.QUEUE_PREFIX,
    };
  });
  afterAll(() => sut.close());

  it('creates an admin with a password read from stdin, refusing a weak one', async () => {
    const weak = await runCli(
      ['user:create-admin', '--email', 'root@example.com', '--name', 'Root'],
      env,
      'password1\n',
    );
    // Without --password-stdin the password on stdin is ignored: an invitation link is printed instead.
    expect(weak.code).toBe(0);
    expect(weak.stdout).toMatch(/Admin invitation for root@example.com/);
    const refused = await runCli(
      ['user:create-admin', '--email', 'ops@example.com', '--name', 'Ops', '--password-stdin'],
      env,
      'password1\n',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/password/);
    const ok = await runCli(
      ['user:create-admin', '--email', 'ops@example.com', '--name', 'Ops', '--password-stdin'],
      env,
      'tundra-lantern-biscuit-9\n',
    );
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/Created admin ops@example.com/);
    const session = new HttpSession(sut.url);
    const login = await session.login('ops@example.com', 'tundra-lantern-biscuit-9');
    expect(login.status).toBe(200);
    expect((await login.json()).user.role).toBe('admin');
    const [event] = await sut.dataSource.query(
      `SELECT * FROM audit_event WHERE action = 'user.created' AND actor_label = 'cli'`,
    );
    expect(event.details.role).toBe('admin');
  });

  it('the printed invitation link creates the admin once', async () => {
    const { stdout } = await runCli(
      ['user:create-admin', '--email', 'lead@example.com', '--name', 'Lead'],
      env,
    );
    const token = /#token=([A-Za-z0-9_-]+)/.exec(stdout)![1];
    const accept = () =>
      fetch(`${sut.url}/api/auth/invitations/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, displayName: 'Lead', password: 'saffron-glacier-tempo-3' }),
      });
    const first = await accept();
    expect(first.status).toBe(200);
    expect((await first.json()).user).toMatchObject({ email: 'lead@example.com', role: 'admin' });
    expect((await accept()).status).toBe(401);
  });
});

describe('embedded mode, first start: a printed one-time setup link, no default password', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rca-first-run-'));
  beforeAll(assertBuilt);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a setup link that creates the first admin; later starts print none', async () => {
    const prefix = `rca-test-first-run-${process.pid}`;
    const first = await startEmbedded({ DATA_DIR: dataDir, QUEUE_PREFIX: prefix });
    try {
      let output = '';
      for (let attempt = 0; attempt < 50 && !/#token=/.test(output); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        output = first.output();
      }
      const match = /(http:\/\/127\.0\.0\.1:\d+)\/setup#token=([A-Za-z0-9_-]+)/.exec(output);
      expect(match).not.toBeNull();
      expect(match![1]).toBe(first.url);
      const token = match![2];
      const accept = await fetch(`${first.url}/api/auth/invitations/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          email: 'first@example.com',
          displayName: 'First Admin',
          password: 'meadow-copper-signal-5',
        }),
      });
      expect(accept.status).toBe(200);
      expect((await accept.json()).user.role).toBe('admin');
      // No admin/admin, no default password: the API is closed without a session.
      expect((await fetch(`${first.url}/api/users`)).status).toBe(401);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    const second = await startEmbedded({ DATA_DIR: dataDir, QUEUE_PREFIX: `${prefix}-2` });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(second.output()).not.toMatch(/setup#token=/);
      const login = await new HttpSession(second.url).login(
        'first@example.com',
        'meadow-copper-signal-5',
      );
      expect(login.status).toBe(200);
    } finally {
      expect(await second.stop('SIGTERM')).toBe(0);
    }
  });
});
