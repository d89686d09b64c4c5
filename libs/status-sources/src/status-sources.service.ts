import type { Viewer } from '@rca/accounts';
import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  Environment,
  FetchError,
  ForbiddenDestinationError,
  InvalidInputError,
} from '@rca/shared';
import { CauseService } from '@rca/incidents';
import { VendorIncidentRepository } from '@rca/vendor-incidents';
import { StatusImportService } from './status-import.service';
import {
  NormalisedFeed,
  parseStatusPayload,
  StatusFormatOrAuto,
  StatusParseError,
} from './parsers';
import {
  CreateStatusSourceDto,
  ListStatusSourcesQuery,
  PreviewStatusSourceDto,
  StatusSourcePage,
  StatusSourceView,
  UpdateStatusSourceDto,
} from './status-source.dto';
import { DEFAULT_POLL_INTERVAL_SECONDS, StatusSourceEntity } from './status-source.entity';
import { StatusSourceRepository } from './status-source.repository';
import { StatusSourceScheduler } from './status-source.scheduler';
import { StatusFetcher } from './status-fetcher';
import { VendorLinkRepository } from './vendor-link.repository';

/** A fetch or parse failure of a preview: 422 with the kind, so the user can fix the URL. */
export class PreviewFailedError extends DomainError {
  constructor(kind: string, message: string) {
    super(422, `The status page could not be read: ${message}`, { kind });
  }
}

@Injectable()
export class StatusSourcesService {
  private readonly logger = new Logger(StatusSourcesService.name);

  constructor(
    private readonly sources: StatusSourceRepository,
    private readonly scheduler: StatusSourceScheduler,
    private readonly fetcher: StatusFetcher,
    private readonly links: VendorLinkRepository,
    private readonly environment: Environment,
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly importer: StatusImportService,
    private readonly causes: CauseService,
  ) {}

  view(source: StatusSourceEntity): StatusSourceView {
    const iso = (date: Date | null) => (date ? date.toISOString() : null);
    return {
      id: source.id,
      vendorId: source.vendorId,
      url: source.url,
      format: source.format,
      detectedFormat: source.detectedFormat,
      pollIntervalSeconds: source.pollIntervalSeconds,
      enabled: source.enabled,
      health: {
        degraded: source.consecutiveFailures >= this.environment.STATUS_DEGRADED_AFTER_FAILURES,
        consecutiveFailures: source.consecutiveFailures,
        lastPolledAt: iso(source.lastPolledAt),
        lastSuccessAt: iso(source.lastSuccessAt),
        lastErrorAt: iso(source.lastErrorAt),
        lastErrorKind: source.lastErrorKind,
        lastErrorMessage: source.lastErrorMessage,
        lastLatencyMs: source.lastLatencyMs,
        nextPollNotBefore: iso(source.nextPollNotBefore),
      },
      version: source.version,
      createdAt: source.createdAt.toISOString(),
      updatedAt: source.updatedAt.toISOString(),
    };
  }

  /**
   * The address policy at save time, as for export targets and channels: a URL on a loopback,
   * private or metadata address is a 400 on `url` now rather than a failing poll later. A host
   * that does not resolve now is left to the poll (which checks again at connect time).
   */
  private async checkDestination(url: string): Promise<void> {
    try {
      await this.fetcher.checkUrl(url);
    } catch (error) {
      if (error instanceof ForbiddenDestinationError)
        throw new InvalidInputError('url', error.message);
    }
  }

  async create(input: CreateStatusSourceDto): Promise<StatusSourceView> {
    if (!(await this.sources.vendorName(input.vendorId)))
      throw new InvalidInputError('vendorId', 'no vendor has this id');
    await this.checkDestination(input.url);
    const source = await this.sources.create({
      vendorId: input.vendorId,
      url: input.url,
      format: input.format ?? 'auto',
      pollIntervalSeconds: input.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
      enabled: input.enabled ?? true,
    });
    await this.syncScheduler(source);
    return this.view(source);
  }

