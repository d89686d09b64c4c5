import { ApiProperty } from '@nestjs/swagger';
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
  @ApiProperty({ type: String })
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  @ApiProperty({ type: String })
  @Column('text')
  actor!: string;

  /** e.g. "incident.created", "incident.transitioned", "timeline_event.deleted". */
  @ApiProperty({ type: String })
  @Column('text')
  action!: string;

  @ApiProperty({ type: String })
  @Column('text')
  subjectType!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  subjectId!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  @Column('jsonb', { nullable: true })
  before!: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  @Column('jsonb', { nullable: true })
  after!: Record<string, unknown> | null;
}
