import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { MetricsService } from '@rca/shared';
import { Counter } from 'prom-client';
import { FetchError } from './http';
import { ImportChanges, ImportResult, StatusImportService } from './status-import.service';
import { StatusParseError, parseStatusPayload, StatusFormatOrAuto } from './parsers';
import { StatusFetcher } from './status-fetcher';
import { StatusSourceRepository } from './status-source.repository';
import { CauseSuggestionService } from './cause-suggestion.service';
import { AutoDraftService } from './auto-draft.service';

export type PollOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'not_modified'; latencyMs: number }
  | { outcome: 'unchanged'; latencyMs: number }
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

  constructor(
    private readonly sources: StatusSourceRepository,
    private readonly fetcher: StatusFetcher,
    private readonly importer: StatusImportService,
    private readonly suggestions: CauseSuggestionService,
    private readonly autoDraft: AutoDraftService,
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
      fetched = await this.fetcher.fetch(source.url, {
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
      await this.sources.recordSuccess(source.id, {
        at: now,
        latencyMs: fetched.latencyMs,
        notModified: true,
      });
      return { outcome: 'not_modified', latencyMs: fetched.latencyMs };
    }
    // The same bytes as the last import cannot change anything: skip parsing and the transaction.
    const contentHash = createHash('sha256').update(fetched.body).digest('hex');
    if (source.contentHash === contentHash) {
      await this.sources.recordSuccess(source.id, {
        at: now,
        latencyMs: fetched.latencyMs,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        notModified: false,
      });
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
    let imported: ImportResult;
    try {
      imported = await this.importer.import(source.vendorId, feed);
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
        `status source ${source.id}: ${changes.newIncidents.length} new incidents, ${changes.newUpdates} new updates, ${changes.componentChanges} component changes, ${changes.timelineEvents} timeline events, ${suggestions.length} suggestions, ${drafts.length} draft incidents`,
      );
    }
    return { outcome: 'imported', latencyMs: fetched.latencyMs, changes, suggestions, drafts };
  }
}
