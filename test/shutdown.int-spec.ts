// Clean shutdown: closing the app while a push is in flight lets it finish and record its
// outcome before the database connections close (the worker drains in beforeApplicationShutdown,
// the DataSource is destroyed in onApplicationShutdown).
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RcaDraftService } from '@rca/postmortems';
import { Client } from 'pg';
import { eventually } from './support/loopback-receivers';
import { createTestApp, TestApp } from './test-context';

/** A webhook receiver that answers each request after `delayMs`; counts what it received. */
async function slowReceiver(delayMs: number) {
  const keys: string[] = [];
  const server: Server = createServer((request, response) => {
    keys.push(String(request.headers['x-rca-export-id']));
    request.resume();
    request.on('end', () => setTimeout(() => response.writeHead(200).end('ok'), delayMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('clean shutdown of a worker with a push in flight', () => {
  let sut: TestApp;
  let receiver: Awaited<ReturnType<typeof slowReceiver>>;

  beforeAll(async () => {
    receiver = await slowReceiver(1_500);
    sut = await createTestApp({
      workers: true,
      env: { EXPORT_ALLOW_LOOPBACK: 'true', EXPORT_CREDENTIALS_KEY: 'cd'.repeat(32) },
    });
  });
  afterAll(async () => {
    await sut.close().catch(() => undefined);
    await receiver.close();
  });

  it('finishes the push and records it succeeded before the database closes', async () => {
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      startedAt: new Date('2025-11-18T11:20:00Z'),
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await sut.app.get(RcaDraftService).generate(incident.id);
    const postmortem = (await sut.api('GET', `/incidents/${incident.id}/postmortem`)).body;
    const target = await sut.factories.newExportTarget({ config: { url: receiver.url } });
    const push = await sut.api('POST', `/postmortems/${postmortem.id}/exports`, {
      targetId: target.id,
    });
    expect(push.status).toBeLessThan(300);
    const runId = push.body[0].id;
    await eventually(async () => receiver.keys.length > 0, 20_000);

    await sut.app.close();

    const direct = new Client({ connectionString: sut.environment.DATABASE_URL });
    await direct.connect();
    try {
      const { rows } = await direct.query(
        `SELECT status, attempts, error FROM export_run WHERE id = $1`,
        [runId],
      );
      expect(rows[0]).toMatchObject({ status: 'succeeded', attempts: 1, error: null });
    } finally {
      await direct.end();
    }
    expect(receiver.keys).toHaveLength(1);
  });
});
