import { EntityManager } from 'typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { CatalogRepository, ReachRow } from '@rca/catalog';
import {
  CauseService,
  ImpactService,
  IncidentEntity,
  IncidentService,
  OPEN_STATUSES,
  Severity,
} from '@rca/incidents';
import { NotificationService, NotificationTopic } from '@rca/notifications';
import { Environment } from '@rca/shared';
import {
  VendorIncidentComponentEntity,
  VendorIncidentEntity,
  VendorIncidentRepository,
} from '@rca/vendor-incidents';
import { affectedComponentIds, bestSuggestion, worstComponentStatuses } from './suggestion-score';
import { VendorLinkRepository } from './vendor-link.repository';

/** Label every auto-drafted incident carries (`GET /api/incidents?label=auto-draft`). */
export const AUTO_DRAFT_LABEL = 'auto-draft';
/** Actor of the activity-log entries of a draft, like the other background writers. */
const ACTOR = 'system';
const TITLE_MAX = 200;

type OutageComponents = { kind: 'components'; ids: string[] } | { kind: 'whole_vendor' };

/**
 * Which of the vendor's components a vendor incident reports as a major outage, or null when it
 * is no major outage. Impact `major`/`critical`: every component it names as not operational, or
 * the whole vendor when it names none. Any other impact: only components in `major_outage`.
 */
export function outageComponents(
  vendorIncident: Pick<VendorIncidentEntity, 'kind' | 'impact' | 'status' | 'resolvedAt'>,
  components: Array<Pick<VendorIncidentComponentEntity, 'vendorComponentId' | 'status'>>,
): OutageComponents | null {
  if (vendorIncident.kind !== 'incident') return null;
  if (vendorIncident.resolvedAt || ['resolved', 'postmortem'].includes(vendorIncident.status))
    return null;
  const major = vendorIncident.impact === 'major' || vendorIncident.impact === 'critical';
  if (major && components.length === 0) return { kind: 'whole_vendor' };
  const ids = [...affectedComponentIds(vendorIncident, components)].filter(
    (id) =>
      major || components.some((c) => c.vendorComponentId === id && c.status === 'major_outage'),
  );
  return ids.length > 0 ? { kind: 'components', ids } : null;
}

/** SEV1 for a critical vendor incident that a tier-1 service cannot fall back from; SEV2 otherwise. */
export function draftSeverity(
  vendorIncident: Pick<VendorIncidentEntity, 'impact'>,
  tierOne: Array<Pick<ReachRow, 'singlePointOfFailure'>>,
): Severity {
  return vendorIncident.impact === 'critical' &&
    tierOne.some((service) => service.singlePointOfFailure)
    ? 'SEV1'
    : 'SEV2';
}

/**
 * Opens a draft incident when a vendor reports a major outage of something a tier-1 service
 * depends on and no open incident of ours covers it (STATUS_AUTO_DRAFT_INCIDENTS). Our incidents
 * have no draft status: a draft is an `investigating` incident labelled `auto-draft`, created by
 * `system`, with its tier-1 services as suspected impacts and the vendor incident as a suggested
 * cause for a person to accept or reject. At most one draft per vendor incident, ever.
 */
@Injectable()
export class AutoDraftService {
  private readonly logger = new Logger(AutoDraftService.name);

  constructor(
    private readonly environment: Environment,
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly links: VendorLinkRepository,
    private readonly catalog: CatalogRepository,
    private readonly incidents: IncidentService,
    private readonly impacts: ImpactService,
    private readonly causes: CauseService,
    private readonly notifications: NotificationService,
  ) {}

  /**
   * Call after an import with the vendor incidents it touched, as stored (`ImportResult.touched`);
   * returns the ids of the incidents it opened. A failure is logged and never fails the poll.
   */
  async draftFor(vendorIncidents: VendorIncidentEntity[], vendorName: string): Promise<string[]> {
    if (!this.environment.STATUS_AUTO_DRAFT_INCIDENTS) return [];
    const created: string[] = [];
    for (const vendorIncident of vendorIncidents) {
      try {
        const incident = await this.draftOne(vendorIncident, vendorName);
        if (incident) created.push(incident.id);
      } catch (error) {
        this.logger.error(
          `auto-draft for vendor incident ${vendorIncident.id} failed: ${(error as Error).message}`,
          (error as Error).stack,
        );
      }
    }
    return created;
  }

