import { Injectable } from '@nestjs/common';
import { TimelineEventService } from '@rca/incidents';
import { Outbox } from '@rca/shared';
import { EntityManager } from 'typeorm';
import {
  VendorComponentStatus,
  VendorIncidentEntity,
  VendorIncidentImpact,
  VendorIncidentInput,
  VendorIncidentRepository,
  VendorIncidentStatus,
} from '@rca/vendor-incidents';
import { NormalisedFeed, NormalisedIncident } from './parsers';
import { coalesce } from './coalesce';
import { vendorKey, VendorLinkRepository } from './vendor-link.repository';
import { detectVendorReport } from './vendor-report-detection';

/** What one import changed; also the job's return value, so changes are visible in BullMQ. */
export interface ImportChanges {
  newIncidents: string[];
  changedIncidents: string[];
  newUpdates: number;
  /** Stored updates whose text the vendor edited. */
  editedUpdates: number;
  /** Incidents closed because they left a feed that lists only open ones ("left the page"). */
  leftPage: string[];
  componentChanges: number;
  timelineEvents: number;
  /** Vendor incident ids (ours) that gained something; cause suggestions look at these. */
  touched: string[];
  /** Vendor incidents whose post-incident report was found by this import. */
  reportsFound: string[];
}

export interface ImportResult {
  changes: ImportChanges;
  /** The touched vendor incidents as stored after the import. */
  touched: VendorIncidentEntity[];
}

