import { Controller, Get, Module, Post, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_RULE, AccessRule, Role, ROLES, SCOPES, UNPREFIXED_ROUTES } from '@rca/shared';
import { HttpSession, signIn } from './http-session';
import { createTestApp, TestApp } from './test-context';

/**
 * Every route that may be called without credentials. Adding a @Public() route means adding it
 * here, in review, on purpose.
 */
const PUBLIC_ROUTES = [
  'GET /healthz',
  'GET /readyz',
  'GET /metrics', // METRICS_PUBLIC=true (default); see the METRICS_PUBLIC=false test below
  'GET /api/auth/options', // tells the sign-in page whether single sign-on is configured
  'POST /api/auth/login',
  'POST /api/auth/invitations/accept',
  'GET /api/auth/oidc/login',
  'GET /api/auth/oidc/callback',
  // Called by Slack; each request must carry Slack's v0 signature (libs/slack, docs/slack.md).
  'POST /api/slack/commands',
  'POST /api/slack/interactions',
  // Called by GitHub, Jira or Linear; each request must carry the target's HMAC (docs/trackers.md).
  'POST /api/tracker-webhooks/:id',
];

interface RouteInfo {
  method: string;
  path: string;
  url: string;
  rule: AccessRule | undefined;
  handler: string;
}

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000';

/** The route table, from Nest's own module container: every controller method of the app. */
function routeTable(sut: TestApp): RouteInfo[] {
  const routes: RouteInfo[] = [];
  const unprefixed = new Set(UNPREFIXED_ROUTES.map((route) => route.path));
  for (const module of sut.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller) continue;
      const base: string | string[] = Reflect.getMetadata(PATH_METADATA, controller) ?? '';
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const subPath: string | string[] | undefined = Reflect.getMetadata(PATH_METADATA, handler);
        if (subPath === undefined) continue;
        const method =
          RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const rule =
          Reflect.getMetadata(ACCESS_RULE, handler) ?? Reflect.getMetadata(ACCESS_RULE, controller);
        for (const b of [base].flat())
          for (const s of [subPath].flat()) {
            const joined = [b, s]
              .filter((part) => part && part !== '/')
              .join('/')
              .replace(/^\/+|\/+$/g, '');
            const path = unprefixed.has(joined) ? `/${joined}` : `/api/${joined}`;
            const url = path
              .replace(/:[A-Za-z0-9_]+/g, SAMPLE_ID)
              .replace(/\{?\*[A-Za-z0-9_]+\}?/g, 'x');
            routes.push({ method, path, url, rule, handler: `${controller.name}.${name}` });
          }
      }
    }
  }
  return routes;
}

function call(
  sut: TestApp,
  route: RouteInfo,
  session?: HttpSession,
  headers: Record<string, string> = {},
) {
  const body = ['GET', 'HEAD', 'DELETE'].includes(route.method) ? undefined : {};
  if (session) return session.request(route.method, route.url, { body, headers });
  return fetch(`${sut.url}${route.url}`, {
    method: route.method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    redirect: 'manual',
  });
}

