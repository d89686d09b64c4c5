import { Controller, Get, Module } from '@nestjs/common';
import { createTestApp, TestApp } from './test-context';

describe('HTTP conventions and operations endpoints (real Postgres + Redis)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({
      workers: true,
      env: { HEARTBEAT_INTERVAL_MS: '1000', BODY_LIMIT: '10kb' },
    });
  });
  afterAll(() => sut.close());

  it('GET /healthz answers while the process is alive', async () => {
    const response = await fetch(`${sut.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /readyz reports database, redis and migrations up, and the heartbeat a worker ran through BullMQ', async () => {
    let body: any;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const response = await fetch(`${sut.url}/readyz`);
      expect(response.status).toBe(200);
      body = await response.json();
      if (body.details.heartbeat.lastRunAt) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(body.details.database.status).toBe('up');
    expect(body.details.redis.status).toBe('up');
    expect(body.details.migrations.status).toBe('up');
    expect(body.details.heartbeat.runs).toBeGreaterThanOrEqual(1);
    expect(Date.now() - Date.parse(body.details.heartbeat.lastRunAt)).toBeLessThan(30_000);
  });

  it('GET /readyz answers 503 naming the migration that is missing', async () => {
    await sut.dataSource
      .query(`DELETE FROM migrations WHERE id = (SELECT max(id) FROM migrations) RETURNING name`)
      .then(async (result) => {
        const [rows] = result as [Array<{ name: string }>];
        const response = await fetch(`${sut.url}/readyz`);
        expect(response.status).toBe(503);
        const body = await response.json();
        expect(body.details.migrations.status).toBe('down');
        expect(body.details.migrations.pending).toContain(rows[0].name);
        await sut.dataSource.query(`INSERT INTO migrations (timestamp, name) VALUES ($1, $2)`, [
          Number(rows[0].name.match(/\d+$/)![0]),
          rows[0].name,
        ]);
      });
    expect((await fetch(`${sut.url}/readyz`)).status).toBe(200);
  });

  it('GET /metrics exposes the HTTP latency histogram by route pattern and the queue depth', async () => {
    await fetch(`${sut.url}/healthz`);
    const text = await (await fetch(`${sut.url}/metrics`)).text();
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/healthz",status_code="200"\}/,
    );
    expect(text).toMatch(/rca_queue_jobs\{queue="system",state="waiting"\} \d+/);
    expect(text).toMatch(
      /rca_job_duration_seconds_count\{queue="system",job="system.heartbeat",outcome="completed"\} [1-9]/,
    );
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const document = await (await fetch(`${sut.url}/api/openapi.json`)).json();
    expect(document.info.title).toBe('RCA desk API');
    const page = await fetch(`${sut.url}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });

  it('gives every operation of the OpenAPI document a summary', async () => {
    const document = await (await fetch(`${sut.url}/api/openapi.json`)).json();
    const methods = ['get', 'post', 'put', 'patch', 'delete'];
    const operations = Object.entries(
      document.paths as Record<string, Record<string, any>>,
    ).flatMap(([path, item]) =>
      methods.filter((method) => item[method]).map((method) => ({ path, method, ...item[method] })),
    );
    expect(operations.length).toBeGreaterThan(100);
    const missing = operations
      .filter((operation) => !operation.summary?.trim())
      .map((operation) => `${operation.method.toUpperCase()} ${operation.path}`);
    expect(missing).toEqual([]);
  });

  it('answers an unknown route with the common error body and a correlation id that matches X-Request-Id', async () => {
    const response = await fetch(`${sut.url}/api/does-not-exist`, {
      headers: { 'X-Request-Id': 'trace-123' },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(await response.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'NOT_FOUND',
      message: 'Cannot GET /api/does-not-exist',
      correlationId: 'trace-123',
    });
  });

  it('answers JSON with its byte length and a weak ETag; a matching If-None-Match gets 304, HEAD no body', async () => {
    // Resolved: an open incident's detail counts durations up to now, so its body changes by the second.
    const incident = await sut.factories.newIncident({
      title: 'Zürich edge — 5xx ☁',
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    const call = sut.fetchAs();
    const path = `/api/incidents/${incident.reference}`;
    const first = await call(path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const bytes = Buffer.from(await first.arrayBuffer());
    expect(Number(first.headers.get('content-length'))).toBe(bytes.length);
    expect(JSON.parse(bytes.toString('utf8')).title).toBe('Zürich edge — 5xx ☁');
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9+/]{27}"$/);
    expect(tag).toContain(`"${bytes.length.toString(16)}-`);

    // As a browser revalidates (fetch would add Cache-Control: no-cache to a conditional request,
    // which asks for the full answer).
    const revalidate = { 'If-None-Match': tag!, 'Cache-Control': 'max-age=0' };
    const again = await call(path, { headers: revalidate });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const head = await call(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(tag);
    expect(await head.text()).toBe('');

    // A change gives another tag: the old one no longer answers 304.
    await sut.dataSource.query(`UPDATE incident SET title = 'Renamed' WHERE id = $1`, [
      incident.id,
    ]);
    const changed = await call(path, { headers: revalidate });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(tag);
  });

  it('refuses a body over BODY_LIMIT with 413 and malformed JSON with 400', async () => {
    const big = await fetch(`${sut.url}/api/does-not-exist`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(20_000) }),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).message).toMatch(/larger than the limit/);
    const broken = await fetch(`${sut.url}/api/does-not-exist`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"a":',
    });
    expect(broken.status).toBe(400);
    const brokenBody = await broken.json();
    expect(brokenBody.message).toMatch(/^Request body is not valid JSON \(/);
    expect(brokenBody.code).toBe('INVALID_JSON');
    expect(
      (
        await fetch(`${sut.url}/api/does-not-exist`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ text: 'x'.repeat(20_000) }),
        }).then((r) => r.json())
      ).code,
    ).toBe('PAYLOAD_TOO_LARGE');
  });

  it('gives every error a machine-readable code a client can branch on', async () => {
    const incident = await sut.factories.newIncident();
    const codeOf = async (path: string, init: RequestInit, who = sut.fetchAs()) =>
      (await (await who(path, init)).json()).code;
    const json = { 'content-type': 'application/json' };
    expect(
      await codeOf(`/api/incidents/${incident.reference}`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ severity: 'SEV9', version: incident.version }),
      }),
    ).toBe('VALIDATION_FAILED');
    expect(
      await codeOf(`/api/incidents/${incident.reference}`, {
        method: 'PATCH',
        headers: json,
        body: JSON.stringify({ title: 'Renamed', version: incident.version + 7 }),
      }),
    ).toBe('STALE_VERSION');
    expect(await codeOf('/api/incidents/INC-1999-9999', {})).toBe('NOT_FOUND');
    expect((await (await fetch(`${sut.url}/api/incidents`)).json()).code).toBe('UNAUTHENTICATED');
    expect(await codeOf('/api/users', {}, sut.fetchAs('viewer@example.com', 'viewer'))).toBe(
      'FORBIDDEN',
    );
    const login = await fetch(`${sut.url}/api/auth/login`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'nobody@example.com', password: 'wrong-password-1' }),
    });
    expect((await login.json()).code).toBe('INVALID_CREDENTIALS');
  });
});

