import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '@rca/shared';
import { Counter } from 'prom-client';
import { FetchError } from '@rca/shared';
import { ImportChanges, ImportResult, StatusImportService } from './status-import.service';
import {
  CLOSED_STATUSES,
  NormalisedFeed,
  NormalisedIncident,
  StatusFormat,
  StatusParseError,
  parseStatusPayload,
  StatusFormatOrAuto,
} from './parsers';
import { VendorIncidentRepository } from '@rca/vendor-incidents';
import { StatusFetcher } from './status-fetcher';
import { StatusSourceRepository } from './status-source.repository';
import { CauseSuggestionService } from './cause-suggestion.service';
import { AutoDraftService } from './auto-draft.service';
import { coalesce } from './coalesce';

export type PollOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'not_modified'; latencyMs: number }
  | { outcome: 'unchanged'; latencyMs: number }
  /** The page's clock is older than the last import's (a stale cache, a replay): not imported. */
  | { outcome: 'stale'; latencyMs: number; pageClock: string }
  | {
      outcome: 'imported';
      latencyMs: number;
      changes: ImportChanges;
      suggestions: string[];
      /** Incidents of ours opened as drafts (STATUS_AUTO_DRAFT_INCIDENTS). */
      drafts: string[];
    }
  | { outcome: 'failed'; kind: string; message: string; consecutiveFailures: number };

/**
 * One poll of one source: fetch (conditional), parse, import in one transaction, then suggest
 * causes. Every failure lands on the source's health; stored vendor data is only written by a
 * successful import, so a failed poll alters nothing.
 */
@Injectable()
export class StatusPollService {
  private readonly logger = new Logger(StatusPollService.name);
  private readonly polls: Counter;
  private readonly changes: Counter;
  /** Sources whose page answered as before, marked seen together (one statement per batch). */
  private readonly seen = coalesce<{ sourceId: string; at: Date }, void>(async (batch) => {
    await this.vendorIncidents.markSourcesSeen(batch);
    return batch.map(() => undefined);
  });

  constructor(
    private readonly sources: StatusSourceRepository,
    private readonly fetcher: StatusFetcher,
    private readonly importer: StatusImportService,
    private readonly suggestions: CauseSuggestionService,
    private readonly autoDraft: AutoDraftService,
    private readonly vendorIncidents: VendorIncidentRepository,
    metrics: MetricsService,
  ) {
    this.polls = new Counter({
      name: 'rca_status_polls_total',
      help: 'Status source polls by outcome (and error kind for failures)',
      labelNames: ['outcome', 'kind'],
      registers: [metrics.registry],
    });
    this.changes = new Counter({
      name: 'rca_status_changes_total',
      help: 'What status polls changed: new vendor incidents, updates, component changes, timeline events, suggestions, draft incidents',
      labelNames: ['change'],
      registers: [metrics.registry],
    });
  }

  async poll(sourceId: string, options: { force?: boolean } = {}): Promise<PollOutcome> {
    const outcome = await this.pollOnce(sourceId, options);
    this.polls.inc({
      outcome: outcome.outcome,
      kind: outcome.outcome === 'failed' ? outcome.kind : '',
    });
    if (outcome.outcome === 'imported') {
      const { changes } = outcome;
      this.changes.inc({ change: 'vendor_incident_new' }, changes.newIncidents.length);
      this.changes.inc({ change: 'vendor_incident_changed' }, changes.changedIncidents.length);
      this.changes.inc({ change: 'vendor_update_new' }, changes.newUpdates);
      this.changes.inc({ change: 'component_status' }, changes.componentChanges);
      this.changes.inc({ change: 'timeline_event' }, changes.timelineEvents);
      this.changes.inc({ change: 'cause_suggested' }, outcome.suggestions.length);
      this.changes.inc({ change: 'incident_drafted' }, outcome.drafts.length);
    }
    return outcome;
  }