  private async draftOne(
    vendorIncident: VendorIncidentEntity,
    vendorName: string,
  ): Promise<IncidentEntity | null> {
    const vendorIncidentId = vendorIncident.id;
    const components = await this.vendorIncidents.listComponents(vendorIncidentId);
    const outage = outageComponents(vendorIncident, components);
    if (!outage) return null;
    const componentIds =
      outage.kind === 'components'
        ? outage.ids
        : (await this.catalog.componentsOfVendor(vendorIncident.vendorId)).map((c) => c.id);
    const reached = await this.catalog.reach(componentIds);
    const tierOne = reached.filter((service) => service.tier === 1);
    if (tierOne.length === 0) return null;

    const startedAt = vendorIncident.startedAt ?? vendorIncident.createdAt;
    const shortlink =
      vendorIncident.shortlink && /^https?:\/\//i.test(vendorIncident.shortlink)
        ? vendorIncident.shortlink
        : null;
    const incident = await this.vendorIncidents.transaction(async (manager) => {
      await this.links.lockAutoDraft(manager, vendorIncidentId);
      if (await this.links.autoDraftOf(vendorIncidentId, manager)) return null;
      const covering = await this.links.openIncidentsCovering(
        vendorIncidentId,
        reached.map((service) => service.serviceId),
        OPEN_STATUSES,
        manager,
      );
      if (covering.length > 0) {
        this.logger.log(
          `no draft for ${vendorName} incident ${vendorIncident.externalId}: covered by ${covering.join(', ')}`,
        );
        return null;
      }
      const title = `${vendorName}: ${vendorIncident.title}`;
      const draft = await this.incidents.createIncident(
        {
          title: title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title,
          severity: draftSeverity(vendorIncident, tierOne),
          startedAt: startedAt.toISOString(),
          labels: [AUTO_DRAFT_LABEL],
          summary: this.summary(vendorIncident, vendorName, tierOne, shortlink),
        },
        ACTOR,
        manager,
      );
      for (const service of tierOne)
        await this.impacts.createImpact(
          draft.reference,
          {
            service: service.serviceId,
            level: 'degraded',
            from: startedAt.toISOString(),
            note: `Suspected, not confirmed: depends on ${this.chain(vendorName, service)}. Set the real level.`,
          },
          ACTOR,
          manager,
        );
      const best = bestSuggestion({
        paths: await this.links.dependencyPaths(draft.id, vendorIncident.vendorId, manager),
        vendorWindow: { from: startedAt, to: new Date() },
        ourWindow: { from: startedAt, to: new Date() },
        componentStatuses: worstComponentStatuses(components),
        vendorName,
        vendorImpact: vendorIncident.impact,
        ourSeverity: draft.severity,
      });
      if (best)
        await this.causes.suggestCause(
          {
            incidentId: draft.id,
            vendorIncidentId,
            vendorComponentIds: best.vendorComponentIds,
            score: best.score,
            reasons: best.reasons,
            explanation: `Suggested: ${vendorName} incident "${vendorIncident.title}" (draft opened automatically)`,
          },
          manager,
        );
      await this.links.recordAutoDraft(manager, vendorIncidentId, draft.id);
      // The message commits with the draft: nobody misses a draft because a delivery failed.
      await this.notify(manager, draft, vendorIncident, vendorName, tierOne, shortlink);
      return draft;
    });
    if (!incident) return null;
    this.logger.log(
      `opened draft ${incident.reference} for ${vendorName} incident ${vendorIncident.externalId}`,
    );
    return incident;
  }

  /** `Cloudflare CDN → public-api → chat-web` (the reach path runs from the component up). */
  private chain(vendorName: string, service: ReachRow): string {
    const [component, ...services] = service.path;
    return [`${vendorName} ${component}`, ...services].join(' → ');
  }

  private summary(
    vendorIncident: VendorIncidentEntity,
    vendorName: string,
    tierOne: ReachRow[],
    shortlink: string | null,
  ): string {
    return [
      `**Draft opened automatically.** ${vendorName} reports "${vendorIncident.title}" ` +
        `(impact ${vendorIncident.rawImpact ?? vendorIncident.impact ?? 'not given'}, status ${vendorIncident.rawStatus})` +
        `${shortlink ? ` — [status page](${shortlink})` : ''}, and no open incident of ours covered it.`,
      `Tier-1 services that depend on it:\n\n${tierOne
        .map(
          (service) =>
            `- ${service.name}: ${this.chain(vendorName, service)}${
              service.singlePointOfFailure ? ' (no fallback)' : ' (with a fallback)'
            }`,
        )
        .join('\n')}`,
      'Confirm the impacts and the severity, accept or reject the suggested cause, or resolve ' +
        'this incident if we were not affected.',
    ].join('\n\n');
  }

  private async notify(
    manager: EntityManager,
    incident: IncidentEntity,
    vendorIncident: VendorIncidentEntity,
    vendorName: string,
    tierOne: ReachRow[],
    shortlink: string | null,
  ): Promise<void> {
    const path = `/incidents/${encodeURIComponent(incident.reference)}`;
    const url = this.environment.PUBLIC_URL
      ? new URL(path, this.environment.PUBLIC_URL).toString()
      : null;
    const services = tierOne.map((service) => service.slug);
    const message = {
      key: `auto-draft:${incident.id}`,
      topic: NotificationTopic.AutoDraft,
      subject: `Draft incident ${incident.reference} (${incident.severity}): ${incident.title}`,
      text:
        `${vendorName} reports a major outage ("${vendorIncident.title}") of something tier-1 ` +
        `services depend on (${services.join(', ')}), and no open incident covered it. ` +
        `${incident.reference} was opened as a draft: confirm or resolve it. ${url ?? path}`,
      data: {
        incidentId: incident.id,
        reference: incident.reference,
        severity: incident.severity,
        url,
        vendorName,
        vendorIncidentId: vendorIncident.id,
        statusPage: shortlink,
        services,
      },
    };
    // Team channels get drafts touching their services; the same key keeps it one message per channel.
    const owners = await this.catalog.findServicesByIds(
      tierOne.map((s) => s.serviceId),
      manager,
    );
    const teams = [...new Set([null, ...owners.map((service) => service.ownerTeam)])];
    for (const team of teams)
      await this.notifications.notify({ ...message, team }, undefined, manager);
  }
}
