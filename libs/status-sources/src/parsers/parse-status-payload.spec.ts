import { fixture, REAL_FIXTURES } from '../../test/fixtures';
import { NormalisedFeed, StatusFormat } from './normalised.model';
import { parseStatusPayload } from './parse-status-payload';
import { StatusParseError, StatusParseErrorKind } from './status-parse.error';

const parse = (name: string) => parseStatusPayload(fixture(name));
const sortedByTime = (feed: NormalisedFeed) =>
  feed.incidents.every((incident) =>
    incident.updates.every((u, i, all) => i === 0 || all[i - 1].at <= u.at),
  );

describe('parseStatusPayload on the real captures', () => {
  it.each(REAL_FIXTURES)(
    '%s parses with auto-detection, updates oldest first, no unknowns',
    (name) => {
      const sut = parse(name);
      expect(
        sut.incidents.length + sut.components.length + (sut.indicator ? 1 : 0),
      ).toBeGreaterThan(0);
      expect(sortedByTime(sut)).toBe(true);
      expect(sut.warnings).toEqual([]);
      for (const incident of sut.incidents) {
        expect(incident.title.length).toBeGreaterThan(0);
        expect(new Set(incident.updates.map((u) => u.externalId)).size).toBe(
          incident.updates.length,
        );
        for (const update of incident.updates) expect(update.at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
      }
    },
  );

  it('GitHub: the long incident keeps all 29 updates, all investigating, and its 8 components', () => {
    const sut = parse('github/summary_2023-05-09T1952Z_incident-f0mhbz9xn497.json');
    expect(sut.format).toBe(StatusFormat.Statuspage);
    const [incident] = sut.incidents;
    expect(incident.externalId).toBe('f0mhbz9xn497');
    expect(incident.impact).toEqual({ value: 'major', raw: 'major', unknown: false });
    expect(incident.updates).toHaveLength(29);
    expect(new Set(incident.updates.map((u) => u.status.value))).toEqual(
      new Set(['investigating']),
    );
    expect(incident.components).toHaveLength(8);
    expect(incident.updates.some((u) => u.components.length === 0)).toBe(true);
    expect(incident.shortlink).toMatch(/^https:\/\/stspg\.io\//);
  });

  it('GitHub status.json: the overall indicator is minor while a major incident is open', () => {
    const sut = parse('github/status_2023-05-09T1952Z.json');
    expect(sut.indicator?.value).toBe('minor');
    expect(sut.incidents).toEqual([]);
  });

  it('GitHub during maintenance: three in-progress maintenances and an under_maintenance component', () => {
    const sut = parse('github/summary_2022-03-28T1238Z_scheduled-maintenance.json');
    expect(sut.indicator?.value).toBe('maintenance');
    const maintenances = sut.incidents.filter((i) => i.kind === 'maintenance');
    expect(maintenances).toHaveLength(3);
    expect(maintenances.map((m) => m.status.value)).toEqual([
      'in_progress',
      'in_progress',
      'in_progress',
    ]);
    expect(sut.components.some((c) => c.status.value === 'under_maintenance')).toBe(true);
  });

  it('Cloudflare 2023: critical incident with 19 updates, one naming 23 components, groups kept', () => {
    const sut = parse('cloudflare/summary_2023-11-03T0436Z_incident-hm7491k53ppg.json');
    const incident = sut.incidents.find((i) => i.externalId === 'hm7491k53ppg')!;
    expect(incident.impact.value).toBe('critical');
    expect(incident.updates).toHaveLength(19);
    expect(Math.max(...incident.updates.map((u) => u.components.length))).toBe(23);
    expect(sut.incidents.filter((i) => i.kind === 'maintenance')).toHaveLength(8);
    const groups = sut.components.filter((c) => c.group);
    expect(groups.length).toBeGreaterThan(0);
    expect(sut.components.some((c) => c.groupId === groups[0].externalId)).toBe(true);
  });

  it('Cloudflare 2022: a critical incident in monitoring is not resolved', () => {
    const [incident] = parse(
      'cloudflare/summary_2022-06-21T0801Z_incident-xvs51y9qs9dj.json',
    ).incidents;
    expect(incident.status.value).toBe('monitoring');
    expect(incident.resolvedAt).toBeNull();
    expect(incident.startedAt).toBe('2022-06-21T06:43:56.000Z');
  });

  it('Anthropic: the full maintenance lifecycle in order, resolved when completed', () => {
    const [maintenance] = parse('anthropic/scheduled-maintenances_2026-09-15.json').incidents;
    expect(maintenance.kind).toBe('maintenance');
    expect(maintenance.updates.map((u) => u.status.value)).toEqual([
      'scheduled',
      'in_progress',
      'verifying',
      'completed',
    ]);
    expect(maintenance.resolvedAt).toBe('2025-08-29T02:40:21.277Z');
  });

  it('OpenAI (incident.io dialect of Statuspage): components with ULIDs, no incidents', () => {
    const sut = parse('openai/summary_2026-07-09_all-operational.json');
    expect(sut.format).toBe(StatusFormat.Statuspage);
    expect(sut.incidents).toEqual([]);
    expect(sut.components.length).toBeGreaterThan(10);
    expect(sut.components[0].externalId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('Sauce Labs Atom: public ids from links, stamps read in US Pacific across the DST change', () => {
    const sut = parse('saucelabs/history_2020-11-15.atom');
    expect(sut.format).toBe(StatusFormat.Atom);
    expect(sut.incidents).toHaveLength(25);
    const november = sut.incidents.find((i) => i.externalId === '08fk1fzrw8p8')!;
    expect(november.updates.map((u) => [u.at, u.status.value])).toEqual([
      ['2020-11-14T21:51:00.000Z', 'monitoring'],
      ['2020-11-14T22:07:00.000Z', 'resolved'],
    ]);
    expect(november.status).toEqual({ value: 'resolved', raw: 'Resolved', unknown: false });
    const october = sut.incidents.find((i) => i.externalId === '4zvfxb1g2lxj')!;
    expect(october.kind).toBe('maintenance');
    expect(october.updates.at(-1)).toMatchObject({ at: '2020-10-24T17:59:00.000Z' });
    expect(october.updates.map((u) => u.status.value)).toEqual([
      'scheduled',
      'in_progress',
      'completed',
    ]);
    // "Update" paragraphs keep their label but change no status
    const plain = sut.incidents.flatMap((i) => i.updates).filter((u) => u.status.raw === 'Update');
    expect(plain).toHaveLength(10);
    expect(plain.every((u) => u.status.value === 'unknown' && !u.status.unknown)).toBe(true);
  });

  it('Google Cloud: closed incidents are resolved, severities mapped, raw words kept', () => {
    const sut = parse('gcp/incidents_2022-07-03_slice-newest.json');
    expect(sut.format).toBe(StatusFormat.GoogleCloud);
    expect(sut.incidents).toHaveLength(35);
    const [first] = sut.incidents;
    expect(first.status).toEqual({ value: 'resolved', raw: 'AVAILABLE', unknown: false });
    expect(first.resolvedAt).toBe('2022-07-01T19:25:45.000Z');
    expect(first.impact).toEqual({ value: 'minor', raw: 'low', unknown: false });
    expect(first.shortlink).toBe('https://status.cloud.google.com/incidents/TaA75H7XA1DQyM2ReK2f');
    expect(new Set(sut.incidents.map((i) => i.impact.raw))).toEqual(
      new Set(['low', 'medium', 'high']),
    );
    expect(first.components.length).toBeGreaterThan(0);
  });

  it('AWS legacy data.json is refused as unsupported (not one of the four formats)', () => {
    expect(() => parse('aws/aws-health-dashboard_data_2022-07-03.json')).toThrow(
      expect.objectContaining({ kind: StatusParseErrorKind.Unsupported }),
    );
  });
});

describe('parseStatusPayload on the synthetic payloads', () => {
  it('RSS: year taken from pubDate (December stamp → previous year), HTML made safe', () => {
    const sut = parse('synthetic/history.rss');
    expect(sut.format).toBe(StatusFormat.Rss);
    expect(sut.page.name).toBe('Example Cloud Status');
    const [incident] = sut.incidents;
    expect(incident.externalId).toBe('abcd1234efgh');
    expect(incident.updates.map((u) => u.at)).toEqual([
      '2025-12-31T23:40:00.000Z',
      '2026-01-04T09:12:00.000Z',
    ]);
    const body = incident.updates[0].body;
    expect(body).toContain('We are investigating elevated error rates.');
    expect(body).not.toMatch(/script|javascript|alert/);
  });

  it('incident.io widget: full_outage mapped, unknown status kept raw and flagged', () => {
    const sut = parse('synthetic/incident-io-widget.json');
    expect(sut.format).toBe(StatusFormat.IncidentIoWidget);
    const [chat, uploads, maintenance] = sut.incidents;
    expect(chat.impact).toEqual({ value: 'critical', raw: 'full_outage', unknown: false });
    expect(chat.components[0]).toMatchObject({
      name: 'APIs - Chat API',
      status: { value: 'major_outage', raw: 'full_outage' },
    });
    expect(chat.components[1].status.value).toBe('major_outage');
    expect(chat.updates[0].body).toContain('**HTTP 500**');
    expect(uploads.status).toEqual({ value: 'unknown', raw: 'stabilising', unknown: true });
    expect(sut.warnings).toEqual([
      expect.stringContaining('ongoing_incidents[1].status: unknown value "stabilising"'),
    ]);
    expect(maintenance).toMatchObject({ kind: 'maintenance', status: { value: 'in_progress' } });
  });

  it('unknown enum values in Statuspage payloads are kept, not dropped', () => {
    const document = JSON.parse(
      fixture('cloudflare/summary_2022-06-21T0801Z_incident-xvs51y9qs9dj.json'),
    );
    document.incidents[0].impact = 'catastrophic';
    document.components[0].status = 'on_fire';
    const sut = parseStatusPayload(JSON.stringify(document));
    expect(sut.incidents[0].impact).toEqual({
      value: 'unknown',
      raw: 'catastrophic',
      unknown: true,
    });
    expect(sut.components[0].status).toEqual({ value: 'unknown', raw: 'on_fire', unknown: true });
    expect(sut.warnings).toHaveLength(2);
  });
});

describe('parseStatusPayload on bad input', () => {
  const cases: Array<[string, string, StatusParseErrorKind]> = [
    ['empty body', '', StatusParseErrorKind.Malformed],
    [
      'truncated JSON',
      fixture('github/status_2023-05-09T1952Z.json').slice(0, 100),
      StatusParseErrorKind.Malformed,
    ],
    [
      'truncated XML',
      fixture('saucelabs/history_2020-11-15.atom').slice(0, 2000),
      StatusParseErrorKind.Malformed,
    ],
    ['HTML page', '<html><body>Maintenance</body></html>', StatusParseErrorKind.Unsupported],
    ['unrelated JSON', '{"hello":"world"}', StatusParseErrorKind.Unsupported],
    ['incident without id', '{"page":{},"incidents":[{"name":"x"}]}', StatusParseErrorKind.Invalid],
    [
      'bad instant',
      '{"page":{},"incidents":[{"id":"a","name":"x","incident_updates":[{"id":"u","display_at":"yesterday"}]}]}',
      StatusParseErrorKind.Invalid,
    ],
    [
      'entity expansion',
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><feed>&a;</feed>',
      StatusParseErrorKind.Malformed,
    ],
  ];
  it.each(cases)('%s → StatusParseError(%#)', (_name, body, kind) => {
    let caught: unknown;
    try {
      parseStatusPayload(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StatusParseError);
    expect((caught as StatusParseError).kind).toBe(kind);
  });

  it('a forced format that does not match the payload is refused', () => {
    expect(() =>
      parseStatusPayload(
        fixture('gcp/incidents_2022-07-03_slice-newest.json'),
        StatusFormat.Statuspage,
      ),
    ).toThrow(StatusParseError);
    expect(() => parseStatusPayload('{"page":{},"status":{}}', StatusFormat.Atom)).toThrow(
      /expected XML/,
    );
  });

  it('the error names the path of the bad field', () => {
    expect(() => parseStatusPayload('{"page":{},"incidents":[{"id":"a"}]}')).toThrow(
      'expected a non-empty string (at incidents[0].name)',
    );
  });
});
