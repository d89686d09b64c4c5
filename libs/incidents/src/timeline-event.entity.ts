import { ApiProperty } from '@nestjs/swagger';
import { VendorIncidentUpdateEntity } from '@rca/vendor-incidents';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  UpdateDateColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { IncidentEntity } from './incident.entity';

export const TIMELINE_KINDS = [
  'detection',
  'escalation',
  'communication',
  'investigation',
  'mitigation',
  'resolution',
  'vendor_update',
  'note',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const TIMELINE_SOURCES = ['manual', 'vendor_import', 'system', 'slack'] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

/** One event of an incident's timeline. `occurredAt` is the instant; `enteredZone`/`enteredLocal` keep what a person typed. */
@Entity('timeline_event')
@Index(['incidentId', 'occurredAt'])
// A vendor update joins a given incident's timeline at most once.
@Index(['incidentId', 'vendorIncidentUpdateId'], {
  unique: true,
  where: '"vendor_incident_update_id" IS NOT NULL',
})
export class TimelineEventEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ApiProperty({ type: String, format: 'date-time' })
  @Column('timestamptz')
  occurredAt!: Date;

  /** IANA zone ("Europe/Paris"), "UTC", or a fixed offset ("UTC+02:00") for an ISO instant. */
  @ApiProperty({ type: String })
  @Column('text')
  enteredZone!: string;

  /** The wall-clock time as entered (local to enteredZone), e.g. "2025-11-18T12:20:00". */
  @ApiProperty({ type: String })
  @Column('text')
  enteredLocal!: string;

  @ApiProperty({ enum: TIMELINE_KINDS })
  @Column('text')
  kind!: TimelineKind;

  @ApiProperty({ enum: TIMELINE_SOURCES })
  @Column('text', { default: 'manual' })
  source!: TimelineSource;

  /** Markdown. */
  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  body!: string;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  author!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  @Column('uuid', { nullable: true })
  vendorIncidentUpdateId!: string | null;

  @ManyToOne(() => VendorIncidentUpdateEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'vendor_incident_update_id' })
  vendorIncidentUpdate?: VendorIncidentUpdateEntity;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;

  /**
   * An imported event a person had edited when the vendor changed the update's text: the new
   * text is not applied; this says when it changed (null: nothing pending).
   */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  vendorTextChangedAt!: Date | null;

  @ApiProperty({ type: Number })
  @Column('int', { default: 1 })
  version!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
