import type {
  ActivityEntry,
  DeadlineItem,
  DraftResult,
  Postmortem,
  RcaMetrics,
  ReviewChecklist,
  ApiErrorBody,
  BlastRadiusReport,
  Cause,
  CauseState,
  CreateIncidentBody,
  Impact,
  ImpactLevel,
  IncidentDetail,
  IncidentStatus,
  IncidentSummary,
  InstantInput,
  CountedPage,
  Page,
  Service,
  Severity,
  TimelineEvent,
  TimelineKind,
  Vendor,
  VendorComponent,
  Dependency,
  StatusPreview,
  StatusSource,
  StatusSourceFormat,
  VendorIncident,
  CreateExportTargetBody,
  ExportFormat,
  ExportRun,
  ExportTarget,
  ExportVariant,
  UpdateExportTargetBody,
  PollNowResult,
} from '@rca/api-contract';

/** A non-2xx answer of the API, with its error body (docs/api.md) when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.message ?? `The server answered ${status}`);
    this.name = 'ApiError';
  }

  /** Messages per field name ("startedAt" → ["must be …"]), for display next to form fields. */
  get fieldErrors(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const entry of this.body?.errors ?? []) {
      // Nested fields come as "occurredAt.zone"; the form shows them at the top-level field too.
      for (const key of new Set([entry.field, entry.field.split('.')[0]!])) {
        (result[key] ??= []).push(...entry.messages);
      }
    }
    return result;
  }
}

/** A network failure (server down, offline). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(`Could not reach the server (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'NetworkError';
  }
}

/** The signed-in user, as `GET /api/auth/session` and `POST /api/auth/login` return it. */
export interface SessionUser {
  id: string;
  email: string | null;
  displayName: string;
  role: 'viewer' | 'responder' | 'manager' | 'admin';
  teams: Array<{ id: string; name: string }>;
}

interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
}

// The synchronizer token of this browser's session; sent on every state-changing request.
let csrfToken = '';

