import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { IncidentEntity } from './incident.entity';

/** Append-only log of every change to an incident and its parts (a trigger refuses UPDATE and DELETE). */
@Entity('incident_activity')
@Index(['incidentId', 'id'])
export class IncidentActivityEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  @Column('text')
  actor!: string;

  /** e.g. "incident.created", "incident.transitioned", "timeline_event.deleted". */
  @Column('text')
  action!: string;

  @Column('text')
  subjectType!: string;

  @Column('uuid')
  subjectId!: string;

  @Column('jsonb', { nullable: true })
  before!: Record<string, unknown> | null;

  @Column('jsonb', { nullable: true })
  after!: Record<string, unknown> | null;
}
