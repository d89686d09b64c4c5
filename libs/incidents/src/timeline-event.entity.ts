import { VendorIncidentUpdateEntity } from '@rca/vendor-incidents';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  UpdateDateColumn,
  PrimaryColumn,
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
export const TIMELINE_SOURCES = ['manual', 'vendor_import', 'system'] as const;
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
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column('timestamptz')
  occurredAt!: Date;

  /** IANA zone ("Europe/Paris"), "UTC", or a fixed offset ("UTC+02:00") for an ISO instant. */
  @Column('text')
  enteredZone!: string;

  /** The wall-clock time as entered (local to enteredZone), e.g. "2025-11-18T12:20:00". */
  @Column('text')
  enteredLocal!: string;

  @Column('text')
  kind!: TimelineKind;

  @Column('text', { default: 'manual' })
  source!: TimelineSource;

  /** Markdown. */
  @Column('text', { default: '' })
  body!: string;

  @Column('text', { nullable: true })
  author!: string | null;

  @Column('uuid', { nullable: true })
  vendorIncidentUpdateId!: string | null;

  @ManyToOne(() => VendorIncidentUpdateEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'vendor_incident_update_id' })
  vendorIncidentUpdate?: VendorIncidentUpdateEntity;

  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
