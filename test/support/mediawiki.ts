// A real MediaWiki (Debian's `mediawiki` package, 1.39) on SQLite, served by PHP's built-in
// server on loopback, for connector tests. Installed fresh in a temporary directory per call.
// .ci/run installs the package: apt-get install -y mediawiki php-sqlite3.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, appendFileSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const MEDIAWIKI_ROOT = '/usr/share/mediawiki';

export function mediawikiInstalled(): boolean {
  return existsSync(path.join(MEDIAWIKI_ROOT, 'maintenance/install.php'));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningMediaWiki {
  apiUrl: string;
  /** Bot password login name ("Admin@rca") and password. */
  username: string;
  password: string;
  /** action=parse of a page: its rendered HTML and current revision id. */
  parse(title: string): Promise<{ html: string; revid: number }>;
  /** action=query of the page's revisions (newest first). */
  revisions(title: string): Promise<Array<{ revid: number; comment: string }>>;
  close(): Promise<void>;
}

export async function startMediaWiki(): Promise<RunningMediaWiki> {
  if (!mediawikiInstalled())
    throw new Error(
      'MediaWiki is not installed: apt-get install -y mediawiki php-sqlite3 (see .ci/run)',
    );
  const dir = mkdtempSync(path.join(tmpdir(), 'rca-mediawiki-'));
  mkdirSync(path.join(dir, 'data'));
  const port = await freePort();
  const server = `http://127.0.0.1:${port}`;
  const env = { ...process.env, MW_CONFIG_FILE: path.join(dir, 'LocalSettings.php') };
  await run('php', [
    path.join(MEDIAWIKI_ROOT, 'maintenance/install.php'),
    '--dbtype=sqlite',
    `--dbpath=${path.join(dir, 'data')}`,
    '--dbname=wiki',
    `--server=${server}`,
    '--scriptpath=',
    `--confpath=${dir}`,
    '--pass=Admin-password-for-tests-1',
    '--lang=en',
    'RcaTestWiki',
    'Admin',
  ]);
  appendFileSync(
    path.join(dir, 'LocalSettings.php'),
    "\nwfLoadExtension( 'SyntaxHighlight_GeSHi' );\n$wgEnableBotPasswords = true;\n",
  );
  // Bot passwords are 32 lowercase letters and digits (as Special:BotPasswords generates them);
  // MediaWiki does not treat other strings as bot passwords.
  const password = 'rcabotpasswordfortests0123456789';
  await run(
    'php',
    [
      path.join(MEDIAWIKI_ROOT, 'maintenance/createBotPassword.php'),
      '--appid=rca',
      '--grants=basic,highvolume,editpage,createeditmovepage',
      'Admin',
      password,
    ],
    { env },
  );
  const child: ChildProcess = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', MEDIAWIKI_ROOT], {
    env,
    stdio: 'ignore',
  });
  const apiUrl = `${server}/api.php`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`${apiUrl}?action=query&meta=siteinfo&format=json`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('MediaWiki did not start within 15 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const api = async (params: Record<string, string>) => {
    const query = new URLSearchParams({ ...params, format: 'json', formatversion: '2' });
    return (await (await fetch(`${apiUrl}?${query}`)).json()) as Record<string, any>;
  };
  return {
    apiUrl,
    username: 'Admin@rca',
    password,
    async parse(title) {
      const body = await api({ action: 'parse', page: title, prop: 'text|revid' });
      if (body.error) throw new Error(`${body.error.code}: ${body.error.info}`);
      return { html: body.parse.text as string, revid: body.parse.revid as number };
    },
    async revisions(title) {
      const body = await api({
        action: 'query',
        prop: 'revisions',
        titles: title,
        rvprop: 'ids|comment',
        rvlimit: '50',
      });
      return (body.query.pages[0].revisions ?? []) as Array<{ revid: number; comment: string }>;
    },
    async close() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
