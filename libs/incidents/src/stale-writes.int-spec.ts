import { createTestApp, TestApp, TestResponse } from '../../../test/test-context';

/**
 * Two people edit one incident record; the second write carries the version both started from.
 * It must answer 409 with the current version and state at once. The API runs with ONE database
 * connection, as the embedded mode does: a stale check that read the current state outside its
 * still-open transaction would wait for a second connection forever.
 */
describe('stale writes on the incident record answer 409 with the current state, at once', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp({ env: { DATABASE_POOL_SIZE: '1' } });
  });
  afterAll(() => sut.close());

  async function staleWrite(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ response: TestResponse; ms: number }> {
    const started = Date.now();
    const response = await Promise.race([
      sut.api(method, path, body),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${method} ${path}: no answer within 3 s`)), 3_000),
      ),
    ]);
    return { response, ms: Date.now() - started };
  }

  function expectConflict(
    { response, ms }: { response: TestResponse; ms: number },
    current: Record<string, unknown>,
  ) {
    expect(response.status).toBe(409);
    expect(response.body.details).toMatchObject({
      expectedVersion: 1,
      currentVersion: 2,
      current: { version: 2, ...current },
    });
    expect(ms).toBeLessThan(1_000);
  }

  it('incident PATCH', async () => {
    const incident = await sut.factories.newIncident();
    const won = await sut.api('PATCH', `/incidents/${incident.reference}`, {
      version: 1,
      title: 'Chat web returns 500 (Cloudflare)',
    });
    expect(won.status).toBe(200);
    const lost = await staleWrite('PATCH', `/incidents/${incident.reference}`, {
      version: 1,
      title: 'Chat web down',
    });
    expectConflict(lost, { id: incident.id, title: 'Chat web returns 500 (Cloudflare)' });
  });

  it('incident transition', async () => {
    const incident = await sut.factories.newIncident();
    const won = await sut.api('POST', `/incidents/${incident.reference}/transitions`, {
      version: 1,
      to: 'identified',
    });
    expect(won.status).toBe(200);
    const lost = await staleWrite('POST', `/incidents/${incident.reference}/transitions`, {
      version: 1,
      to: 'resolved',
    });
    expectConflict(lost, { id: incident.id, status: 'identified' });
  });

  it('timeline event PATCH', async () => {
    const incident = await sut.factories.newIncident();
    const event = await sut.factories.newTimelineEvent({ incidentId: incident.id });
    const path = `/incidents/${incident.reference}/timeline/${event.id}`;
    expect((await sut.api('PATCH', path, { version: 1, body: 'Cloudflare 500s' })).status).toBe(
      200,
    );
    const lost = await staleWrite('PATCH', path, { version: 1, body: 'Edge errors' });
    expectConflict(lost, { id: event.id, body: 'Cloudflare 500s' });
  });

  it('timeline event DELETE', async () => {
    const incident = await sut.factories.newIncident();
    const event = await sut.factories.newTimelineEvent({ incidentId: incident.id });
    const path = `/incidents/${incident.reference}/timeline/${event.id}`;
    expect((await sut.api('PATCH', path, { version: 1, body: 'Cloudflare 500s' })).status).toBe(
      200,
    );
    const lost = await staleWrite('DELETE', `${path}?version=1`);
    expectConflict(lost, { id: event.id, body: 'Cloudflare 500s', deletedAt: null });
  });

  it('impact PATCH', async () => {
    const incident = await sut.factories.newIncident();
    const impact = await sut.factories.newImpact({ incidentId: incident.id });
    const path = `/incidents/${incident.reference}/impacts/${impact.id}`;
    expect((await sut.api('PATCH', path, { version: 1, note: 'All regions' })).status).toBe(200);
    const lost = await staleWrite('PATCH', path, { version: 1, level: 'degraded' });
    expectConflict(lost, { id: impact.id, note: 'All regions', level: 'major_outage' });
  });

  it('impact DELETE', async () => {
    const incident = await sut.factories.newIncident();
    const impact = await sut.factories.newImpact({ incidentId: incident.id });
    const path = `/incidents/${incident.reference}/impacts/${impact.id}`;
    expect((await sut.api('PATCH', path, { version: 1, note: 'All regions' })).status).toBe(200);
    const lost = await staleWrite('DELETE', `${path}?version=1`);
    expectConflict(lost, { id: impact.id, note: 'All regions' });
    expect((await sut.api('GET', `/incidents/${incident.reference}/impacts`)).body.items).toEqual([
      expect.objectContaining({ id: impact.id }),
    ]);
  });

  it('cause PATCH', async () => {
    const incident = await sut.factories.newIncident();
    const cause = await sut.factories.newCause({ incidentId: incident.id });
    const path = `/incidents/${incident.reference}/causes/${cause.id}`;
    expect((await sut.api('PATCH', path, { version: 1, state: 'accepted' })).status).toBe(200);
    const lost = await staleWrite('PATCH', path, { version: 1, state: 'rejected' });
    expectConflict(lost, { id: cause.id, state: 'accepted' });
  });

  it('cause DELETE', async () => {
    const incident = await sut.factories.newIncident();
    const cause = await sut.factories.newCause({ incidentId: incident.id });
    const path = `/incidents/${incident.reference}/causes/${cause.id}`;
    expect((await sut.api('PATCH', path, { version: 1, state: 'accepted' })).status).toBe(200);
    const lost = await staleWrite('DELETE', `${path}?version=1`);
    expectConflict(lost, { id: cause.id, state: 'accepted' });
  });

  it('keeps answering other requests right after a stale write', async () => {
    const incident = await sut.factories.newIncident();
    await sut.api('PATCH', `/incidents/${incident.reference}`, { version: 1, title: 'First' });
    await staleWrite('PATCH', `/incidents/${incident.reference}`, { version: 1, title: 'Second' });
    const list = await staleWrite('GET', '/incidents?limit=5');
    expect(list.response.status).toBe(200);
    expect(list.ms).toBeLessThan(1_000);
  });
});