  /**
   * The job schedulers are a projection of the sources table: kept in step here, and by the
   * worker's reconciliation every minute (and at boot) when Redis did not answer just now. The
   * saved source never depends on Redis.
   */
  private async syncScheduler(
    source: Pick<StatusSourceEntity, 'id' | 'enabled' | 'pollIntervalSeconds'>,
    removed = false,
  ): Promise<void> {
    try {
      if (removed) await this.scheduler.remove(source.id);
      else await this.scheduler.sync(source);
    } catch (error) {
      this.logger.warn(
        `status source ${source.id} saved; its poll schedule follows within a minute (${(error as Error).message})`,
      );
    }
  }

  async get(id: string): Promise<StatusSourceView> {
    return this.view(await this.sources.getById(id));
  }

  async list(query: ListStatusSourcesQuery): Promise<StatusSourcePage> {
    const { items, nextCursor } = await this.sources.list({
      vendorId: query.vendorId,
      enabled: query.enabled,
      degraded:
        query.degraded === undefined
          ? undefined
          : { value: query.degraded, threshold: this.environment.STATUS_DEGRADED_AFTER_FAILURES },
      cursor: query.cursor,
      limit: query.limit,
    });
    return { items: items.map((s) => this.view(s)), nextCursor };
  }

  async update(id: string, input: UpdateStatusSourceDto): Promise<StatusSourceView> {
    const { version, ...patch } = input;
    const before = await this.sources.getById(id);
    if (patch.url !== undefined && patch.url !== before.url) await this.checkDestination(patch.url);
    const source = await this.sources.update(
      id,
      version,
      patch,
      (patch.url !== undefined && patch.url !== before.url) ||
        (patch.format !== undefined && patch.format !== before.format),
    );
    await this.syncScheduler(source);
    return this.view(source);
  }

  async delete(id: string, version?: number): Promise<void> {
    await this.sources.delete(id, version);
    await this.syncScheduler({ id, enabled: false, pollIntervalSeconds: 0 }, true);
  }

  /** Fetches once and returns what would be imported; stores nothing. */
  async preview(input: PreviewStatusSourceDto) {
    let fetched;
    try {
      fetched = await this.fetcher.fetchDocument(input.url);
    } catch (error) {
      if (error instanceof FetchError) throw new PreviewFailedError(error.kind, error.message);
      throw error;
    }
    if (fetched.notModified) throw new PreviewFailedError('http_status', 'unexpected 304');
    let feed: NormalisedFeed;
    try {
      feed = parseStatusPayload(fetched.body, (input.format ?? 'auto') as StatusFormatOrAuto);
    } catch (error) {
      if (error instanceof StatusParseError)
        throw new PreviewFailedError(`parse_${error.kind}`, error.message);
      throw error;
    }
    return {
      url: input.url,
      finalUrl: fetched.finalUrl,
      contentType: fetched.contentType,
      latencyMs: fetched.latencyMs,
      feed: feed as unknown as Record<string, unknown>,
    };
  }

  /**
   * Accept or reject a suggested cause: the incidents domain's one decision path (the same as
   * PATCH /incidents/:ref/causes/:id), by the signed-in caller; accepting imports the vendor's
   * updates through the cause.accepted job.
   */
  async decide(
    causeId: string,
    version: number,
    state: 'accepted' | 'rejected',
    actor: string,
    viewer?: Viewer,
  ) {
    const cause = await this.causes.decideCause(causeId, version, state, actor, viewer);
    return { id: cause.id, state: cause.state, version: cause.version, decidedBy: cause.decidedBy };
  }

  /**
   * cause.accepted (by either route): the vendor's updates so far join the incident's timeline,
   * once each (the import is keyed by vendor update), so running it twice adds nothing.
   */
  async importAcceptedCauseUpdates(causeId: string): Promise<number> {
    return this.vendorIncidents.transaction(async (manager) => {
      const link = await this.links.acceptedCauseVendorIncident(causeId, manager);
      if (!link) return 0;
      return this.importer.appendLinkedUpdates([link.vendorIncidentId], manager, link.incidentId);
    });
  }
}
