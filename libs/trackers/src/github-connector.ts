import { Octokit } from '@octokit/rest';
import {
  FetchError,
  FetchErrorKind,
  ForbiddenDestinationError,
  isPermanentStatus,
  OutboundHttpClient,
  parseRetryAfter,
} from '@rca/shared';
import { ConnectorSettings, RemoteIssue, TrackerConnector, TrackerRefusedError } from './connector';
import type { SyncedFields } from './tracker-link.entity';

type Status = SyncedFields['status'];
type Priority = SyncedFields['priority'];

/** The label an open issue in progress carries (`fieldMapping.statuses.in_progress` renames it). */
export const GITHUB_DEFAULT_IN_PROGRESS_LABEL = 'in progress';
/** Priority labels (`fieldMapping.priorities` renames them); an issue with none reads as P3. */
export const GITHUB_DEFAULT_PRIORITY_LABELS: Record<Priority, string> = {
  P0: 'P0',
  P1: 'P1',
  P2: 'P2',
  P3: 'P3',
};
const PRIORITIES = Object.keys(GITHUB_DEFAULT_PRIORITY_LABELS) as Priority[];

// owner: GitHub's user/organisation names; repo: letters, digits, '.', '-', '_' (not . or ..).
const OWNER_REPO = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;

/** Why `project` is not a GitHub repository's `owner/repo`, or null. */
export function githubProjectProblem(project: string): string | null {
  const match = OWNER_REPO.exec(project.trim());
  if (!match || match[2] === '.' || match[2] === '..')
    return 'a GitHub project is the repository as owner/repo (e.g. acme/payments)';
  return null;
}

interface GitHubLabel {
  name?: string;
}

interface GitHubIssue {
  number: number;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | GitHubLabel)[];
  html_url: string;
  created_at: string;
  updated_at: string;
  pull_request?: unknown;
}

const PAGE = 100;
/** Issues findByMarker reads back from `since` (newest first) before giving up. */
const MARKER_SCAN = 500;
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const labelName = (label: string | GitHubLabel) =>
  typeof label === 'string' ? label : (label.name ?? '');
const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');
const hasNext = (link: string | undefined) => /<[^<>]+>;\s*rel="next"/.test(link ?? '');

interface OctokitFailure {
  status: number;
  message: string;
  cause?: unknown;
  response?: { headers: Record<string, string | undefined>; data?: unknown };
}

const isOctokitFailure = (error: unknown): error is OctokitFailure =>
  error instanceof Error && typeof (error as Partial<OctokitFailure>).status === 'number';

/**
 * GitHub Issues (REST API, `@octokit/rest`) through the product's outbound client: Octokit's
 * fetch is ours (address policy checked at connect time, timeouts, size caps) and it retries
 * nothing — the sync job's backoff does. GitHub has two states and no priorities or due dates:
 * in progress and the priority are labels, won't do is "closed as not planned", and the due date
 * stays here (`unsupportedFields`). The issue number is the external id (webhooks name it).
 */
export class GitHubConnector implements TrackerConnector {
  readonly unsupportedFields = ['dueDate'] as const;
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;

  constructor(
    http: OutboundHttpClient,
    private readonly settings: ConnectorSettings,
  ) {
    const [owner, repo] = settings.project.trim().split('/');
    this.owner = owner;
    this.repo = repo;
    const quiet = () => undefined;
    this.octokit = new Octokit({
      auth: settings.credentials.apiKey,
      baseUrl: settings.baseUrl.replace(/\/+$/, ''),
      userAgent: 'rca-desk',
      // Failures are translated and recorded by the sync; Octokit's console lines would repeat them.
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
      request: {
        // @octokit/rest has no retry or throttling plugin; our client follows no redirect.
        fetch: http.fetchFunction({ timeoutMs: 15_000 }),
      },
    });
  }

  private get where() {
    return `${this.owner}/${this.repo}`;
  }

