import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ConflictError,
  keysetPage,
  NotFoundError,
  Page,
  StaleVersionError,
  versionedWrite,
} from '@rca/shared';
import { DataSource } from 'typeorm';
import { coalesce } from './coalesce';
import { StatusSourceEntity, StatusSourceFormat } from './status-source.entity';

/** What a poll reads of its source (and the vendor's name, for messages). */
export interface PollTarget {
  id: string;
  vendorId: string;
  vendorName: string;
  url: string;
  format: StatusSourceFormat;
  pollIntervalSeconds: number;
  enabled: boolean;
  etag: string | null;
  lastModified: string | null;
  contentHash: string | null;
  nextPollNotBefore: Date | null;
  /** The page's clock at the last import. */
  pageClock: Date | null;
}

export interface PollSuccess {
  at: Date;
  latencyMs: number;
  etag?: string | null;
  lastModified?: string | null;
  detectedFormat?: string | null;
  contentHash?: string | null;
  /** The page's clock of the feed just imported. */
  pageClock?: Date | null;
  notModified: boolean;
}

export interface StatusSourceInput {
  vendorId: string;
  url: string;
  format: StatusSourceFormat;
  pollIntervalSeconds: number;
  enabled: boolean;
}

export interface StatusSourceFilter {
  vendorId?: string;
  enabled?: boolean;
  /** Only sources with at least this many consecutive failures (degraded), or fewer (healthy). */
  degraded?: { value: boolean; threshold: number };
  cursor?: string;
  limit?: number;
}

const UNIQUE_VIOLATION = '23505';

