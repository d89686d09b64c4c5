import { eventually, startHttpReceiver } from './support/loopback-receivers';
import { createTestApp, TestApp } from './test-context';

/**
 * The embedded database (npm start, PGlite) is one session: while a transaction holds it, a query
 * on another pool connection waits, and the idle transaction is ended after
 * EMBEDDED_DB_IDLE_IN_TRANSACTION_MS. With a pool of ONE connection on real Postgres the same
 * mistake — a query outside the transaction it runs in — hangs instead of passing unnoticed, so
 * the flows here run with DATABASE_POOL_SIZE=1 and must finish.
 */
describe('with one database connection (as in embedded mode)', () => {
  let sut: TestApp;
  let receiver: Awaited<ReturnType<typeof startHttpReceiver>>;

  beforeAll(async () => {
    receiver = await startHttpReceiver();
    sut = await createTestApp({
      workers: true,
      env: { DATABASE_POOL_SIZE: '1', OUTBOUND_ALLOW_LOOPBACK: 'true' },
    });
  }, 60_000);
  afterAll(async () => {
    await sut?.close();
    await receiver?.close();
  });

  it('tells the incident_status channels of a status change', async () => {
    const channel = await sut.api('POST', '/notification-channels', {
      name: 'status-webhook',
      kind: 'webhook',
      url: `${receiver.url}/status`,
      topics: ['incident_status'],
    });
    expect(channel.status).toBe(201);
    const created = await sut.api('POST', '/incidents', {
      title: 'Edge returns HTTP 500',
      severity: 'SEV1',
      startedAt: '2025-11-18T11:20:00Z',
    });
    expect(created.status).toBe(201);
    const moved = await sut.api('POST', `/incidents/${created.body.reference}/transitions`, {
      to: 'identified',
      version: created.body.version,
    });
    expect(moved.status).toBe(200);
    const received = await eventually(
      async () => receiver.received.find((entry) => entry.path === '/status'),
      20_000,
    );
    expect(JSON.parse(received.body).subject).toBe(
      `${created.body.reference} identified: Edge returns HTTP 500`,
    );
  });
});
