/**
 * CONTRACT TEST SERVER — GitHub cannot run here (github.com is a hosted service, GitHub
 * Enterprise Server is not installable on this machine and there is no network), so the GitHub
 * Issues connector is tested with a contract test against this loopback server shaped like
 * GitHub's documented REST API (docs.github.com/rest, API version 2022-11-28), served under
 * GitHub Enterprise's `/api/v3` prefix:
 *
 * - `GET /repos/{owner}/{repo}` (has_issues, permissions);
 * - `GET /repos/{owner}/{repo}/issues` with `state` (open | closed | all, default open), `sort`
 *   (created | updated | comments, default created), `direction` (default desc), `since`
 *   (updated at or after), `per_page` (default 30, at most 100), `page`, and a `Link` header with
 *   rel next / last / first / prev; pull requests are in that list (with a `pull_request` key);
 * - `POST /repos/{owner}/{repo}/issues` (201; 422 "Validation Failed" with `errors[]` without a
 *   title); `GET` / `PATCH /repos/{owner}/{repo}/issues/{number}` (404 unknown, 410 deleted;
 *   `state` open | closed with `state_reason` completed | not_planned | reopened, `labels`
 *   replaces the labels, names unknown to the repository are created);
 * - `GET` / `POST /repos/{owner}/{repo}/issues/{number}/comments`, and
 *   `GET` / `POST` / `PUT` / `DELETE /repos/{owner}/{repo}/issues/{number}/labels[/{name}]`;
 * - `Authorization: token …` or `Bearer …`: anything else is 401 "Bad credentials";
 * - faults on demand: a secondary rate limit (403 with `retry-after`), the primary rate limit
 *   (403 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`), 429 with `retry-after`, 502.
 *
 * Issues are kept in memory; timestamps have GitHub's one-second precision. The helpers edit,
 * close, reopen and delete issues "on GitHub" (bumping `updated_at`), and every request received
 * is recorded so a test can check exactly what the product sent.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

export interface GitHubComment {
  id: number;
  body: string;
  created_at: string;
  updated_at: string;
}

export interface GitHubContractIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  labels: string[];
  comments: GitHubComment[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  pullRequest: boolean;
  deleted: boolean;
}

export interface ReceivedGitHubRequest {
  method: string;
  /** The path below the API root, without the query (`/repos/acme/payments/issues/1`). */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type GitHubFault =
  /** 403 "You have exceeded a secondary rate limit" with `retry-after`. */
  | { kind: 'secondary-rate-limit'; retryAfterSeconds: number }
  /** 403 "API rate limit exceeded" with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`. */
  | { kind: 'primary-rate-limit'; resetInSeconds: number }
  /** 429 with `retry-after`. */
  | { kind: 'too-many-requests'; retryAfterSeconds: number }
  /** 502 "Server Error". */
  | { kind: 'server-error' };

const DOCS = 'https://docs.github.com/rest';
const seconds = (date = new Date()) => date.toISOString().replace(/\.\d+Z$/, 'Z');

class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