/** Every query on status sources. Health writes do not bump the version (they are not edits). */
@Injectable()
export class StatusSourceRepository {
  /** Concurrent polls share their source reads and health writes (one statement per batch). */
  private readonly pollTargets = coalesce((ids: readonly string[]) => this.loadPollTargets(ids));
  private readonly successes = coalesce((rows: ReadonlyArray<{ id: string } & PollSuccess>) =>
    this.writeSuccesses(rows),
  );

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(StatusSourceEntity);
  }

  async create(input: StatusSourceInput): Promise<StatusSourceEntity> {
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO status_source (vendor_id, url, format, poll_interval_seconds, enabled)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.vendorId, input.url, input.format, input.pollIntervalSeconds, input.enabled],
      )) as Array<{ id: string }>;
      return this.repository.findOneByOrFail({ id: row.id });
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION)
        throw new ConflictError('This vendor already has a status source with this URL', {
          vendorId: input.vendorId,
          url: input.url,
        });
      throw error;
    }
  }

  findById(id: string): Promise<StatusSourceEntity | null> {
    return this.repository.findOneBy({ id });
  }

  async getById(id: string): Promise<StatusSourceEntity> {
    const source = await this.findById(id);
    if (!source) throw new NotFoundError('Status source', id);
    return source;
  }

  list(filter: StatusSourceFilter): Promise<Page<StatusSourceEntity>> {
    const query = this.repository.createQueryBuilder('s');
    if (filter.vendorId) query.andWhere('s.vendor_id = :vendorId', { vendorId: filter.vendorId });
    if (filter.enabled !== undefined)
      query.andWhere('s.enabled = :enabled', { enabled: filter.enabled });
    if (filter.degraded)
      query.andWhere(
        filter.degraded.value
          ? 's.consecutive_failures >= :threshold'
          : 's.consecutive_failures < :threshold',
        { threshold: filter.degraded.threshold },
      );
    return keysetPage(
      query,
      's',
      { column: 's.created_at', type: 'timestamptz', direction: 'ASC' },
      filter.cursor,
      filter.limit,
    );
  }

  async vendorName(vendorId: string): Promise<string | null> {
    const rows = (await this.dataSource.query(`SELECT name FROM vendor WHERE id = $1`, [
      vendorId,
    ])) as Array<{ name: string }>;
    return rows[0]?.name ?? null;
  }

  listEnabled(): Promise<StatusSourceEntity[]> {
    return this.repository.find({ where: { enabled: true }, order: { createdAt: 'ASC' } });
  }

  async listIds(): Promise<Set<string>> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM status_source WHERE enabled`,
    )) as Array<{ id: string }>;
    return new Set(rows.map((row) => row.id));
  }

  /** Conditional update: 409 with the current row when `version` is stale. */
  async update(
    id: string,
    version: number,
    patch: Partial<StatusSourceInput>,
    resetValidators: boolean,
  ): Promise<StatusSourceEntity> {
    const changes: Partial<StatusSourceEntity> = {};
    for (const key of ['vendorId', 'url', 'format', 'pollIntervalSeconds', 'enabled'] as const)
      if (patch[key] !== undefined) (changes as Record<string, unknown>)[key] = patch[key];
    // A new URL or format invalidates the validators of the old one.
    if (resetValidators)
      Object.assign(changes, { etag: null, lastModified: null, contentHash: null });
    try {
      const { after } = await this.dataSource.transaction((manager) =>
        versionedWrite<StatusSourceEntity>({
          manager,
          entity: 'Status source',
          id,
          expectedVersion: version,
          find: (tx) => tx.findOneBy(StatusSourceEntity, { id }),
          write: { table: 'status_source', changes },
        }),
      );
      return after!;
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION)
        throw new ConflictError('This vendor already has a status source with this URL');
      throw error;
    }
  }

  async delete(id: string, version?: number): Promise<void> {
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM status_source WHERE id = $1 AND ($2::int IS NULL OR version = $2) RETURNING id`,
      [id, version ?? null],
    )) as [unknown[], number];
    if (affected === 0) {
      const current = await this.getById(id);
      throw new StaleVersionError('Status source', version ?? 0, current.version, current);
    }
  }

  /** The source as a poll needs it, or null when it was deleted. Batched with concurrent polls. */
  findForPoll(id: string): Promise<PollTarget | null> {
    return this.pollTargets.load(id);
  }

  private async loadPollTargets(ids: readonly string[]): Promise<Array<PollTarget | null>> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.vendor_id, v.name AS vendor_name, s.url, s.format, s.poll_interval_seconds,
         s.enabled, s.etag, s.last_modified, s.content_hash, s.next_poll_not_before, s.page_clock
       FROM status_source s JOIN vendor v ON v.id = s.vendor_id
       WHERE s.id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    )) as Array<Record<string, unknown>>;
    const byId = new Map(
      rows.map((r) => [
        r.id as string,
        {
          id: r.id as string,
          vendorId: r.vendor_id as string,
          vendorName: r.vendor_name as string,
          url: r.url as string,
          format: r.format as StatusSourceFormat,
          pollIntervalSeconds: r.poll_interval_seconds as number,
          enabled: r.enabled as boolean,
          etag: r.etag as string | null,
          lastModified: r.last_modified as string | null,
          contentHash: r.content_hash as string | null,
          nextPollNotBefore: r.next_poll_not_before as Date | null,
          pageClock: r.page_clock as Date | null,
        },
      ]),
    );
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * Records a successful poll (resets failures and backoff; a 304 keeps the validators). Resolves
   * once written; concurrent polls share one UPDATE.
   */
  recordSuccess(id: string, outcome: PollSuccess): Promise<void> {
    return this.successes.load({ id, ...outcome });
  }

  private async writeSuccesses(
    batch: ReadonlyArray<{ id: string } & PollSuccess>,
  ): Promise<void[]> {
    // Two outcomes of one source in a batch: the later one wins, as it would one after the other.
    const rows = [...new Map(batch.map((row) => [row.id, row])).values()];
    await this.dataSource.query(
      `UPDATE status_source s SET last_polled_at = u.at, last_success_at = u.at,
         last_latency_ms = u.latency_ms, consecutive_failures = 0, next_poll_not_before = NULL,
         etag = CASE WHEN u.not_modified THEN s.etag ELSE u.etag END,
         last_modified = CASE WHEN u.not_modified THEN s.last_modified ELSE u.last_modified END,
         detected_format = COALESCE(u.detected_format, s.detected_format),
         content_hash = COALESCE(u.content_hash, s.content_hash),
         page_clock = GREATEST(s.page_clock, u.page_clock)
       FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::boolean[], $5::text[], $6::text[],
                   $7::text[], $8::text[], $9::timestamptz[])
         AS u(id, at, latency_ms, not_modified, etag, last_modified, detected_format, content_hash, page_clock)
       WHERE s.id = u.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.at),
        rows.map((r) => Math.round(r.latencyMs)),
        rows.map((r) => r.notModified),
        rows.map((r) => r.etag ?? null),
        rows.map((r) => r.lastModified ?? null),
        rows.map((r) => r.detectedFormat ?? null),
        rows.map((r) => r.contentHash ?? null),
        rows.map((r) => r.pageClock ?? null),
      ],
    );
    return batch.map(() => undefined);
  }

  /** Records a failed poll; returns the new count of consecutive failures. */
  async recordFailure(
    id: string,
    failure: {
      at: Date;
      kind: string;
      message: string;
      latencyMs: number | null;
      retryAfterMs?: number;
      baseIntervalSeconds: number;
    },
  ): Promise<number> {
    const [rows] = (await this.dataSource.query(
      `UPDATE status_source SET last_polled_at = $2, last_error_at = $2, last_error_kind = $3,
         last_error_message = left($4, 1000), last_latency_ms = COALESCE($5, last_latency_ms),
         consecutive_failures = consecutive_failures + 1,
         -- exponential backoff (interval × 2^(failures-1), at most 30 min), or Retry-After if longer
         next_poll_not_before = $2::timestamptz + make_interval(secs => GREATEST(
           CASE WHEN consecutive_failures = 0 THEN 0
                ELSE LEAST(1800, $6 * power(2, LEAST(consecutive_failures, 10))) END,
           COALESCE($7::double precision / 1000, 0)))
       WHERE id = $1 RETURNING consecutive_failures`,
      [
        id,
        failure.at,
        failure.kind,
        failure.message,
        failure.latencyMs,
        failure.baseIntervalSeconds,
        failure.retryAfterMs ?? null,
      ],
    )) as [Array<{ consecutive_failures: number }>, number];
    return rows[0]?.consecutive_failures ?? 0;
  }
}
