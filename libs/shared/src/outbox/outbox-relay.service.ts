import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { MetricsService } from '../metrics/metrics.service';
import { JobName } from '../queue/queue.constants';
import { QueueService } from '../queue/queue.service';

/** How long a claimed batch is reserved for the relay that claimed it. */
const CLAIM_LEASE_SECONDS = 60;

interface PendingRow {
  id: string;
  job_name: JobName;
  payload: object;
  job_id: string | null;
  delay_ms: number;
  waited_ms: number;
}

/**
 * Moves outbox rows to BullMQ. A relay claims a batch with a short lease (FOR UPDATE SKIP
 * LOCKED inside one committed UPDATE), so any number of relays (one per process) share the work
 * and no transaction is open while it calls Redis (in embedded mode that would hold the only
 * database connection). A row is marked relayed after BullMQ accepted the job. Redis or Postgres
 * down: nothing is marked, the claim is released, the relay backs off and catches up when both
 * answer again. A relay that dies mid-batch leaves its claim to expire. Relaying twice is
 * harmless: the BullMQ job id is the row's (or the writer's deterministic id), so a second add
 * is ignored.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private failingSince: number | null = null;
  private prunedAt = 0;
  private readonly relayed: Counter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly environment: Environment,
    metrics: MetricsService,
  ) {
    this.relayed = new Counter({
      name: 'rca_outbox_relayed_total',
      help: 'Outbox rows moved to BullMQ',
      labelNames: ['job'],
      registers: [metrics.registry],
    });
    const source = this.dataSource;
    new Gauge({
      name: 'rca_outbox_pending',
      help: 'Outbox rows not yet relayed to BullMQ',
      registers: [metrics.registry],
      async collect() {
        try {
          const [row] = (await source.query(
            `SELECT count(*)::int AS n FROM outbox_message WHERE relayed_at IS NULL`,
          )) as { n: number }[];
          this.set(row.n);
        } catch {
          // Database down: /readyz says so; the scrape still answers.
        }
      },
    });
  }

  onApplicationBootstrap(): void {
    if (!this.environment.OUTBOX_RELAY) return;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, delay);
  }

  private async tick(): Promise<void> {
    let next = this.environment.OUTBOX_RELAY_INTERVAL_MS;
    try {
      const moved = await this.relayBatch();
      if (this.failingSince !== null) {
        this.logger.log(
          `Outbox relay caught up after ${Math.round((Date.now() - this.failingSince) / 1000)} s of failures`,
        );
        this.failingSince = null;
      }
      // A full batch: more are waiting, go on at once.
      if (moved >= this.environment.OUTBOX_RELAY_BATCH) next = 0;
    } catch (error) {
      if (this.failingSince === null) {
        this.failingSince = Date.now();
        this.logger.warn(
          `Outbox relay paused: ${(error as Error).message}; the rows stay in the outbox and are relayed once Postgres and Redis answer`,
        );
      }
      next = Math.min(5_000, Math.max(next, 1_000));
    }
    this.schedule(next);
  }

  /**
   * Relays one batch; returns how many rows went to BullMQ. Exposed for tests and the CLI.
   * Three short statements, none held open across the Redis calls: claim a batch (a lease,
   * committed at once), add the jobs, mark the added ones relayed and free the rest.
   */
  async relayBatch(): Promise<number> {
    const [rows] = (await this.dataSource.query(
      `UPDATE outbox_message m
          SET claimed_until = now() + make_interval(secs => $2)
         FROM (SELECT id FROM outbox_message
                WHERE relayed_at IS NULL AND (claimed_until IS NULL OR claimed_until < now())
                ORDER BY created_at
                LIMIT $1
                  FOR UPDATE SKIP LOCKED) claimed
        WHERE m.id = claimed.id
    RETURNING m.id, m.job_name, m.payload, m.job_id, m.delay_ms, m.created_at,
              (extract(epoch FROM now() - m.created_at) * 1000)::int AS waited_ms`,
      [this.environment.OUTBOX_RELAY_BATCH, CLAIM_LEASE_SECONDS],
    )) as [Array<PendingRow & { created_at: Date }>, number];
    if (!rows.length) return 0;
    rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    const done: string[] = [];
    let failure: Error | undefined;
    for (const row of rows) {
      try {
        await this.queues.add(row.job_name, row.payload as never, {
          jobId: row.job_id ?? row.id,
          ...(row.delay_ms > 0 ? { delay: Math.max(0, row.delay_ms - row.waited_ms) } : {}),
        });
        done.push(row.id);
        this.relayed.inc({ job: row.job_name });
      } catch (error) {
        failure = error as Error;
        break;
      }
    }
    const left = rows.filter((row) => !done.includes(row.id)).map((row) => row.id);
    await this.dataSource.query(
      `UPDATE outbox_message
          SET relayed_at = CASE WHEN id = ANY($1::uuid[]) THEN now() END,
              last_error = CASE WHEN id = ANY($1::uuid[]) THEN NULL
                                WHEN id = $3 THEN $2 ELSE last_error END,
              relay_attempts = relay_attempts + CASE WHEN id = $3 THEN 1 ELSE 0 END,
              claimed_until = NULL
        WHERE id = ANY($4::uuid[])`,
      [done, failure?.message.slice(0, 2_000) ?? null, left[0] ?? null, rows.map((r) => r.id)],
    );
    const moved = done.length;
    if (failure && !moved) throw failure;
    if (Date.now() - this.prunedAt > 3_600_000) {
      this.prunedAt = Date.now();
      await this.dataSource.query(
        `DELETE FROM outbox_message WHERE relayed_at < now() - interval '7 days'`,
      );
    }
    return moved;
  }
}
