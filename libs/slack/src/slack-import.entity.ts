import { IncidentEntity } from '@rca/incidents';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const SLACK_IMPORT_STATES = ['pending', 'done', 'failed'] as const;
export type SlackImportState = (typeof SLACK_IMPORT_STATES)[number];

/** One import of a channel's messages in a window (history via the Web API, or an export archive). */
@Entity('slack_import')
@Index(['incidentId', 'createdAt'])
export class SlackImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column('text')
  channelId!: string;

  @Column('text')
  origin!: 'history' | 'export';

  @Column('timestamptz')
  fromAt!: Date;

  @Column('timestamptz')
  toAt!: Date;

  @Column('text')
  state!: SlackImportState;

  /** Messages proposed by this import (those already known are not counted again). */
  @Column('int', { default: 0 })
  proposed!: number;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('text')
  requestedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
