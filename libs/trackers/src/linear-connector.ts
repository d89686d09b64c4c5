import { LinearDocument, LinearSdk } from '@linear/sdk';
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

/** Linear's priorities: 0 none, 1 Urgent, 2 High, 3 Medium, 4 Low. */
export const LINEAR_PRIORITIES: Record<Priority, number> = { P0: 1, P1: 2, P2: 3, P3: 4 };

/** The workflow-state types each of our statuses is written as, in order of preference. */
const WRITE_TYPES: Record<Status, string[]> = {
  open: ['unstarted', 'backlog'],
  in_progress: ['started'],
  done: ['completed'],
  wont_do: ['canceled'],
};
/** How a workflow-state type reads here (a state named in the mapping comes first). */
const READ_TYPES: Record<string, Status> = {
  triage: 'open',
  backlog: 'open',
  unstarted: 'open',
  started: 'in_progress',
  completed: 'done',
  canceled: 'wont_do',
};

/**
 * A key as Linear shows it in issue identifiers ("ENG" in ENG-12). Linear documents no rule; its
 * keys are short letters and digits, so this refuses a team's name or URL, not an odd real key.
 */
const TEAM_KEY = /^[A-Za-z0-9]{1,10}$/;

/** Why `project` cannot be a Linear team key, or null. */
export function linearProjectProblem(project: string): string | null {
  return TEAM_KEY.test(project)
    ? null
    : `a Linear team key is 1–10 letters or digits, as in ENG-12 (Team settings → Identifier); "${project.slice(0, 60)}" is not one`;
}

interface WorkflowState {
  id: string;
  name: string;
  type: string;
  position: number;
}
interface Named {
  id: string;
  name: string;
}
interface LinearTeam {
  id: string;
  key: string;
  name: string;
  states: { nodes: WorkflowState[] };
  labels: { nodes: Named[] };
}
interface LinearIssue {
  id: string;
  identifier: string;
  url: string;
  title: string;
  description?: string | null;
  priority: number;
  dueDate?: string | null;
  createdAt: string;
  updatedAt: string;
  trashed?: boolean | null;
  state: WorkflowState;
}
interface IssuePage {
  issues: {
    nodes: LinearIssue[];
    pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  };
}
interface RawGraphQLError {
  message?: string;
  extensions?: { code?: string; type?: string; userPresentableMessage?: string };
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

// Our own read documents: the SDK's ask for ~90 fields of every issue and name its state only by
// id (one more request per issue); these ask for what the sync reads, state included.
const ISSUE_FIELDS = `
fragment RcaIssue on Issue {
  id identifier url title description priority dueDate createdAt updatedAt trashed
  state { id name type position }
}`;
const TEAM_DOCUMENT = `
query RcaTeam($key: String!) {
  teams(filter: { key: { eqIgnoreCase: $key } }, first: 1) {
    nodes {
      id key name
      states(first: 100) { nodes { id name type position } }
      labels(first: 250) { nodes { id name } }
    }
  }
}`;
const ISSUE_DOCUMENT = `
query RcaIssue($id: String!) { issue(id: $id) { ...RcaIssue } }
${ISSUE_FIELDS}`;
const ISSUES_DOCUMENT = `
query RcaIssues($filter: IssueFilter!, $first: Int!, $after: String) {
  issues(filter: $filter, first: $first, after: $after, orderBy: updatedAt) {
    nodes { ...RcaIssue }
    pageInfo { hasNextPage endCursor }
  }
}
${ISSUE_FIELDS}`;

const PAGE = 100;
/** Issues read per changedSince, all pages together: Linear's order is not oldest-first. */
const READ_CAP = 1000;

/** Linear's "Entity not found": get() reads it as a deleted issue; anywhere else it is a refusal. */
class NotFoundInLinear extends TrackerRefusedError {}

/**
 * Linear's GraphQL API (`Authorization: <API key>`, POST baseUrl/graphql) through the product's
 * outbound client: @linear/sdk's LinearSdk runs on a request function that posts through it, so
 * its typed mutations (issueCreate, issueUpdate, commentCreate) and our small read documents share
 * one path and one error translation. The target's project is the team key; states are matched by
 * the mapping's names, else by Linear's state types.
 */
export class LinearConnector implements TrackerConnector {
  private team?: Promise<LinearTeam & { labelId?: string }>;
  private readonly base: string;
  private readonly sdk: LinearSdk;

  constructor(
    private readonly http: OutboundHttpClient,
    private readonly settings: ConnectorSettings,
  ) {
    this.base = settings.baseUrl.replace(/\/+$/, '');
    this.sdk = new LinearSdk(
      <Response, Variables extends Record<string, unknown>>(
        document: string,
        variables?: Variables,
      ) => this.graphql<Response>(document, variables),
    );
  }

