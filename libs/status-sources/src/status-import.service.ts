import { Injectable } from '@nestjs/common';
import { IncidentsService } from '@rca/incidents';
import { EntityManager } from 'typeorm';
import {
  VendorComponentStatus,
  VendorIncidentEntity,
  VendorIncidentImpact,
  VendorIncidentRepository,
  VendorIncidentStatus,
} from '@rca/vendor-incidents';
import { NormalisedFeed, NormalisedIncident } from './parsers';
import { VendorLinkRepository } from './vendor-link.repository';

/** What one import changed; also the job's return value, so changes are visible in BullMQ. */
export interface ImportChanges {
  newIncidents: string[];
  changedIncidents: string[];
  newUpdates: number;
  componentChanges: number;
  timelineEvents: number;
  /** Vendor incident ids (ours) that gained something; cause suggestions look at these. */
  touched: string[];
}

const sameInstant = (a: Date | null, b: string | null) =>
  (a === null && b === null) || (a !== null && b !== null && a.getTime() === Date.parse(b));

/**
 * Writes a parsed feed into the vendor-incident tables in one transaction: new incidents,
 * new updates (unique per vendor + external id, so a replay writes nothing), status and
 * component changes, and timeline events for incidents linked by an accepted cause.
 */
@Injectable()
export class StatusImportService {
  constructor(
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly links: VendorLinkRepository,
    private readonly incidents: IncidentsService,
  ) {}

  /**
   * Puts every stored update of these vendor incidents on the timeline of each incident of ours
   * linked by an accepted cause (exactly once: the incidents domain keeps it unique).
   */
  async appendLinkedUpdates(
    vendorIncidentIds: string[],
    manager: EntityManager,
    incidentId?: string,
  ): Promise<number> {
    let appended = 0;
    for (const link of await this.links.acceptedLinks(vendorIncidentIds, manager, incidentId))
      for (const update of await this.vendorIncidents.listUpdates(link.vendorIncidentId, manager))
        if (
          await this.incidents.appendVendorUpdate(
            link.incidentId,
            update,
            { vendorName: link.vendorName, shortlink: link.shortlink },
            manager,
          )
        )
          appended += 1;
    return appended;
  }

  import(vendorId: string, feed: NormalisedFeed): Promise<ImportChanges> {
    return this.vendorIncidents.transaction(async (manager) => {
      const changes: ImportChanges = {
        newIncidents: [],
        changedIncidents: [],
        newUpdates: 0,
        componentChanges: 0,
        timelineEvents: 0,
        touched: [],
      };
      const groupNames = new Map(
        feed.components.filter((c) => c.group).map((c) => [c.externalId, c.name]),
      );
      const componentIds = await this.links.ensureVendorComponents(
        vendorId,
        feed.incidents.flatMap((incident) =>
          [...incident.components, ...incident.updates.flatMap((u) => u.components)].map((c) => ({
            externalId: c.externalId,
            name: c.name,
            groupName:
              groupNames.get(
                feed.components.find((p) => p.externalId === c.externalId)?.groupId ?? '',
              ) ?? null,
          })),
        ),
        manager,
      );
      for (const incident of feed.incidents) {
        const existing = await this.vendorIncidents.findByExternalId(
          vendorId,
          incident.externalId,
          manager,
        );
        let stored: VendorIncidentEntity;
        if (existing && unchanged(existing, incident)) stored = existing;
        else {
          const { incident: row, created } = await this.vendorIncidents.upsert(
            {
              vendorId,
              externalId: incident.externalId,
              kind: incident.kind,
              title: incident.title,
              rawStatus: incident.status.raw ?? incident.status.value,
              status: incident.status.value as VendorIncidentStatus,
              rawImpact: incident.impact.raw,
              impact: incident.impact.value as VendorIncidentImpact,
              startedAt: incident.startedAt ? new Date(incident.startedAt) : null,
              resolvedAt: incident.resolvedAt ? new Date(incident.resolvedAt) : null,
              vendorUpdatedAt: incident.updatedAt ? new Date(incident.updatedAt) : null,
              shortlink: incident.shortlink,
              rawPayload: { format: feed.format, status: incident.status, impact: incident.impact },
            },
            manager,
          );
          stored = row;
          (created ? changes.newIncidents : changes.changedIncidents).push(row.id);
        }
        let touched = stored !== existing;
        const known = new Set(
          (await this.vendorIncidents.listUpdates(stored.id, manager)).map((u) => u.externalId),
        );
        for (const update of incident.updates) {
          if (known.has(update.externalId)) continue;
          const inserted = await this.vendorIncidents.insertUpdateIfNew(
            stored,
            {
              externalId: update.externalId,
              at: new Date(update.at),
              rawStatus: update.status.raw ?? update.status.value,
              status: update.status.value as VendorIncidentStatus,
              body: update.body,
            },
            manager,
          );
          if (inserted) {
            changes.newUpdates += 1;
            touched = true;
          }
        }
        // Latest known status per component: the incident's list, else the newest update naming it.
        const latest = new Map<string, { raw: string; value: string }>();
        for (const update of incident.updates)
          for (const c of update.components)
            latest.set(c.externalId, {
              raw: c.status.raw ?? c.status.value,
              value: c.status.value,
            });
        for (const c of incident.components)
          latest.set(c.externalId, { raw: c.status.raw ?? c.status.value, value: c.status.value });
        for (const [externalId, status] of latest) {
          const componentId = componentIds.get(externalId);
          if (!componentId) continue;
          if (
            await this.vendorIncidents.setComponentStatus(
              stored.id,
              componentId,
              status.raw,
              status.value as VendorComponentStatus,
              manager,
            )
          ) {
            changes.componentChanges += 1;
            touched = true;
          }
        }
        if (touched) changes.touched.push(stored.id);
      }
      changes.timelineEvents = await this.appendLinkedUpdates(changes.touched, manager);
      return changes;
    });
  }
}

function unchanged(stored: VendorIncidentEntity, incoming: NormalisedIncident): boolean {
  return (
    stored.title === incoming.title &&
    stored.kind === incoming.kind &&
    stored.rawStatus === (incoming.status.raw ?? incoming.status.value) &&
    stored.status === incoming.status.value &&
    stored.rawImpact === incoming.impact.raw &&
    stored.shortlink === incoming.shortlink &&
    sameInstant(stored.startedAt, incoming.startedAt) &&
    sameInstant(stored.resolvedAt, incoming.resolvedAt) &&
    sameInstant(stored.vendorUpdatedAt, incoming.updatedAt)
  );
}