describe('every route declares who may call it, and the guard enforces it', () => {
  let sut: TestApp;
  let routes: RouteInfo[];
  const sessions = new Map<Role, HttpSession>();

  beforeAll(async () => {
    sut = await createTestApp({ env: { AUTH_RATE_LIMIT: '100000' } });
    routes = routeTable(sut);
    for (const role of ROLES) {
      const user = await sut.factories.newUser({ role });
      sessions.set(role, await signIn(sut.url, user.email!));
    }
  });
  afterAll(() => sut.close());

  it('finds the routes (the walker itself works) and every OpenAPI operation among them', async () => {
    expect(routes.length).toBeGreaterThan(15);
    const document = await (await fetch(`${sut.url}/api/openapi.json`)).json();
    const known = new Set(
      routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`),
    );
    for (const [path, operations] of Object.entries<Record<string, unknown>>(document.paths))
      for (const method of Object.keys(operations))
        expect(known).toContain(`${method.toUpperCase()} ${path}`);
  });

  it('every route carries an access declaration', () => {
    const undeclared = routes
      .filter((route) => !route.rule)
      .map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(undeclared).toEqual([]);
  });

  it('public routes are exactly the reviewed list', () => {
    const open = routes
      .filter((route) => route.rule?.kind === 'public' || route.rule?.kind === 'metrics')
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(open).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every other route answers 401 without credentials', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.rule?.kind === 'authenticated')) {
      const response = await call(sut, route);
      if (response.status !== 401)
        failures.push(`${route.method} ${route.path}: ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('every route answers 403 to a session whose role is just below its requirement', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const rule = route.rule;
      if (rule?.kind !== 'authenticated' || rule.role === 'viewer') continue;
      const below = ROLES[ROLES.indexOf(rule.role) - 1];
      const response = await call(sut, route, sessions.get(below));
      checked += 1;
      if (response.status !== 403)
        failures.push(`${route.method} ${route.path} as ${below}: ${response.status}`);
    }
    expect(checked).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  it('every route answers 403 to an API token without its scope (or to any token if session-only)', async () => {
    const admin = await sut.factories.newUser({ role: 'admin' });
    const failures: string[] = [];
    for (const route of routes) {
      const rule = route.rule;
      if (rule?.kind !== 'authenticated') continue;
      // Strongest owner, every scope but the one the route needs (and `admin`, which implies all).
      const scopes = SCOPES.filter((scope) => scope !== rule.scope && scope !== 'admin');
      const { secret } = await sut.factories.newToken(admin, scopes);
      const response = await call(sut, route, undefined, { authorization: `Bearer ${secret}` });
      if (response.status !== 403)
        failures.push(`${route.method} ${route.path}: ${response.status}`);
    }
    expect(failures).toEqual([]);
  });
});

@Controller('forgotten')
class ForgottenController {
  @Get()
  read() {
    return { secret: 'should never be served' };
  }

  @Post()
  write() {
    return { changed: true };
  }
}
@Module({ controllers: [ForgottenController] })
class ForgottenModule {}

describe('a route without a declaration (fail closed)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp({ imports: [ForgottenModule] });
  });
  afterAll(() => sut.close());

  it('is refused even to an admin, and the route-table walk reports it', async () => {
    const admin = await sut.factories.newUser({ role: 'admin' });
    const session = await signIn(sut.url, admin.email!);
    const read = await session.request('GET', '/api/forgotten');
    expect(read.status).toBe(403);
    expect(JSON.stringify(await read.json())).not.toContain('should never be served');
    expect((await session.request('POST', '/api/forgotten', { body: {} })).status).toBe(403);
    expect((await fetch(`${sut.url}/api/forgotten`)).status).toBe(403);
    const undeclared = routeTable(sut).filter((route) => !route.rule);
    expect(undeclared.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      'GET /api/forgotten',
      'POST /api/forgotten',
    ]);
  });
});

describe('METRICS_PUBLIC=false', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp({ env: { METRICS_PUBLIC: 'false' } });
  });
  afterAll(() => sut.close());

  it('/metrics needs a read:metrics token or an admin session', async () => {
    expect((await fetch(`${sut.url}/metrics`)).status).toBe(401);
    const viewer = await sut.factories.newUser({ role: 'viewer' });
    const admin = await sut.factories.newUser({ role: 'admin' });
    expect((await (await signIn(sut.url, viewer.email!)).request('GET', '/metrics')).status).toBe(
      403,
    );
    expect((await (await signIn(sut.url, admin.email!)).request('GET', '/metrics')).status).toBe(
      200,
    );
    const { secret } = await sut.factories.newToken(viewer, ['read:metrics']);
    const scrape = await fetch(`${sut.url}/metrics`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toContain('http_request_duration_seconds');
    const { secret: other } = await sut.factories.newToken(viewer, ['read:incidents']);
    expect(
      (await fetch(`${sut.url}/metrics`, { headers: { authorization: `Bearer ${other}` } })).status,
    ).toBe(403);
    // Health checks stay open for load balancers.
    expect((await fetch(`${sut.url}/healthz`)).status).toBe(200);
  });
});

/**
 * Private incidents: for every OpenAPI route that addresses an incident or a postmortem (or
 * anything under them), a manager outside the owning team gets 404 — as if it did not exist —
 * and changes nothing, while a manager of the team and an admin get their normal answer (the
 * same one). Writes carry a valid body with a stale version where they take one, so the members'
 * calls reach the record (409) without changing it.
 */
const ADDRESSES_A_RECORD =
  /^\/api\/(incidents\/\{(ref|incidentId)\}|postmortems\/\{id\}|meetings\/\{id\}|action-items\/\{id\}|export-runs\/\{id\}|status-sources\/suggestions\/\{causeId\})/;
const STALE = 999_999;
const ALL_CHECKED = {
  keyDataCollected: true,
  impactComplete: true,
  rootCauseDeepEnough: true,
  actionsAppropriate: true,
  sharedWithStakeholders: true,
};

