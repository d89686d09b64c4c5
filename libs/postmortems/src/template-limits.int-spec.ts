import { performance } from 'node:perf_hooks';
import { createTestApp, TestApp } from '../../../test/test-context';
import { SECTION_KEYS } from './postmortem.entity';

const RUNAWAY = '{% for i in (1..10000000) %}x{% endfor %}';
// Passes any check made without a record (no impacts, no loop), runs away with one.
const RUNAWAY_WITH_A_RECORD =
  '{% for impact in impacts %}{% for a in (1..2000) %}{% for b in (1..2000) %}x{% endfor %}{% endfor %}{% endfor %}';
// 1,200 × 1,000 characters: fast, but more than a section may hold.
const OVERSIZED = `{% for i in (1..1200) %}${'y'.repeat(1000)}{% endfor %}`;

describe('templates cannot freeze the API (real Postgres)', () => {
  let sut: TestApp;
  /** Each stored template outranks the ones before it. */
  let priority = 1_000;

  beforeAll(async () => {
    sut = await createTestApp();
  });
  afterAll(() => sut.close());

  /** A template stored as it was before the limits existed: straight into the table. */
  async function storeTemplateUnchecked(body: string): Promise<void> {
    await sut.dataSource.query(
      `INSERT INTO postmortem_template (name, severities, labels, priority, sections)
       VALUES ($1, '{}', '{}', $2, $3)`,
      [
        `legacy ${Date.now()} ${Math.random()}`,
        (priority += 1),
        JSON.stringify(SECTION_KEYS.map((key) => ({ key, title: key, body, internal: false }))),
      ],
    );
  }

  async function resolvedIncidentWithImpact(): Promise<string> {
    const incident = await sut.factories.newIncident({
      status: 'resolved',
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
    });
    await sut.factories.newImpact({ incidentId: incident.id });
    return incident.id;
  }

  const postmortemsOf = async (incidentId: string) =>
    (
      await sut.dataSource.query(
        `SELECT count(*)::int AS n FROM postmortem WHERE incident_id = $1`,
        [incidentId],
      )
    )[0].n as number;

  it('refuses at save a template that exceeds the limits whatever the record holds', async () => {
    const response = await sut.api('POST', '/postmortem-templates', {
      name: 'runaway',
      sections: [{ key: 'summary', title: 'Summary', body: RUNAWAY, internal: false }],
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('sections[0].body');
    expect(response.body.message).toMatch(/allocates more than/);
    const [row] = await sut.dataSource.query(
      `SELECT count(*)::int AS n FROM postmortem_template WHERE name = 'runaway'`,
    );
    expect(row.n).toBe(0);
  });

  it('refuses at save a section that renders past the edit limit', async () => {
    const response = await sut.api('POST', '/postmortem-templates', {
      name: 'oversized',
      sections: [{ key: 'summary', title: 'Summary', body: OVERSIZED, internal: false }],
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/more than the 1,000,000 a section may hold/);
  });

  it('keeps /healthz under 100 ms while the worst stored template renders, and stores nothing', async () => {
    await storeTemplateUnchecked(RUNAWAY_WITH_A_RECORD);
    const incidentId = await resolvedIncidentWithImpact();
    let drafting = true;
    const latencies: number[] = [];
    const probe = (async () => {
      while (drafting) {
        const started = performance.now();
        await (await fetch(`${sut.url}/healthz`)).arrayBuffer();
        latencies.push(performance.now() - started);
      }
    })();
    const draft = await sut.api('POST', `/incidents/${incidentId}/postmortem/draft`);
    drafting = false;
    await probe;
    expect(draft.status).toBe(422);
    expect(draft.body.details).toMatchObject({ code: 'TEMPLATE_LIMIT', section: 'summary' });
    expect(draft.body.message).toMatch(/longer than 25 ms|allocates more than/);
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(100);
    expect(await postmortemsOf(incidentId)).toBe(0);
  });

  it('refuses a draft whose section renders past the edit limit, storing nothing', async () => {
    await storeTemplateUnchecked(OVERSIZED);
    const incidentId = await resolvedIncidentWithImpact();
    const draft = await sut.api('POST', `/incidents/${incidentId}/postmortem/draft`);
    expect(draft.status).toBe(422);
    expect(draft.body.message).toMatch(
      /Template section "summary" cannot be rendered: it produces 1,200,000 characters/,
    );
    expect(await postmortemsOf(incidentId)).toBe(0);
  });
});