  /** Octokit's RequestError in our vocabulary: refused for good, rate limited, or retryable. */
  private translate(error: unknown, what: string): Error {
    if (!isOctokitFailure(error)) return error as Error;
    // A transport failure of our client comes wrapped (status 500, the cause attached).
    if (error.cause instanceof FetchError || error.cause instanceof ForbiddenDestinationError)
      return error.cause;
    const status = error.status;
    const headers = error.response?.headers ?? {};
    const data = (error.response?.data ?? {}) as {
      message?: string;
      errors?: (string | { message?: string; field?: string; code?: string; resource?: string })[];
    };
    const details = (data.errors ?? [])
      .map((entry) =>
        typeof entry === 'string'
          ? entry
          : (entry.message ?? [entry.resource, entry.field, entry.code].filter(Boolean).join(' ')),
      )
      .filter(Boolean);
    const said =
      typeof data.message === 'string' && data.message
        ? `${data.message}${details.length ? ` (${details.join('; ')})` : ''}`
        : '';
    const message = `GitHub answered ${status} to ${what}${said ? `: ${said}` : ''}`;
    const url = `${this.settings.baseUrl}/repos/${this.where}`;
    const rateLimited =
      status === 429 ||
      (status === 403 &&
        (headers['retry-after'] !== undefined || headers['x-ratelimit-remaining'] === '0'));
    if (rateLimited) {
      const reset = Number(headers['x-ratelimit-reset']);
      const retryAfterMs =
        parseRetryAfter(headers['retry-after']) ??
        (Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - Date.now()) : undefined);
      // GitHub's 403 rate limits are not refusals: without a status the queue retries them.
      return new FetchError(FetchErrorKind.RateLimited, message, {
        status: status === 429 ? 429 : undefined,
        retryAfterMs,
        url,
      });
    }
    if (status >= 400 && isPermanentStatus(status)) return new TrackerRefusedError(message, status);
    return new FetchError(FetchErrorKind.HttpStatus, message, { status, url });
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.translate(error, what);
    }
  }

  private inProgressLabel() {
    return this.settings.mapping.statuses?.in_progress?.trim() || GITHUB_DEFAULT_IN_PROGRESS_LABEL;
  }
  private priorityLabel(priority: Priority) {
    return (
      this.settings.mapping.priorities?.[priority]?.trim() ||
      GITHUB_DEFAULT_PRIORITY_LABELS[priority]
    );
  }

  private read(issue: GitHubIssue): RemoteIssue {
    const labels = issue.labels.map(labelName);
    const carries = (name: string) => labels.some((label) => same(label, name));
    let status: Status;
    if (issue.state === 'closed')
      status = issue.state_reason === 'not_planned' ? 'wont_do' : 'done';
    else status = carries(this.inProgressLabel()) ? 'in_progress' : 'open';
    // Several priority labels: the most urgent counts (an update keeps only one).
    const priority = PRIORITIES.find((ours) => carries(this.priorityLabel(ours))) ?? 'P3';
    return {
      externalId: String(issue.number),
      key: `#${issue.number}`,
      url: issue.html_url,
      createdAt: new Date(issue.created_at),
      updatedAt: new Date(issue.updated_at),
      description: issue.body ?? '',
      fields: { title: issue.title, status, priority, dueDate: null },
    };
  }

  /** The issue's labels with `patch` applied: one priority label, the in-progress label or none. */
  private labelsFor(current: string[], patch: Partial<SyncedFields>): string[] {
    let labels = [...current];
    if (patch.priority !== undefined) {
      const priorityLabels = PRIORITIES.map((ours) => this.priorityLabel(ours));
      labels = labels.filter((label) => !priorityLabels.some((name) => same(name, label)));
      labels.push(this.priorityLabel(patch.priority));
    }
    if (patch.status !== undefined) {
      const inProgress = this.inProgressLabel();
      labels = labels.filter((label) => !same(label, inProgress));
      if (patch.status === 'in_progress') labels.push(inProgress);
    }
    return labels;
  }

  private stateFor(status: Status): { state: 'open' | 'closed'; state_reason?: string } {
    if (status === 'done') return { state: 'closed', state_reason: 'completed' };
    if (status === 'wont_do') return { state: 'closed', state_reason: 'not_planned' };
    return { state: 'open' };
  }

  async check(): Promise<string> {
    const repo = await this.call(
      `GET /repos/${this.where}`,
      async () => (await this.octokit.rest.repos.get({ owner: this.owner, repo: this.repo })).data,
    ).catch((error: unknown) => {
      // GitHub answers 404 alike for a repository that does not exist and one the token cannot see.
      if (error instanceof TrackerRefusedError && error.status === 404)
        throw new TrackerRefusedError(
          `${error.message} (no repository ${this.where}, or the token has no access to it)`,
          404,
        );
      throw error;
    });
    if (!repo.has_issues)
      throw new TrackerRefusedError(
        `GitHub repository ${repo.full_name} has issues turned off (Settings → General → Features → Issues)`,
      );
    return `GitHub repository "${repo.full_name}" is reachable with these credentials and has issues on`;
  }

  async create(fields: SyncedFields, description: string): Promise<RemoteIssue> {
    const labels = this.labelsFor(
      this.settings.issueType?.trim() ? [this.settings.issueType.trim()] : [],
      { priority: fields.priority, status: fields.status },
    );
    const created = await this.call(
      `POST /repos/${this.where}/issues`,
      async () =>
        (
          await this.octokit.rest.issues.create({
            owner: this.owner,
            repo: this.repo,
            title: fields.title.slice(0, 256),
            body: description,
            labels,
          })
        ).data as GitHubIssue,
    );
    if (fields.status !== 'done' && fields.status !== 'wont_do') return this.read(created);
    // A new issue is always open: an item already closed closes it right away.
    return this.read(await this.patch(created.number, this.stateFor(fields.status)));
  }

  private patch(issueNumber: number, values: Record<string, unknown>): Promise<GitHubIssue> {
    return this.call(
      `PATCH /repos/${this.where}/issues/${issueNumber}`,
      async () =>
        (
          await this.octokit.rest.issues.update({
            owner: this.owner,
            repo: this.repo,
            issue_number: issueNumber,
            ...values,
          })
        ).data as GitHubIssue,
    );
  }

  private async fetchIssue(externalId: string): Promise<GitHubIssue | null> {
    const issueNumber = Number(externalId);
    if (!Number.isSafeInteger(issueNumber) || issueNumber < 1) return null;
    try {
      const { status, data } = await this.octokit.rest.issues.get({
        owner: this.owner,
        repo: this.repo,
        issue_number: issueNumber,
      });
      // 301 (not followed): transferred to another repository. A pull request is no issue of ours.
      if ((status as number) !== 200 || (data as GitHubIssue).pull_request) return null;
      return data as GitHubIssue;
    } catch (error) {
      // 404: deleted or moved out of sight; 410: deleted.
      if (isOctokitFailure(error) && [404, 410].includes(error.status)) return null;
      throw this.translate(error, `GET /repos/${this.where}/issues/${issueNumber}`);
    }
  }

  async get(externalId: string): Promise<RemoteIssue | null> {
    const issue = await this.fetchIssue(externalId);
    return issue ? this.read(issue) : null;
  }

  async update(externalId: string, patch: Partial<SyncedFields>): Promise<void> {
    const values: Record<string, unknown> = {};
    if (patch.title !== undefined) values.title = patch.title.slice(0, 256);
    if (patch.status !== undefined) Object.assign(values, this.stateFor(patch.status));
    if (patch.priority !== undefined || patch.status !== undefined) {
      const current = await this.fetchIssue(externalId);
      if (!current)
        throw new TrackerRefusedError(`GitHub issue ${this.where}#${externalId} is gone`, 404);
      const before = current.labels.map(labelName);
      const after = this.labelsFor(before, patch);
      if (before.length !== after.length || before.some((label, at) => label !== after[at]))
        values.labels = after;
    }
    if (Object.keys(values).length) await this.patch(Number(externalId), values);
  }

  async comment(externalId: string, text: string): Promise<void> {
    const issueNumber = Number(externalId);
    await this.call(`POST /repos/${this.where}/issues/${issueNumber}/comments`, () =>
      this.octokit.rest.issues.createComment({
        owner: this.owner,
        repo: this.repo,
        issue_number: issueNumber,
        body: text,
      }),
    );
  }

  /**
   * Issues of the repository, page by page while GitHub's Link header names a next page (the
   * pages are asked for by number, so a Link to another host is never followed with the token).
   * Pull requests are issues to GitHub's list: skipped. `keep` false ends the scan.
   */
  private async scan(
    query: { sort: 'created' | 'updated'; direction: 'asc' | 'desc'; since?: string },
    limit: number,
    keep: (issue: GitHubIssue) => boolean = () => true,
  ): Promise<GitHubIssue[]> {
    const found: GitHubIssue[] = [];
    for (let page = 1; found.length < limit; page += 1) {
      const answer = await this.call(`GET /repos/${this.where}/issues`, () =>
        this.octokit.rest.issues.listForRepo({
          owner: this.owner,
          repo: this.repo,
          state: 'all',
          per_page: PAGE,
          page,
          ...query,
        }),
      );
      for (const issue of answer.data as GitHubIssue[]) {
        if (!keep(issue)) return found;
        if (!issue.pull_request) found.push(issue);
        if (found.length >= limit) break;
      }
      if (!hasNext(answer.headers.link) || answer.data.length === 0) break;
    }
    return found;
  }

  async findByMarker(marker: string, since: Date): Promise<RemoteIssue | null> {
    // `since` filters on updated_at, and an issue created after `since` was updated after it too.
    const recent = await this.scan(
      { sort: 'created', direction: 'desc', since: isoSeconds(since) },
      MARKER_SCAN,
      (issue) => new Date(issue.created_at) >= new Date(isoSeconds(since)),
    );
    const issue = recent.find((candidate) => (candidate.body ?? '').includes(marker));
    return issue ? this.read(issue) : null;
  }

  async changedSince(since: Date | null, limit: number): Promise<RemoteIssue[]> {
    const changed = await this.scan(
      {
        sort: 'updated',
        direction: 'asc',
        ...(since ? { since: isoSeconds(since) } : {}),
      },
      limit,
    );
    return changed.map((issue) => this.read(issue));
  }
}