const notFound = () =>
  new HttpAnswer(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
const invalid = (errors: Record<string, unknown>[]) =>
  new HttpAnswer(422, {
    message: 'Validation Failed',
    errors,
    documentation_url: `${DOCS}/issues/issues`,
    status: '422',
  });

export class GitHubContractServer {
  readonly received: ReceivedGitHubRequest[] = [];
  readonly issues = new Map<number, GitHubContractIssue>();
  /** Whether the repository has issues turned on (Settings → Features → Issues). */
  hasIssues = true;
  /** The API root, as an admin enters it (`http://127.0.0.1:<port>/api/v3`). */
  baseUrl = '';
  private readonly faults: GitHubFault[] = [];
  private readonly repositoryLabels = new Set<string>(['bug', 'enhancement']);
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private nextNumber = 1;
  private nextId = 1_000_001;
  private origin = '';

  constructor(
    readonly owner = 'acme',
    readonly repo = 'payments',
    readonly token = 'github_pat_contract_test_token',
  ) {}

  get project() {
    return `${this.owner}/${this.repo}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    this.baseUrl = `${this.origin}/api/v3`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The next requests (any) are answered with these faults, in order. */
  failNext(...faults: GitHubFault[]): this {
    this.faults.push(...faults);
    return this;
  }

  /** Requests with this method whose path ends with `suffix` (e.g. `/issues/3`). */
  requests(method: string, suffix = '') {
    return this.received.filter(
      (request) => request.method === method && request.path.endsWith(suffix),
    );
  }

  issue(issueNumber: number | string): GitHubContractIssue {
    const found = this.issues.get(Number(issueNumber));
    if (!found) throw new Error(`no issue #${issueNumber} on the contract server`);
    return found;
  }

  /** Issues (not pull requests, not deleted) whose body carries `text`. */
  issuesWith(text: string): GitHubContractIssue[] {
    return [...this.issues.values()].filter(
      (issue) => !issue.pullRequest && !issue.deleted && (issue.body ?? '').includes(text),
    );
  }

  /** Someone edits the issue on GitHub. */
  edit(issueNumber: number | string, change: { title?: string; labels?: string[]; body?: string }) {
    const issue = this.issue(issueNumber);
    if (change.title !== undefined) issue.title = change.title;
    if (change.body !== undefined) issue.body = change.body;
    if (change.labels !== undefined) this.setLabels(issue, change.labels);
    issue.updated_at = seconds();
    return issue;
  }

  /** Someone closes the issue on GitHub ("Close as completed" / "Close as not planned"). */
  closeIssue(issueNumber: number | string, reason: 'completed' | 'not_planned' = 'completed') {
    const issue = this.issue(issueNumber);
    issue.state = 'closed';
    issue.state_reason = reason;
    issue.closed_at = issue.updated_at = seconds();
    return issue;
  }

  /** Someone deletes the issue on GitHub (admins can): 410 from now on, gone from the lists. */
  deleteIssue(issueNumber: number | string) {
    this.issue(issueNumber).deleted = true;
  }

  /** A pull request: GitHub lists it among the issues and numbers it with them. */
  openPullRequest(title: string, body = '') {
    return this.insert({ title, body, labels: [], pullRequest: true });
  }

  /** An issue someone opened on GitHub. */
  openIssue(title: string, body = '', labels: string[] = []) {
    return this.insert({ title, body, labels, pullRequest: false });
  }

  private insert(values: { title: string; body: string; labels: string[]; pullRequest: boolean }) {
    const now = seconds();
    const issue: GitHubContractIssue = {
      id: this.nextId++,
      number: this.nextNumber++,
      title: values.title,
      body: values.body,
      state: 'open',
      state_reason: null,
      labels: [],
      comments: [],
      created_at: now,
      updated_at: now,
      closed_at: null,
      pullRequest: values.pullRequest,
      deleted: false,
    };
    this.setLabels(issue, values.labels);
    this.issues.set(issue.number, issue);
    return issue;
  }

  private setLabels(issue: GitHubContractIssue, names: string[]) {
    const unique: string[] = [];
    for (const name of names)
      if (!unique.some((kept) => kept.toLowerCase() === name.toLowerCase())) unique.push(name);
    for (const name of unique) this.repositoryLabels.add(name);
    issue.labels = unique;
  }

  // --- the REST API -------------------------------------------------------------------------

  private repositoryJson() {
    return {
      id: 4242,
      node_id: 'R_kgDOContract',
      name: this.repo,
      full_name: this.project,
      private: true,
      owner: { login: this.owner, id: 1, type: 'Organization' },
      html_url: `${this.origin}/${this.project}`,
      url: `${this.baseUrl}/repos/${this.project}`,
      has_issues: this.hasIssues,
      open_issues_count: [...this.issues.values()].filter(
        (issue) => !issue.deleted && issue.state === 'open',
      ).length,
      permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    };
  }

  private issueJson(issue: GitHubContractIssue) {
    const api = `${this.baseUrl}/repos/${this.project}/issues/${issue.number}`;
    const html = `${this.origin}/${this.project}/${issue.pullRequest ? 'pull' : 'issues'}/${issue.number}`;
    return {
      url: api,
      repository_url: `${this.baseUrl}/repos/${this.project}`,
      labels_url: `${api}/labels{/name}`,
      comments_url: `${api}/comments`,
      html_url: html,
      id: issue.id,
      node_id: `I_kwContract${issue.id}`,
      number: issue.number,
      title: issue.title,
      user: { login: 'octocat', id: 1, type: 'User' },
      labels: issue.labels.map((name, index) => ({
        id: 208045946 + index,
        node_id: `LA_contract${index}`,
        url: `${this.baseUrl}/repos/${this.project}/labels/${encodeURIComponent(name)}`,
        name,
        description: null,
        color: 'f29513',
        default: false,
      })),
      state: issue.state,
      state_reason: issue.state_reason,
      locked: false,
      assignee: null,
      assignees: [],
      milestone: null,
      comments: issue.comments.length,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      author_association: 'MEMBER',
      body: issue.body,
      ...(issue.pullRequest
        ? {
            pull_request: {
              url: `${this.baseUrl}/repos/${this.project}/pulls/${issue.number}`,
              html_url: html,
              diff_url: `${html}.diff`,
              patch_url: `${html}.patch`,
              merged_at: null,
            },
          }
        : {}),
    };
  }

  private rateHeaders(remaining = 4999, resetIn = 3600): Record<string, string> {
    return {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(5000 - remaining),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + resetIn),
      'x-ratelimit-resource': 'core',
    };
  }

  private faultAnswer(fault: GitHubFault): HttpAnswer {
    switch (fault.kind) {
      case 'secondary-rate-limit':
        return new HttpAnswer(
          403,
          {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            status: '403',
          },
          { 'retry-after': String(fault.retryAfterSeconds) },
        );
      case 'primary-rate-limit':
        return new HttpAnswer(
          403,
          {
            message:
              'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
            status: '403',
          },
          this.rateHeaders(0, fault.resetInSeconds),
        );
      case 'too-many-requests':
        return new HttpAnswer(
          429,
          {
            message: 'API rate limit exceeded',
            documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`,
            status: '429',
          },
          { 'retry-after': String(fault.retryAfterSeconds) },
        );
      case 'server-error':
        return new HttpAnswer(502, { message: 'Server Error' });
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', this.origin);
    const method = (request.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/^\/api\/v3/, '');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.received.push({ method, path, query: url.searchParams, headers: request.headers, body });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      const text = payload === undefined ? '' : JSON.stringify(payload);
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-api-version-selected': '2022-11-28',
        'x-github-request-id': `CONTRACT:${this.received.length}`,
        ...this.rateHeaders(),
        ...headers,
      });
      response.end(text);
    };
    try {
      if (!url.pathname.startsWith('/api/v3/')) throw notFound();
      const fault = this.faults.shift();
      if (fault) throw this.faultAnswer(fault);
      const authorization = request.headers.authorization ?? '';
      const given = /^(?:token|bearer)\s+(.+)$/i.exec(authorization)?.[1];
      if (given !== this.token)
        throw new HttpAnswer(401, {
          message: 'Bad credentials',
          documentation_url: DOCS,
          status: '401',
        });
      const answer = this.route(method, path, url, body);
      send(answer.status, answer.body, answer.headers);
    } catch (error) {
      if (error instanceof HttpAnswer) send(error.status, error.body, error.headers);
      else send(500, { message: (error as Error).message });
    }
  }

  private route(
    method: string,
    path: string,
    url: URL,
    body: unknown,
  ): { status: number; body?: unknown; headers?: Record<string, string> } {
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] !== 'repos' || segments.length < 3) throw notFound();
    const [, owner, repo, collection, issueNumber, sub, name] = segments;
    if (
      owner.toLowerCase() !== this.owner.toLowerCase() ||
      repo.toLowerCase() !== this.repo.toLowerCase()
    )
      throw notFound();
    const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    if (!collection) {
      if (method !== 'GET') throw notFound();
      return { status: 200, body: this.repositoryJson() };
    }
    if (collection !== 'issues') throw notFound();
    if (!this.hasIssues)
      throw new HttpAnswer(410, {
        message: 'Issues are disabled for this repo',
        documentation_url: DOCS,
        status: '410',
      });
    if (issueNumber === undefined) {
      if (method === 'GET') return this.list(url);
      if (method === 'POST') return { status: 201, body: this.issueJson(this.create(input)) };
      throw notFound();
    }
    const issue = this.issues.get(Number(issueNumber));
    if (!issue || !/^\d+$/.test(issueNumber)) throw notFound();
    if (issue.deleted)
      throw new HttpAnswer(410, {
        message: 'This issue was deleted',
        documentation_url: `${DOCS}/issues/issues#get-an-issue`,
        status: '410',
      });
    if (sub === undefined) {
      if (method === 'GET') return { status: 200, body: this.issueJson(issue) };
      if (method === 'PATCH')
        return { status: 200, body: this.issueJson(this.update(issue, input)) };
      throw notFound();
    }
    if (sub === 'comments') {
      if (method === 'GET') return { status: 200, body: issue.comments };
      if (method !== 'POST') throw notFound();
      if (typeof input.body !== 'string' || !input.body)
        throw invalid([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
      const now = seconds();
      const comment = { id: this.nextId++, body: input.body, created_at: now, updated_at: now };
      issue.comments.push(comment);
      issue.updated_at = now;
      return { status: 201, body: comment };
    }
    if (sub === 'labels') {
      const labels = () => this.issueJson(issue).labels;
      const given = (Array.isArray(input.labels) ? input.labels : Array.isArray(body) ? body : [])
        .map((label) => (typeof label === 'string' ? label : (label as { name?: string }).name))
        .filter((label): label is string => typeof label === 'string');
      if (method === 'GET') return { status: 200, body: labels() };
      if (method === 'POST') this.setLabels(issue, [...issue.labels, ...given]);
      else if (method === 'PUT') this.setLabels(issue, given);
      else if (method === 'DELETE' && name !== undefined) {
        if (!issue.labels.some((label) => label.toLowerCase() === name.toLowerCase()))
          throw new HttpAnswer(404, {
            message: 'Label does not exist',
            documentation_url: DOCS,
            status: '404',
          });
        issue.labels = issue.labels.filter((label) => label.toLowerCase() !== name.toLowerCase());
      } else if (method === 'DELETE') issue.labels = [];
      else throw notFound();
      issue.updated_at = seconds();
      return { status: 200, body: labels() };
    }
    throw notFound();
  }

  private labelsOf(value: unknown): string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value))
      throw invalid([{ resource: 'Issue', code: 'invalid', field: 'labels' }]);
    return value.map((label) => {
      const labelName = typeof label === 'string' ? label : (label as { name?: unknown })?.name;
      if (typeof labelName !== 'string' || !labelName.trim())
        throw invalid([{ resource: 'Label', code: 'invalid', field: 'name' }]);
      return labelName;
    });
  }

  private create(input: Record<string, unknown>): GitHubContractIssue {
    if (typeof input.title !== 'string' || !input.title.trim())
      throw invalid([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    if (input.title.length > 256)
      throw invalid([
        {
          resource: 'Issue',
          code: 'custom',
          field: 'title',
          message: 'title is too long (maximum is 256 characters)',
        },
      ]);
    return this.insert({
      title: input.title,
      body: typeof input.body === 'string' ? input.body : '',
      labels: this.labelsOf(input.labels) ?? [],
      pullRequest: false,
    });
  }

  private update(issue: GitHubContractIssue, input: Record<string, unknown>) {
    if (input.title !== undefined) {
      if (typeof input.title !== 'string' || !input.title.trim())
        throw invalid([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
      issue.title = input.title;
    }
    if (input.body !== undefined) issue.body = input.body === null ? null : String(input.body);
    const labels = this.labelsOf(input.labels);
    if (labels) this.setLabels(issue, labels);
    if (input.state !== undefined) {
      if (input.state !== 'open' && input.state !== 'closed')
        throw invalid([{ resource: 'Issue', code: 'invalid', field: 'state' }]);
      const reason = input.state_reason;
      if (
        reason !== undefined &&
        reason !== null &&
        !['completed', 'not_planned', 'reopened'].includes(String(reason))
      )
        throw invalid([{ resource: 'Issue', code: 'invalid', field: 'state_reason' }]);
      if (input.state === 'closed') {
        if (issue.state !== 'closed') issue.closed_at = seconds();
        issue.state = 'closed';
        issue.state_reason = (reason as 'completed' | 'not_planned' | undefined) ?? 'completed';
      } else if (issue.state === 'closed') {
        issue.state = 'open';
        issue.state_reason = 'reopened';
        issue.closed_at = null;
      }
    }
    issue.updated_at = seconds();
    return issue;
  }

  private list(url: URL) {
    const query = url.searchParams;
    const state = query.get('state') ?? 'open';
    const sort = query.get('sort') ?? 'created';
    const direction = query.get('direction') ?? 'desc';
    if (!['open', 'closed', 'all'].includes(state))
      throw invalid([{ resource: 'Issue', code: 'invalid', field: 'state' }]);
    if (!['created', 'updated', 'comments'].includes(sort) || !['asc', 'desc'].includes(direction))
      throw invalid([{ resource: 'Issue', code: 'invalid', field: sort ? 'direction' : 'sort' }]);
    const since = query.get('since');
    const sinceTime = since ? Date.parse(since) : undefined;
    if (since && Number.isNaN(sinceTime))
      throw invalid([{ resource: 'Issue', code: 'invalid', field: 'since' }]);
    const perPage = Math.min(Math.max(Number(query.get('per_page') ?? 30) || 30, 1), 100);
    const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
    const key = (issue: GitHubContractIssue) =>
      sort === 'updated'
        ? Date.parse(issue.updated_at)
        : sort === 'comments'
          ? issue.comments.length
          : Date.parse(issue.created_at);
    const all = [...this.issues.values()]
      .filter((issue) => !issue.deleted)
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => sinceTime === undefined || Date.parse(issue.updated_at) >= sinceTime)
      .sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === 'asc' ? 1 : -1));
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const pageUrl = (number: number) => {
      const next = new URL(url.href);
      next.searchParams.set('page', String(number));
      return `<${next.href}>`;
    };
    const links: string[] = [];
    if (page < last) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(last)}; rel="last"`);
    if (page > 1) links.push(`${pageUrl(1)}; rel="first"`, `${pageUrl(page - 1)}; rel="prev"`);
    return {
      status: 200,
      body: all.slice((page - 1) * perPage, page * perPage).map((issue) => this.issueJson(issue)),
      headers: (links.length ? { link: links.join(', ') } : {}) as Record<string, string>,
    };
  }
}

export function startGitHubContractServer(
  owner?: string,
  repo?: string,
  token?: string,
): Promise<GitHubContractServer> {
  return new GitHubContractServer(owner, repo, token).start();
}
