import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { slugify } from '@rca/markdown';
import {
  classifyOutboundFailure,
  FetchError,
  FetchErrorKind,
  ForbiddenDestinationError,
  isPermanentStatus,
  OutboundHttpClient,
  parseRetryAfter,
  webhookSignatureHeaders,
} from '@rca/shared';
import { ExportFormat, ExportOutput, pageTitle } from './exporter';
import { ExportTargetEntity } from './export-target.entity';

const run = promisify(execFile);

/** A failure that retrying cannot fix (bad credentials, 4xx, missing configuration). */
export class PermanentPushError extends Error {}

export interface PushContext {
  target: ExportTargetEntity;
  credentials: Record<string, string>;
  /** The external copy of the last successful push of this postmortem to this target. */
  previous: { externalId: string | null; externalRevision: string | null } | null;
  postmortem: { id: string; title: string; reference: string | null };
  render(format: ExportFormat): ExportOutput;
  idempotencyKey: string;
  timeoutMs: number;
  /** The one outbound client (address policy checked at connect time; OUTBOUND_ALLOW_LOOPBACK). */
  http: OutboundHttpClient;
}

/**
 * Outbound failures through the one classifier: permanent ones (refused address, 4xx but
 * 408/409/425/429, redirects) become PermanentPushError; the others keep their Retry-After for
 * the queue's backoff. Messages lose credentials.
 */
function toPushError(error: unknown, secrets: string[]): Error {
  if (error instanceof PermanentPushError) return error;
  // A refusal by the address policy says only which host and range; nothing to scrub.
  const refused =
    error instanceof ForbiddenDestinationError ||
    (error instanceof FetchError && error.kind === FetchErrorKind.ForbiddenAddress);
  const message = refused ? (error as Error).message : scrub((error as Error).message, secrets);
  if (classifyOutboundFailure(error).permanent) return new PermanentPushError(message);
  if (error instanceof FetchError) return new FetchError(error.kind, message, error.details);
  return new Error(message);
}

/** Destinations are typed by admins: internal addresses are refused for good. */
async function assertReachable<T>(check: Promise<T>): Promise<T> {
  try {
    return await check;
  } catch (error) {
    throw toPushError(error, []);
  }
}

/** Where a git remote URL (as target validation accepts them) leads. */
export type GitRemote =
  | { transport: 'https'; host: string; port: number }
  | { transport: 'ssh'; host: string }
  | { transport: 'local' };

