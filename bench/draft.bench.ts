// Draft rendering of a 10,000-event incident: the shipped renderer (tables built in one pass,
// Liquid only for the prose) beside a baseline that loops over the events in Liquid itself.
import { Liquid } from 'liquidjs';
import { DateTime } from 'luxon';
import {
  buildDraftContext,
  DEFAULT_TEMPLATE_SECTIONS,
  IncidentSnapshot,
  renderSectionsSync,
} from '@rca/postmortems';

export function syntheticIncident(events: number): IncidentSnapshot {
  const start = Date.parse('2025-11-18T11:20:00Z');
  const kinds = [
    'detection',
    'escalation',
    'communication',
    'investigation',
    'mitigation',
    'vendor_update',
    'note',
  ];
  return {
    incident: {
      id: '00000000-0000-4000-8000-000000000001',
      reference: 'INC-2025-0042',
      title: 'Chat web down: HTTP 500 from the CDN',
      summary: 'Cloudflare returned HTTP 500 for most requests.',
      severity: 'SEV1',
      status: 'resolved',
      labels: ['cdn'],
      regions: ['global'],
      errorSignatures: ['HTTP 500'],
      startedAt: new Date(start),
      detectedAt: new Date(start + 8 * 60_000),
      acknowledgedAt: new Date(start + 15 * 60_000),
      mitigatedAt: new Date(start + 190 * 60_000),
      resolvedAt: new Date(start + 190 * 60_000),
      version: 1,
    },
    impacts: Array.from({ length: 20 }, (_, index) => ({
      service: `Service ${index}`,
      team: 'web',
      level: index % 3 === 0 ? 'operational' : 'major_outage',
      startedAt: new Date(start),
      endedAt: new Date(start + 190 * 60_000),
    })),
    events: Array.from({ length: events }, (_, index) => ({
      occurredAt: new Date(start + index * 1_000),
      kind: kinds[index % kinds.length],
      source: index % 10 === 0 ? 'vendor_import' : 'manual',
      body: `Event ${index}: error rate | p99 latency update, see dashboard\nsecond line`,
      enteredZone: index % 2 ? 'Europe/Paris' : 'UTC',
    })),
    causes: [
      {
        vendor: 'Cloudflare',
        role: 'root_cause',
        explanation: 'A bad configuration file crashed the proxy.',
        vendorIncidentTitle: 'Cloudflare Global Network experiencing issues',
        link: 'https://www.cloudflarestatus.com/',
        updates: Array.from({ length: 50 }, (_, index) => ({
          at: new Date(start + index * 300_000),
          status: 'investigating',
          body: `Update ${index}`,
        })),
      },
    ],
    singlePoints: [
      {
        id: 'd1',
        service: 'Chat web',
        vendor: 'Cloudflare',
        component: 'CDN',
        kind: 'cdn',
        criticality: 'critical',
      },
    ],
  };
}

/** The shipped path: what the rca-draft job runs after reading the record. */
export function draftShipped(snapshot: IncidentSnapshot) {
  return renderSectionsSync(
    DEFAULT_TEMPLATE_SECTIONS,
    buildDraftContext(snapshot, 'America/New_York'),
  );
}

const baselineLiquid = new Liquid({ cache: true });
const BASELINE_TIMELINE = `| Time (UTC) | Time ({{ zone }}) | Kind | Event |
| --- | --- | --- | --- |
{% for event in events %}| {{ event.utc }} | {{ event.local }} | {{ event.kind }} | {{ event.body | replace: "|", "\\|" | newline_to_br }} |
{% endfor %}`;

/** Baseline: the timeline table written as a Liquid loop, the way a template author would. */
export function draftBaseline(snapshot: IncidentSnapshot) {
  const events = snapshot.events.map((event) => ({
    utc: DateTime.fromJSDate(event.occurredAt).toUTC().toFormat('yyyy-MM-dd HH:mm'),
    local: DateTime.fromJSDate(event.occurredAt)
      .setZone('America/New_York')
      .toFormat('yyyy-MM-dd HH:mm ZZZZ'),
    kind: event.kind,
    body: event.body,
  }));
  const timeline = baselineLiquid.parseAndRenderSync(BASELINE_TIMELINE, {
    events,
    zone: 'America/New_York',
  });
  const rest = renderSectionsSync(
    DEFAULT_TEMPLATE_SECTIONS.filter((section) => section.key !== 'timeline'),
    buildDraftContext({ ...snapshot, events: [] }, 'America/New_York'),
  );
  return [...rest, { key: 'timeline', markdown: timeline }];
}