/** Where a feed came from, for what only the poller knows. */
export interface ImportContext {
  /** The status source polled; incidents it lists are marked as seen by it. */
  sourceId?: string;
  /** The page's own clock: page.updated_at, else the response's Date header. */
  pageClock?: Date;
  /**
   * The feed lists only open incidents (Statuspage summary.json, the incident.io widget): an
   * open incident this source listed before and the feed no longer lists is closed as inferred.
   */
  onlyOpen?: boolean;
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
    private readonly timeline: TimelineEventService,
    private readonly outbox: Outbox,
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
    const appended = await this.appendLinkedUpdatesBy(vendorIncidentIds, manager, incidentId);
    return [...appended.values()].reduce((total, n) => total + n, 0);
  }

  /** The same, counting the timeline events appended per vendor incident. */
  private async appendLinkedUpdatesBy(
    vendorIncidentIds: string[],
    manager: EntityManager,
    incidentId?: string,
  ): Promise<Map<string, number>> {
    const appended = new Map<string, number>();
    for (const link of await this.links.acceptedLinks(vendorIncidentIds, manager, incidentId))
      for (const update of await this.vendorIncidents.listUpdates(link.vendorIncidentId, manager))
        if (
          await this.timeline.appendVendorUpdate(
            link.incidentId,
            update,
            { vendorName: link.vendorName, shortlink: link.shortlink },
            manager,
          )
        )
          appended.set(link.vendorIncidentId, (appended.get(link.vendorIncidentId) ?? 0) + 1);
    return appended;
  }

  /**
   * The vendors' post-incident reports these feeds show (vendor-report-detection.ts), recorded
   * once per vendor incident with a `vendor-report.found` event in the import's transaction: a
   * re-poll that sees the same report finds it recorded and writes nothing.
   */
  private async recordVendorReports(
    feeds: FeedRows,
    rowOf: (vendorId: string, incident: NormalisedIncident) => VendorIncidentEntity,
    touched: ReadonlySet<string>,
    seenAt: Date,
    manager: EntityManager,
  ): Promise<Set<string>> {
    const detected = feeds.flatMap(({ vendorId, incidents }) =>
      incidents.flatMap((incident) => {
        // An incident this import left as it was had its updates read by an earlier one; a
        // postmortem is looked at every time (cheap, and it may predate this detection).
        if (
          !touched.has(rowOf(vendorId, incident).id) &&
          !incident.postmortem &&
          incident.status.value !== 'postmortem'
        )
          return [];
        const report = detectVendorReport(incident, seenAt);
        return report ? [{ vendorId, row: rowOf(vendorId, incident), report }] : [];
      }),
    );
    if (detected.length === 0) return new Set();
    const known = await this.vendorIncidents.reportedAmong(
      detected.map(({ row }) => row.id),
      manager,
    );
    const fresh = detected.filter(({ row }) => !known.has(row.id));
    const updateIds = new Map<string, string>();
    for (const { row, report } of fresh)
      if (report.updateExternalId) {
        const update = await this.vendorIncidents.findUpdateByExternalId(
          row.vendorId,
          report.updateExternalId,
          manager,
        );
        if (update) updateIds.set(row.id, update.id);
      }
    const inserted = await this.vendorIncidents.insertReportsIfNew(
      fresh.map(({ vendorId, row, report }) => ({
        vendorId,
        vendorIncidentId: row.id,
        source: report.source,
        url: report.url,
        publishedAt: report.publishedAt,
        text: report.text,
        updateId: updateIds.get(row.id) ?? null,
      })),
      manager,
    );
    for (const report of inserted)
      await this.outbox.emit(manager, 'vendor-report.found', {
        vendorIncidentId: report.vendorIncidentId,
        reportId: report.id,
      });
    return new Set(inserted.map((report) => report.vendorIncidentId));
  }

  /**
   * Imports one parsed feed. Imports of concurrent polls are written together: one transaction
   * and one statement per kind of read or write for the whole batch (see `importBatch`).
   */
  import(
    vendorId: string,
    feed: NormalisedFeed,
    context: ImportContext = {},
  ): Promise<ImportResult> {
    return this.batches.load({ vendorId, feed, context });
  }

  private readonly batches = coalesce(
    (requests: readonly ImportRequest[]) => this.importBatch(requests),
    { max: IMPORT_BATCH_MAX, windowMs: IMPORT_BATCH_WINDOW_MS },
  );

  /**
   * A vendor appears once per transaction (its feeds go in later rounds), so a statement never
   * touches a row twice. When a batch fails, each of its feeds is imported alone: one bad feed
   * (or a deadlock with another worker) fails only its own poll.
   */
  private async importBatch(
    requests: readonly ImportRequest[],
  ): Promise<Array<ImportResult | Error>> {
    const results: Array<ImportResult | Error> = new Array(requests.length);
    let pending = requests.map((request, index) => ({ request, index }));
    while (pending.length > 0) {
      const vendors = new Set<string>();
      const round: typeof pending = [];
      const later: typeof pending = [];
      for (const item of pending)
        if (vendors.has(item.request.vendorId)) later.push(item);
        else {
          vendors.add(item.request.vendorId);
          round.push(item);
        }
      // The same order in every transaction, so two workers lock rows in the same order.
      round.sort((x, y) => x.request.vendorId.localeCompare(y.request.vendorId));
      try {
        const imported = await this.importFeeds(round.map((item) => item.request));
        round.forEach((item, k) => (results[item.index] = imported[k]));
      } catch (error) {
        if (round.length === 1) results[round[0].index] = asError(error);
        else
          for (const item of round)
            results[item.index] = await this.importFeeds([item.request]).then(
              ([result]) => result,
              asError,
            );
      }
      pending = later;
    }
    return results;
  }

  /** Writes feeds of distinct vendors in one transaction. */
  private importFeeds(requests: ImportRequest[]): Promise<ImportResult[]> {
    return this.vendorIncidents.transaction(async (manager) => {
      const importedAt = new Date();
      // One incident, update and component status per id and feed: the last one listed wins.
      const feeds = requests.map(({ vendorId, feed, context }) => ({
        vendorId,
        feed,
        context: context ?? {},
        clock: pageClockOf(feed, context),
        incidents: [...new Map(feed.incidents.map((i) => [i.externalId, i])).values()],
      }));
      const componentIds = await this.links.ensureVendorComponents(
        feeds.flatMap(({ vendorId, feed, incidents }) => {
          // The page's own component list names a component and its group (updates spell it
          // "<group> - <name>", with the name it had then).
          const pageComponents = new Map(feed.components.map((c) => [c.externalId, c]));
          const groupName = (groupId: string | null) =>
            (groupId && pageComponents.get(groupId)?.name) ?? null;
          return incidents.flatMap((incident) =>
            [...incident.components, ...incident.updates.flatMap((u) => u.components)].map((c) => {
              const onPage = pageComponents.get(c.externalId);
              return {
                vendorId,
                externalId: c.externalId,
                name: onPage?.name ?? c.name,
                groupName: onPage ? groupName(onPage.groupId) : null,
                spelled: c.name,
              };
            }),
          );
        }),
        manager,
      );
      const stored = await this.links.storedState(
        feeds.flatMap(({ vendorId, incidents }) =>
          incidents.map((incident) => ({ vendorId, externalId: incident.externalId })),
        ),
        manager,
      );

      // Incidents: unchanged ones keep their row, the others are upserted together.
      const rows = new Map<string, VendorIncidentEntity>();
      const linked = new Set<string>();
      const toWrite: VendorIncidentInput[] = [];
      for (const { vendorId, feed, context, clock, incidents } of feeds)
        for (const incident of incidents) {
          const existing = stored.get(vendorKey(vendorId, incident.externalId));
          if (existing?.linked) linked.add(existing.incident.id);
          if (existing && unchanged(existing.incident, incident))
            rows.set(vendorKey(vendorId, incident.externalId), existing.incident);
          else toWrite.push(incidentInput(vendorId, feed.format, incident, context, clock));
        }
      const written = await this.vendorIncidents.upsertMany(toWrite, manager);
      const created = new Set<string>();
      for (const { incident, created: isNew } of written) {
        rows.set(vendorKey(incident.vendorId, incident.externalId), incident);
        if (isNew) created.add(incident.id);
      }
      const touched = new Set(written.map(({ incident }) => incident.id));
      const rowOf = (vendorId: string, incident: NormalisedIncident) =>
        rows.get(vendorKey(vendorId, incident.externalId))!;

      // Updates: new ones are inserted, edited ones (same id, other text) rewritten with history.
      const edited = new Set<string>();
      const updateInputs = feeds.flatMap(({ vendorId, incidents }) => {
        const seen = new Set<string>();
        return incidents.flatMap((incident) => {
          const known = stored.get(vendorKey(vendorId, incident.externalId))?.updates;
          return incident.updates
            .filter((update) => {
              if (seen.has(update.externalId)) return false;
              seen.add(update.externalId);
              const before = known?.get(update.externalId);
              if (!before) return true;
              if (before.body !== update.body) edited.add(vendorKey(vendorId, update.externalId));
              return (
                before.body !== update.body ||
                before.rawStatus !== (update.status.raw ?? update.status.value) ||
                Date.parse(before.at) !== Date.parse(update.at)
              );
            })
            .map((update) => ({
              vendorId,
              vendorIncidentId: rowOf(vendorId, incident).id,
              externalId: update.externalId,
              at: new Date(update.at),
              rawStatus: update.status.raw ?? update.status.value,
              status: update.status.value as VendorIncidentStatus,
              body: update.body,
            }));
        });
      });
      const writtenUpdates = await this.vendorIncidents.writeUpdates(
        updateInputs,
        importedAt,
        manager,
      );
      const newUpdates = new Map<string, number>();
      const editedUpdates = new Map<string, number>();
      const editedUpdateIds: Array<{ vendorIncidentId: string; updateId: string }> = [];
      const writtenUpdateKeys = new Set<string>();
      const vendorOf = new Map(updateInputs.map((u) => [u.vendorIncidentId, u.vendorId]));
      for (const update of writtenUpdates) {
        touched.add(update.vendorIncidentId);
        const vendorId = vendorOf.get(update.vendorIncidentId);
        writtenUpdateKeys.add(vendorKey(vendorId ?? '', update.externalId));
        if (update.created)
          newUpdates.set(
            update.vendorIncidentId,
            (newUpdates.get(update.vendorIncidentId) ?? 0) + 1,
          );
        else if (edited.has(vendorKey(vendorId ?? '', update.externalId))) {
          editedUpdates.set(
            update.vendorIncidentId,
            (editedUpdates.get(update.vendorIncidentId) ?? 0) + 1,
          );
          editedUpdateIds.push({ vendorIncidentId: update.vendorIncidentId, updateId: update.id });
        }
      }

      const componentChanges = await this.vendorIncidents.setComponentStatuses(
        feeds.flatMap(({ vendorId, incidents }) =>
          incidents.flatMap((incident) =>
            [...latestComponentStatuses(incident)].flatMap(([externalId, status]) => {
              const componentId = componentIds.get(vendorKey(vendorId, externalId));
              return componentId
                ? [
                    {
                      vendorIncidentId: rowOf(vendorId, incident).id,
                      vendorComponentId: componentId,
                      rawStatus: status.raw,
                      status: status.value as VendorComponentStatus,
                    },
                  ]
                : [];
            }),
          ),
        ),
        manager,
      );
      const statusChanges = new Map<string, number>();
      const changedComponents = new Set<string>();
      for (const change of componentChanges) {
        touched.add(change.vendorIncidentId);
        changedComponents.add(`${change.vendorIncidentId} ${change.vendorComponentId}`);
        statusChanges.set(
          change.vendorIncidentId,
          (statusChanges.get(change.vendorIncidentId) ?? 0) + 1,
        );
      }
      // Component statuses over time: each transition an update records, at the update's
      // time; a change seen only in the component lists, at the page's clock.
      await this.vendorIncidents.recordComponentStatuses(
        feeds.flatMap(({ vendorId, clock, incidents }) =>
          incidents.flatMap((incident) => {
            const vendorIncidentId = rowOf(vendorId, incident).id;
            const fromUpdates = incident.updates
              .filter((u) => writtenUpdateKeys.has(vendorKey(vendorId, u.externalId)))
              .flatMap((u) =>
                u.components.map((c) => ({ externalId: c.externalId, at: u.at, status: c.status })),
              );
            const latest = latestComponentStatuses(incident);
            const newestUpdateStatus = new Map<string, string>();
            for (const u of incident.updates)
              for (const c of u.components)
                newestUpdateStatus.set(c.externalId, c.status.raw ?? c.status.value);
            const fromLists = [...latest]
              .filter(([externalId, status]) => {
                const componentId = componentIds.get(vendorKey(vendorId, externalId));
                return (
                  componentId &&
                  changedComponents.has(`${vendorIncidentId} ${componentId}`) &&
                  newestUpdateStatus.get(externalId) !== status.raw
                );
              })
              .map(([externalId, status]) => ({
                externalId,
                at: clock.toISOString(),
                status: { value: status.value, raw: status.raw },
              }));
            return [...fromUpdates, ...fromLists].flatMap((entry) => {
              const componentId = componentIds.get(vendorKey(vendorId, entry.externalId));
              return componentId
                ? [
                    {
                      vendorIncidentId,
                      vendorComponentId: componentId,
                      at: new Date(entry.at),
                      rawStatus: entry.status.raw ?? entry.status.value,
                      status: entry.status.value as VendorComponentStatus,
                    },
                  ]
                : [];
            });
          }),
        ),
        manager,
      );

      // Listed by their sources now, in one statement for the batch: an incident two feeds list
      // keeps the later feed's source and the later clock.
      const seen = new Map<string, { id: string; sourceId: string; at: Date }>();
      for (const { vendorId, context, clock, incidents } of feeds) {
        if (!context.sourceId) continue;
        for (const incident of incidents) {
          const id = rowOf(vendorId, incident).id;
          const before = seen.get(id);
          seen.set(id, {
            id,
            sourceId: context.sourceId,
            at: before && before.at > clock ? before.at : clock,
          });
        }
      }
      await this.vendorIncidents.markSeen([...seen.values()], manager);
      // The open ones a source listed before and no longer lists have left its page.
      const leftPage = new Map<string, string[]>();
      for (const { vendorId, context, clock, incidents } of feeds) {
        if (!context.sourceId || !context.onlyOpen) continue;
        const closed = await this.vendorIncidents.closeLeftPage(
          context.sourceId,
          incidents.map((incident) => incident.externalId),
          clock,
          manager,
        );
        leftPage.set(vendorId, closed);
        for (const id of closed) {
          touched.add(id);
          const row = await this.vendorIncidents.findById(id, manager);
          if (row) rows.set(vendorKey(row.vendorId, row.externalId), row);
        }
      }

      const reportsFound = await this.recordVendorReports(
        feeds,
        rowOf,
        touched,
        importedAt,
        manager,
      );

      const linkedTouched = [...linked].filter((id) => touched.has(id));
      const appended = linkedTouched.length
        ? await this.appendLinkedUpdatesBy(linkedTouched, manager)
        : new Map<string, number>();
      // Edited vendor texts reach the timelines they were imported into.
      for (const { vendorIncidentId, updateId } of editedUpdateIds)
        if (linked.has(vendorIncidentId))
          for (const link of await this.links.acceptedLinks([vendorIncidentId], manager))
            await this.timeline.refreshVendorUpdate(
              link.incidentId,
              updateId,
              { vendorName: link.vendorName, shortlink: link.shortlink },
              manager,
            );

      return feeds.map(({ vendorId, incidents }) => {
        // Feed order, so the job's result reads like the page.
        const closed = leftPage.get(vendorId) ?? [];
        const ids = [...incidents.map((incident) => rowOf(vendorId, incident).id), ...closed];
        const sum = (counts: Map<string, number>) =>
          ids.reduce((total, id) => total + (counts.get(id) ?? 0), 0);
        const touchedIds = ids.filter((id) => touched.has(id));
        const changes: ImportChanges = {
          newIncidents: ids.filter((id) => created.has(id)),
          changedIncidents: written
            .map(({ incident }) => incident.id)
            .filter((id) => ids.includes(id) && !created.has(id)),
          newUpdates: sum(newUpdates),
          editedUpdates: sum(editedUpdates),
          leftPage: closed,
          componentChanges: sum(statusChanges),
          timelineEvents: sum(appended),
          touched: touchedIds,
          reportsFound: ids.filter((id) => reportsFound.has(id)),
        };
        const byId = new Map([...rows.values()].map((row) => [row.id, row]));
        return {
          changes,
          touched: touchedIds.map((id) => byId.get(id)!).filter(Boolean),
        };
      });
    });
  }
}

