import {
  FetchError,
  FetchErrorKind,
  isPermanentStatus,
  OutboundHttpClient,
  parseRetryAfter,
} from '@rca/shared';
import { ConnectorSettings, RemoteIssue, TrackerConnector, TrackerRefusedError } from './connector';
import type { SyncedFields } from './tracker-link.entity';

type Status = SyncedFields['status'];
type Priority = SyncedFields['priority'];

/** Jira's default workflow statuses and priorities, by our names (docs/trackers.md). */
export const JIRA_DEFAULT_STATUSES: Record<Status, string> = {
  open: 'To Do',
  in_progress: 'In Progress',
  done: 'Done',
  wont_do: "Won't Do",
};
export const JIRA_DEFAULT_PRIORITIES: Record<Priority, string> = {
  P0: 'Highest',
  P1: 'High',
  P2: 'Medium',
  P3: 'Low',
};
export const JIRA_DEFAULT_ISSUE_TYPE = 'Task';

/** A Jira project key: what `project` must be for a Jira target. */
export const JIRA_PROJECT_KEY = /^[A-Z][A-Z0-9_]{1,9}$/;

/** A status's category when its name is not mapped: Jira's three categories. */
const CATEGORY_STATUS: Record<string, Status> = {
  new: 'open',
  indeterminate: 'in_progress',
  done: 'done',
};

const FIELDS = ['summary', 'description', 'status', 'priority', 'duedate', 'created', 'updated'];
const PAGE = 100;
/** Issues created since a cut-off create that are read for its marker. */
const MARKER_SEARCH_MAX = 500;
/** Issues changed in the cursor's minute before the cursor that a poll may skip over. */
const CHANGES_EARLIER_IN_MINUTE_MAX = 5_000;
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

interface JiraStatus {
  name: string;
  statusCategory?: { key?: string };
}

interface JiraIssue {
  id: string;
  key: string;
  fields: {
    summary?: string;
    description?: unknown;
    status?: JiraStatus;
    priority?: { name: string } | null;
    duedate?: string | null;
    created: string;
    updated: string;
  };
}

interface Transition {
  id: string;
  name: string;
  to: JiraStatus;
}

type Edition = { cloud: boolean; api: string };

// --- Atlassian Document Format (Cloud v3 descriptions and comments) ---------------------------

interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
}

/** Plain text as an ADF document: a paragraph per blank-line-separated block, line breaks kept. */
export function textToAdf(text: string): AdfNode & { version: 1 } {
  const blocks = text.split(/\n{2,}/).filter((block) => block.trim());
  return {
    type: 'doc',
    version: 1,
    content: blocks.map((block) => ({
      type: 'paragraph',
      content: block
        .split('\n')
        .flatMap((line, index): AdfNode[] => [
          ...(index ? [{ type: 'hardBreak' }] : []),
          ...(line ? [{ type: 'text', text: line }] : []),
        ]),
    })),
  };
}

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'codeBlock',
  'listItem',
  'panel',
  'rule',
  'tableRow',
]);

/** An ADF document back to plain text (blocks apart by a blank line); a string passes as is. */
export function adfToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return '';
  const blocks: string[] = [];
  const walk = (node: AdfNode, into: string[]) => {
    if (node.type === 'text') into.push(node.text ?? '');
    else if (node.type === 'hardBreak') into.push('\n');
    else if (BLOCKS.has(node.type)) {
      const own: string[] = [];
      for (const child of node.content ?? []) walk(child, own);
      if (own.length) blocks.push(own.join(''));
    } else for (const child of node.content ?? []) walk(child, into);
  };
  const loose: string[] = [];
  walk(value as AdfNode, loose);
  if (loose.length) blocks.push(loose.join(''));
  return blocks.join('\n\n');
}

// --- JQL dates ----------------------------------------------------------------------------------

/**
 * An instant as JQL reads a date ("yyyy/MM/dd HH:mm"): in the API user's time zone (JQL has no
 * offset syntax), rounded down to the minute. An unknown zone is formatted in UTC 12 hours early:
 * no zone is more than 12 hours behind UTC, so nothing is missed (a few more issues are read).
 */
