/**
 * CONTRACT TEST SERVER — Linear is a hosted service only (no server to install, no network
 * here), so the Linear connector is tested against this loopback server shaped like Linear's
 * documented GraphQL API: POST /graphql with { query, variables }, `Authorization: <API key>`,
 * answers { data } or { errors: [{ message, extensions: { type, code, userPresentableMessage } }] }.
 * Every document is parsed, validated and executed by graphql-js against a schema that is a
 * small, faithful subset of Linear's (same type, field, argument and input names), so a malformed
 * or unknown query fails here as it would there. Failure modes as Linear documents them:
 * authentication errors (HTTP 400, type "authentication error"), rate limiting (code RATELIMITED
 * with HTTP 400, or 429; X-RateLimit-Requests-Reset in epoch milliseconds), "Entity not found"
 * for an issue that does not exist, Relay pagination with pageInfo and a page-size cap. What it
 * proves is that the product speaks that contract, not how Linear's servers behave beyond it.
 *
 * The test edits issues "in Linear" through the helpers (state, fields, trash, delete); each
 * bumps the issue's updatedAt, as Linear does.
 */
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildSchema, graphql, GraphQLError } from 'graphql';

const SCHEMA = buildSchema(`
  scalar DateTime
  scalar TimelessDate

  enum PaginationOrderBy { createdAt updatedAt }

  type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }

  type WorkflowState { id: ID! name: String! type: String! position: Float! color: String! }
  type WorkflowStateConnection { nodes: [WorkflowState!]! pageInfo: PageInfo! }
  type IssueLabel { id: ID! name: String! }
  type IssueLabelConnection { nodes: [IssueLabel!]! pageInfo: PageInfo! }
  type Team {
    id: ID!
    key: String!
    name: String!
    states(first: Int, after: String): WorkflowStateConnection!
    labels(first: Int, after: String): IssueLabelConnection!
  }
  type TeamConnection { nodes: [Team!]! pageInfo: PageInfo! }
  type Comment { id: ID! body: String! }
  type CommentConnection { nodes: [Comment!]! pageInfo: PageInfo! }
  type Issue {
    id: ID!
    identifier: String!
    number: Float!
    url: String!
    title: String!
    description: String
    priority: Float!
    priorityLabel: String!
    dueDate: TimelessDate
    createdAt: DateTime!
    updatedAt: DateTime!
    archivedAt: DateTime
    trashed: Boolean
    state: WorkflowState!
    team: Team!
    labelIds: [String!]!
    labels(first: Int, after: String): IssueLabelConnection!
    comments(first: Int, after: String): CommentConnection!
  }
  type IssueConnection { nodes: [Issue!]! pageInfo: PageInfo! }
  type IssuePayload { lastSyncId: Float! success: Boolean! issue: Issue }
  type CommentPayload { lastSyncId: Float! success: Boolean! comment: Comment! }

  input IDComparator { eq: ID neq: ID in: [ID!] }
  input StringComparator { eq: String eqIgnoreCase: String contains: String in: [String!] }
  input NullableStringComparator { eq: String contains: String null: Boolean }
  input DateComparator { eq: DateTime gt: DateTime gte: DateTime lt: DateTime lte: DateTime }
  input TeamFilter { id: IDComparator key: StringComparator }
  input IssueFilter {
    team: TeamFilter
    createdAt: DateComparator
    updatedAt: DateComparator
    description: NullableStringComparator
    and: [IssueFilter!]
  }
  input IssueCreateInput {
    teamId: String!
    title: String
    description: String
    priority: Int
    dueDate: TimelessDate
    stateId: String
    labelIds: [String!]
  }
  input IssueUpdateInput {
    title: String
    description: String
    priority: Int
    dueDate: TimelessDate
    stateId: String
    labelIds: [String!]
  }
  input CommentCreateInput { issueId: String body: String }

  type Query {
    teams(filter: TeamFilter, first: Int, after: String, includeArchived: Boolean): TeamConnection!
    team(id: String!): Team!
    issue(id: String!): Issue!
    issues(
      filter: IssueFilter
      first: Int
      after: String
      orderBy: PaginationOrderBy
      includeArchived: Boolean
    ): IssueConnection!
  }
  type Mutation {
    issueCreate(input: IssueCreateInput!): IssuePayload!
    issueUpdate(id: String!, input: IssueUpdateInput!): IssuePayload!
    commentCreate(input: CommentCreateInput!): CommentPayload!
  }
`);