  /** One GraphQL request; Linear's answers become FetchError (retry) or TrackerRefusedError. */
  private async graphql<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
    const operation = /\b(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'request';
    const url = `${this.base}/graphql`;
    const response = await this.http.request(url, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: this.settings.credentials.apiKey,
      },
      body: JSON.stringify({ query: document, variables: variables ?? {} }),
      timeoutMs: 15_000,
    });
    let parsed: { data?: T | null; errors?: RawGraphQLError[] } | undefined;
    try {
      parsed = JSON.parse(response.body) as typeof parsed;
    } catch {
      parsed = undefined;
    }
    const errors = Array.isArray(parsed?.errors) ? parsed.errors : [];
    const first = errors[0];
    const type = first?.extensions?.type?.toLowerCase() ?? '';
    const code = first?.extensions?.code?.toUpperCase() ?? '';
    const said = first?.extensions?.userPresentableMessage ?? first?.message ?? '';
    const message = `Linear answered ${response.status} to ${operation}${said ? `: ${said}` : ''}`;

    if (response.status === 429 || code === 'RATELIMITED' || type === 'ratelimited') {
      const reset = Number(header(response.headers['x-ratelimit-requests-reset']));
      const retryAfterMs =
        parseRetryAfter(response.headers['retry-after']) ??
        // Linear sends the reset as epoch milliseconds.
        (Number.isFinite(reset) && reset > 0
          ? Math.max(0, (reset < 1e12 ? reset * 1000 : reset) - Date.now())
          : undefined);
      // Linear rate-limits with 400 as well as 429: recorded as 429 so the retry rules apply.
      throw new FetchError(FetchErrorKind.RateLimited, message, { status: 429, retryAfterMs, url });
    }
    if (response.status >= 500)
      throw new FetchError(FetchErrorKind.HttpStatus, message, { status: response.status, url });
    if (first) {
      if (/entity not found/i.test(first.message ?? '') || code === 'ENTITY_NOT_FOUND')
        throw new NotFoundInLinear(message, 404);
      if (type === 'authentication error' || code === 'AUTHENTICATION_ERROR')
        throw new TrackerRefusedError(message, 401);
      if (type === 'forbidden' || code === 'FORBIDDEN') throw new TrackerRefusedError(message, 403);
      if (['internal error', 'lock timeout', 'network error'].includes(type))
        throw new FetchError(FetchErrorKind.HttpStatus, message, { status: 503, url });
      throw new TrackerRefusedError(message, response.status >= 400 ? response.status : 400);
    }
    if (!response.ok) {
      if (isPermanentStatus(response.status))
        throw new TrackerRefusedError(message, response.status);
      throw new FetchError(FetchErrorKind.HttpStatus, message, { status: response.status, url });
    }
    if (!parsed || typeof parsed !== 'object' || !parsed.data)
      throw new FetchError(
        FetchErrorKind.ContentType,
        `Linear sent no GraphQL data for ${operation}`,
        { status: response.status, url },
      );
    return parsed.data;
  }

  private lookup() {
    this.team ??= (async () => {
      const found = await this.graphql<{ teams: { nodes: LinearTeam[] } }>(TEAM_DOCUMENT, {
        key: this.settings.project,
      });
      const team = found.teams.nodes[0];
      if (!team)
        throw new TrackerRefusedError(
          `Linear has no team with the key ${this.settings.project} that this API key can read`,
          404,
        );
      const labels = team.labels.nodes;
      const wanted = this.settings.issueType;
      const label = wanted ? labels.find((candidate) => same(candidate.name, wanted)) : undefined;
      if (wanted && !label)
        throw new TrackerRefusedError(
          `Linear team ${team.key} has no label "${wanted}" (it has: ${labels.map((l) => l.name).join(', ') || 'none'})`,
        );
      return { ...team, labelId: label?.id };
    })();
    // A failed lookup is not kept: the next call asks again.
    this.team.catch(() => (this.team = undefined));
    return this.team;
  }

  private async stateId(status: Status): Promise<string> {
    const team = await this.lookup();
    const states = [...team.states.nodes].sort((a, b) => a.position - b.position);
    const mapped = this.settings.mapping.statuses?.[status];
    if (mapped) {
      const named = states.find((state) => same(state.name, mapped));
      if (!named)
        throw new TrackerRefusedError(
          `Linear team ${team.key} has no workflow state "${mapped}" for ${status} (it has: ${states.map((s) => s.name).join(', ')})`,
        );
      return named.id;
    }
    for (const type of WRITE_TYPES[status]) {
      const typed = states.find((state) => state.type === type);
      if (typed) return typed.id;
    }
    throw new TrackerRefusedError(
      `Linear team ${team.key} has no workflow state of type ${WRITE_TYPES[status].join(' or ')} for ${status} (map one in the target's statuses)`,
    );
  }

  private async input(patch: Partial<SyncedFields>): Promise<LinearDocument.IssueUpdateInput> {
    const input: LinearDocument.IssueUpdateInput = {};
    if (patch.title !== undefined) input.title = patch.title;
    if (patch.priority !== undefined) input.priority = LINEAR_PRIORITIES[patch.priority];
    if (patch.dueDate !== undefined) input.dueDate = patch.dueDate;
    if (patch.status !== undefined) input.stateId = await this.stateId(patch.status);
    return input;
  }

  private read(issue: LinearIssue): RemoteIssue {
    const statuses = this.settings.mapping.statuses ?? {};
    const status =
      (Object.keys(WRITE_TYPES) as Status[]).find(
        (ours) => statuses[ours] && same(statuses[ours]!, issue.state.name),
      ) ??
      READ_TYPES[issue.state.type] ??
      'open';
    const priority =
      (Object.keys(LINEAR_PRIORITIES) as Priority[]).find(
        (ours) => LINEAR_PRIORITIES[ours] === issue.priority,
      ) ?? 'P3';
    return {
      externalId: issue.id,
      key: issue.identifier,
      url: issue.url,
      updatedAt: new Date(issue.updatedAt),
      createdAt: new Date(issue.createdAt),
      description: issue.description ?? '',
      fields: { title: issue.title, status, priority, dueDate: issue.dueDate ?? null },
    };
  }

  async check(): Promise<string> {
    const team = await this.lookup();
    return `Linear team "${team.name}" (${team.key}) is reachable with these credentials`;
  }

  async create(fields: SyncedFields, description: string): Promise<RemoteIssue> {
    const team = await this.lookup();
    const { title: _title, ...rest } = await this.input(fields);
    const created = await this.sdk.createIssue({
      ...rest,
      teamId: team.id,
      title: fields.title,
      description,
      ...(team.labelId ? { labelIds: [team.labelId] } : {}),
    });
    const issue = created.issueId ? await this.get(created.issueId) : null;
    if (!created.success || !issue)
      throw new TrackerRefusedError(`Linear did not create the issue in team ${team.key}`);
    return issue;
  }

  async get(externalId: string): Promise<RemoteIssue | null> {
    try {
      const found = await this.graphql<{ issue: LinearIssue | null }>(ISSUE_DOCUMENT, {
        id: externalId,
      });
      // A deleted issue sits in Linear's trash (restorable for a while), then is gone.
      return found.issue && !found.issue.trashed ? this.read(found.issue) : null;
    } catch (error) {
      if (error instanceof NotFoundInLinear) return null;
      throw error;
    }
  }

  async update(externalId: string, patch: Partial<SyncedFields>): Promise<void> {
    const updated = await this.sdk.updateIssue(externalId, await this.input(patch));
    if (!updated.success)
      throw new TrackerRefusedError(`Linear did not update the issue ${externalId}`);
  }

  async comment(externalId: string, text: string): Promise<void> {
    const created = await this.sdk.createComment({ issueId: externalId, body: text });
    if (!created.success)
      throw new TrackerRefusedError(`Linear did not comment on the issue ${externalId}`);
  }

  /** Every issue of the team matching `filter`, all pages up to READ_CAP. */
  private async issues(filter: LinearDocument.IssueFilter): Promise<RemoteIssue[]> {
    const team = await this.lookup();
    const found: RemoteIssue[] = [];
    let after: string | null | undefined;
    do {
      const page = await this.graphql<IssuePage>(ISSUES_DOCUMENT, {
        filter: { team: { id: { eq: team.id } }, ...filter },
        first: PAGE,
        after,
      });
      found.push(...page.issues.nodes.filter((issue) => !issue.trashed).map((i) => this.read(i)));
      after = page.issues.pageInfo.hasNextPage ? page.issues.pageInfo.endCursor : null;
    } while (after && found.length < READ_CAP);
    return found;
  }

  async findByMarker(marker: string, since: Date): Promise<RemoteIssue | null> {
    const recent = await this.issues({
      createdAt: { gte: since.toISOString() },
      description: { contains: marker },
    });
    return recent.find((issue) => issue.description.includes(marker)) ?? null;
  }

  async changedSince(since: Date | null, limit: number): Promise<RemoteIssue[]> {
    const changed = await this.issues(since ? { updatedAt: { gte: since.toISOString() } } : {});
    return changed.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime()).slice(0, limit);
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