@Controller('boom')
class BoomController {
  @Get()
  explode(): never {
    throw new Error('secret internal detail: password=hunter2');
  }
}
@Module({ controllers: [BoomController] })
class BoomModule {}

describe('500 responses', () => {
  it('say nothing internal and carry a correlation id', async () => {
    const { Test } = await import('@nestjs/testing');
    const { configureHttpApp, JsonReplyExpressAdapter, loadEnvironment } =
      await import('@rca/shared');
    const { LoggingModule, ConfigModule } = await import('@rca/shared');
    const environment = loadEnvironment({ LOG_LEVEL: 'silent' });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(environment), LoggingModule, BoomModule],
    }).compile();
    const app = moduleRef.createNestApplication(new JsonReplyExpressAdapter(), {
      bufferLogs: true,
    });
    configureHttpApp(app as never, environment, { openApi: false });
    await app.listen(0, '127.0.0.1');
    try {
      const { port } = app.getHttpServer().address();
      const response = await fetch(`http://127.0.0.1:${port}/api/boom`);
      expect(response.status).toBe(500);
      const body = await response.json();
      expect(body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'INTERNAL',
        message: 'Internal server error',
        correlationId: response.headers.get('x-request-id'),
      });
      expect(JSON.stringify(body)).not.toContain('hunter2');
    } finally {
      await app.close();
    }
  });
});
