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

/** Redmine's default statuses and priorities (its "load default data"), by our names. */
export const REDMINE_DEFAULT_STATUSES: Record<Status, string> = {
  open: 'New',
  in_progress: 'In Progress',
  done: 'Closed',
  wont_do: 'Rejected',
};
export const REDMINE_DEFAULT_PRIORITIES: Record<Priority, string> = {
  P0: 'Immediate',
  P1: 'Urgent',
  P2: 'High',
  P3: 'Normal',
};

interface RedmineIssue {
  id: number;
  subject: string;
  description?: string | null;
  status: { id: number; name: string; is_closed?: boolean };
  priority: { id: number; name: string };
  due_date?: string | null;
  created_on: string;
  updated_on: string;
}

interface Named {
  id: number;
  name: string;
  is_closed?: boolean;
}

const PAGE = 100;
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Redmine's REST API (JSON, `X-Redmine-API-Key`) through the product's outbound client. Statuses
 * and priorities are matched by name (the mapping, else Redmine's defaults); a status of the
 * tracker we have no name for reads as done when Redmine calls it closed, else as open.
 */
export class RedmineConnector implements TrackerConnector {
  private lookups?: Promise<{ statuses: Named[]; priorities: Named[]; trackerId?: number }>;
  private readonly base: string;

  constructor(
    private readonly http: OutboundHttpClient,
    private readonly settings: ConnectorSettings,
  ) {
    this.base = settings.baseUrl.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T | null> {
    const response = await this.http.request(`${this.base}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'x-redmine-api-key': this.settings.credentials.apiKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: 15_000,
    });
    if (response.status === 404 && method === 'GET' && path.startsWith('/issues/')) return null;
    if (!response.ok) {
      let detail = '';
      try {
        const parsed = JSON.parse(response.body) as { errors?: string[] };
        detail = parsed.errors?.length ? `: ${parsed.errors.join('; ')}` : '';
      } catch {
        detail = '';
      }
      const message = `Redmine answered ${response.status} to ${method} ${path.split('?')[0]}${detail}`;
      if (isPermanentStatus(response.status))
        throw new TrackerRefusedError(message, response.status);
      throw new FetchError(
        response.status === 429 ? FetchErrorKind.RateLimited : FetchErrorKind.HttpStatus,
        message,
        {
          status: response.status,
          retryAfterMs: parseRetryAfter(response.headers['retry-after']),
          url: `${this.base}${path}`,
        },
      );
    }
    if (!response.body) return null;
    try {
      return JSON.parse(response.body) as T;
    } catch {
      throw new FetchError(FetchErrorKind.ContentType, `Redmine sent no JSON for ${path}`);
    }
  }

  private lookup() {
    this.lookups ??= (async () => {
      const [statuses, priorities, project] = await Promise.all([
        this.call<{ issue_statuses: Named[] }>('GET', '/issue_statuses.json'),
        this.call<{ issue_priorities: Named[] }>('GET', '/enumerations/issue_priorities.json'),
        this.call<{ project: { trackers?: Named[] } }>(
          'GET',
          `/projects/${encodeURIComponent(this.settings.project)}.json?include=trackers`,
        ),
      ]);
      const trackers = project?.project.trackers ?? [];
      const tracker = this.settings.issueType
        ? trackers.find((candidate) => same(candidate.name, this.settings.issueType!))
        : trackers[0];
      if (this.settings.issueType && !tracker)
        throw new TrackerRefusedError(
          `project ${this.settings.project} has no tracker "${this.settings.issueType}" (it has: ${trackers.map((t) => t.name).join(', ')})`,
        );
      return {
        statuses: statuses?.issue_statuses ?? [],
        priorities: priorities?.issue_priorities ?? [],
        trackerId: tracker?.id,
      };
    })();
    // A failed lookup is not kept: the next call asks again.
    this.lookups.catch(() => (this.lookups = undefined));
    return this.lookups;
  }

  private statusName(status: Status) {
    return this.settings.mapping.statuses?.[status] ?? REDMINE_DEFAULT_STATUSES[status];
  }
  private priorityName(priority: Priority) {
    return this.settings.mapping.priorities?.[priority] ?? REDMINE_DEFAULT_PRIORITIES[priority];
  }

  private async ids(patch: Partial<SyncedFields>): Promise<Record<string, unknown>> {
    const { statuses, priorities } = await this.lookup();
    const issue: Record<string, unknown> = {};
    if (patch.title !== undefined) issue.subject = patch.title.slice(0, 255);
    if (patch.dueDate !== undefined) issue.due_date = patch.dueDate;
    if (patch.status !== undefined) {
      const name = this.statusName(patch.status);
      const status = statuses.find((candidate) => same(candidate.name, name));
      if (!status)
        throw new TrackerRefusedError(
          `Redmine has no status "${name}" for ${patch.status} (map it in the target's statuses)`,
        );
      issue.status_id = status.id;
    }
    if (patch.priority !== undefined) {
      const name = this.priorityName(patch.priority);
      const priority = priorities.find((candidate) => same(candidate.name, name));
      if (!priority)
        throw new TrackerRefusedError(
          `Redmine has no priority "${name}" for ${patch.priority} (map it in the target's priorities)`,
        );
      issue.priority_id = priority.id;
    }
    return issue;
  }

  private read(issue: RedmineIssue): RemoteIssue {
    const statuses = this.settings.mapping.statuses ?? {};
    const priorities = this.settings.mapping.priorities ?? {};
    const status =
      (Object.keys(REDMINE_DEFAULT_STATUSES) as Status[]).find((ours) =>
        same(statuses[ours] ?? REDMINE_DEFAULT_STATUSES[ours], issue.status.name),
      ) ?? (issue.status.is_closed || same(issue.status.name, 'Resolved') ? 'done' : 'open');
    const priority =
      (Object.keys(REDMINE_DEFAULT_PRIORITIES) as Priority[]).find((ours) =>
        same(priorities[ours] ?? REDMINE_DEFAULT_PRIORITIES[ours], issue.priority.name),
      ) ?? 'P3';
    return {
      externalId: String(issue.id),
      key: `#${issue.id}`,
      url: `${this.base}/issues/${issue.id}`,
      updatedAt: new Date(issue.updated_on),
      createdAt: new Date(issue.created_on),
      description: issue.description ?? '',
      fields: { title: issue.subject, status, priority, dueDate: issue.due_date ?? null },
    };
  }

  async check(): Promise<string> {
    const project = await this.call<{ project: { name: string } }>(
      'GET',
      `/projects/${encodeURIComponent(this.settings.project)}.json`,
    );
    const { trackerId } = await this.lookup();
    if (!trackerId)
      throw new TrackerRefusedError(`project ${this.settings.project} has no tracker enabled`);
    return `Redmine project "${project?.project.name ?? this.settings.project}" is reachable with these credentials`;
  }

  async create(fields: SyncedFields, description: string): Promise<RemoteIssue> {
    const { trackerId } = await this.lookup();
    const created = await this.call<{ issue: RedmineIssue }>('POST', '/issues.json', {
      issue: {
        project_id: this.settings.project,
        ...(trackerId ? { tracker_id: trackerId } : {}),
        description,
        ...(await this.ids(fields)),
      },
    });
    return this.read(created!.issue);
  }

  async get(externalId: string): Promise<RemoteIssue | null> {
    const found = await this.call<{ issue: RedmineIssue }>(
      'GET',
      `/issues/${encodeURIComponent(externalId)}.json`,
    );
    return found ? this.read(found.issue) : null;
  }

  async update(externalId: string, patch: Partial<SyncedFields>): Promise<void> {
    await this.call('PUT', `/issues/${encodeURIComponent(externalId)}.json`, {
      issue: await this.ids(patch),
    });
  }

  async comment(externalId: string, text: string): Promise<void> {
    await this.call('PUT', `/issues/${encodeURIComponent(externalId)}.json`, {
      issue: { notes: text },
    });
  }

  private async issues(filter: Record<string, string>, limit: number): Promise<RemoteIssue[]> {
    const found: RemoteIssue[] = [];
    for (let offset = 0; found.length < limit; offset += PAGE) {
      const query = new URLSearchParams({
        project_id: this.settings.project,
        status_id: '*',
        limit: String(PAGE),
        offset: String(offset),
        ...filter,
      });
      const page = await this.call<{ issues: RedmineIssue[]; total_count: number }>(
        'GET',
        `/issues.json?${query}`,
      );
      const issues = page?.issues ?? [];
      found.push(...issues.map((issue) => this.read(issue)));
      if (issues.length < PAGE || offset + PAGE >= (page?.total_count ?? 0)) break;
    }
    return found.slice(0, limit);
  }

  async findByMarker(marker: string, since: Date): Promise<RemoteIssue | null> {
    const recent = await this.issues(
      { created_on: `>=${since.toISOString().replace(/\.\d+Z$/, 'Z')}`, sort: 'id:desc' },
      500,
    );
    return recent.find((issue) => issue.description.includes(marker)) ?? null;
  }

  changedSince(since: Date | null, limit: number): Promise<RemoteIssue[]> {
    return this.issues(
      {
        sort: 'updated_on,id',
        ...(since ? { updated_on: `>=${since.toISOString().replace(/\.\d+Z$/, 'Z')}` } : {}),
      },
      limit,
    );
  }
}