  private async pollOnce(sourceId: string, options: { force?: boolean }): Promise<PollOutcome> {
    const source = await this.sources.findForPoll(sourceId);
    if (!source) return { outcome: 'skipped', reason: 'source deleted' };
    if (!source.enabled && !options.force) return { outcome: 'skipped', reason: 'source disabled' };
    const now = new Date();
    if (!options.force && source.nextPollNotBefore && source.nextPollNotBefore > now)
      return {
        outcome: 'skipped',
        reason: `backing off until ${source.nextPollNotBefore.toISOString()}`,
      };

    const fail = async (
      kind: string,
      message: string,
      latencyMs: number | null,
      retryAfterMs?: number,
    ) => {
      const consecutiveFailures = await this.sources.recordFailure(source.id, {
        at: now,
        kind,
        message,
        latencyMs,
        retryAfterMs,
        baseIntervalSeconds: source.pollIntervalSeconds,
      });
      this.logger.warn(`status source ${source.id} (${source.url}): ${kind}: ${message}`);
      return { outcome: 'failed' as const, kind, message, consecutiveFailures };
    };

    const started = performance.now();
    let fetched;
    try {
      fetched = await this.fetcher.fetchDocument(source.url, {
        etag: source.etag,
        lastModified: source.lastModified,
      });
    } catch (error) {
      const latency = Math.round(performance.now() - started);
      if (error instanceof FetchError)
        return fail(error.kind, error.message, latency, error.details.retryAfterMs);
      return fail('network', (error as Error).message, latency);
    }
    if (fetched.notModified) {
      await Promise.all([
        this.seen.load({ sourceId: source.id, at: now }),
        this.sources.recordSuccess(source.id, {
          at: now,
          latencyMs: fetched.latencyMs,
          notModified: true,
        }),
      ]);
      return { outcome: 'not_modified', latencyMs: fetched.latencyMs };
    }
    // The same bytes as the last import cannot change anything: skip parsing and the transaction.
    const contentHash = createHash('sha256').update(fetched.body).digest('hex');
    if (source.contentHash === contentHash) {
      // The same page: its clock is the one of the last import unless the server's Date says more.
      const dateHeader = fetched.date ? Date.parse(fetched.date) : NaN;
      await Promise.all([
        this.seen.load({
          sourceId: source.id,
          at: Number.isNaN(dateHeader) ? (source.pageClock ?? now) : new Date(dateHeader),
        }),
        this.sources.recordSuccess(source.id, {
          at: now,
          latencyMs: fetched.latencyMs,
          etag: fetched.etag,
          lastModified: fetched.lastModified,
          notModified: false,
        }),
      ]);
      return { outcome: 'unchanged', latencyMs: fetched.latencyMs };
    }
    let feed;
    try {
      feed = parseStatusPayload(fetched.body, source.format as StatusFormatOrAuto);
    } catch (error) {
      if (error instanceof StatusParseError)
        return fail(`parse_${error.kind}`, error.message, fetched.latencyMs);
      throw error;
    }
    const pageClock = pageClockOf(feed, fetched.date) ?? now;
    if (source.pageClock && pageClock.getTime() < source.pageClock.getTime()) {
      await this.sources.recordSuccess(source.id, {
        at: now,
        latencyMs: fetched.latencyMs,
        notModified: false,
      });
      return { outcome: 'stale', latencyMs: fetched.latencyMs, pageClock: pageClock.toISOString() };
    }
    const onlyOpen = listsOnlyOpen(fetched.finalUrl, feed);
    if (onlyOpen) await this.lookUpLeavers(source.id, fetched.finalUrl, feed);
    let imported: ImportResult;
    try {
      imported = await this.importer.import(source.vendorId, feed, {
        sourceId: source.id,
        pageClock,
        onlyOpen,
      });
    } catch (error) {
      return fail('import', (error as Error).message, fetched.latencyMs);
    }
    // Validators are stored only after a successful import, so a failed one is fetched again in full.
    await this.sources.recordSuccess(source.id, {
      at: now,
      latencyMs: fetched.latencyMs,
      etag: fetched.etag,
      lastModified: fetched.lastModified,
      detectedFormat: feed.format,
      contentHash,
      pageClock,
      notModified: false,
    });
    const { changes } = imported;
    let suggestions: string[] = [];
    let drafts: string[] = [];
    if (imported.touched.length > 0) {
      suggestions = await this.suggestions.suggestFor(imported.touched, source.vendorName);
      // Outages on tier-1 dependencies that no open incident covers (off unless configured).
      drafts = await this.autoDraft.draftFor(imported.touched, source.vendorName);
      this.logger.log(
        `status source ${source.id}: ${changes.newIncidents.length} new incidents, ${changes.newUpdates} new updates, ${changes.editedUpdates} edited updates, ${changes.leftPage.length} left the page, ${changes.componentChanges} component changes, ${changes.timelineEvents} timeline events, ${suggestions.length} suggestions, ${drafts.length} draft incidents`,
      );
    }
    return { outcome: 'imported', latencyMs: fetched.latencyMs, changes, suggestions, drafts };
  }

