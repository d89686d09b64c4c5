import { VendorEntity } from '@rca/catalog';
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

/** Normalised workflow stage; anything a vendor sends outside this list is stored as `unknown` with the raw text kept. */
export const VENDOR_INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
  'scheduled',
  'in_progress',
  'verifying',
  'completed',
  'unknown',
] as const;
export type VendorIncidentStatus = (typeof VENDOR_INCIDENT_STATUSES)[number];

export const VENDOR_INCIDENT_IMPACTS = [
  'none',
  'minor',
  'major',
  'critical',
  'maintenance',
  'unknown',
] as const;
export type VendorIncidentImpact = (typeof VENDOR_INCIDENT_IMPACTS)[number];

export const VENDOR_INCIDENT_KINDS = ['incident', 'maintenance'] as const;
export type VendorIncidentKind = (typeof VENDOR_INCIDENT_KINDS)[number];

/** A faithful copy of one incident from a vendor's status page. */
@Entity('vendor_incident')
@Index(['vendorId', 'externalId'], { unique: true })
@Index(['vendorId', 'startedAt'])
export class VendorIncidentEntity {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  /** The vendor's own id (Statuspage incident id, GCP incident id, feed guid). */
  @Column('text')
  externalId!: string;

  @Column('text', { default: 'incident' })
  kind!: VendorIncidentKind;

  @Column('text')
  title!: string;

  /** Exactly what the vendor sent. */
  @Column('text')
  rawStatus!: string;

  @Column('text')
  status!: VendorIncidentStatus;

  @Column('text', { nullable: true })
  rawImpact!: string | null;

  @Column('text', { nullable: true })
  impact!: VendorIncidentImpact | null;

  @Column('timestamptz', { nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  /** Last change according to the vendor. */
  @Column('timestamptz', { nullable: true })
  vendorUpdatedAt!: Date | null;

  @Column('text', { nullable: true })
  shortlink!: string | null;

  @Column('jsonb', { nullable: true })
  rawPayload!: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
