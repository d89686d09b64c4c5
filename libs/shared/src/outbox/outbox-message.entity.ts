import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One follow-up job that a committed change implies, written in the same transaction as the
 * change. The relay moves it to BullMQ (jobId = `jobId` or this row's id) and marks it relayed.
 */
@Entity('outbox_message')
@Index('outbox_message_pending_idx', ['createdAt'], { where: '"relayed_at" IS NULL' })
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The domain event that wrote it (e.g. "incident.changed"), or "job" for a direct enqueue. */
  @Column('text')
  event!: string;

  @Column('text')
  jobName!: string;

  @Column('jsonb')
  payload!: Record<string, unknown>;

  /** BullMQ job id; null means the row id. */
  @Column('text', { nullable: true })
  jobId!: string | null;

  /** BullMQ delay, counted from createdAt (time spent waiting for the relay is subtracted). */
  @Column('integer', { default: 0 })
  delayMs!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  relayedAt!: Date | null;

  /**
   * A relay claimed it until then (a short lease, committed before the relay calls Redis, so no
   * transaction or embedded-database connection is held during the call). A relay that dies
   * leaves the row to be claimed again when the lease runs out.
   */
  @Column('timestamptz', { nullable: true })
  claimedUntil!: Date | null;

  @Column('integer', { default: 0 })
  relayAttempts!: number;

  @Column('text', { nullable: true })
  lastError!: string | null;
}