export interface LinearState {
  id: string;
  name: string;
  type: 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled';
  position: number;
}
export interface LinearLabel {
  id: string;
  name: string;
}
export interface StoredIssue {
  id: string;
  number: number;
  identifier: string;
  title: string;
  description: string | null;
  priority: number;
  dueDate: string | null;
  stateId: string;
  labelIds: string[];
  comments: Array<{ id: string; body: string }>;
  createdAt: Date;
  updatedAt: Date;
  trashed: boolean;
}
export interface ReceivedGraphQL {
  headers: IncomingMessage['headers'];
  query: string;
  variables: Record<string, unknown>;
}

const PRIORITY_LABELS = ['No priority', 'Urgent', 'High', 'Medium', 'Low'];
/** Linear caps `first` at 250. */
const MAX_PAGE = 250;

const linearError = (message: string, type: string, code: string, userMessage?: string) =>
  new GraphQLError(message, {
    extensions: { type, code, userError: true, userPresentableMessage: userMessage ?? message },
  });

export class LinearContractServer {
  readonly apiKey = `lin_api_${randomUUID().replace(/-/g, '')}`;
  readonly team = { id: randomUUID(), key: 'OPS', name: 'Operations' };
  readonly states: LinearState[] = [
    { id: randomUUID(), name: 'Triage', type: 'triage', position: -1 },
    { id: randomUUID(), name: 'Backlog', type: 'backlog', position: 0 },
    { id: randomUUID(), name: 'Todo', type: 'unstarted', position: 1 },
    { id: randomUUID(), name: 'In Progress', type: 'started', position: 2 },
    { id: randomUUID(), name: 'In Review', type: 'started', position: 3 },
    { id: randomUUID(), name: 'Done', type: 'completed', position: 4 },
    { id: randomUUID(), name: 'Canceled', type: 'canceled', position: 5 },
    { id: randomUUID(), name: 'Duplicate', type: 'canceled', position: 6 },
  ];
  readonly labels: LinearLabel[] = [
    { id: randomUUID(), name: 'Bug' },
    { id: randomUUID(), name: 'Postmortem' },
  ];
  readonly issues = new Map<string, StoredIssue>();
  readonly received: ReceivedGraphQL[] = [];
  /** Largest page of issues the server hands out (Linear: 250); lower it to make a test page. */
  pageCap = MAX_PAGE;
  private raw: Array<{ status: number; body: string; contentType: string }> = [];
  private rateLimited: Array<{ status: 400 | 429; resetInMs: number; retryAfter?: string }> = [];
  private server?: Server;
  private lastStamp = 0;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The next `count` requests are refused as rate limited (HTTP 400 + RATELIMITED, or 429). */
  rateLimitNext(
    count: number,
    options: { status?: 400 | 429; resetInMs?: number; retryAfter?: string } = {},
  ) {
    for (let index = 0; index < count; index++)
      this.rateLimited.push({
        status: options.status ?? 400,
        resetInMs: options.resetInMs ?? 30_000,
        retryAfter: options.retryAfter,
      });
  }

  /** The next request is answered with exactly this (a proxy's error page, an outage). */
  answerNext(status: number, body: string, contentType = 'text/html'): void {
    this.raw.push({ status, body, contentType });
  }

