// A real Redmine (Debian's `redmine` package, 5.0, on SQLite), served by WEBrick on loopback, for
// the tracker sync tests. A fresh instance per call: Debian's multi-tenancy reads an instance from
// /var/lib/redmine/<name> (REDMINE_INSTANCE), which here is a symlink to a temporary directory.
// .ci/run installs the package: apt-get install -y redmine redmine-sqlite.
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REDMINE_ROOT = '/usr/share/redmine';
const INSTANCES = '/var/lib/redmine';

export function redmineInstalled(): boolean {
  return existsSync(path.join(REDMINE_ROOT, 'config/environment.rb'));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs in the instance before it serves: REST API on, the admin's API key, a project. */
const SERVE_RB = `
Setting.rest_api_enabled = '1'
admin = User.find_by_login('admin')
admin.must_change_passwd = false
admin.save!
project = Project.find_by_identifier('reliability') || Project.create!(name: 'Reliability', identifier: 'reliability', is_public: false)
project.trackers = Tracker.all
project.enabled_module_names = ['issue_tracking']
project.save!
File.write(ENV.fetch('REDMINE_READY_FILE'), { apiKey: admin.api_key }.to_json)
# Debian's Redmine locks its Gemfile without a web server: WEBrick (ruby-webrick) is loaded by path.
webrick = Dir['/usr/share/rubygems-integration/all/gems/webrick-*/lib', '/usr/lib/ruby/vendor_ruby'].find { |dir| File.exist?(File.join(dir, 'webrick.rb')) }
$LOAD_PATH.unshift(webrick) if webrick
require 'webrick'
require 'rack/handler/webrick'
Rack::Handler::WEBrick.run(Rails.application, Host: '127.0.0.1', Port: Integer(ENV.fetch('PORT')), AccessLog: [], Logger: WEBrick::Log.new(File::NULL))
`;

export interface RunningRedmine {
  baseUrl: string;
  apiKey: string;
  project: string;
  /** A REST call as the admin (JSON in and out). */
  api<T = any>(
    method: string,
    pathname: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startRedmine(): Promise<RunningRedmine> {
  if (!redmineInstalled())
    throw new Error(
      'Redmine is not installed: apt-get install -y redmine redmine-sqlite (see .ci/run)',
    );
  const name = `rca-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'rca-redmine-'));
  for (const sub of ['config', 'files', 'log', 'tmp/cache', 'public/plugin_assets'])
    mkdirSync(path.join(dir, sub), { recursive: true });
  writeFileSync(
    path.join(dir, 'config/database.yml'),
    `production:\n  adapter: sqlite3\n  database: ${path.join(dir, 'redmine.sqlite3')}\n  encoding: utf8\n`,
  );
  writeFileSync(path.join(dir, 'config/secret_key.txt'), randomBytes(32).toString('hex'));
  const link = path.join(INSTANCES, name);
  mkdirSync(INSTANCES, { recursive: true });
  symlinkSync(dir, link);
  const env = {
    ...process.env,
    REDMINE_INSTANCE: name,
    RAILS_ENV: 'production',
    REDMINE_LANG: 'en',
  };
  let child: ChildProcess | undefined;
  const close = async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          child?.kill('SIGKILL');
          resolve(undefined);
        }, 5_000);
        child!.once('exit', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
    }
    rmSync(link, { force: true });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Two runs: in one, the default data would be loaded against the schema read before migrating.
    for (const task of ['db:migrate', 'redmine:load_default_data'])
      await run('bin/rake', [task], { cwd: REDMINE_ROOT, env, maxBuffer: 32 * 1024 * 1024 });
    const port = await freePort();
    const ready = path.join(dir, 'ready.json');
    writeFileSync(path.join(dir, 'serve.rb'), SERVE_RB);
    let output = '';
    child = spawn('bin/rails', ['runner', path.join(dir, 'serve.rb')], {
      cwd: REDMINE_ROOT,
      env: { ...env, PORT: String(port), REDMINE_READY_FILE: ready },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const baseUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`Redmine exited (${child.exitCode}): ${output.slice(-2000)}`);
      if (existsSync(ready)) {
        const answered = await fetch(`${baseUrl}/issue_statuses.json`).then(
          (response) => response.status,
          () => 0,
        );
        if (answered) break;
      }
      if (Date.now() > deadline) throw new Error(`Redmine did not start: ${output.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const { apiKey } = JSON.parse(readFileSync(ready, 'utf8')) as { apiKey: string };
    const api = async (method: string, pathname: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}${pathname}`, {
        method,
        headers: {
          'x-redmine-api-key': apiKey,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    return { baseUrl, apiKey, project: 'reliability', api, close };
  } catch (error) {
    await close();
    throw error;
  }
}
