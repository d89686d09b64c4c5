import { AuditEventEntity } from '@rca/accounts';
import { createTestApp, TestApp, TestFetch } from '../../../test/test-context';
import { OpenAiContractServer } from '../../../test/support/openai-contract-server';
import { eventually } from '../../../test/support/loopback-receivers';

/**
 * AI suggestions through the real API (real Postgres, the product's outbound client) against the
 * loopback OpenAI contract server (test/support/openai-contract-server.ts — a contract test: no
 * real model server runs here). What left the product is read from that server's record.
 */
describe('ai-assist (real API, loopback OpenAI contract server)', () => {
  let sut: TestApp;
  let model: OpenAiContractServer;
  let responder: TestFetch;
  const API_KEY = 'sk-test-very-secret-key';

  beforeAll(async () => {
    model = await new OpenAiContractServer().start();
    sut = await createTestApp({
      env: {
        OUTBOUND_ALLOW_LOOPBACK: 'true',
        EXPORT_CREDENTIALS_KEY: 'a'.repeat(64),
        EXPORT_REDACT_PATTERNS: JSON.stringify(['db-prod-\\d+']),
      },
    });
    await sut.factories.newUser({ email: 'grace@example.com', displayName: 'Grace Hopper' });
    await sut.factories.newUser({ email: 'ada@example.com', displayName: 'Ada Lovelace' });
    responder = sut.fetchAs('sre@example.com', 'responder', [
      'read:postmortems',
      'write:postmortems',
    ]);
  });
  afterAll(async () => {
    await sut?.close();
    await model?.stop();
  });
  beforeEach(() => {
    model.received.length = 0;
  });

  async function configure(overrides: Record<string, unknown> = {}) {
    const current = await sut.api('GET', '/admin/ai-assist');
    const saved = await sut.api('PUT', '/admin/ai-assist', {
      version: current.body.version,
      enabled: true,
      baseUrl: model.url,
      model: 'contract-model',
      apiKey: API_KEY,
      dailyTokenLimit: 1_000_000,
      dailyCostLimitUsd: 100,
      inputCostPerMillionTokensUsd: 1,
      outputCostPerMillionTokensUsd: 2,
      allowInternalSections: false,
      timeoutSeconds: 5,
      ...overrides,
    });
    expect(saved.status).toBe(200);
    return saved.body;
  }

  /** A resolved incident whose record names people, e-mails and an internal host; its draft. */
  async function newDraft() {
    const f = sut.factories;
    const service = await f.newService({ name: 'Chat web' });
    const incident = await f.newIncident({
      title: 'Chat web returns 500s',
      status: 'resolved',
      detectedAt: new Date('2025-11-18T11:25:00Z'),
      acknowledgedAt: new Date('2025-11-18T11:35:00Z'),
      mitigatedAt: new Date('2025-11-18T14:00:00Z'),
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await f.newImpact({ incidentId: incident.id, serviceId: service.id, level: 'major_outage' });
    await f.newTimelineEvent({
      incidentId: incident.id,
      occurredAt: new Date('2025-11-18T11:25:00Z'),
      author: 'grace@example.com',
      body: 'Grace Hopper paged Ada Lovelace (ada@example.com): Chat web answers HTTP 500',
    });
    await f.newTimelineEvent({
      incidentId: incident.id,
      occurredAt: new Date('2025-11-18T11:35:00Z'),
      author: 'ada@example.com',
      body: 'Acknowledged; db-prod-7 is healthy, the CDN in front of Chat web returns 500s',
    });
    const drafted = await sut.api('POST', `/incidents/${incident.id}/postmortem/draft`);
    expect(drafted.status).toBe(201);
    const postmortem = await sut.api('GET', `/postmortems/${drafted.body.postmortemId}`);
    return { incident, postmortem: postmortem.body };
  }

  /** Calls the suggestion route as a responder; parses the event stream when there is one. */
  async function suggest(postmortemId: string, section = 'summary') {
    const response = await responder(
      `/api/postmortems/${postmortemId}/sections/${section}/ai-suggestion`,
      { method: 'POST' },
    );
    const text = await response.text();
    const events = response.headers.get('content-type')?.startsWith('text/event-stream')
      ? text
          .split('\n\n')
          .filter(Boolean)
          .map((block) =>
            JSON.parse(
              block
                .split('\n')
                .find((line) => line.startsWith('data: '))!
                .slice(6),
            ),
          )
      : [];
    return { response, text, events, body: events.length ? undefined : JSON.parse(text || '{}') };
  }

  const auditRows = (action: string) =>
    sut.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { action }, order: { id: 'ASC' } });

  it('unconfigured: the editor is told it is off, a suggestion is 404 and nothing is called', async () => {
    const { postmortem } = await newDraft();
    const status = await responder('/api/ai-assist');
    expect(await status.json()).toEqual({
      enabled: false,
      sections: [],
      allowInternalSections: false,
    });
    const result = await suggest(postmortem.id);
    expect(result.response.status).toBe(404);
    expect(result.body.code).toBe('AI_ASSIST_DISABLED');
    expect(model.received).toHaveLength(0);
  });

  it('settings are admin-only, and the key is stored encrypted and never shown', async () => {
    expect((await responder('/api/admin/ai-assist')).status).toBe(403);
    const view = await configure();
    expect(view).toMatchObject({ enabled: true, apiKeySet: true, model: 'contract-model' });
    expect(JSON.stringify(view)).not.toContain(API_KEY);
    const [row] = await sut.dataSource.query(`SELECT api_key FROM ai_assist_settings`);
    expect(row.api_key).toMatch(/^v1:/);
    expect(row.api_key).not.toContain(API_KEY);
    const audit = await auditRows('ai_assist.settings_changed');
    expect(JSON.stringify(audit.at(-1)!.details)).not.toContain(API_KEY);
  });

  it('the connection test sends one non-streamed completion with no incident data', async () => {
    await configure();
    const tested = await sut.api('POST', '/admin/ai-assist/test');
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, model: 'contract-model' });
    expect(model.received).toHaveLength(1);
    expect(model.received[0]!.body.stream).toBeFalsy();
    expect(model.received[0]!.raw).not.toMatch(/\[T1\]|Chat web/);
    const [audit] = (await auditRows('ai_assist.connection_tested')).slice(-1);
    expect(audit).toMatchObject({ outcome: 'success' });
  });

  it.each([
    [{ kind: 'rate-limit', retryAfter: '9' }, 'AI_RATE_LIMITED', '9'],
    [{ kind: 'error', status: 503 }, 'AI_ENDPOINT_UNAVAILABLE', '30'],
  ] as const)('a failed non-streamed answer (%o) → 503 %s', async (behaviour, code, retry) => {
    await configure();
    model.next(behaviour);
    const tested = await sut.api('POST', '/admin/ai-assist/test');
    expect(tested.status).toBe(503);
    expect(tested.body.code).toBe(code);
    expect(tested.headers.get('retry-after')).toBe(retry);
    expect((await responder('/api/admin/ai-assist/test', { method: 'POST' })).status).toBe(403);
  });

  it('a refused address is a 400 naming baseUrl', async () => {
    const current = await sut.api('GET', '/admin/ai-assist');
    const refused = await sut.api('PUT', '/admin/ai-assist', {
      version: current.body.version,
      enabled: true,
      baseUrl: 'http://169.254.169.254/v1',
      model: 'm',
      dailyTokenLimit: 1,
      dailyCostLimitUsd: 1,
      inputCostPerMillionTokensUsd: 0,
      outputCostPerMillionTokensUsd: 0,
      allowInternalSections: false,
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errors)).toContain('baseUrl');
  });

  it('streams a cited suggestion; the endpoint never received a name or e-mail the public export redacts', async () => {
    await configure();
    const { incident, postmortem } = await newDraft();
    const result = await suggest(postmortem.id);
    expect(result.response.status).toBe(200);
    expect(result.events.filter((event) => event.type === 'delta').length).toBeGreaterThan(1);
    const final = result.events.at(-1);
    expect(final.type).toBe('suggestion');
    expect(final.suggestion.markdown).toMatch(/\[T1\]/);
    expect(final.suggestion.citations[0]).toMatchObject({ label: 'T1', kind: 'T' });

    expect(model.received).toHaveLength(1);
    const sent = model.received[0];
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body.stream).toBe(true);
    for (const secret of ['Grace', 'Hopper', 'Ada Lovelace', 'example.com', 'db-prod-7'])
      expect(sent.raw).not.toContain(secret);
    expect(sent.raw).toContain('[redacted]');
    expect(sent.raw).toContain('Chat web');
    // The public export itself redacts the same things.
    const publicView = await sut.api(
      'GET',
      `/postmortems/${postmortem.id}/rendered?audience=public`,
    );
    expect(publicView.text).not.toContain('Grace Hopper');

    const [audit] = (await auditRows('ai_assist.suggestion')).filter(
      (row) => row.targetId === postmortem.id,
    );
    expect(audit).toMatchObject({ outcome: 'success', actorLabel: 'sre@example.com' });
    expect(audit.details).toMatchObject({
      incidentId: incident.id,
      model: 'contract-model',
      section: 'summary',
      promptTokens: expect.any(Number),
      completionTokens: expect.any(Number),
    });
    const redacted = audit.details.redacted as Record<string, number>;
    expect(redacted.emails).toBe(1);
    expect(redacted.names).toBe(2);
    expect(redacted.patterns).toBe(1);
    expect(JSON.stringify(audit.details)).not.toMatch(/Grace|example\.com|db-prod/);
    // Nothing stored: the postmortem is as it was.
    const after = await sut.api('GET', `/postmortems/${postmortem.id}`);
    expect(after.body.version).toBe(postmortem.version);
    expect(after.body.sections).toEqual(postmortem.sections);
  });

  it.each([
    ['429 with Retry-After', { kind: 'rate-limit', retryAfter: '7' }, 503, 'AI_RATE_LIMITED', '7'],
    ['a 500 error body', { kind: 'error', status: 500 }, 503, 'AI_ENDPOINT_UNAVAILABLE', '30'],
    ['a refused key', { kind: 'error', status: 401 }, 503, 'AI_ENDPOINT_UNAVAILABLE', '30'],
  ] as const)(
    '%s → 503 with Retry-After, nothing stored',
    async (_name, behaviour, status, code, retry) => {
      await configure();
      const { postmortem } = await newDraft();
      model.next(behaviour);
      const result = await suggest(postmortem.id);
      expect(result.response.status).toBe(status);
      expect(result.body.code).toBe(code);
      expect(result.response.headers.get('retry-after')).toBe(retry);
      const after = await sut.api('GET', `/postmortems/${postmortem.id}`);
      expect(after.body.version).toBe(postmortem.version);
      const audit = (await auditRows('ai_assist.suggestion')).filter(
        (row) => row.targetId === postmortem.id,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        outcome: 'failure',
        details: expect.objectContaining({ errorCode: code }),
      });
    },
  );

  it('an endpoint that is down → 503 AI_ENDPOINT_UNAVAILABLE', async () => {
    const down = await new OpenAiContractServer().start();
    await down.stop();
    await configure({ baseUrl: down.url });
    const { postmortem } = await newDraft();
    const result = await suggest(postmortem.id);
    expect(result.response.status).toBe(503);
    expect(result.body.code).toBe('AI_ENDPOINT_UNAVAILABLE');
    expect(result.response.headers.get('retry-after')).toBeTruthy();
  });

  it.each([
    [
      'a cut stream',
      { kind: 'cut', text: 'Chat web failed [T1]. It recovered [T2].', afterChunks: 2 },
      'AI_MALFORMED_ANSWER',
    ],
    [
      'a malformed chunk',
      { kind: 'malformed', text: 'Chat web failed [T1].' },
      'AI_MALFORMED_ANSWER',
    ],
    [
      'a stream with no finish reason',
      { kind: 'no-finish', text: 'Chat web failed [T1].' },
      'AI_MALFORMED_ANSWER',
    ],
    [
      'an answer citing nothing real',
      { kind: 'answer', text: 'It was the database [T99]. Everyone panicked.' },
      'AI_NO_CITATION',
    ],
  ] as const)('%s → an error event, nothing stored', async (_name, behaviour, code) => {
    await configure();
    const { postmortem } = await newDraft();
    model.next(behaviour);
    const result = await suggest(postmortem.id);
    expect(result.response.status).toBe(200);
    const final = result.events.at(-1);
    expect(final).toMatchObject({ type: 'error', code });
    expect(final.message).toEqual(expect.any(String));
    expect(result.events.some((event) => event.type === 'suggestion')).toBe(false);
    const after = await sut.api('GET', `/postmortems/${postmortem.id}`);
    expect(after.body.version).toBe(postmortem.version);
    const audit = (await auditRows('ai_assist.suggestion')).filter(
      (row) => row.targetId === postmortem.id,
    );
    expect(audit[0]).toMatchObject({ outcome: 'failure' });
    // What arrived was paid for: it counts against the day's limits.
    expect(audit[0]!.details.completionTokens).toBeGreaterThan(0);
  });

  it('a person who closes the editor mid-answer stops the call; it is audited as cancelled', async () => {
    await configure();
    const { postmortem } = await newDraft();
    model.next({
      kind: 'answer',
      text: 'Chat web failed [T1]. '.repeat(20),
      chunks: 20,
      delayMs: 100,
    });
    const abort = new AbortController();
    const response = await responder(
      `/api/postmortems/${postmortem.id}/sections/summary/ai-suggestion`,
      { method: 'POST', signal: abort.signal },
    );
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    const row = await eventually(async () =>
      (await auditRows('ai_assist.suggestion')).find(
        (candidate) => candidate.targetId === postmortem.id,
      ),
    );
    expect(row).toMatchObject({
      outcome: 'failure',
      details: expect.objectContaining({ errorCode: 'CANCELLED' }),
    });
    // The endpoint was asked once and the answer was not waited for to its end.
    expect(model.received).toHaveLength(1);
  });

  it('a model that goes quiet ends in a clear timeout error', async () => {
    await configure({ timeoutSeconds: 5 });
    const { postmortem } = await newDraft();
    model.next({ kind: 'stall', ms: 8_000 });
    const result = await suggest(postmortem.id);
    const final = result.events.at(-1) ?? result.body;
    expect(final.code).toBe('AI_ENDPOINT_UNAVAILABLE');
    expect(final.message).toMatch(/in time/);
  }, 20_000);

  it('an internal section is refused unless the admin allows it, and nothing is called', async () => {
    await configure();
    const { postmortem } = await newDraft();
    const edited = await sut.api('PATCH', `/postmortems/${postmortem.id}`, {
      version: postmortem.version,
      sections: [{ key: 'went_poorly', internal: true }],
    });
    expect(edited.status).toBe(200);
    const refused = await suggest(postmortem.id, 'went_poorly');
    expect(refused.response.status).toBe(403);
    expect(refused.body.code).toBe('AI_INTERNAL_SECTION');
    expect(model.received).toHaveLength(0);
    await configure({ allowInternalSections: true });
    const allowed = await suggest(postmortem.id, 'went_poorly');
    expect(allowed.events.at(-1).type).toBe('suggestion');
  });

  it("today's token limit used up → 429 AI_LIMIT_REACHED with Retry-After, no call", async () => {
    await configure({ dailyTokenLimit: 1 });
    const { postmortem } = await newDraft();
    await sut.dataSource.query(
      `INSERT INTO ai_assist_call (day, postmortem_id, section_key, model, prompt_tokens, outcome)
       VALUES ((now() AT TIME ZONE 'UTC')::date, $1, 'summary', 'contract-model', 5, 'success')`,
      [postmortem.id],
    );
    const result = await suggest(postmortem.id);
    expect(result.response.status).toBe(429);
    expect(result.body.code).toBe('AI_LIMIT_REACHED');
    expect(Number(result.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(model.received).toHaveLength(0);
  });

  it('a section AI does not write is a 400 naming sectionKey', async () => {
    await configure();
    const { postmortem } = await newDraft();
    const result = await suggest(postmortem.id, 'timeline');
    expect(result.response.status).toBe(400);
    expect(JSON.stringify(result.body)).toContain('sectionKey');
  });
});
