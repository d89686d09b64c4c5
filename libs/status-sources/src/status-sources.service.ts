import { Injectable } from '@nestjs/common';
import {
  assertPublicDestination,
  DomainError,
  Environment,
  ForbiddenDestinationError,
  InvalidInputError,
  NotFoundError,
  StaleVersionError,
} from '@rca/shared';
import { VendorIncidentRepository } from '@rca/vendor-incidents';
import { FetchError } from './http';
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
  constructor(
    private readonly sources: StatusSourceRepository,
    private readonly scheduler: StatusSourceScheduler,
    private readonly fetcher: StatusFetcher,
    private readonly links: VendorLinkRepository,
    private readonly environment: Environment,
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly importer: StatusImportService,
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
   * The address policy at save time, as for export targets: a URL on a loopback, private or
   * metadata address is a 400 on `url` now rather than a failing poll later. A host that does not
   * resolve now is left to the poll (which checks again at connect time: DNS may change).
   */
  private async checkDestination(url: string): Promise<void> {
    try {
      await assertPublicDestination(url, {
        allowLoopback: this.environment.STATUS_FETCH_ALLOW_LOOPBACK,
        loopbackSetting: 'STATUS_FETCH_ALLOW_LOOPBACK',
      });
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
    await this.scheduler.sync(source);
    return this.view(source);
  }

  async get(id: string): Promise<StatusSourceView> {
    return this.view(await this.sources.getById(id));
  }

  async list(query: ListStatusSourcesQuery): Promise<StatusSourcePage> {
    const { items, total } = await this.sources.list({
      vendorId: query.vendorId,
      enabled: query.enabled,
      degraded:
        query.degraded === undefined
          ? undefined
          : { value: query.degraded, threshold: this.environment.STATUS_DEGRADED_AFTER_FAILURES },
      page: query.page,
      limit: query.limit,
    });
    return { items: items.map((s) => this.view(s)), page: query.page, limit: query.limit, total };
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
    await this.scheduler.sync(source);
    return this.view(source);
  }

  async delete(id: string, version?: number): Promise<void> {
    await this.sources.delete(id, version);
    await this.scheduler.remove(id);
  }

  /** Fetches once and returns what would be imported; stores nothing. */
  async preview(input: PreviewStatusSourceDto) {
    let fetched;
    try {
      fetched = await this.fetcher.fetch(input.url);
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

  /** Accept or reject a cause; accepting imports the vendor updates so far, in the same transaction. */
  async decide(causeId: string, version: number, state: 'accepted' | 'rejected', actor: string) {
    const result = await this.vendorIncidents.transaction(async (manager) => {
      const decided = await this.links.decide(manager, causeId, version, state, actor);
      if (decided.outcome !== 'ok') return decided;
      const vendorIncidentId = decided.cause.vendor_incident_id as string | null;
      const imported =
        state === 'accepted' && vendorIncidentId
          ? await this.importer.appendLinkedUpdates(
              [vendorIncidentId],
              manager,
              decided.cause.incident_id as string,
            )
          : 0;
      return { ...decided, imported };
    });
    if (result.outcome === 'missing') throw new NotFoundError('Cause', causeId);
    if (result.outcome === 'stale')
      throw new StaleVersionError('Cause', version, Number(result.current.version), result.current);
    return {
      id: result.cause.id as string,
      state: result.cause.state as string,
      version: Number(result.cause.version),
      importedTimelineEvents: result.imported,
    };
  }
}