  /**
   * Open incidents (and maintenances) that left a feed listing only open ones: looks them up
   * where the same page tells how they ended (Statuspage incidents.json and
   * scheduled-maintenances.json; incident.io pages serve the same paths) and adds the ended
   * ones to the feed. Best effort: what no history answers is closed as "left the page".
   */
  private async lookUpLeavers(sourceId: string, url: string, feed: NormalisedFeed): Promise<void> {
    const missing = await this.vendorIncidents.openNotListed(
      sourceId,
      feed.incidents.map((incident) => incident.externalId),
    );
    if (missing.length === 0) return;
    const wanted = new Set(missing.map((m) => m.externalId));
    const kinds = new Set(missing.map((m) => m.kind));
    for (const historyUrl of historyUrls(url, kinds)) {
      try {
        const fetched = await this.fetcher.fetchDocument(historyUrl, {});
        if (fetched.notModified) continue;
        const history = parseStatusPayload(fetched.body, StatusFormat.Statuspage);
        for (const incident of history.incidents)
          if (wanted.has(incident.externalId) && endedOnPage(incident)) {
            feed.incidents.push({
              ...incident,
              resolvedAt:
                incident.resolvedAt ?? incident.updates.at(-1)?.at ?? incident.updatedAt ?? null,
              fromHistory: true,
            });
            wanted.delete(incident.externalId);
          }
      } catch (error) {
        this.logger.warn(
          `status source ${sourceId}: history ${historyUrl} did not answer: ${(error as Error).message}`,
        );
      }
      if (wanted.size === 0) return;
    }
  }
}

/** The page's own clock: its `page.updated_at`, else the response's Date header. */
export function pageClockOf(feed: NormalisedFeed, dateHeader: string | null): Date | null {
  for (const text of [feed.page.updatedAt, dateHeader]) {
    const at = text ? Date.parse(text) : NaN;
    if (!Number.isNaN(at)) return new Date(at);
  }
  return null;
}

/** Feeds that list only open incidents: leaving them means the incident ended. */
export function listsOnlyOpen(url: string, feed: NormalisedFeed): boolean {
  if (feed.format === StatusFormat.IncidentIoWidget) return true;
  if (feed.format !== StatusFormat.Statuspage) return false;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  return /\/(summary|incidents\/unresolved|scheduled-maintenances\/active)\.json$/.test(path);
}

/** Where the page lists recent incidents and maintenances with how they ended. */
export function historyUrls(url: string, kinds: Set<string>): string[] {
  const parsed = new URL(url);
  const v2 = parsed.pathname.match(/^(.*\/api\/v2)\//);
  const base = `${parsed.origin}${v2 ? v2[1] : '/api/v2'}`;
  return [
    ...(kinds.has('incident') ? [`${base}/incidents.json`] : []),
    ...(kinds.has('maintenance') ? [`${base}/scheduled-maintenances.json`] : []),
  ];
}

function endedOnPage(incident: NormalisedIncident): boolean {
  return incident.resolvedAt !== null || CLOSED_STATUSES.has(incident.status.value);
}