/** Told when the API answers 401, so the app can show the sign-in page. */
export const UNAUTHENTICATED_EVENT = 'rca:unauthenticated';

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: {
    query?: Query;
    body?: unknown;
    /** A file sent as the body as is (an archive upload), with its media type. */
    upload?: { file: Blob; type: string };
    signal?: AbortSignal;
  } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(withQuery(`/api${path}`, options.query), {
      method,
      headers: {
        Accept: 'application/json',
        ...(method !== 'GET' && csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(options.upload ? { 'Content-Type': options.upload.type } : {}),
      },
      body: options.upload
        ? options.upload.file
        : options.body !== undefined
          ? JSON.stringify(options.body)
          : undefined,
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const body =
      json && typeof json === 'object' && 'message' in json ? (json as ApiErrorBody) : null;
    if (response.status === 401 && !path.startsWith('/auth/')) {
      window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    }
    throw new ApiError(response.status, body);
  }
  return json as T;
}

/** The current session, or null when nobody is signed in. */
export async function currentSession(): Promise<SessionUser | null> {
  // The session sets a readable rca_csrf cookie; without it there is no session to ask about
  // (and no 401 in the console of someone who has not signed in yet).
  if (!document.cookie.split('; ').some((cookie) => cookie.startsWith('rca_csrf='))) return null;
  try {
    const info = await request<SessionInfo>('GET', '/auth/session');
    csrfToken = info.csrfToken;
    return info.user;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/** Whether the server offers single sign-on (OIDC) next to passwords. */
export function signInOptions(): Promise<{ password: boolean; sso: boolean }> {
  return request('GET', '/auth/options');
}

export async function signIn(email: string, password: string): Promise<SessionUser> {
  const info = await request<SessionInfo>('POST', '/auth/login', { body: { email, password } });
  csrfToken = info.csrfToken;
  return info.user;
}

/** Accepts an invitation or the first-run setup link: sets the password and signs in. */
export async function acceptInvitation(body: {
  token: string;
  displayName: string;
  password: string;
  email?: string;
}): Promise<SessionUser> {
  const info = await request<SessionInfo>('POST', '/auth/invitations/accept', { body });
  csrfToken = info.csrfToken;
  return info.user;
}

export async function signOut(): Promise<void> {
  try {
    await request<void>('POST', '/auth/logout');
  } finally {
    csrfToken = '';
  }
}

export interface IncidentFilters {
  status?: string;
  severity?: string;
  service?: string;
  vendor?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  cursor?: string;
  limit?: number;
}

const ref = (reference: string) => encodeURIComponent(reference);

/** Every endpoint the web app uses, in one place. */
export const api = {
  incidents: {
    list: (filters: IncidentFilters, signal?: AbortSignal) =>
      request<Page<IncidentSummary>>('GET', '/incidents', { query: { ...filters }, signal }),
    create: (body: CreateIncidentBody) => request<IncidentDetail>('POST', '/incidents', { body }),
    get: (reference: string, signal?: AbortSignal) =>
      request<IncidentDetail>('GET', `/incidents/${ref(reference)}`, { signal }),
    update: (
      reference: string,
      body: {
        version: number;
        title?: string;
        severity?: Severity;
        summary?: string;
        labels?: string[];
        regions?: string[];
        errorSignatures?: string[];
      },
    ) => request<IncidentDetail>('PATCH', `/incidents/${ref(reference)}`, { body }),
    transition: (
      reference: string,
      body: { to: IncidentStatus; at?: InstantInput; version: number; note?: string },
    ) => request<IncidentDetail>('POST', `/incidents/${ref(reference)}/transitions`, { body }),
    addEvent: (
      reference: string,
      body: { occurredAt: InstantInput; kind: TimelineKind; body: string },
    ) => request<TimelineEvent>('POST', `/incidents/${ref(reference)}/timeline`, { body }),
    editEvent: (
      reference: string,
      id: string,
      body: { occurredAt?: InstantInput; kind?: TimelineKind; body?: string; version: number },
    ) => request<TimelineEvent>('PATCH', `/incidents/${ref(reference)}/timeline/${id}`, { body }),
    deleteEvent: (reference: string, event: TimelineEvent) =>
      request<void>('DELETE', `/incidents/${ref(reference)}/timeline/${event.id}`, {
        query: { version: event.version },
      }),
    addImpact: (
      reference: string,
      body: { service: string; level: ImpactLevel; from: InstantInput; to?: InstantInput },
    ) => request<Impact>('POST', `/incidents/${ref(reference)}/impacts`, { body }),
    decideCause: (reference: string, cause: Cause, state: CauseState) =>
      request<Cause>('PATCH', `/incidents/${ref(reference)}/causes/${cause.id}`, {
        body: { state, version: cause.version },
      }),
    activity: (reference: string, cursor?: string, signal?: AbortSignal) =>
      request<Page<ActivityEntry>>('GET', `/incidents/${ref(reference)}/activity`, {
        query: { cursor, limit: 50 },
        signal,
      }),
  },
  catalog: {
    services: (signal?: AbortSignal) =>
      request<Page<Service>>('GET', '/services', { query: { limit: 200 }, signal }),
    vendors: (signal?: AbortSignal) =>
      request<Page<Vendor>>('GET', '/vendors', { query: { limit: 200 }, signal }),
    components: (vendor: string, signal?: AbortSignal) =>
      request<Page<VendorComponent>>('GET', `/vendors/${encodeURIComponent(vendor)}/components`, {
        query: { limit: 200 },
        signal,
      }),
    blastRadius: (query: { vendor: string; component?: string }, signal?: AbortSignal) =>
      request<BlastRadiusReport>('GET', '/catalog/blast-radius', { query, signal }),
    dependencies: (signal?: AbortSignal) =>
      request<Page<Dependency>>('GET', '/dependencies', { query: { limit: 200 }, signal }),
    vendorIncidents: (vendor: string, cursor?: string, signal?: AbortSignal) =>
      request<Page<VendorIncident>>('GET', `/vendors/${encodeURIComponent(vendor)}/incidents`, {
        query: { limit: 5, cursor },
        signal,
      }),
    /** One vendor incident with every update's earlier texts. */
    vendorIncidentHistory: (vendor: string, id: string, signal?: AbortSignal) =>
      request<VendorIncident>(
        'GET',
        `/vendors/${encodeURIComponent(vendor)}/incidents/${encodeURIComponent(id)}`,
        { query: { history: 'true' }, signal },
      ),
  },
  statusSources: {
    /** One cursor page of sources, oldest first. */
    list: (cursor: string | undefined, signal?: AbortSignal) =>
      request<Page<StatusSource>>('GET', '/status-sources', {
        query: { limit: 200, cursor },
        signal,
      }),
    create: (body: {
      vendorId: string;
      url: string;
      format: StatusSourceFormat;
      pollIntervalSeconds: number;
    }) => request<StatusSource>('POST', '/status-sources', { body }),
    setEnabled: (source: StatusSource, enabled: boolean) =>
      request<StatusSource>('PATCH', `/status-sources/${source.id}`, {
        body: { enabled, version: source.version },
      }),
    preview: (body: { url: string; format: StatusSourceFormat }) =>
      request<StatusPreview>('POST', '/status-sources/preview', { body }),
    pollNow: (source: StatusSource) =>
      request<PollNowResult>('POST', `/status-sources/${source.id}/poll`),
  },
  postmortems: {
    /** The incident's postmortem, or null before it is drafted (an empty list, not a 404). */
    ofIncident: (incidentId: string, signal?: AbortSignal) =>
      request<Page<Postmortem>>('GET', '/postmortems', {
        query: { incidentId, limit: 1 },
        signal,
      }).then((page) => page.items[0] ?? null),
    draft: (incidentId: string) =>
      request<DraftResult>('POST', `/incidents/${incidentId}/postmortem/draft`),
    get: (id: string, signal?: AbortSignal) =>
      request<Postmortem>('GET', `/postmortems/${id}`, { signal }),
    save: (
      id: string,
      body: {
        version: number;
        title?: string;
        owner?: string;
        team?: string;
        requiredReviewers?: string[];
        sections?: Array<{ key: string; markdown?: string; internal?: boolean }>;
      },
    ) => request<Postmortem>('PATCH', `/postmortems/${id}`, { body }),
    move: (id: string, action: 'submit' | 'publish' | 'reopen', version: number) =>
      request<Postmortem>('POST', `/postmortems/${id}/${action}`, { body: { version } }),
    review: (
      id: string,
      body: {
        version: number;
        decision: 'approved' | 'changes_requested';
        checklist: ReviewChecklist;
        comment?: string;
      },
    ) =>
      request<{ postmortem: Postmortem; approvalsMissing: string[] }>(
        'POST',
        `/postmortems/${id}/reviews`,
        { body },
      ),
  },
  deadlines: {
    list: (filters: { team?: string; owner?: string; severity?: string }, signal?: AbortSignal) =>
      request<CountedPage<DeadlineItem> & Page<DeadlineItem>>('GET', '/deadlines', {
        query: { ...filters, limit: 100 },
        signal,
      }),
    metrics: (team: string | undefined, signal?: AbortSignal) =>
      request<RcaMetrics>('GET', '/metrics/rca', { query: { team }, signal }),
  },
};

/** The URL of a pull export (a plain GET: the session cookie is enough for `<a download>`). */
export function exportUrl(postmortemId: string, format: ExportFormat, variant: ExportVariant) {
  return withQuery(`/api/postmortems/${postmortemId}/export`, { format, variant });
}

/** Rows a page of the export lists asks for (cursor pages, docs/api.md). */
export const EXPORT_PAGE_SIZE = 50;

export const exportsApi = {
  targets: (cursor: string | undefined, signal?: AbortSignal, limit = EXPORT_PAGE_SIZE) =>
    request<Page<ExportTarget>>('GET', '/export-targets', { query: { cursor, limit }, signal }),
  /** Every target, page after page (for pickers that need them all, not for tables). */
  allTargets: async (signal?: AbortSignal) => {
    const items: ExportTarget[] = [];
    for (let cursor: string | undefined; ;) {
      const result = await exportsApi.targets(cursor, signal, 200);
      items.push(...result.items);
      if (!result.nextCursor) return items;
      cursor = result.nextCursor;
    }
  },
  createTarget: (body: CreateExportTargetBody) =>
    request<ExportTarget>('POST', '/export-targets', { body }),
  updateTarget: (target: ExportTarget, patch: Omit<UpdateExportTargetBody, 'version'>) =>
    request<ExportTarget>('PATCH', `/export-targets/${target.id}`, {
      body: { ...patch, version: target.version },
    }),
  deleteTarget: (target: ExportTarget) => request<void>('DELETE', `/export-targets/${target.id}`),
  runs: (postmortemId: string, cursor: string | undefined, signal?: AbortSignal) =>
    request<Page<ExportRun>>('GET', '/export-runs', {
      query: { postmortemId, cursor, limit: EXPORT_PAGE_SIZE },
      signal,
    }),
  push: (postmortemId: string, body: { targetId?: string; force?: boolean }) =>
    request<ExportRun[]>('POST', `/postmortems/${postmortemId}/exports`, { body }),
};

/**
 * POST to a route that answers with server-sent events (an AI suggestion): each event's JSON
 * `data` is handed to `onEvent` as it arrives. A refusal before the stream (4xx/5xx JSON) throws
 * ApiError like `request`; a stream that stops without its last event throws NetworkError.
 */
export async function postEventStream<E>(
  path: string,
  onEvent: (event: E) => void,
  signal?: AbortSignal,
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: 'POST',
      headers: {
        Accept: 'text/event-stream',
        ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}),
      },
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
  if (!response.ok || !response.body) {
    const text = await response.text();
    let body: ApiErrorBody | null = null;
    try {
      const json = JSON.parse(text);
      if (json && typeof json === 'object' && 'message' in json) body = json as ApiErrorBody;
    } catch {
      body = null;
    }
    if (response.status === 401) window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
    throw new ApiError(response.status, body);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trimStart())
          .join('\n');
        if (data) onEvent(JSON.parse(data) as E);
        end = buffer.indexOf('\n\n');
      }
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
}
