import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ExportTargetKind } from './export-target.entity';

export const EXPORT_RUN_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type ExportRunStatus = (typeof EXPORT_RUN_STATUSES)[number];
export const EXPORT_RUN_TRIGGERS = ['publish', 'manual'] as const;
export type ExportRunTrigger = (typeof EXPORT_RUN_TRIGGERS)[number];

/**
 * The export history: one push of one postmortem revision to one target, with every attempt's
 * outcome. The unique key (postmortem + revision + target) makes a push idempotent.
 */
@Entity('export_run')
@Check('chk_export_run_status', `"status" IN ('pending','succeeded','failed')`)
@Index(['targetId', 'postmortemId', 'finishedAt'])
@Index(['postmortemId', 'createdAt'])
export class ExportRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** "<postmortem id>:r<revision>:<target id>" (plus ":<n>" for forced re-pushes). */
  @Column('text', { unique: true })
  idempotencyKey!: string;

  @Column('uuid')
  targetId!: string;

  @Column('text')
  targetKind!: ExportTargetKind;

  @Column('uuid')
  postmortemId!: string;

  @Column('int')
  revision!: number;

  /** "publish" (automatic) or "manual" (POST …/exports). */
  @Column('text')
  trigger!: ExportRunTrigger;

  @Column('text', { default: 'pending' })
  status!: ExportRunStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  /** Page id / file path / receiver of the external copy. */
  @Column('text', { nullable: true })
  externalId!: string | null;

  /** Page version / commit sha after the push. */
  @Column('text', { nullable: true })
  externalRevision!: string | null;

  @Column('text', { nullable: true })
  externalUrl!: string | null;

  /** sha256 of the pushed body. */
  @Column('text', { nullable: true })
  checksum!: string | null;

  /** Last error (kept when a later attempt succeeds, for the record). */
  @Column('text', { nullable: true })
  error!: string | null;

  /** The BullMQ job that pushes it now (a retry after the queue gave up gets a new one). */
  @Column('text', { nullable: true })
  jobId!: string | null;

  @Column('timestamptz', { nullable: true })
  finishedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
