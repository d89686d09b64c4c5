import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobName } from '../queue/queue.constants';
import { EVENT_SUBSCRIBERS, EventMap, EventName, JobPayloads } from './events';

export interface EnqueueOptions {
  /** BullMQ job id; defaults to the outbox row id. Give one only where the job must be found by id later. */
  jobId?: string;
  /** Run the job this many ms after the change committed (a reminder before a due date). */
  delayMs?: number;
}

interface Row {
  event: string;
  jobName: JobName;
  payload: object;
  jobId: string | null;
  delayMs: number;
}

/**
 * The one way a committed change leads to work elsewhere: rows written with the caller's
 * transaction (`manager`), so the change and its follow-ups commit or roll back together. The
 * relay (OutboxRelayService) moves them to BullMQ afterwards; nothing here talks to Redis.
 */
@Injectable()
export class Outbox {
  /** Writes one row per job subscribed to `event` (EVENT_SUBSCRIBERS). */
  async emit<E extends EventName>(
    manager: EntityManager,
    event: E,
    payload: EventMap[E],
  ): Promise<void> {
    await this.insert(
      manager,
      EVENT_SUBSCRIBERS[event].map((jobName) => ({
        event,
        jobName,
        payload,
        jobId: null,
        delayMs: 0,
      })),
    );
  }

  /** Writes one job directly (a push of one export run, one delivery, one reminder). */
  async enqueue<N extends JobName>(
    manager: EntityManager,
    jobName: N,
    payload: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    await this.insert(manager, [
      {
        event: 'job',
        jobName,
        payload,
        jobId: options.jobId ?? null,
        delayMs: Math.max(0, Math.round(options.delayMs ?? 0)),
      },
    ]);
  }

  /**
   * Whether a job with this id is written but not yet handed to BullMQ: such a job is on its way,
   * so a caller checking BullMQ for it must not take its absence there for a lost job.
   */
  async awaitingRelay(manager: EntityManager, jobId: string | null): Promise<boolean> {
    if (!jobId) return false;
    const rows = (await manager.query(
      `SELECT 1 FROM outbox_message WHERE job_id = $1 AND relayed_at IS NULL LIMIT 1`,
      [jobId],
    )) as unknown[];
    return rows.length > 0;
  }

  private async insert(manager: EntityManager, rows: Row[]): Promise<void> {
    if (!rows.length) return;
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('Outbox rows must be written inside the transaction of the change');
    await manager.query(
      `INSERT INTO outbox_message (event, job_name, payload, job_id, delay_ms)
       SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::int[])`,
      [
        rows.map((row) => row.event),
        rows.map((row) => row.jobName),
        rows.map((row) => JSON.stringify(row.payload)),
        rows.map((row) => row.jobId),
        rows.map((row) => row.delayMs),
      ],
    );
  }
}
