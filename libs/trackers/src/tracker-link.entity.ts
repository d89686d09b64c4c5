import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { TrackerTargetEntity } from './tracker-target.entity';

export const TRACKER_LINK_STATES = [
  /** Asked for; the issue is being created (a crash here is found again by its marker). */
  'creating',
  'linked',
  /** The action item was deleted here; the issue is left as it is. */
  'detached',
  /** The issue is gone from the tracker; the action item is kept here. */
  'deleted_remotely',
  /** Creating failed for good (refused credentials, unknown project): `lastError` says why. */
  'failed',
] as const;
export type TrackerLinkState = (typeof TRACKER_LINK_STATES)[number];

/** The synced fields, in our vocabulary. */
export interface SyncedFields {
  title: string;
  status: 'open' | 'in_progress' | 'done' | 'wont_do';
  priority: 'P0' | 'P1' | 'P2' | 'P3';
  dueDate: string | null;
}

/**
 * An action item's issue in a tracker. `synced` is what both sides held after the last sync: a
 * field that differs from it on one side changed there (three-way merge, docs/trackers.md).
 * `actionItemId` has no foreign key: the link outlives a deleted item (state `detached`).
 */
@Entity('tracker_link')
@Check(
  'chk_tracker_link_state',
  `"state" IN ('creating','linked','detached','deleted_remotely','failed')`,
)
// One live link per issue; a tracker may hand a deleted issue's number to a new one (Redmine on
// SQLite does), so links that ended keep theirs outside the constraint.
@Index('uq_tracker_link_external', ['targetId', 'externalId'], {
  unique: true,
  where: `"state" = 'linked'`,
})
export class TrackerLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column('uuid')
  actionItemId!: string;

  @Index()
  @Column('uuid')
  postmortemId!: string;

  @Column('uuid')
  targetId!: string;

  @ManyToOne(() => TrackerTargetEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'target_id' })
  target?: TrackerTargetEntity;

  @Column('text', { default: 'creating' })
  state!: TrackerLinkState;

  /** The tracker's id ("42"), key ("#42") and web link of the issue. */
  @Column('text', { nullable: true })
  externalId!: string | null;

  @Column('text', { nullable: true })
  externalKey!: string | null;

  @Column('text', { nullable: true })
  url!: string | null;

  @Column('jsonb', { nullable: true })
  synced!: SyncedFields | null;

  /** The issue's `updated_on` as last read. */
  @Column('timestamptz', { nullable: true })
  remoteUpdatedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastSyncedAt!: Date | null;

  @Column('text', { nullable: true })
  lastError!: string | null;

  /**
   * Until when one sync of this item holds it (a lease written by a short statement, not a row
   * lock held across the tracker's calls: a transaction open that long would hold a connection —
   * the whole embedded database — while the tracker answers).
   */
  @Column('timestamptz', { nullable: true })
  syncClaimedUntil!: Date | null;

  @Column('text')
  requestedBy!: string;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
