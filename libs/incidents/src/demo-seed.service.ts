import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CatalogRepository, CatalogService } from '@rca/catalog';
import { DEMO_DEPENDENCIES, DEMO_SERVICES, DEMO_VENDORS } from './demo-catalog';
import { Environment } from '@rca/shared';
import { VendorIncidentRepository } from '@rca/vendor-incidents';
import { CauseService } from './cause.service';
import { ImpactService } from './impact.service';
import { IncidentRepository } from './incident.repository';
import { IncidentService } from './incident.service';
import { TimelineEventService } from './timeline-event.service';
import { InstantInput } from './instant';

const ACTOR = 'demo-seed';

export interface DemoSeedResult {
  seeded: boolean;
  reason?: string;
  incidents: string[];
}

type TimelineEntry = [InstantInput, string, string];

/**
 * A realistic workspace built from public facts of real outages (see docs/incidents.md#demo-data).
 * Everything goes through the services, so it is validated and written to the activity log like
 * any user's data.
 */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly environment: Environment,
    private readonly catalogService: CatalogService,
    private readonly catalog: CatalogRepository,
    private readonly incidentsService: IncidentService,
    private readonly impactService: ImpactService,
    private readonly timelineService: TimelineEventService,
    private readonly causeService: CauseService,
    private readonly incidents: IncidentRepository,
    private readonly vendorIncidents: VendorIncidentRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.environment.NODE_ENV === 'test' && !this.environment.DEMO_SEED) return;
    if (!this.environment.DEMO_SEED) {
      if (await this.incidents.workspaceIsEmpty().catch(() => false)) {
        this.logger.log(
          'The workspace is empty: run "npm run demo:seed" or start with DEMO_SEED=true to load the demo data',
        );
      }
      return;
    }
    const result = await this.seedIfEmpty();
    if (result.seeded) this.logger.log(`Demo workspace loaded: ${result.incidents.join(', ')}`);
    else this.logger.log(`Demo seed skipped: ${result.reason}`);
  }

  /** Seeds only a workspace with no services and no incidents; one process at a time. */
  async seedIfEmpty(): Promise<DemoSeedResult> {
    const result = await this.incidents.withExclusiveLock('rca.demo-seed', async () => {
      if (!(await this.incidents.workspaceIsEmpty())) {
        return {
          seeded: false,
          reason: 'the workspace already has services or incidents',
          incidents: [],
        };
      }
      return { seeded: true, incidents: await this.seed() };
    });
    return result ?? { seeded: false, reason: 'another process is seeding', incidents: [] };
  }

  private async seed(): Promise<string[]> {
    const services: Record<string, string> = {};
    for (const [slug, name, ownerTeam, tier, description] of DEMO_SERVICES) {
      services[slug] = (
        await this.catalogService.createService({ slug, name, ownerTeam, tier, description })
      ).id;
    }

    const components: Record<string, string> = {};
    const vendors: Record<string, string> = {};
    for (const [slug, name, website, statusPageUrl, componentNames] of DEMO_VENDORS) {
      const vendor = await this.catalogService.createVendor({ slug, name, website, statusPageUrl });
      vendors[slug] = vendor.id;
      for (const componentName of componentNames) {
        components[`${slug}:${componentName}`] = (
          await this.catalogService.createComponent(vendor.id, { name: componentName })
        ).id;
      }
    }

    const edges = DEMO_DEPENDENCIES;
    for (const [service, target, kind, hasFallback, notes] of edges) {
      await this.catalogService.createDependency({
        serviceId: services[service],
        ...(target.startsWith('service:')
          ? { dependsOnServiceId: services[target.slice('service:'.length)] }
          : { vendorComponentId: components[target] }),
        kind,
        criticality: hasFallback ? 'medium' : 'critical',
        hasFallback,
        notes: notes ?? '',
      });
    }

    // The vendor's own record, as the status ingestion would store it.
    const { incident: cloudflare2025 } = await this.vendorIncidents.upsert({
      vendorId: vendors.cloudflare,
      externalId: 'demo-cloudflare-2025-11-18',
      kind: 'incident',
      title: 'Cloudflare Global Network experiencing issues',
      rawStatus: 'resolved',
      status: 'resolved',
      rawImpact: 'critical',
      impact: 'critical',
      startedAt: new Date('2025-11-18T11:48:00Z'),
      resolvedAt: new Date('2025-11-18T17:06:00Z'),
      vendorUpdatedAt: new Date('2025-11-18T17:06:00Z'),
      shortlink: 'https://www.cloudflarestatus.com/',
      rawPayload: {
        note: 'demo data: reconstructed from the public post-mortem, not a captured payload',
      },
    });
    for (const [at, status, body] of [
      [
        '2025-11-18T11:48:00Z',
        'investigating',
        'Cloudflare is aware of, and investigating an issue which potentially impacts multiple customers.',
      ],
      [
        '2025-11-18T13:09:00Z',
        'identified',
        'The issue has been identified and a fix is being implemented.',
      ],
      [
        '2025-11-18T14:42:00Z',
        'monitoring',
        'A fix has been implemented; we are monitoring the results.',
      ],
      ['2025-11-18T17:06:00Z', 'resolved', 'All Cloudflare services are operating normally.'],
    ] as const) {
      await this.vendorIncidents.insertUpdateIfNew(cloudflare2025, {
        externalId: `demo-cloudflare-2025-11-18-${status}`,
        at: new Date(at),
        rawStatus: status,
        status,
        body,
      });
    }
    for (const component of [
      'cloudflare:CDN/Cache',
      'cloudflare:Bot Management',
      'cloudflare:Access',
      'cloudflare:Workers',
    ]) {
      await this.vendorIncidents.setComponentStatus(
        cloudflare2025.id,
        components[component],
        'major_outage',
        'major_outage',
      );
    }

    // How the page showed the components over time (the ledger and the SLA credits read this).
    await this.vendorIncidents.recordComponentStatuses(
      (
        [
          ['cloudflare:CDN/Cache', '2025-11-18T11:48:00Z', 'major_outage'],
          ['cloudflare:CDN/Cache', '2025-11-18T14:42:00Z', 'partial_outage'],
          ['cloudflare:CDN/Cache', '2025-11-18T17:06:00Z', 'operational'],
          ['cloudflare:Bot Management', '2025-11-18T11:48:00Z', 'major_outage'],
          ['cloudflare:Bot Management', '2025-11-18T14:42:00Z', 'degraded_performance'],
          ['cloudflare:Bot Management', '2025-11-18T17:06:00Z', 'operational'],
          ['cloudflare:Access', '2025-11-18T11:48:00Z', 'major_outage'],
          ['cloudflare:Access', '2025-11-18T13:09:00Z', 'operational'],
          ['cloudflare:Workers', '2025-11-18T11:48:00Z', 'major_outage'],
          ['cloudflare:Workers', '2025-11-18T14:42:00Z', 'operational'],
        ] as const
      ).map(([component, at, status]) => ({
        vendorIncidentId: cloudflare2025.id,
        vendorComponentId: components[component],
        at: new Date(at),
        rawStatus: status,
        status,
      })),
    );

    // Cloudflare, 2019-07-02, as its status page told it (reconstructed from the public post-mortem).
    const { incident: cloudflare2019 } = await this.vendorIncidents.upsert({
      vendorId: vendors.cloudflare,
      externalId: 'demo-cloudflare-2019-07-02',
      kind: 'incident',
      title: 'Cloudflare is observing network performance issues',
      rawStatus: 'resolved',
      status: 'resolved',
      rawImpact: 'critical',
      impact: 'critical',
      startedAt: new Date('2019-07-02T13:52:00Z'),
      resolvedAt: new Date('2019-07-02T14:52:00Z'),
      vendorUpdatedAt: new Date('2019-07-02T14:52:00Z'),
      shortlink: 'https://www.cloudflarestatus.com/',
      rawPayload: {
        note: 'demo data: reconstructed from the public post-mortem, not a captured payload',
      },
    });
    for (const [at, status, body] of [
      [
        '2019-07-02T13:52:00Z',
        'investigating',
        'Cloudflare is observing network performance issues. Customers may be experiencing 502 errors while accessing sites on Cloudflare.',
      ],
      [
        '2019-07-02T14:13:00Z',
        'identified',
        'The issue has been identified and a fix has been implemented. We are seeing services recover globally.',
      ],
      ['2019-07-02T14:52:00Z', 'resolved', 'This incident has been resolved.'],
    ] as const) {
      await this.vendorIncidents.insertUpdateIfNew(cloudflare2019, {
        externalId: `demo-cloudflare-2019-07-02-${status}`,
        at: new Date(at),
        rawStatus: status,
        status,
        body,
      });
    }
    await this.vendorIncidents.recordComponentStatuses(
      (
        [
          ['cloudflare:CDN/Cache', '2019-07-02T13:52:00Z', 'major_outage'],
          ['cloudflare:CDN/Cache', '2019-07-02T14:13:00Z', 'degraded_performance'],
          ['cloudflare:CDN/Cache', '2019-07-02T14:52:00Z', 'operational'],
          ['cloudflare:WAF', '2019-07-02T13:52:00Z', 'major_outage'],
          ['cloudflare:WAF', '2019-07-02T14:13:00Z', 'degraded_performance'],
          ['cloudflare:WAF', '2019-07-02T14:52:00Z', 'operational'],
        ] as const
      ).map(([component, at, status]) => ({
        vendorIncidentId: cloudflare2019.id,
        vendorComponentId: components[component],
        at: new Date(at),
        rawStatus: status,
        status,
      })),
    );
    for (const component of ['cloudflare:CDN/Cache', 'cloudflare:WAF']) {
      await this.vendorIncidents.setComponentStatus(
        cloudflare2019.id,
        components[component],
        'operational',
        'operational',
      );
    }

    const references: string[] = [];

    // 1. Cloudflare, 2025-11-18: HTTP 500s from the edge for about three hours.
    const outage = await this.incidentsService.createIncident(
      {
        title: 'Chat web and Public API return HTTP 500 (Cloudflare global outage)',
        summary:
          'From 11:20 UTC Cloudflare\'s edge answered most requests with HTTP 500. Chat web was down and the Public API failed; the iOS app, served through AWS CloudFront, stayed up. Core traffic flowed again from 14:30 UTC; everything was back by 17:06 UTC.\n\nCloudflare\'s post-mortem: a database permissions change doubled the size of the Bot Management "feature file"; the proxy refused the oversized file and failed.',
        severity: 'SEV1',
        status: 'resolved',
        startedAt: '2025-11-18T11:20:00Z',
        detectedAt: { local: '2025-11-18T12:28', zone: 'Europe/Paris' },
        acknowledgedAt: { local: '2025-11-18T12:35', zone: 'Europe/Paris' },
        mitigatedAt: '2025-11-18T14:30:00Z',
        resolvedAt: '2025-11-18T17:06:00Z',
        labels: ['third-party', 'cdn', 'cloudflare'],
        regions: ['global'],
        errorSignatures: ['HTTP 500'],
      },
      ACTOR,
    );
    references.push(outage.reference);
    await this.impacts(outage.reference, [
      ['chat-web', 'major_outage', '2025-11-18T11:20:00Z', '2025-11-18T14:30:00Z'],
      ['chat-web', 'degraded', '2025-11-18T14:30:00Z', '2025-11-18T17:06:00Z'],
      ['public-api', 'major_outage', '2025-11-18T11:20:00Z', '2025-11-18T14:30:00Z'],
      ['public-api', 'degraded', '2025-11-18T14:30:00Z', '2025-11-18T17:06:00Z'],
      ['ios-app', 'operational', '2025-11-18T11:20:00Z', '2025-11-18T17:06:00Z'],
    ]);
    await this.timeline(outage.reference, [
      [
        { local: '2025-11-18T12:28', zone: 'Europe/Paris' },
        'detection',
        'Alert: chat-web 5xx rate above 20 % for 5 minutes; the error page is Cloudflare\'s "Internal server error".',
      ],
      [
        { local: '2025-11-18T12:35', zone: 'Europe/Paris' },
        'escalation',
        'On-call acknowledges. Our origins are healthy; the 500s come from the third-party provider in front of them.',
      ],
      [
        '2025-11-18T11:48:00Z',
        'vendor_update',
        'Cloudflare status page: investigating an issue which potentially impacts multiple customers.',
      ],
      [
        { local: '2025-11-18T07:05', zone: 'America/New_York' },
        'communication',
        'Status page: "Chat web is unavailable because of an incident at our CDN provider. The iOS app is not affected."',
      ],
      [
        '2025-11-18T13:09:00Z',
        'vendor_update',
        'Cloudflare: the issue has been identified and a fix is being implemented.',
      ],
      [
        '2025-11-18T14:30:00Z',
        'mitigation',
        'Cloudflare ships a known-good Bot Management file; core traffic flows again. Chat web loads, with elevated latency.',
      ],
      [
        '2025-11-18T17:06:00Z',
        'resolution',
        'Cloudflare reports all services normal; our 5xx rate is at baseline.',
      ],
      [
        { local: '2025-11-18T12:15', zone: 'America/New_York' },
        'communication',
        'Status page: all clear.',
      ],
    ]);
    await this.causeService.createCause(
      outage.reference,
      {
        vendor: 'cloudflare',
        vendorIncidentId: cloudflare2025.id,
        vendorComponentIds: [
          components['cloudflare:CDN/Cache'],
          components['cloudflare:Bot Management'],
        ],
        role: 'root_cause',
        state: 'accepted',
        score: 0.92,
        explanation:
          "Cloudflare's proxy failed on an oversized Bot Management feature file and returned HTTP 500 for traffic through its network, including ours.",
      },
      ACTOR,
    );

    // 2. Cloudflare, 2019-07-02: a WAF rule exhausted CPU worldwide; HTTP 502 for about 30 minutes.
    const waf = await this.incidentsService.createIncident(
      {
        title: 'HTTP 502 on every page (Cloudflare WAF deploy)',
        summary:
          'At 13:42 UTC Cloudflare deployed a WAF managed rule whose regular expression backtracked catastrophically; CPU was exhausted on every edge machine and requests failed with HTTP 502. Cloudflare disabled the WAF globally at 14:07 and traffic was normal by 14:09 UTC.',
        severity: 'SEV1',
        status: 'resolved',
        startedAt: '2019-07-02T13:42:00Z',
        detectedAt: { local: '2019-07-02T09:45', zone: 'America/New_York' },
        acknowledgedAt: { local: '2019-07-02T09:47', zone: 'America/New_York' },
        mitigatedAt: '2019-07-02T14:07:00Z',
        resolvedAt: '2019-07-02T14:09:00Z',
        labels: ['third-party', 'cloudflare', 'waf'],
        regions: ['global'],
        errorSignatures: ['HTTP 502'],
      },
      ACTOR,
    );
    references.push(waf.reference);
    await this.impacts(waf.reference, [
      ['chat-web', 'major_outage', '2019-07-02T13:42:00Z', '2019-07-02T14:09:00Z'],
      ['public-api', 'major_outage', '2019-07-02T13:42:00Z', '2019-07-02T14:09:00Z'],
      ['marketing-site', 'degraded', '2019-07-02T13:42:00Z', '2019-07-02T13:55:00Z'],
    ]);
    await this.timeline(waf.reference, [
      [
        { local: '2019-07-02T09:45', zone: 'America/New_York' },
        'detection',
        'Synthetic checks fail worldwide with HTTP 502 Bad Gateway from Cloudflare.',
      ],
      [
        { local: '2019-07-02T09:47', zone: 'America/New_York' },
        'escalation',
        'Incident opened; Cloudflare confirmed as the source.',
      ],
      [
        { local: '2019-07-02T09:55', zone: 'America/New_York' },
        'mitigation',
        'Marketing site DNS failed over to Fastly.',
      ],
      [
        '2019-07-02T14:07:00Z',
        'vendor_update',
        'Cloudflare disables the WAF managed rules globally; traffic recovers.',
      ],
      ['2019-07-02T14:09:00Z', 'resolution', 'Error rates back to normal.'],
    ]);
    await this.causeService.createCause(
      waf.reference,
      {
        vendor: 'cloudflare',
        vendorIncidentId: cloudflare2019.id,
        vendorComponentIds: [components['cloudflare:WAF'], components['cloudflare:CDN/Cache']],
        role: 'root_cause',
        state: 'accepted',
        explanation:
          "A WAF managed rule with a catastrophically backtracking regular expression exhausted CPU on Cloudflare's edge.",
      },
      ACTOR,
    );
    const wafNow = await this.incidentsService.getIncident(waf.reference);
    await this.incidentsService.transition(
      waf.reference,
      {
        to: 'closed',
        at: '2019-07-09T16:00:00Z',
        version: wafNow.version,
        note: 'Postmortem published',
      },
      ACTOR,
    );

    // 3. AWS us-east-1, 2025-10-20: DynamoDB endpoint DNS resolution failed; notifications stalled.
    const aws = await this.incidentsService.createIncident(
      {
        title: 'Push notifications delayed (AWS us-east-1 DynamoDB)',
        summary:
          'DynamoDB in us-east-1 could not be resolved (DNS) from about 06:48 UTC; our notification workers could not read their queue state. Pushes were retried and delivered late once DynamoDB recovered.',
        severity: 'SEV2',
        status: 'resolved',
        startedAt: '2025-10-20T06:48:00Z',
        detectedAt: '2025-10-20T07:02:00Z',
        acknowledgedAt: { local: '2025-10-20T03:10', zone: 'America/New_York' },
        mitigatedAt: '2025-10-20T09:40:00Z',
        resolvedAt: '2025-10-20T10:30:00Z',
        labels: ['third-party', 'aws'],
        regions: ['us-east-1'],
        errorSignatures: ['DNS resolution failure', 'HTTP 503'],
      },
      ACTOR,
    );
    references.push(aws.reference);
    await this.impacts(aws.reference, [
      ['notifications', 'major_outage', '2025-10-20T06:48:00Z', '2025-10-20T09:40:00Z'],
      ['ios-app', 'degraded', '2025-10-20T06:48:00Z', '2025-10-20T09:40:00Z'],
    ]);
    await this.timeline(aws.reference, [
      ['2025-10-20T07:02:00Z', 'detection', 'Notification queue age above 10 minutes.'],
      [
        { local: '2025-10-20T03:10', zone: 'America/New_York' },
        'escalation',
        'US on-call acknowledges; DynamoDB endpoint does not resolve.',
      ],
      ['2025-10-20T09:40:00Z', 'mitigation', 'DynamoDB resolves again; backlog draining.'],
      ['2025-10-20T10:30:00Z', 'resolution', 'Backlog drained.'],
    ]);
    await this.causeService.createCause(
      aws.reference,
      {
        vendor: 'aws',
        vendorComponentIds: [components['aws:DynamoDB (us-east-1)']],
        role: 'root_cause',
        state: 'accepted',
        explanation: 'Regional DynamoDB endpoint DNS failure in us-east-1.',
      },
      ACTOR,
    );

    // 4. Our own change, entered by the Paris team.
    const search = await this.incidentsService.createIncident(
      {
        title: 'Search results stale after index migration',
        summary:
          'A mapping change made the indexer skip edited messages; results were up to 40 minutes stale.',
        severity: 'SEV4',
        status: 'resolved',
        startedAt: { local: '2025-03-12T10:05', zone: 'Europe/Paris' },
        detectedAt: { local: '2025-03-12T10:40', zone: 'Europe/Paris' },
        acknowledgedAt: { local: '2025-03-12T10:42', zone: 'Europe/Paris' },
        mitigatedAt: { local: '2025-03-12T11:15', zone: 'Europe/Paris' },
        resolvedAt: { local: '2025-03-12T11:50', zone: 'Europe/Paris' },
        labels: ['deploy'],
        regions: ['eu-west-1'],
        errorSignatures: [],
      },
      ACTOR,
    );
    references.push(search.reference);
    await this.impacts(search.reference, [
      ['search', 'degraded', '2025-03-12T09:05:00Z', '2025-03-12T10:50:00Z'],
    ]);
    await this.timeline(search.reference, [
      [
        { local: '2025-03-12T10:40', zone: 'Europe/Paris' },
        'detection',
        'Support reports edited messages missing from search.',
      ],
      [
        { local: '2025-03-12T11:15', zone: 'Europe/Paris' },
        'mitigation',
        'Index migration rolled back.',
      ],
      [{ local: '2025-03-12T11:50', zone: 'Europe/Paris' }, 'resolution', 'Re-index complete.'],
    ]);

    // 5. Still open: something for the lifecycle to act on.
    const open = await this.incidentsService.createIncident(
      {
        title: 'Elevated latency on Public API in eu-west',
        summary: 'p99 latency doubled for EU customers; investigating.',
        severity: 'SEV3',
        startedAt: '2025-11-20T08:50:00Z',
        detectedAt: '2025-11-20T09:02:00Z',
        labels: ['latency'],
        regions: ['eu-west-1'],
        errorSignatures: ['HTTP 504'],
      },
      ACTOR,
    );
    references.push(open.reference);
    await this.impacts(open.reference, [['public-api', 'degraded', '2025-11-20T08:50:00Z', null]]);
    await this.timeline(open.reference, [
      [
        { local: '2025-11-20T10:02', zone: 'Europe/Paris' },
        'detection',
        'Latency SLO burn-rate alert.',
      ],
    ]);

    return references;
  }

  private async impacts(
    reference: string,
    rows: Array<
      [
        string,
        'operational' | 'degraded' | 'partial_outage' | 'major_outage',
        string,
        string | null,
      ]
    >,
  ) {
    for (const [service, level, from, to] of rows) {
      await this.impactService.createImpact(reference, { service, level, from, to }, ACTOR);
    }
  }

  private async timeline(reference: string, entries: TimelineEntry[]) {
    for (const [occurredAt, kind, body] of entries) {
      await this.timelineService.createTimelineEvent(
        reference,
        {
          occurredAt,
          kind: kind as never,
          body,
          source: kind === 'vendor_update' ? 'vendor_import' : 'manual',
          author: ACTOR,
        },
        ACTOR,
      );
    }
  }
}