export function gitRemote(url: string): GitRemote {
  if (/^(file:\/\/|\/)/i.test(url)) return { transport: 'local' };
  if (/^https:\/\//i.test(url)) {
    const parsed = new URL(url);
    return { transport: 'https', host: parsed.hostname, port: Number(parsed.port || 443) };
  }
  if (/^ssh:\/\//i.test(url)) return { transport: 'ssh', host: new URL(url).hostname };
  const scp = /^[^@/:]+@([^:/]+):/.exec(url);
  if (scp) return { transport: 'ssh', host: scp[1] };
  throw new ForbiddenDestinationError(`${url}: not a git remote this exporter can check`);
}

/**
 * Git remotes are typed by admins too: an https or ssh host must resolve to public addresses
 * (returned, to pin the connection to them), and a repository on this machine (file:// or a
 * path) is only allowed with OUTBOUND_ALLOW_LOOPBACK, like a wiki on loopback.
 */
export async function assertGitRemoteAllowed(
  url: string,
  http: OutboundHttpClient,
): Promise<{ remote: GitRemote; addresses: string[] }> {
  const remote = gitRemote(url);
  if (remote.transport === 'local') {
    if (!http.options.allowLoopback)
      throw new ForbiddenDestinationError(
        `${url} refused: a repository on this machine (file:// or a path) needs ${http.options.loopbackSetting}=true`,
      );
    return { remote, addresses: [] };
  }
  return { remote, addresses: await http.checkHost(remote.host) };
}

/**
 * Refuses a target whose destination the address policy forbids (the push checks again: DNS may
 * change). A host that does not resolve now is left to the push. Returns the offending config key
 * and the reason, or null.
 */
export async function forbiddenDestination(
  kind: string,
  config: Record<string, string>,
  http: OutboundHttpClient,
): Promise<{ key: string; reason: string } | null> {
  for (const key of ['url', 'baseUrl', 'apiUrl']) {
    const value = config[key];
    if (!value) continue;
    try {
      if (kind === 'git') await assertGitRemoteAllowed(value, http);
      else await http.checkUrl(value);
    } catch (error) {
      if (error instanceof ForbiddenDestinationError) return { key, reason: error.message };
    }
  }
  return null;
}

export interface PushResult {
  externalId: string | null;
  externalRevision: string | null;
  externalUrl: string | null;
  checksum: string;
}

export type Connector = (context: PushContext) => Promise<PushResult>;

/** Removes credentials from messages (URLs with user:password, tokens). */
function scrub(message: string, secrets: string[]): string {
  let text = message.replace(/(\/\/)[^/@\s]+@/g, '$1***@');
  for (const secret of secrets) if (secret) text = text.split(secret).join('***');
  return text.slice(0, 2000);
}

// --- git wiki ------------------------------------------------------------------------------

export const GIT_INDEX_PAGE = 'Postmortems.md';

function pageName(context: PushContext): string {
  const base = slugify(pageTitle(context.postmortem.reference, context.postmortem.title)).slice(
    0,
    80,
  );
  return `${base || context.postmortem.id}.md`;
}

/**
 * GitHub/GitLab wikis are git repositories: clone (shallow), write `<folder>/<page>.md` and the
 * index page, commit and push. The page name of the first push is kept (externalId), so a
 * retitled postmortem updates the same page. Runs the git CLI with execFile (no shell).
 */
export const pushGit: Connector = async (context) => {
  const { config } = context.target;
  const url = config.url;
  if (!url) throw new PermanentPushError('git target has no url');
  const { remote, addresses } = await assertReachable(assertGitRemoteAllowed(url, context.http));
  const branch = config.branch || 'master';
  const folder = (config.folder ?? '').replace(/^\/+|\/+$/g, '');
  const secrets = Object.values(context.credentials);
  const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true' };
  // git resolves the host itself: an https remote is pinned to the addresses just checked;
  // redirects (which could lead to an internal host) and other transports are refused.
  const transport = remote.transport === 'local' ? 'file' : remote.transport;
  const gitConfig: string[] = [
    '-c',
    'protocol.allow=never',
    '-c',
    `protocol.${transport}.allow=always`,
    '-c',
    'http.followRedirects=false',
  ];
  if (remote.transport === 'https' && !isIP(remote.host.replace(/^\[|\]$/g, '')))
    gitConfig.push(
      '-c',
      `http.curloptResolve=${remote.host}:${remote.port}:${addresses
        .map((address) => (address.includes(':') ? `[${address}]` : address))
        .join(',')}`,
    );
  if (context.credentials.token && /^https:/i.test(url)) {
    const basic = Buffer.from(
      `${context.credentials.username || 'x-access-token'}:${context.credentials.token}`,
    ).toString('base64');
    gitConfig.push('-c', `http.extraHeader=Authorization: Basic ${basic}`);
    secrets.push(basic);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'rca-git-export-'));
  const git = async (...args: string[]) => {
    try {
      const { stdout } = await run('git', [...gitConfig, ...args], {
        cwd: dir,
        env,
        timeout: context.timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout.trim();
    } catch (error) {
      const err = error as { stderr?: string; message: string };
      throw new Error(scrub(`git ${args[0]} failed: ${err.stderr || err.message}`, secrets));
    }
  };
  try {
    await git('init', '--quiet');
    await git('config', 'user.name', config.authorName || 'RCA desk');
    await git('config', 'user.email', config.authorEmail || 'rca-desk@localhost');
    let exists = true;
    try {
      await git('fetch', '--quiet', '--depth', '1', url, `refs/heads/${branch}`);
    } catch (error) {
      if (!/couldn't find remote ref|not found/i.test((error as Error).message)) throw error;
      exists = false;
    }
    if (exists) await git('checkout', '--quiet', '-B', branch, 'FETCH_HEAD');
    else await git('checkout', '--quiet', '--orphan', branch);

    const page = context.previous?.externalId ?? path.posix.join(folder, pageName(context));
    if (page.includes('..') || path.posix.isAbsolute(page))
      throw new PermanentPushError(`refusing page path ${page}`);
    const output = context.render('markdown');
    const pagePath = path.join(dir, page);
    await mkdir(path.dirname(pagePath), { recursive: true });
    await writeFile(pagePath, output.body);

    // The index lists every postmortem page of the folder (pages this exporter wrote: a title line
    // then the facts line), newest reference first, by the (already escaped) title on line one.
    const folderPath = path.join(dir, folder);
    const pages = (await readdir(folderPath)).filter(
      (name) => name.endsWith('.md') && name !== GIT_INDEX_PAGE,
    );
    const lines = [];
    for (const name of pages.sort().reverse()) {
      const head = (await readFile(path.join(folderPath, name), 'utf8')).slice(0, 2000);
      const match = /^# (.+)\n\n\*\*Severity:\*\* /.exec(head);
      if (match) lines.push(`- [${match[1]}](${encodeURI(name.replace(/\.md$/, ''))})`);
    }
    await writeFile(
      path.join(folderPath, GIT_INDEX_PAGE),
      `# Postmortems\n\n${lines.join('\n')}\n`,
    );

    await git('add', '--all');
    const changed = (await git('status', '--porcelain')) !== '';
    if (changed) {
      await git(
        'commit',
        '--quiet',
        '-m',
        pageTitle(context.postmortem.reference, context.postmortem.title)
          .replace(/\s+/g, ' ')
          .slice(0, 120),
        '-m',
        `Exported by RCA desk (${context.idempotencyKey})`,
      );
      await git('push', '--quiet', url, `HEAD:refs/heads/${branch}`);
    }
    const sha = await git('rev-parse', 'HEAD');
    return {
      externalId: page,
      externalRevision: sha,
      externalUrl: config.pageUrlPrefix
        ? `${config.pageUrlPrefix}${encodeURI(page.replace(/\.md$/, ''))}`
        : null,
      checksum: output.checksum,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

// --- HTTP helpers --------------------------------------------------------------------------

/** One request through the outbound client; transport failures and refusals as push errors. */
async function call(
  context: PushContext,
  method: string,
  url: string,
  options: { headers: Record<string, string>; body?: string; secrets: string[] },
) {
  try {
    return await context.http.request(url, {
      method,
      headers: { 'user-agent': 'rca-desk', ...options.headers },
      body: options.body,
      timeoutMs: context.timeoutMs,
    });
  } catch (error) {
    throw toPushError(error, options.secrets);
  }
}

/** A non-2xx answer, classified by the one classifier (Retry-After kept). */
function failure(
  method: string,
  url: string,
  response: { status: number; body: string; headers: Record<string, unknown> },
  secrets: string[],
): Error {
  const { status, body: text } = response;
  const message = scrub(
    `${method} ${new URL(url).pathname} answered ${status}${text ? `: ${text.slice(0, 300)}` : ''}`,
    secrets,
  );
  if (isPermanentStatus(status)) return new PermanentPushError(message);
  return new FetchError(
    status === 429 ? FetchErrorKind.RateLimited : FetchErrorKind.HttpStatus,
    message,
    { status, retryAfterMs: parseRetryAfter(response.headers['retry-after'] as string) },
  );
}

// --- generic webhook -----------------------------------------------------------------------

/**
 * POSTs the JSON export, signed with the one webhook signer (HMAC-SHA256 over
 * "<timestamp>.<body>", hex, "sha256=" prefix; see webhookSignatureHeaders).
 */
export const pushWebhook: Connector = async (context) => {
  const url = context.target.config.url;
  if (!url) throw new PermanentPushError('webhook target has no url');
  const output = context.render('json');
  const secret = context.credentials.secret;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...webhookSignatureHeaders(secret, output.body),
    'x-rca-export-id': context.idempotencyKey,
    'x-rca-checksum': `sha256=${output.checksum}`,
  };
  const secrets = secret ? [secret] : [];
  const response = await call(context, 'POST', url, { headers, body: output.body, secrets });
  if (!response.ok) throw failure('POST', url, response, secrets);
  return {
    externalId: url.replace(/\/\/[^/@]+@/, '//'),
    externalRevision: null,
    externalUrl: null,
    checksum: output.checksum,
  };
};

// --- Confluence Cloud REST v2 --------------------------------------------------------------

/**
 * Confluence Cloud REST API v2: POST /wiki/api/v2/pages (spaceId, parentId, storage body) the first
 * time; afterwards GET /wiki/api/v2/pages/{id} for the current version and PUT it with version+1.
 * Basic auth with the account e-mail and an API token.
 */
export const pushConfluence: Connector = async (context) => {
  const { baseUrl, spaceId, spaceKey, parentId, api } = context.target.config;
  const dataCenter = api === 'datacenter';
  const { email, apiToken, token } = context.credentials;
  if (!baseUrl || !(dataCenter ? spaceKey : spaceId))
    throw new PermanentPushError(
      `confluence target needs baseUrl and ${dataCenter ? 'spaceKey' : 'spaceId'}`,
    );
  if (dataCenter ? !token : !email || !apiToken)
    throw new PermanentPushError(
      `confluence target needs ${dataCenter ? 'a personal access token' : 'email and apiToken'} credentials`,
    );
  const root = baseUrl.replace(/\/+$/, '');
  const basic = dataCenter ? '' : Buffer.from(`${email}:${apiToken}`).toString('base64');
  const secrets = dataCenter ? [token] : [apiToken, basic];
  const headers = {
    // Cloud: Basic e-mail:API token. Data Center: Bearer personal access token.
    authorization: dataCenter ? `Bearer ${token}` : `Basic ${basic}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  const output = context.render('confluence');
  const title = pageTitle(context.postmortem.reference, context.postmortem.title).slice(0, 255);
  const request = async (method: string, url: string, body?: unknown) => {
    const response = await call(context, method, url, {
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      secrets,
    });
    if (!response.ok) throw failure(method, url, response, secrets);
    return JSON.parse(response.body || '{}') as {
      id?: string;
      version?: { number?: number };
      _links?: { webui?: string; base?: string };
    };
  };
  const pageId = context.previous?.externalId;
  const message = `RCA desk export (${context.idempotencyKey})`;
  let page;
  if (dataCenter) {
    // Data Center / Server REST API: /rest/api/content.
    const storage = { storage: { value: output.body, representation: 'storage' } };
    if (!pageId) {
      page = await request('POST', `${root}/rest/api/content`, {
        type: 'page',
        title,
        space: { key: spaceKey },
        ...(parentId ? { ancestors: [{ id: parentId }] } : {}),
        body: storage,
      });
    } else {
      const url = `${root}/rest/api/content/${encodeURIComponent(pageId)}`;
      const current = await request('GET', `${url}?expand=version`);
      page = await request('PUT', url, {
        id: pageId,
        type: 'page',
        title,
        body: storage,
        version: { number: (current.version?.number ?? 0) + 1, message },
      });
    }
  } else if (!pageId) {
    page = await request('POST', `${root}/wiki/api/v2/pages`, {
      spaceId,
      status: 'current',
      title,
      ...(parentId ? { parentId } : {}),
      body: { representation: 'storage', value: output.body },
    });
  } else {
    const url = `${root}/wiki/api/v2/pages/${encodeURIComponent(pageId)}`;
    const current = await request('GET', url);
    page = await request('PUT', url, {
      id: pageId,
      status: 'current',
      title,
      body: { representation: 'storage', value: output.body },
      version: { number: (current.version?.number ?? 0) + 1, message },
    });
  }
  if (!page.id) throw new Error('Confluence answered without a page id');
  const base = page._links?.base ?? (dataCenter ? root : `${root}/wiki`);
  return {
    externalId: String(page.id),
    externalRevision: page.version?.number !== undefined ? String(page.version.number) : null,
    externalUrl: page._links?.webui ? `${base}${page._links.webui}` : null,
    checksum: output.checksum,
  };
};

// --- MediaWiki Action API ------------------------------------------------------------------

/** Characters MediaWiki refuses in titles, replaced by "-". */
export function mediawikiTitle(prefix: string, title: string): string {
  const clean = title
    // eslint-disable-next-line no-control-regex
    .replace(/[[\]{}|#<>_\u0000-\u001f\u007f]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return `${prefix}${clean}`.slice(0, 250);
}

/**
 * MediaWiki Action API with a bot password (Special:BotPasswords, user name "User@app"): login
 * token → action=login → CSRF token → action=edit (text, summary, bot, baserevid of the page's
 * latest revision so a concurrent human edit is an edit conflict, not a silent overwrite).
 */
export const pushMediawiki: Connector = async (context) => {
  const apiUrl = context.target.config.apiUrl;
  const { username, password } = context.credentials;
  if (!apiUrl) throw new PermanentPushError('mediawiki target has no apiUrl');
  if (!username || !password)
    throw new PermanentPushError('mediawiki target needs username and password credentials');
  const secrets = [password];
  const cookies = new Map<string, string>();
  await assertReachable(context.http.checkUrl(apiUrl));
  const mediawiki = async (params: Record<string, string>, post: boolean) => {
    const query = new URLSearchParams({ ...params, format: 'json', formatversion: '2' });
    const url = post ? apiUrl : `${apiUrl}?${query}`;
    const response = await call(context, post ? 'POST' : 'GET', url, {
      headers: {
        ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(cookies.size
          ? { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
          : {}),
      },
      body: post ? query.toString() : undefined,
      secrets,
    });
    for (const header of response.headers['set-cookie'] ?? []) {
      const [pair] = header.split(';');
      const index = pair.indexOf('=');
      if (index > 0) cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
    if (!response.ok) throw failure(post ? 'POST' : 'GET', apiUrl, response, secrets);
    const body = JSON.parse(response.body) as Record<string, any>;
    if (body.error) {
      const message = scrub(
        `MediaWiki ${params.action}: ${body.error.code}: ${body.error.info}`,
        secrets,
      );
      if (['editconflict', 'ratelimited', 'readonly', 'maxlag'].includes(body.error.code))
        throw new Error(message);
      throw new PermanentPushError(message);
    }
    return body;
  };

  const loginToken = (await mediawiki({ action: 'query', meta: 'tokens', type: 'login' }, false))
    .query.tokens.logintoken as string;
  const login = await mediawiki(
    { action: 'login', lgname: username, lgpassword: password, lgtoken: loginToken },
    true,
  );
  if (login.login?.result !== 'Success')
    throw new PermanentPushError(
      `MediaWiki login as ${username} failed: ${login.login?.reason ?? login.login?.result ?? 'unknown'}`,
    );
  const csrf = (await mediawiki({ action: 'query', meta: 'tokens', type: 'csrf' }, false)).query
    .tokens.csrftoken as string;

  const title =
    context.previous?.externalId ??
    mediawikiTitle(
      context.target.config.pagePrefix ?? 'Postmortems/',
      pageTitle(context.postmortem.reference, context.postmortem.title),
    );
  const latest = async (): Promise<number | null> => {
    const page = (
      await mediawiki({ action: 'query', prop: 'revisions', titles: title, rvprop: 'ids' }, false)
    ).query.pages?.[0];
    return page && !page.missing ? (page.revisions?.[0]?.revid ?? null) : null;
  };
  const base = await latest();
  const output = context.render('mediawiki');
  const edit = await mediawiki(
    {
      action: 'edit',
      title,
      text: output.body,
      summary: `RCA desk export (${context.idempotencyKey})`.slice(0, 250),
      bot: '1',
      ...(base ? { baserevid: String(base), nocreate: '1' } : { createonly: '1' }),
      token: csrf,
    },
    true,
  );
  if (edit.edit?.result !== 'Success')
    throw new Error(`MediaWiki edit answered ${JSON.stringify(edit.edit).slice(0, 300)}`);
  const revision = edit.edit.newrevid ?? (await latest());
  const server = new URL(apiUrl);
  return {
    externalId: title,
    externalRevision: revision ? String(revision) : null,
    externalUrl: `${server.origin}${server.pathname.replace(/api\.php$/, 'index.php')}?title=${encodeURIComponent(title.replace(/ /g, '_'))}`,
    checksum: output.checksum,
  };
};

export const CONNECTORS: Record<string, Connector> = {
  git: pushGit,
  webhook: pushWebhook,
  confluence: pushConfluence,
  mediawiki: pushMediawiki,
};