describe('private incidents: every route that addresses one answers 404 to outsiders', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await createTestApp({ env: { AUTH_RATE_LIMIT: '100000' } });
  });
  afterAll(() => sut.close());

  it('outsiders get 404 and change nothing; the team and admins get their normal answer', async () => {
    const team = await sut.factories.newTeam();
    const otherTeam = await sut.factories.newTeam();
    const member = await sut.factories.newUser({ role: 'manager', teams: [team] });
    const outsider = await sut.factories.newUser({ role: 'manager', teams: [otherTeam] });
    const admin = await sut.factories.newUser({ role: 'admin' });
    const service = await sut.factories.newService();
    const vendor = await sut.factories.newVendor();
    const incident = await sut.factories.newIncident({
      teamId: team.id,
      private: true,
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T17:06:00Z'),
    });
    const impact = await sut.factories.newImpact({
      incidentId: incident.id,
      serviceId: service.id,
    });
    const event = await sut.factories.newTimelineEvent({ incidentId: incident.id });
    const cause = await sut.factories.newCause({
      incidentId: incident.id,
      vendorId: vendor.id,
      state: 'suggested',
    });
    const sessions = {
      outsider: await signIn(sut.url, outsider.email!),
      member: await signIn(sut.url, member.email!),
      admin: await signIn(sut.url, admin.email!),
    };
    const drafted = await sessions.admin.request(
      'POST',
      `/api/incidents/${incident.id}/postmortem/draft`,
      { body: {} },
    );
    expect(drafted.status).toBe(201);
    const postmortem = { id: ((await drafted.json()) as { postmortemId: string }).postmortemId };
    const item = await (
      await sessions.admin.request('POST', `/api/postmortems/${postmortem.id}/action-items`, {
        body: { title: 'Add a second CDN', type: 'prevent' },
      })
    ).json();
    const meetingBody = {
      startsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      durationMinutes: 30,
      zone: 'UTC',
      participants: [{ email: admin.email! }],
    };
    const meeting = await (
      await sessions.admin.request('POST', `/api/postmortems/${postmortem.id}/meetings`, {
        body: meetingBody,
      })
    ).json();
    await sut.factories.newExportTarget();
    const run = await sut.factories.newExportRun({ postmortemId: postmortem.id });

    const values: Record<string, string> = {
      ref: incident.reference,
      incidentId: incident.id,
      causeId: cause.id,
      number: '1',
      key: 'summary',
    };
    const idOf = (path: string) =>
      path.startsWith('/api/postmortems/')
        ? postmortem.id
        : path.startsWith('/api/action-items/')
          ? item.id
          : path.startsWith('/api/meetings/')
            ? meeting.id
            : path.startsWith('/api/export-runs/')
              ? run.id
              : path.includes('/impacts/')
                ? impact.id
                : path.includes('/timeline/')
                  ? event.id
                  : cause.id;
    // Valid requests; `version` is stale on purpose. Routes not listed are GETs without input.
    const requests: Record<string, { body?: unknown; query?: string }> = {
      'PATCH /api/incidents/{ref}': { body: { version: STALE, title: 'Renamed' } },
      'POST /api/incidents/{ref}/transitions': { body: { to: 'closed', version: STALE } },
      'POST /api/incidents/{ref}/visibility': { body: { version: STALE, private: false } },
      'POST /api/incidents/{ref}/impacts': {
        body: { service: service.slug, level: 'degraded', from: '2025-11-18T11:30:00Z' },
      },
      'PATCH /api/incidents/{ref}/impacts/{id}': { body: { version: STALE, note: 'x' } },
      'DELETE /api/incidents/{ref}/impacts/{id}': { query: `version=${STALE}` },
      'POST /api/incidents/{ref}/timeline': {
        body: { occurredAt: '2025-11-18T11:40:00Z', kind: 'note', body: 'A note' },
      },
      'PATCH /api/incidents/{ref}/timeline/{id}': { body: { version: STALE, body: 'Edited' } },
      'DELETE /api/incidents/{ref}/timeline/{id}': { query: `version=${STALE}` },
      'POST /api/incidents/{ref}/causes': { body: { vendor: vendor.slug, state: 'rejected' } },
      'PATCH /api/incidents/{ref}/causes/{id}': { body: { version: STALE, explanation: 'x' } },
      'DELETE /api/incidents/{ref}/causes/{id}': { query: `version=${STALE}` },
      'POST /api/status-sources/suggestions/{causeId}/accept': { body: { version: STALE } },
      'POST /api/status-sources/suggestions/{causeId}/reject': { body: { version: STALE } },
      'POST /api/incidents/{incidentId}/postmortem/draft': { body: {} },
      'PATCH /api/postmortems/{id}': { body: { version: STALE, title: 'Renamed' } },
      'POST /api/postmortems/{id}/submit': { body: { version: STALE } },
      'POST /api/postmortems/{id}/publish': { body: { version: STALE } },
      'POST /api/postmortems/{id}/reopen': { body: { version: STALE } },
      'POST /api/postmortems/{id}/reviews': {
        body: { version: STALE, decision: 'approved', checklist: ALL_CHECKED },
      },
      'POST /api/postmortems/{id}/action-items': { body: { title: 'Alert', type: 'detect' } },
      'POST /api/postmortems/{id}/meetings': { body: meetingBody },
      'PATCH /api/meetings/{id}': { body: { version: STALE, notes: 'Decided' } },
      'POST /api/meetings/{id}/cancel': { body: { version: STALE } },
      'PATCH /api/action-items/{id}': { body: { version: STALE, title: 'Renamed' } },
      'DELETE /api/action-items/{id}': { query: `version=${STALE}` },
      'POST /api/action-items/{id}/tracker-link': { body: {} },
      'POST /api/postmortems/{id}/comments': { body: { sectionKey: 'summary', body: 'A note' } },
      'GET /api/postmortems/{id}/comments': { query: 'section=summary' },
      'POST /api/postmortems/{id}/exports': { body: {} },
      'GET /api/postmortems/{id}/diff': { query: 'from=1&to=1' },
      'GET /api/postmortems/{id}/export': { query: 'format=markdown&variant=internal' },
      // AI is configured below with an endpoint the address policy refuses: 503 for those who see it.
      'POST /api/postmortems/{id}/sections/{key}/ai-suggestion': {},
    };
    await sut.dataSource.query(
      `INSERT INTO ai_assist_settings (id, enabled, base_url, model) VALUES ('default', true, 'http://127.0.0.1:9/v1', 'm')`,
    );

    const document = await (await fetch(`${sut.url}/api/openapi.json`)).json();
    const routes: Array<{ method: string; path: string; url: string; body?: unknown }> = [];
    const unlisted: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, unknown>>(document.paths)) {
      if (!ADDRESSES_A_RECORD.test(path)) continue;
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const key = `${method} ${path}`;
        const request = requests[key];
        if (!request && method !== 'GET') unlisted.push(key);
        const filled = path.replace(/\{(\w+)\}/g, (_, name: string) =>
          name === 'id' ? idOf(path) : values[name],
        );
        routes.push({
          method,
          path: key,
          url: request?.query ? `${filled}?${request.query}` : filled,
          body: request?.body,
        });
      }
    }
    // A new write under an incident or postmortem must be added above, with a valid body.
    expect(unlisted).toEqual([]);
    expect(routes.length).toBeGreaterThan(35);

    const counts = async () =>
      (
        await sut.dataSource.query(
          `SELECT (SELECT count(*) FROM incident_activity) + (SELECT count(*) FROM impact)
                + (SELECT count(*) FROM timeline_event) + (SELECT count(*) FROM cause)
                + (SELECT count(*) FROM action_item) + (SELECT count(*) FROM export_run)
                + (SELECT count(*) FROM postmortem_revision) + (SELECT sum(version) FROM incident)
                + (SELECT count(*) FROM postmortem_meeting)
                + (SELECT coalesce(sum(version), 0) FROM postmortem_meeting)
                + (SELECT sum(version) FROM postmortem) AS total`,
        )
      )[0].total;
    const before = await counts();
    const answers: string[] = [];
    for (const route of routes) {
      const response = await sessions.outsider.request(route.method, route.url, {
        body: route.body,
      });
      const text = await response.text();
      if (response.status !== 404) answers.push(`${route.path}: ${response.status}`);
      // Nothing of the record leaks into the 404.
      expect(text).not.toContain(incident.title);
    }
    expect(answers).toEqual([]);
    expect(await counts()).toBe(before);

    const differences: string[] = [];
    for (const route of routes) {
      const asMember = await sessions.member.request(route.method, route.url, { body: route.body });
      const asAdmin = await sessions.admin.request(route.method, route.url, { body: route.body });
      if (asMember.status === 404 || asMember.status !== asAdmin.status)
        differences.push(`${route.path}: member ${asMember.status}, admin ${asAdmin.status}`);
    }
    expect(differences).toEqual([]);
  });
});
