/**
 * CONTRACT TEST SERVER — Jira cannot run here (Jira Cloud is a hosted service; Jira Data Center is
 * proprietary, licensed software with no Debian package), so the Jira connector's tests talk to
 * this in-memory loopback server shaped like Jira's documented REST API:
 *
 * - Cloud (`edition: 'cloud'`): REST v3 under /rest/api/3, descriptions and comment bodies in
 *   Atlassian Document Format (a plain string is refused as Cloud refuses it), Basic auth with the
 *   account's e-mail and an API token, search by `POST /rest/api/3/search/jql` paged with
 *   `nextPageToken` / `isLast` (the old /rest/api/3/search answers 410 Gone, as on Cloud).
 * - Data Center (`edition: 'datacenter'`): REST v2 under /rest/api/2, plain-text descriptions, a
 *   personal access token as Bearer, search by `/rest/api/2/search` paged with `startAt` / `total`.
 *   /rest/api/3 does not exist there (404).
 *
 * Both: `GET /rest/api/2/serverInfo` (`deploymentType` "Cloud" or "Server"), `myself` with a
 * `timeZone` (America/New_York by default: JQL dates are read in that zone, so a client that
 * formats them in UTC misses changes), `project/{key}` with its `issueTypes`, issue create / get /
 * edit, a workflow whose transitions are listed and taken (`GET`/`POST …/transitions`; Done and
 * Won't Do only reopen to To Do), comments, timestamps like "2026-12-03T08:20:00.000-0500" in the
 * user's zone, errors as `{ errorMessages, errors }`, and injected failures (429 with Retry-After).
 * The JQL parser accepts only the queries the connector is documented to send.
 *
 * The helpers act "in Jira" (transition, edit, delete an issue: each bumps `updated`).
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export type JiraEdition = 'cloud' | 'datacenter';

export interface JiraContractOptions {
  edition: JiraEdition;
  project?: { key: string; name: string };
  timeZone?: string;
  /** Most issues a search page holds, whatever `maxResults` asks (so paging is exercised). */
  pageSize?: number;
}

export interface ReceivedJiraRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

interface StoredIssue {
  id: number;
  key: string;
  summary: string;
  description: unknown;
  status: string;
  priority: string;
  duedate: string | null;
  issuetype: string;
  created: number;
  updated: number;
  comments: unknown[];
}

const STATUSES: Record<string, { id: string; category: 'new' | 'indeterminate' | 'done' }> = {
  'To Do': { id: '10000', category: 'new' },
  'In Progress': { id: '3', category: 'indeterminate' },
  Done: { id: '10001', category: 'done' },
  "Won't Do": { id: '10002', category: 'done' },
};
/** The workflow: each status's transitions (id, name, target). */
const WORKFLOW: Record<string, Array<{ id: string; name: string; to: string }>> = {
  'To Do': [
    { id: '21', name: 'Start progress', to: 'In Progress' },
    { id: '31', name: 'Done', to: 'Done' },
    { id: '41', name: "Won't do", to: "Won't Do" },
  ],
  'In Progress': [
    { id: '11', name: 'Stop progress', to: 'To Do' },
    { id: '31', name: 'Done', to: 'Done' },
    { id: '41', name: "Won't do", to: "Won't Do" },
  ],
  Done: [{ id: '51', name: 'Reopen', to: 'To Do' }],
  "Won't Do": [{ id: '51', name: 'Reopen', to: 'To Do' }],
};
const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
const ISSUE_TYPES = ['Task', 'Bug', 'Story'];

class JiraHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { errorMessages: string[]; errors: Record<string, string> },
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status}`);
  }
}
const refuse = (status: number, messages: string[], errors: Record<string, string> = {}) =>
  new JiraHttpError(status, { errorMessages: messages, errors });

/** Minutes a zone is ahead of UTC at `instant`. */
function offsetMinutes(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** A Jira timestamp in the zone: "2026-12-03T08:20:00.000-0500". */
function jiraTimestamp(instant: number, timeZone: string): string {
  const offset = offsetMinutes(instant, timeZone);
  const wall = new Date(instant + offset * 60_000).toISOString().replace('Z', '');
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** A wall time of the zone ("yyyy/MM/dd HH:mm" in JQL) as an instant. */
function wallToInstant(wall: number[], timeZone: string): number {
  const [year, month, day, hour, minute] = wall;
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let instant = guess - offsetMinutes(guess, timeZone) * 60_000;
  instant = guess - offsetMinutes(instant, timeZone) * 60_000;
  return instant;
}

function isAdf(value: unknown): boolean {
  const doc = value as { type?: unknown; version?: unknown; content?: unknown };
  return (
    Boolean(doc) &&
    typeof doc === 'object' &&
    doc.type === 'doc' &&
    doc.version === 1 &&
    Array.isArray(doc.content)
  );
}

/** The text of an ADF document or a string (for the tests' assertions). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const texts: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'text') texts.push(node.text);
    if (node.type === 'hardBreak') texts.push('\n');
    for (const child of node.content ?? []) walk(child);
    if (node.type === 'paragraph') texts.push('\n\n');
  };
  walk(value);
  return texts.join('').trim();
}

export class JiraContractServer {
  readonly edition: JiraEdition;
  readonly project: { key: string; name: string };
  readonly timeZone: string;
  /** What the product enters as the target's credentials. */
  readonly credentials: { username?: string; apiKey: string };
  readonly received: ReceivedJiraRequest[] = [];
  /** Most issues a search page holds (a test may change it). */
  pageSize: number;
  private readonly issues = new Map<number, StoredIssue>();
  private readonly failures: Array<{
    status: number;
    headers: Record<string, string>;
    message: string;
  }> = [];
  private nextId = 10_000;
  private nextNumber = 1;
  private server?: Server;
  baseUrl = '';

  constructor(options: JiraContractOptions) {
    this.edition = options.edition;
    this.project = options.project ?? { key: 'OPS', name: 'Operations' };
    this.timeZone = options.timeZone ?? 'America/New_York';
    this.pageSize = options.pageSize ?? 2;
    const secret = randomBytes(12).toString('hex');
    this.credentials =
      this.edition === 'cloud'
        ? { username: 'sync-bot@example.com', apiKey: `ATATT-${secret}` }
        : { apiKey: `PAT-${secret}` };
  }

  private get api() {
    return this.edition === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `times` API calls (serverInfo aside) answer `status` (e.g. 429 with Retry-After). */
  failNext(status: number, headers: Record<string, string> = {}, times = 1, message?: string) {
    for (let i = 0; i < times; i++)
      this.failures.push({
        status,
        headers,
        message: message ?? (status === 429 ? 'Rate limit exceeded.' : 'Service unavailable'),
      });
  }

  // --- "in Jira" ------------------------------------------------------------------------------

  private find(idOrKey: string | number): StoredIssue | undefined {
    const text = String(idOrKey);
    if (/^\d+$/.test(text)) return this.issues.get(Number(text));
    return [...this.issues.values()].find((issue) => issue.key === text.toUpperCase());
  }

  private touch(issue: StoredIssue) {
    issue.updated = Math.max(Date.now(), issue.updated + 1);
  }

  count(): number {
    return this.issues.size;
  }

  /** An issue as stored (description as sent: ADF on Cloud, a string on Data Center). */
  issue(idOrKey: string | number): StoredIssue | undefined {
    const issue = this.find(idOrKey);
    return issue ? structuredClone(issue) : undefined;
  }

  /** Someone moves the issue in Jira (any status, as an admin could). */
  transition(idOrKey: string | number, status: string) {
    const issue = this.find(idOrKey);
    if (!issue || !STATUSES[status]) throw new Error(`no issue ${idOrKey} or status ${status}`);
    issue.status = status;
    this.touch(issue);
  }

  /** Someone edits the issue in Jira. */
  edit(
    idOrKey: string | number,
    fields: Partial<Pick<StoredIssue, 'summary' | 'priority' | 'duedate' | 'description'>>,
  ) {
    const issue = this.find(idOrKey);
    if (!issue) throw new Error(`no issue ${idOrKey}`);
    Object.assign(issue, fields);
    this.touch(issue);
  }

  /** Someone deletes the issue in Jira. */
  delete(idOrKey: string | number) {
    const issue = this.find(idOrKey);
    if (!issue) throw new Error(`no issue ${idOrKey}`);
    this.issues.delete(issue.id);
  }

  /** An issue made in Jira directly (description plain text, stored as the edition stores it). */
  createDirect(summary: string, description: string): StoredIssue {
    const issue = this.store({
      summary,
      description:
        this.edition === 'cloud'
          ? {
              type: 'doc',
              version: 1,
              content: [{ type: 'paragraph', content: [{ type: 'text', text: description }] }],
            }
          : description,
      priority: 'Medium',
      duedate: null,
      issuetype: 'Task',
    });
    return structuredClone(issue);
  }

  /** What Jira posts to a webhook on an issue event (`jira:issue_updated`). */
  webhookPayload(idOrKey: string | number): Record<string, unknown> {
    const issue = this.find(idOrKey);
    if (!issue) throw new Error(`no issue ${idOrKey}`);
    return {
      timestamp: Date.now(),
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      issue: this.json(issue),
    };
  }

  // --- the API ----------------------------------------------------------------------------------

  private store(
    fields: Omit<StoredIssue, 'id' | 'key' | 'status' | 'created' | 'updated' | 'comments'>,
  ) {
    const now = Date.now();
    const issue: StoredIssue = {
      id: this.nextId++,
      key: `${this.project.key}-${this.nextNumber++}`,
      status: 'To Do',
      created: now,
      updated: now,
      comments: [],
      ...fields,
    };
    this.issues.set(issue.id, issue);
    return issue;
  }

  private json(issue: StoredIssue) {
    const status = STATUSES[issue.status];
    return {
      id: String(issue.id),
      key: issue.key,
      self: `${this.baseUrl}${this.api}/issue/${issue.id}`,
      fields: {
        summary: issue.summary,
        description: issue.description,
        issuetype: { name: issue.issuetype },
        project: { key: this.project.key, name: this.project.name },
        status: {
          id: status.id,
          name: issue.status,
          statusCategory: { key: status.category },
        },
        priority: { name: issue.priority },
        duedate: issue.duedate,
        created: jiraTimestamp(issue.created, this.timeZone),
        updated: jiraTimestamp(issue.updated, this.timeZone),
      },
    };
  }

  private authorised(headers: IncomingMessage['headers']): boolean {
    const given = headers.authorization ?? '';
    if (this.edition === 'cloud')
      return (
        given ===
        `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.apiKey}`).toString('base64')}`
      );
    return given === `Bearer ${this.credentials.apiKey}`;
  }

  private checkRichText(field: string, value: unknown) {
    if (this.edition === 'cloud' && !isAdf(value))
      throw refuse(400, [], {
        [field]:
          'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
      });
    if (this.edition === 'datacenter' && typeof value !== 'string')
      throw refuse(400, [], { [field]: 'Operation value must be a string' });
  }

  private applyFields(fields: Record<string, any>, into: Partial<StoredIssue>) {
    const errors: Record<string, string> = {};
    if ('summary' in fields) {
      if (typeof fields.summary !== 'string' || !fields.summary.trim())
        errors.summary = 'You must specify a summary of the issue.';
      else if (fields.summary.length > 255 || fields.summary.includes('\n'))
        errors.summary = 'Summary must be less than 255 characters and on one line.';
      else into.summary = fields.summary;
    }
    if ('priority' in fields) {
      const name = fields.priority?.name;
      if (!PRIORITIES.includes(name))
        errors.priority = `Specify the Priority (id or name) in the string format`;
      else into.priority = name;
    }
    if ('duedate' in fields) {
      if (fields.duedate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(String(fields.duedate)))
        errors.duedate = 'Error parsing date string: ' + String(fields.duedate);
      else into.duedate = fields.duedate;
    }
    if ('description' in fields) {
      try {
        if (fields.description !== null) this.checkRichText('description', fields.description);
        into.description = fields.description;
      } catch (error) {
        Object.assign(errors, (error as JiraHttpError).body.errors);
      }
    }
    for (const field of Object.keys(fields))
      if (
        !['summary', 'priority', 'duedate', 'description', 'project', 'issuetype'].includes(field)
      )
        errors[field] =
          `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;
    if (Object.keys(errors).length) throw refuse(400, [], errors);
  }

  /** JQL as the connector sends it; anything else is a JQL error (400), as Jira's parser says. */
  private runJql(jql: string): StoredIssue[] {
    const match =
      /^project = "([A-Z][A-Z0-9_]*)"(?: AND (updated|created) >= "(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})")? ORDER BY (updated|created) (ASC|DESC), id (ASC|DESC)$/.exec(
        jql,
      );
    if (!match)
      throw refuse(400, [`Error in the JQL Query: this contract server does not parse "${jql}".`]);
    const [, key, field, year, month, day, hour, minute, order, direction, idDirection] = match;
    if (key !== this.project.key)
      throw refuse(400, [`The value '${key}' does not exist for the field 'project'.`]);
    let found = [...this.issues.values()];
    if (field) {
      const from = wallToInstant([year, month, day, hour, minute].map(Number), this.timeZone);
      found = found.filter((issue) => issue[field as 'updated' | 'created'] >= from);
    }
    const sign = direction === 'ASC' ? 1 : -1;
    const idSign = idDirection === 'ASC' ? 1 : -1;
    return found.sort(
      (a, b) =>
        sign * (a[order as 'updated' | 'created'] - b[order as 'updated' | 'created']) ||
        idSign * (a.id - b.id),
    );
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: any,
  ): [number, unknown] {
    if (method === 'GET' && path === '/rest/api/2/serverInfo')
      return [
        200,
        this.edition === 'cloud'
          ? { baseUrl: this.baseUrl, version: '1001.0.0-SNAPSHOT', deploymentType: 'Cloud' }
          : { baseUrl: this.baseUrl, version: '9.12.15', deploymentType: 'Server' },
      ];
    if (!path.startsWith(`${this.api}/`)) throw refuse(404, ['Not found']);
    const rest = path.slice(this.api.length);

    if (method === 'GET' && rest === '/myself')
      return [
        200,
        {
          displayName: 'Sync bot',
          emailAddress: this.credentials.username ?? 'sync-bot@example.com',
          timeZone: this.timeZone,
          active: true,
        },
      ];

    const project = /^\/project\/([^/]+)$/.exec(rest);
    if (method === 'GET' && project) {
      if (decodeURIComponent(project[1]) !== this.project.key)
        throw refuse(404, [
          `No project could be found with key '${decodeURIComponent(project[1])}'.`,
        ]);
      return [
        200,
        {
          id: '10000',
          key: this.project.key,
          name: this.project.name,
          issueTypes: ISSUE_TYPES.map((name, index) => ({ id: String(10_001 + index), name })),
        },
      ];
    }

    if (method === 'POST' && rest === '/issue') {
      const fields = body?.fields ?? {};
      if (fields.project?.key !== this.project.key)
        throw refuse(400, [], { project: 'Specify a valid project ID or key' });
      if (!ISSUE_TYPES.includes(fields.issuetype?.name))
        throw refuse(400, [], { issuetype: 'Specify a valid issue type' });
      if (!('summary' in fields))
        throw refuse(400, [], { summary: 'You must specify a summary of the issue.' });
      const values: Partial<StoredIssue> = {};
      this.applyFields(fields, values);
      const issue = this.store({
        summary: values.summary!,
        description: values.description ?? null,
        priority: values.priority ?? 'Medium',
        duedate: values.duedate ?? null,
        issuetype: fields.issuetype.name,
      });
      return [
        201,
        {
          id: String(issue.id),
          key: issue.key,
          self: `${this.baseUrl}${this.api}/issue/${issue.id}`,
        },
      ];
    }

    if (method === 'POST' && this.edition === 'cloud' && rest === '/search/jql') {
      const all = this.runJql(String(body?.jql ?? ''));
      const start = body?.nextPageToken
        ? Number(Buffer.from(body.nextPageToken, 'base64url').toString())
        : 0;
      const size = Math.min(Number(body?.maxResults ?? 50), this.pageSize);
      const page = all.slice(start, start + size);
      const isLast = start + size >= all.length;
      return [
        200,
        {
          issues: page.map((issue) => this.json(issue)),
          isLast,
          ...(isLast
            ? {}
            : { nextPageToken: Buffer.from(String(start + size)).toString('base64url') }),
        },
      ];
    }
    if (this.edition === 'cloud' && rest === '/search')
      throw refuse(410, [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.',
      ]);
    if (
      this.edition === 'datacenter' &&
      rest === '/search' &&
      (method === 'POST' || method === 'GET')
    ) {
      const input =
        method === 'POST'
          ? (body ?? {})
          : {
              jql: query.get('jql'),
              startAt: query.get('startAt'),
              maxResults: query.get('maxResults'),
            };
      const all = this.runJql(String(input.jql ?? ''));
      const startAt = Number(input.startAt ?? 0);
      const size = Math.min(Number(input.maxResults ?? 50), this.pageSize);
      return [
        200,
        {
          startAt,
          maxResults: size,
          total: all.length,
          issues: all.slice(startAt, startAt + size).map((issue) => this.json(issue)),
        },
      ];
    }

    const issuePath = /^\/issue\/([^/]+)(\/transitions|\/comment)?$/.exec(rest);
    if (issuePath) {
      const issue = this.find(decodeURIComponent(issuePath[1]));
      if (!issue)
        throw refuse(404, ['Issue does not exist or you do not have permission to see it.']);
      const sub = issuePath[2];
      if (!sub && method === 'GET') return [200, this.json(issue)];
      if (!sub && method === 'PUT') {
        const values: Partial<StoredIssue> = {};
        this.applyFields(body?.fields ?? {}, values);
        Object.assign(issue, values);
        this.touch(issue);
        return [204, undefined];
      }
      if (sub === '/transitions' && method === 'GET')
        return [
          200,
          {
            transitions: WORKFLOW[issue.status].map((transition) => ({
              id: transition.id,
              name: transition.name,
              hasScreen: false,
              to: {
                id: STATUSES[transition.to].id,
                name: transition.to,
                statusCategory: { key: STATUSES[transition.to].category },
              },
            })),
          },
        ];
      if (sub === '/transitions' && method === 'POST') {
        const chosen = WORKFLOW[issue.status].find(
          (transition) => transition.id === String(body?.transition?.id),
        );
        if (!chosen)
          throw refuse(400, [
            `Transition id '${body?.transition?.id}' is not valid for this issue.`,
          ]);
        issue.status = chosen.to;
        this.touch(issue);
        return [204, undefined];
      }
      if (sub === '/comment' && method === 'POST') {
        this.checkRichText('comment', body?.body);
        issue.comments.push(body.body);
        this.touch(issue);
        return [201, { id: String(issue.comments.length), body: body.body }];
      }
    }
    throw refuse(404, ['Not found']);
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://jira.invalid');
    const method = request.method ?? 'GET';
    let body: any;
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        ...(payload === undefined ? {} : { 'content-type': 'application/json;charset=UTF-8' }),
        ...headers,
      });
      response.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      this.received.push({ method, path: url.pathname, headers: request.headers, body: raw });
      return answer(400, { errorMessages: ['Unexpected character in the JSON body.'], errors: {} });
    }
    this.received.push({ method, path: url.pathname, headers: request.headers, body });
    try {
      if (url.pathname !== '/rest/api/2/serverInfo') {
        if (!this.authorised(request.headers))
          throw refuse(401, ['Client must be authenticated to access this resource.']);
        const failure = this.failures.shift();
        if (failure)
          throw new JiraHttpError(
            failure.status,
            { errorMessages: [failure.message], errors: {} },
            failure.headers,
          );
      }
      const [status, payload] = this.route(method, url.pathname, url.searchParams, body);
      answer(status, payload);
    } catch (error) {
      if (error instanceof JiraHttpError) return answer(error.status, error.body, error.headers);
      answer(500, { errorMessages: [(error as Error).message], errors: {} });
    }
  }
}

export async function startJira(options: JiraContractOptions): Promise<JiraContractServer> {
  return new JiraContractServer(options).start();
}
