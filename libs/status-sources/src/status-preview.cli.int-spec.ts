import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from '../test/fixtures';
import { StatusServer } from '../test/status-server';

// The built CLI (npm test builds first; for a focused run: npm run build:server).
const CLI = path.resolve(__dirname, '../../../dist/apps/api/src/cli.js');

function cli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'status:preview', ...args],
      { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, maxBuffer: 50 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run cli -- status:preview', () => {
  let server: StatusServer;
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing; run "npm run build:server"`);
    server = await new StatusServer().start();
  });
  afterAll(() => server.stop());

  it('prints the normalised JSON of a file', async () => {
    const result = await cli([path.join(FIXTURES, 'saucelabs/history_2020-11-15.atom')]);
    expect(result.code).toBe(0);
    const feed = JSON.parse(result.stdout);
    expect(feed.format).toBe('atom');
    expect(feed.incidents).toHaveLength(25);
  });

  it('fetches a URL with the worker’s rules (loopback only when allowed)', async () => {
    const url = server.serveFixture('/cli/status.json', 'github/status_2023-05-09T1952Z.json');
    const allowed = await cli([url], { STATUS_FETCH_ALLOW_LOOPBACK: 'true' });
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).indicator.value).toBe('minor');
    const refused = await cli([url], { STATUS_FETCH_ALLOW_LOOPBACK: 'false' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('forbidden_address');
  });

  it('says why a payload cannot be read, and how to call it', async () => {
    const wrongFormat = await cli([
      path.join(FIXTURES, 'github/status_2023-05-09T1952Z.json'),
      '--format',
      'rss',
    ]);
    expect(wrongFormat.code).toBe(1);
    expect(wrongFormat.stderr).toContain('expected XML');
    const usage = await cli([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run cli -- status:preview');
  });
});