type FeedRows = Array<{ vendorId: string; incidents: NormalisedIncident[] }>;

interface ImportRequest {
  vendorId: string;
  feed: NormalisedFeed;
  context?: ImportContext;
}

/** Feeds written in one transaction at most. */
const IMPORT_BATCH_MAX = 50;
/**
 * How long an import waits for others to share its transaction. A poll every minute does not
 * notice 10 ms; Postgres notices a tenth of the transactions (see docs/benchmarks.md).
 */
const IMPORT_BATCH_WINDOW_MS = 10;

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** The page's own clock: page.updated_at, else the response's Date header, else now. */
function pageClockOf(feed: NormalisedFeed, context?: ImportContext): Date {
  if (context?.pageClock) return context.pageClock;
  const updated = feed.page.updatedAt ? Date.parse(feed.page.updatedAt) : NaN;
  return Number.isNaN(updated) ? new Date() : new Date(updated);
}

function incidentInput(
  vendorId: string,
  format: NormalisedFeed['format'],
  incident: NormalisedIncident,
  context: ImportContext,
  clock: Date,
): VendorIncidentInput {
  return {
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
    rawPayload: { format, status: incident.status, impact: incident.impact },
    resolutionSource: incident.resolvedAt ? (incident.fromHistory ? 'history' : 'page') : null,
    sourceId: context.sourceId ?? null,
    lastSeenAt: context.sourceId ? clock : null,
  };
}

/** Latest known status per component: the incident's list, else the newest update naming it. */
function latestComponentStatuses(
  incident: NormalisedIncident,
): Map<string, { raw: string; value: string }> {
  const latest = new Map<string, { raw: string; value: string }>();
  for (const update of incident.updates)
    for (const c of update.components)
      latest.set(c.externalId, { raw: c.status.raw ?? c.status.value, value: c.status.value });
  for (const c of incident.components)
    latest.set(c.externalId, { raw: c.status.raw ?? c.status.value, value: c.status.value });
  return latest;
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
    // An inferred end is replaced by what the page says (it came back, or the history answered).
    stored.resolutionSource !== 'left_page' &&
    sameInstant(stored.vendorUpdatedAt, incoming.updatedAt)
  );
}