  /** A strictly increasing clock: two edits in one millisecond still order. */
  private stamp(): Date {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp);
  }

  stateNamed(name: string): LinearState {
    const state = this.states.find((candidate) => candidate.name === name);
    if (!state) throw new Error(`no state ${name}`);
    return state;
  }
  issue(id: string): StoredIssue {
    const issue = this.issues.get(id);
    if (!issue) throw new Error(`no issue ${id}`);
    return issue;
  }
  stateOf(id: string): LinearState {
    return this.states.find((state) => state.id === this.issue(id).stateId)!;
  }
  labelNames(id: string): string[] {
    return this.issue(id).labelIds.map(
      (labelId) => this.labels.find((l) => l.id === labelId)!.name,
    );
  }
  /** Someone moves the issue to another workflow state in Linear. */
  moveTo(id: string, stateName: string): void {
    this.edit(id, { stateId: this.stateNamed(stateName).id });
  }
  /** Someone edits the issue in Linear. */
  edit(
    id: string,
    patch: Partial<Pick<StoredIssue, 'title' | 'priority' | 'dueDate' | 'stateId' | 'description'>>,
  ): void {
    Object.assign(this.issue(id), patch, { updatedAt: this.stamp() });
  }
  /** Someone deletes the issue in Linear: it goes to the trash (restorable for 30 days). */
  trash(id: string): void {
    this.edit(id, {});
    this.issue(id).trashed = true;
  }
  /** The issue is gone for good (purged from the trash): issue(id) answers Entity not found. */
  purge(id: string): void {
    this.issues.delete(id);
  }
  /** An issue made in Linear directly (not through the product). */
  createDirectly(input: { title: string; description?: string; stateName?: string }): StoredIssue {
    return this.insert({
      title: input.title,
      description: input.description ?? null,
      stateId: input.stateName ? this.stateNamed(input.stateName).id : undefined,
    });
  }

  private insert(input: {
    title?: string | null;
    description?: string | null;
    priority?: number | null;
    dueDate?: string | null;
    stateId?: string | null;
    labelIds?: string[] | null;
  }): StoredIssue {
    const number = this.issues.size + 1;
    const now = this.stamp();
    const defaultState = this.states.find((state) => state.type === 'unstarted')!;
    const issue: StoredIssue = {
      id: randomUUID(),
      number,
      identifier: `${this.team.key}-${number}`,
      title: input.title ?? '',
      description: input.description ?? null,
      priority: input.priority ?? 0,
      dueDate: input.dueDate ?? null,
      stateId: input.stateId ?? defaultState.id,
      labelIds: input.labelIds ?? [],
      comments: [],
      createdAt: now,
      updatedAt: now,
      trashed: false,
    };
    this.issues.set(issue.id, issue);
    return issue;
  }

  // --- GraphQL ------------------------------------------------------------------------------------

  private connection<T>(
    items: T[],
    first: number | null | undefined,
    after: string | null | undefined,
    cap = MAX_PAGE,
  ) {
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const size = Math.min(first ?? 50, cap);
    const nodes = items.slice(start, start + size);
    const end = start + nodes.length;
    return {
      nodes,
      pageInfo: {
        hasNextPage: end < items.length,
        hasPreviousPage: start > 0,
        startCursor: nodes.length ? Buffer.from(String(start)).toString('base64url') : null,
        endCursor: nodes.length ? Buffer.from(String(end)).toString('base64url') : null,
      },
    };
  }

  private teamView() {
    return {
      ...this.team,
      states: (args: { first?: number; after?: string }) =>
        this.connection(this.states, args.first, args.after),
      labels: (args: { first?: number; after?: string }) =>
        this.connection(this.labels, args.first, args.after),
    };
  }

  private issueView(issue: StoredIssue) {
    return {
      id: issue.id,
      identifier: issue.identifier,
      number: issue.number,
      url: `https://linear.app/rca-test/issue/${issue.identifier}/${issue.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 40)}`,
      title: issue.title,
      description: issue.description,
      priority: issue.priority,
      priorityLabel: PRIORITY_LABELS[issue.priority] ?? 'No priority',
      dueDate: issue.dueDate,
      createdAt: issue.createdAt.toISOString(),
      updatedAt: issue.updatedAt.toISOString(),
      archivedAt: issue.trashed ? issue.updatedAt.toISOString() : null,
      trashed: issue.trashed || null,
      state: this.states.find((state) => state.id === issue.stateId),
      team: this.teamView(),
      labelIds: issue.labelIds,
      labels: (args: { first?: number; after?: string }) =>
        this.connection(
          this.labels.filter((label) => issue.labelIds.includes(label.id)),
          args.first,
          args.after,
        ),
      comments: (args: { first?: number; after?: string }) =>
        this.connection(issue.comments, args.first, args.after),
    };
  }

  private matches(issue: StoredIssue, filter: IssueFilter | undefined): boolean {
    if (!filter) return true;
    if (filter.team?.id?.eq && filter.team.id.eq !== this.team.id) return false;
    if (filter.team?.key?.eq && filter.team.key.eq !== this.team.key) return false;
    const date = (value: Date, comparator?: DateComparator) =>
      !comparator ||
      ((comparator.gte === undefined || value >= new Date(comparator.gte)) &&
        (comparator.gt === undefined || value > new Date(comparator.gt)) &&
        (comparator.lte === undefined || value <= new Date(comparator.lte)) &&
        (comparator.lt === undefined || value < new Date(comparator.lt)));
    if (!date(issue.createdAt, filter.createdAt) || !date(issue.updatedAt, filter.updatedAt))
      return false;
    if (
      filter.description?.contains !== undefined &&
      !(issue.description ?? '').includes(filter.description.contains)
    )
      return false;
    return (filter.and ?? []).every((part) => this.matches(issue, part));
  }

  private valid(input: {
    priority?: number | null;
    dueDate?: string | null;
    stateId?: string | null;
    labelIds?: string[] | null;
  }) {
    if (input.priority != null && (input.priority < 0 || input.priority > 4))
      throw linearError(
        'Argument Validation Error',
        'invalid input',
        'INVALID_INPUT',
        'priority must be between 0 and 4',
      );
    if (input.dueDate != null && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate))
      throw linearError(
        'Argument Validation Error',
        'invalid input',
        'INVALID_INPUT',
        'dueDate must be a date',
      );
    if (input.stateId != null && !this.states.some((state) => state.id === input.stateId))
      throw linearError(
        'Entity not found: WorkflowState',
        'invalid input',
        'INPUT_ERROR',
        'Could not find referenced WorkflowState.',
      );
    for (const labelId of input.labelIds ?? [])
      if (!this.labels.some((label) => label.id === labelId))
        throw linearError(
          'Entity not found: IssueLabel',
          'invalid input',
          'INPUT_ERROR',
          'Could not find referenced IssueLabel.',
        );
  }

  private readonly root = {
    teams: (args: {
      filter?: { key?: { eq?: string; eqIgnoreCase?: string } };
      first?: number;
      after?: string;
    }) => {
      const key = args.filter?.key;
      const teams =
        (key?.eq !== undefined && key.eq !== this.team.key) ||
        (key?.eqIgnoreCase !== undefined &&
          key.eqIgnoreCase.toLowerCase() !== this.team.key.toLowerCase())
          ? []
          : [this.teamView()];
      return this.connection(teams, args.first, args.after);
    },
    team: ({ id }: { id: string }) => {
      if (id !== this.team.id && id !== this.team.key)
        throw linearError(
          'Entity not found: Team',
          'invalid input',
          'INPUT_ERROR',
          'Could not find referenced Team.',
        );
      return this.teamView();
    },
    issue: ({ id }: { id: string }) => {
      const issue =
        this.issues.get(id) ?? [...this.issues.values()].find((i) => i.identifier === id);
      if (!issue)
        throw linearError(
          'Entity not found: Issue',
          'invalid input',
          'INPUT_ERROR',
          'Could not find referenced Issue.',
        );
      return this.issueView(issue);
    },
    issues: (args: {
      filter?: IssueFilter;
      first?: number;
      after?: string;
      includeArchived?: boolean;
    }) => {
      // Linear answers orderBy updatedAt newest first.
      const found = [...this.issues.values()]
        .filter(
          (issue) => (args.includeArchived || !issue.trashed) && this.matches(issue, args.filter),
        )
        .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime());
      const page = this.connection(found, args.first, args.after, this.pageCap);
      return { ...page, nodes: page.nodes.map((issue) => this.issueView(issue)) };
    },
    issueCreate: ({ input }: { input: IssueInput & { teamId: string } }) => {
      if (input.teamId !== this.team.id)
        throw linearError(
          'Entity not found: Team',
          'invalid input',
          'INPUT_ERROR',
          'Could not find referenced Team.',
        );
      this.valid(input);
      const issue = this.insert(input);
      return { lastSyncId: this.lastStamp, success: true, issue: this.issueView(issue) };
    },
    issueUpdate: ({ id, input }: { id: string; input: IssueInput }) => {
      const issue = this.issues.get(id);
      if (!issue || issue.trashed)
        throw linearError(
          'Entity not found: Issue',
          'invalid input',
          'INPUT_ERROR',
          'Could not find referenced Issue.',
        );
      this.valid(input);
      const patch = Object.fromEntries(
        Object.entries(input).filter(([, value]) => value !== undefined),
      );
      Object.assign(issue, patch, { updatedAt: this.stamp() });
      return { lastSyncId: this.lastStamp, success: true, issue: this.issueView(issue) };
    },
    commentCreate: ({ input }: { input: { issueId?: string; body?: string } }) => {
      const issue = input.issueId ? this.issues.get(input.issueId) : undefined;
      if (!issue)
        throw linearError(
          'Entity not found: Issue',
          'invalid input',
          'INPUT_ERROR',
          'Could not find referenced Issue.',
        );
      const comment = { id: randomUUID(), body: input.body ?? '' };
      issue.comments.push(comment);
      return { lastSyncId: this.lastStamp, success: true, comment };
    },
  };

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== '/graphql')
      return send(404, { errors: [{ message: 'Not found' }] });
    let body: { query?: unknown; variables?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, {
        errors: [
          {
            message: 'Body is not JSON',
            extensions: { type: 'graphql error', code: 'BAD_REQUEST' },
          },
        ],
      });
    }
    const query = typeof body.query === 'string' ? body.query : '';
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    this.received.push({ headers: request.headers, query, variables });

    const raw = this.raw.shift();
    if (raw) {
      response.writeHead(raw.status, { 'content-type': raw.contentType });
      return void response.end(raw.body);
    }
    const limited = this.rateLimited.shift();
    if (limited) {
      const headers: Record<string, string> = {
        'x-ratelimit-requests-limit': '1500',
        'x-ratelimit-requests-remaining': '0',
        'x-ratelimit-requests-reset': String(Date.now() + limited.resetInMs),
        ...(limited.retryAfter ? { 'retry-after': limited.retryAfter } : {}),
      };
      return send(
        limited.status,
        {
          errors: [
            {
              message: 'Rate limit exceeded',
              extensions: {
                type: 'ratelimited',
                code: 'RATELIMITED',
                userPresentableMessage: 'Rate limit exceeded. Please try again later.',
              },
            },
          ],
        },
        headers,
      );
    }
    if (request.headers.authorization !== this.apiKey)
      return send(400, {
        errors: [
          {
            message: 'Authentication required, not authenticated',
            extensions: {
              type: 'authentication error',
              code: 'AUTHENTICATION_ERROR',
              userPresentableMessage: 'You need to authenticate to access this operation.',
            },
          },
        ],
      });

    const result = await graphql({
      schema: SCHEMA,
      source: query,
      rootValue: this.root,
      variableValues: variables,
    });
    const validationFailed = !result.data && result.errors?.some((error) => !error.path);
    send(validationFailed ? 400 : 200, {
      ...(result.data === undefined ? {} : { data: result.data }),
      ...(result.errors
        ? {
            errors: result.errors.map((error) => ({
              message: error.message,
              path: error.path,
              extensions:
                error.extensions && Object.keys(error.extensions).length
                  ? error.extensions
                  : {
                      type: 'graphql error',
                      code: 'GRAPHQL_VALIDATION_FAILED',
                      userPresentableMessage: error.message,
                    },
            })),
          }
        : {}),
    });
  }
}

interface DateComparator {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
}
interface IssueFilter {
  team?: { id?: { eq?: string }; key?: { eq?: string } };
  createdAt?: DateComparator;
  updatedAt?: DateComparator;
  description?: { contains?: string };
  and?: IssueFilter[];
}
interface IssueInput {
  title?: string | null;
  description?: string | null;
  priority?: number | null;
  dueDate?: string | null;
  stateId?: string | null;
  labelIds?: string[] | null;
}

export async function startLinear(): Promise<LinearContractServer> {
  return new LinearContractServer().start();
}