export function jqlDate(instant: Date, timeZone: string | undefined): string {
  let zone = timeZone || 'UTC';
  let at = instant;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = 'UTC';
    at = new Date(instant.getTime() - 12 * 3_600_000);
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}/${parts.month}/${parts.day} ${parts.hour}:${parts.minute}`;
}

/** Jira's timestamps ("2026-12-03T08:20:00.000-0500"): the offset without a colon is ISO too. */
export function jiraInstant(value: string): Date {
  return new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/**
 * Jira through the product's outbound client: Cloud (REST v3, descriptions and comments in
 * Atlassian Document Format, API token with the account's e-mail as Basic auth) and Data Center
 * (REST v2, plain text, a personal access token as Bearer), told apart by `serverInfo`. Statuses
 * move through the workflow's transitions; priorities and the issue type are matched by name.
 *
 * Plain REST rather than jira.js: jira.js 6 is a Cloud client (v3 paths and Cloud's
 * `search/jql` built in, responses validated against Cloud's models), so Data Center would need a
 * second path anyway; one connector over `OutboundHttpClient.request` covers both.
 */
export class JiraConnector implements TrackerConnector {
  private readonly base: string;
  private edition?: Promise<Edition>;
  private cloud?: boolean;
  private timeZone?: Promise<string | undefined>;

  constructor(
    private readonly http: OutboundHttpClient,
    private readonly settings: ConnectorSettings,
  ) {
    this.base = settings.baseUrl.replace(/\/+$/, '');
  }

  private get authorization(): string {
    const { apiKey, username } = this.settings.credentials;
    return username
      ? `Basic ${Buffer.from(`${username}:${apiKey}`, 'utf8').toString('base64')}`
      : `Bearer ${apiKey}`;
  }

  private async call<T>(
    method: string,
    path: string,
    body?: unknown,
    options: { missingIsNull?: boolean } = {},
  ): Promise<T | null> {
    const url = `${this.base}${path}`;
    const response = await this.http.request(url, {
      method,
      headers: {
        accept: 'application/json',
        authorization: this.authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 15_000,
    });
    if (response.status === 404 && options.missingIsNull) return null;
    if (!response.ok) {
      const detail = errorDetail(response.body);
      const message = `Jira answered ${response.status} to ${method} ${path.split('?')[0]}${detail ? `: ${detail}` : ''}${response.status === 401 ? this.credentialsHint() : ''}`;
      if (isPermanentStatus(response.status))
        throw new TrackerRefusedError(message, response.status);
      const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      const limited =
        response.status === 429 || (response.status === 503 && retryAfterMs !== undefined);
      throw new FetchError(
        limited ? FetchErrorKind.RateLimited : FetchErrorKind.HttpStatus,
        message,
        {
          status: response.status,
          retryAfterMs,
          url,
        },
      );
    }
    if (!response.body) return null;
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new FetchError(
        FetchErrorKind.ContentType,
        `Jira sent no JSON for ${path.split('?')[0]}`,
      );
    }
  }

  /** What an admin most likely entered wrong, once the edition is known. */
  private credentialsHint(): string {
    const username = Boolean(this.settings.credentials.username);
    if (this.cloud === true && !username)
      return " (Jira Cloud: enter the account's e-mail as username, with an API token)";
    if (this.cloud === false && username)
      return ' (Jira Data Center: with a personal access token, leave username empty)';
    return '';
  }

  /** Cloud or Data Center, asked once per connector; a failed answer is asked again next time. */
  private editionOf(): Promise<Edition> {
    this.edition ??= this.call<{ deploymentType?: string }>('GET', '/rest/api/2/serverInfo').then(
      (info) => {
        const cloud = info?.deploymentType?.toLowerCase() === 'cloud';
        this.cloud = cloud;
        return { cloud, api: cloud ? '/rest/api/3' : '/rest/api/2' };
      },
    );
    this.edition.catch(() => (this.edition = undefined));
    return this.edition;
  }

  /** The API user's time zone, in which JQL reads dates. */
  private zone(): Promise<string | undefined> {
    this.timeZone ??= this.editionOf()
      .then(({ api }) => this.call<{ timeZone?: string }>('GET', `${api}/myself`))
      .then((me) => me?.timeZone);
    this.timeZone.catch(() => (this.timeZone = undefined));
    return this.timeZone;
  }

  private statusName(status: Status) {
    return this.settings.mapping.statuses?.[status] ?? JIRA_DEFAULT_STATUSES[status];
  }
  private priorityName(priority: Priority) {
    return this.settings.mapping.priorities?.[priority] ?? JIRA_DEFAULT_PRIORITIES[priority];
  }
  private get issueType() {
    return this.settings.issueType || JIRA_DEFAULT_ISSUE_TYPE;
  }

  private text(edition: Edition, text: string): unknown {
    return edition.cloud ? textToAdf(text) : text;
  }

  /** The fields of an edit (everything but the status, which takes a transition). */
  private fieldsOf(patch: Partial<SyncedFields>): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    if (patch.title !== undefined)
      fields.summary = patch.title.replace(/[\r\n]+/g, ' ').slice(0, 255);
    if (patch.priority !== undefined) fields.priority = { name: this.priorityName(patch.priority) };
    if (patch.dueDate !== undefined) fields.duedate = patch.dueDate;
    return fields;
  }

  private read(issue: JiraIssue): RemoteIssue {
    const statuses = this.settings.mapping.statuses ?? {};
    const priorities = this.settings.mapping.priorities ?? {};
    const statusName = issue.fields.status?.name ?? '';
    const status =
      (Object.keys(JIRA_DEFAULT_STATUSES) as Status[]).find((ours) =>
        same(statuses[ours] ?? JIRA_DEFAULT_STATUSES[ours], statusName),
      ) ??
      CATEGORY_STATUS[issue.fields.status?.statusCategory?.key ?? ''] ??
      'open';
    const priorityName = issue.fields.priority?.name ?? '';
    const priority =
      (Object.keys(JIRA_DEFAULT_PRIORITIES) as Priority[]).find((ours) =>
        same(priorities[ours] ?? JIRA_DEFAULT_PRIORITIES[ours], priorityName),
      ) ?? (same(priorityName, 'Lowest') ? 'P3' : 'P2');
    return {
      externalId: String(issue.id),
      key: issue.key,
      url: `${this.base}/browse/${encodeURIComponent(issue.key)}`,
      updatedAt: jiraInstant(issue.fields.updated),
      createdAt: jiraInstant(issue.fields.created),
      description: adfToText(issue.fields.description),
      fields: {
        title: issue.fields.summary ?? '',
        status,
        priority,
        dueDate: issue.fields.duedate ?? null,
      },
    };
  }

  private async fetchIssue(externalId: string): Promise<JiraIssue | null> {
    const { api } = await this.editionOf();
    return this.call<JiraIssue>(
      'GET',
      `${api}/issue/${encodeURIComponent(externalId)}?fields=${FIELDS.join(',')}`,
      undefined,
      { missingIsNull: true },
    );
  }

  /** Moves the issue to our status's mapped name through the transition leading there. */
  private async transition(issue: JiraIssue, status: Status): Promise<void> {
    const name = this.statusName(status);
    if (same(issue.fields.status?.name ?? '', name)) return;
    const { api } = await this.editionOf();
    const path = `${api}/issue/${encodeURIComponent(issue.id)}/transitions`;
    const transitions = (await this.call<{ transitions?: Transition[] }>('GET', path))?.transitions;
    const chosen = transitions?.find((candidate) => same(candidate.to.name, name));
    if (!chosen) {
      const reachable = [...new Set((transitions ?? []).map((candidate) => candidate.to.name))];
      throw new TrackerRefusedError(
        `Jira has no transition of ${issue.key} from "${issue.fields.status?.name}" to "${name}" (for ${status}); reachable: ${reachable.length ? reachable.map((entry) => `"${entry}"`).join(', ') : 'none'} (map the target's statuses to the workflow's names)`,
      );
    }
    await this.call('POST', path, { transition: { id: chosen.id } });
  }

  async check(): Promise<string> {
    const edition = await this.editionOf();
    const project = await this.call<{ name: string; issueTypes?: { name: string }[] }>(
      'GET',
      `${edition.api}/project/${encodeURIComponent(this.settings.project)}`,
    );
    const types = project?.issueTypes ?? [];
    if (!types.some((type) => same(type.name, this.issueType)))
      throw new TrackerRefusedError(
        `Jira project ${this.settings.project} has no issue type "${this.issueType}" (it has: ${types.map((type) => type.name).join(', ') || 'none'})`,
      );
    return `Jira ${edition.cloud ? 'Cloud' : 'Data Center'} project "${project?.name ?? this.settings.project}" (${this.settings.project}) is reachable with these credentials; new issues are of type "${this.issueType}"`;
  }

  async create(fields: SyncedFields, description: string): Promise<RemoteIssue> {
    const edition = await this.editionOf();
    const created = await this.call<{ id: string; key: string }>('POST', `${edition.api}/issue`, {
      fields: {
        project: { key: this.settings.project },
        issuetype: { name: this.issueType },
        description: this.text(edition, description),
        ...this.fieldsOf(fields),
      },
    });
    let issue = await this.fetchIssue(created!.id);
    if (!issue) throw new FetchError(FetchErrorKind.HttpStatus, `Jira lost ${created!.key}`);
    // A new issue starts in the workflow's first status; an item already further along moves on.
    if (!same(issue.fields.status?.name ?? '', this.statusName(fields.status))) {
      await this.transition(issue, fields.status);
      issue = (await this.fetchIssue(created!.id)) ?? issue;
    }
    return this.read(issue);
  }

  async get(externalId: string): Promise<RemoteIssue | null> {
    const issue = await this.fetchIssue(externalId);
    return issue ? this.read(issue) : null;
  }

  async update(externalId: string, patch: Partial<SyncedFields>): Promise<void> {
    const { api } = await this.editionOf();
    const fields = this.fieldsOf(patch);
    if (Object.keys(fields).length)
      await this.call('PUT', `${api}/issue/${encodeURIComponent(externalId)}`, { fields });
    if (patch.status === undefined) return;
    const issue = await this.fetchIssue(externalId);
    if (!issue)
      throw new TrackerRefusedError(
        `Jira issue ${externalId} is gone (deleted, or not visible)`,
        404,
      );
    await this.transition(issue, patch.status);
  }

  async comment(externalId: string, text: string): Promise<void> {
    const edition = await this.editionOf();
    await this.call('POST', `${edition.api}/issue/${encodeURIComponent(externalId)}/comment`, {
      body: this.text(edition, text),
    });
  }

  /**
   * A JQL search, paged as the edition pages (Cloud: nextPageToken; Data Center: startAt): at most
   * `limit` issues that `keep` accepts (the others do not count towards it), reading no more than
   * `maxRead` in all.
   */
  private async search(
    jql: string,
    limit: number,
    keep: (issue: RemoteIssue) => boolean,
    maxRead: number,
  ): Promise<RemoteIssue[]> {
    const { cloud, api } = await this.editionOf();
    const found: RemoteIssue[] = [];
    let nextPageToken: string | undefined;
    let read = 0;
    for (let startAt = 0; found.length < limit && read < maxRead;) {
      let issues: JiraIssue[];
      let more: boolean;
      if (cloud) {
        const page = await this.call<{
          issues?: JiraIssue[];
          nextPageToken?: string;
          isLast?: boolean;
        }>('POST', `${api}/search/jql`, {
          jql,
          fields: FIELDS,
          maxResults: PAGE,
          ...(nextPageToken ? { nextPageToken } : {}),
        });
        issues = page?.issues ?? [];
        nextPageToken = page?.nextPageToken;
        more = Boolean(nextPageToken) && !page?.isLast;
      } else {
        const page = await this.call<{ issues?: JiraIssue[]; total?: number }>(
          'POST',
          `${api}/search`,
          { jql, fields: FIELDS, startAt, maxResults: PAGE },
        );
        issues = page?.issues ?? [];
        startAt += issues.length;
        more = startAt < (page?.total ?? 0);
      }
      read += issues.length;
      found.push(...issues.map((issue) => this.read(issue)).filter(keep));
      if (!issues.length || !more) break;
    }
    return found.slice(0, limit);
  }

  async findByMarker(marker: string, since: Date): Promise<RemoteIssue | null> {
    const from = jqlDate(since, await this.zone());
    const [found] = await this.search(
      `project = "${this.settings.project}" AND created >= "${from}" ORDER BY created DESC, id DESC`,
      1,
      (issue) => issue.description.includes(marker),
      MARKER_SEARCH_MAX,
    );
    return found ?? null;
  }

  /**
   * JQL reads minutes, so the query starts at the minute of `since`; what changed in that minute
   * before `since` is dropped here, so a busy minute cannot fill the batch and hold the cursor.
   */
  async changedSince(since: Date | null, limit: number): Promise<RemoteIssue[]> {
    const from = since ? jqlDate(since, await this.zone()) : null;
    return this.search(
      `project = "${this.settings.project}"${from ? ` AND updated >= "${from}"` : ''} ORDER BY updated ASC, id ASC`,
      limit,
      (issue) => !since || issue.updatedAt >= since,
      limit + CHANGES_EARLIER_IN_MINUTE_MAX,
    );
  }
}

/** Jira's error body (`errorMessages` and `errors` per field) as one line; else a short text. */
function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as {
      errorMessages?: string[];
      errors?: Record<string, string>;
    };
    return [
      ...(parsed.errorMessages ?? []),
      ...Object.entries(parsed.errors ?? {}).map(([field, message]) => `${field}: ${message}`),
    ].join('; ');
  } catch {
    const text = body.trim();
    // An HTML error page says nothing an admin can use.
    return text && !text.startsWith('<') ? text.slice(0, 300) : '';
  }
}
