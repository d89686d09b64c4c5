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

export interface ImportResult {
  changes: ImportChanges;
  /** The touched vendor incidents as stored after the import. */
  touched: VendorIncidentEntity[];
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

  import(vendorId: string, feed: NormalisedFeed): Promise<ImportResult> {
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
      // Reads and writes are one statement each for the whole feed, not one per incident or row.
      const stored = await this.links.storedState(
        vendorId,
        feed.incidents.map((incident) => incident.externalId),
        manager,
      );
      const touched = new Set<string>();
      const linked = new Set<string>();
      const rows = new Map<string, VendorIncidentEntity>();
      for (const incident of feed.incidents) {
        const existing = stored.get(incident.externalId);
        if (existing?.linked) linked.add(existing.incident.id);
        if (existing && unchanged(existing.incident, incident)) {
          rows.set(incident.externalId, existing.incident);
          continue;
        }
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
        rows.set(incident.externalId, row);
        (created ? changes.newIncidents : changes.changedIncidents).push(row.id);
        touched.add(row.id);
      }

      const inserted = await this.vendorIncidents.insertUpdatesIfNew(
        feed.incidents.flatMap((incident) => {
          const row = rows.get(incident.externalId)!;
          const known = stored.get(incident.externalId)?.updateExternalIds;
          return incident.updates
            .filter((update) => !known?.has(update.externalId))
            .map((update) => ({
              vendorId,
              vendorIncidentId: row.id,
              externalId: update.externalId,
              at: new Date(update.at),
              rawStatus: update.status.raw ?? update.status.value,
              status: update.status.value as VendorIncidentStatus,
              body: update.body,
            }));
        }),
        manager,
      );
      changes.newUpdates = inserted.length;
      for (const update of inserted) touched.add(update.vendorIncidentId);

      const statuses = feed.incidents.flatMap((incident) => {
        const row = rows.get(incident.externalId)!;
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
        return [...latest].flatMap(([externalId, status]) => {
          const componentId = componentIds.get(externalId);
          return componentId
            ? [
                {
                  vendorIncidentId: row.id,
                  vendorComponentId: componentId,
                  rawStatus: status.raw,
                  status: status.value as VendorComponentStatus,
                },
              ]
            : [];
        });
      });
      const componentChanges = await this.vendorIncidents.setComponentStatuses(statuses, manager);
      changes.componentChanges = componentChanges.length;
      for (const change of componentChanges) touched.add(change.vendorIncidentId);

      // Feed order, so the job's result reads like the page.
      changes.touched = [...rows.values()].map((row) => row.id).filter((id) => touched.has(id));
      const linkedTouched = changes.touched.filter((id) => linked.has(id));
      changes.timelineEvents = linkedTouched.length
        ? await this.appendLinkedUpdates(linkedTouched, manager)
        : 0;
      return { changes, touched: [...rows.values()].filter((row) => touched.has(row.id)) };
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
