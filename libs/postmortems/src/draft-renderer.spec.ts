import { DateTime } from 'luxon';
import {
  buildDraftContext,
  formatDuration,
  lessonsFromRecord,
  zoneFormatter,
} from './draft-renderer';

describe('zoneFormatter', () => {
  it('agrees with luxon around the New York and Paris DST changes, minute by minute', () => {
    for (const [zone, start] of [
      ['America/New_York', '2025-11-02T04:00:00Z'],
      ['America/New_York', '2026-03-08T05:00:00Z'],
      ['Europe/Paris', '2026-03-29T00:00:00Z'],
      ['Asia/Kolkata', '2025-11-18T11:20:00Z'],
      ['UTC', '2025-11-18T11:20:00Z'],
    ]) {
      const sut = zoneFormatter(zone);
      for (let minute = 0; minute < 240; minute += 7) {
        const instant = new Date(Date.parse(start) + minute * 60_000);
        const expected = DateTime.fromJSDate(instant).setZone(zone).toFormat('yyyy-MM-dd HH:mm');
        expect(sut(instant).slice(0, 16)).toBe(expected);
      }
    }
  });

  it('names the offset: EDT before the fall-back, EST after', () => {
    const sut = zoneFormatter('America/New_York');
    expect(sut(new Date('2025-11-02T05:30:00Z'))).toBe('2025-11-02 01:30 EDT');
    expect(sut(new Date('2025-11-02T06:30:00Z'))).toBe('2025-11-02 01:30 EST');
  });
});

describe('formatDuration', () => {
  it('formats minutes, hours and days', () => {
    const at = (iso: string) => new Date(iso);
    expect(formatDuration(at('2025-11-18T11:20:00Z'), at('2025-11-18T11:28:00Z'))).toBe('8 min');
    expect(formatDuration(at('2025-11-18T11:20:00Z'), at('2025-11-18T14:30:00Z'))).toBe(
      '3 h 10 min',
    );
    expect(formatDuration(at('2025-11-18T11:20:00Z'), at('2025-11-20T11:20:00Z'))).toBe('2 d');
    expect(formatDuration(at('2025-11-18T11:20:00Z'), null)).toBe('n/a');
  });
});

describe('the metrics of the draft', () => {
  it('are the incident page metrics: time to acknowledge counts from detection', () => {
    const at = (time: string) => new Date(`2025-11-18T${time}:00Z`);
    const context = buildDraftContext(
      {
        incident: {
          id: 'i',
          reference: 'INC-1',
          title: 'CDN 500s',
          summary: '',
          severity: 'SEV1',
          status: 'resolved',
          labels: [],
          regions: [],
          errorSignatures: [],
          startedAt: at('11:20'),
          detectedAt: at('11:27'),
          acknowledgedAt: at('11:35'),
          mitigatedAt: at('14:30'),
          resolvedAt: at('17:06'),
          version: 1,
        },
        impacts: [],
        events: [],
        causes: [],
        singlePoints: [],
      },
      'UTC',
    ) as { metrics: Record<string, string> };
    expect(context.metrics).toEqual({
      time_to_detect: '7 min',
      time_to_acknowledge: '8 min',
      time_to_mitigate: '3 h 10 min',
      time_to_resolve: '5 h 46 min',
    });
  });
});

describe('what went well and poorly, from the record', () => {
  const at = (time: string) => new Date(`2025-11-18T${time}:00Z`);
  const incident = {
    id: 'i',
    reference: 'INC-1',
    title: 'Chat web down',
    summary: '',
    severity: 'SEV1',
    status: 'resolved',
    labels: [],
    regions: [],
    errorSignatures: [],
    startedAt: at('11:20'),
    detectedAt: at('11:28'),
    acknowledgedAt: at('11:35'),
    mitigatedAt: at('14:30'),
    resolvedAt: at('14:30'),
    version: 1,
  };

  it('states detection and acknowledgement times, fallbacks that held, single points and vendor update lag', () => {
    const sut = lessonsFromRecord({
      incident,
      impacts: [
        {
          service: 'Chat web',
          team: 'web',
          level: 'major_outage',
          startedAt: at('11:20'),
          endedAt: at('14:30'),
        },
        {
          service: 'iOS app',
          team: 'web',
          level: 'operational',
          startedAt: at('11:20'),
          endedAt: at('14:30'),
        },
      ],
      events: [],
      causes: [
        {
          vendor: 'Cloudflare',
          role: 'root_cause',
          explanation: '',
          vendorIncidentTitle: null,
          link: null,
          updates: [{ at: at('11:48'), status: 'investigating', body: 'Investigating' }],
        },
      ],
      fallbacks: [{ service: 'iOS app', vendor: 'Cloudflare', component: 'CDN/Cache' }],
      singlePoints: [
        {
          id: 'd',
          service: 'Chat web',
          vendor: 'Cloudflare',
          component: 'CDN/Cache',
          kind: 'cdn',
          criticality: 'critical',
        },
      ],
    });
    expect(sut.wentWell).toEqual([
      'Detected 8 min after the start (within 15 min).',
      'Acknowledged 7 min after detection (within 15 min).',
      'iOS app stayed up: its fallback for Cloudflare CDN/Cache held.',
    ]);
    expect(sut.wentPoorly).toEqual([
      'Chat web depends on Cloudflare CDN/Cache (cdn) with no fallback.',
      "Cloudflare's first status update came 20 min after we detected the incident (2025-11-18 11:48 UTC).",
    ]);
  });

  it('says nothing the record does not hold: the sections stay placeholders', () => {
    const context = buildDraftContext(
      {
        incident: { ...incident, detectedAt: null, acknowledgedAt: null },
        impacts: [],
        events: [],
        causes: [],
        singlePoints: [],
      },
      'UTC',
    );
    expect(context.went_well_markdown).toBe('- ');
    expect(context.went_poorly_markdown).toBe('- ');
  });
});
