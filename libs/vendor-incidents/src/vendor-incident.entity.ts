import { ApiProperty } from '@nestjs/swagger';
import { VendorEntity } from '@rca/catalog';
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

export const VENDOR_RESOLUTION_SOURCES = ['page', 'history', 'left_page'] as const;
export type VendorResolutionSource = (typeof VENDOR_RESOLUTION_SOURCES)[number];

/** A faithful copy of one incident from a vendor's status page. */
@Entity('vendor_incident')
@Index(['vendorId', 'externalId'], { unique: true })
@Index(['vendorId', 'startedAt'])
// A source's open incidents: every poll marks them seen, an import closes those that left the page.
@Index('IDX_vendor_incident_open_by_source', ['sourceId'], { where: 'resolved_at IS NULL' })
export class VendorIncidentEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  /** The vendor's own id (Statuspage incident id, GCP incident id, feed guid). */
  @ApiProperty({ type: String })
  @Column('text')
  externalId!: string;

  @ApiProperty({ enum: VENDOR_INCIDENT_KINDS })
  @Column('text', { default: 'incident' })
  kind!: VendorIncidentKind;

  @ApiProperty({ type: String })
  @Column('text')
  title!: string;

  /** Exactly what the vendor sent. */
  @ApiProperty({ type: String })
  @Column('text')
  rawStatus!: string;

  @ApiProperty({ enum: VENDOR_INCIDENT_STATUSES })
  @Column('text')
  status!: VendorIncidentStatus;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  rawImpact!: string | null;

  @ApiProperty({ enum: VENDOR_INCIDENT_IMPACTS, nullable: true })
  @Column('text', { nullable: true })
  impact!: VendorIncidentImpact | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  startedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  /** Last change according to the vendor. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  vendorUpdatedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  shortlink!: string | null;

  /**
   * Where `resolvedAt` comes from: `page` (the feed said so), `history` (looked up in the page's
   * history, e.g. Statuspage incidents.json, after it left the feed), `left_page` (inferred: the
   * incident left a feed that lists only open ones and no history answered).
   */
  @ApiProperty({ enum: VENDOR_RESOLUTION_SOURCES, nullable: true })
  @Column('text', { nullable: true })
  resolutionSource!: VendorResolutionSource | null;

  /** The status source whose feed listed it last (the one that may close it when it leaves). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column('uuid', { nullable: true })
  sourceId!: string | null;

  /** The page's clock at the last import that listed it. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  lastSeenAt!: Date | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  @Column('jsonb', { nullable: true })
  rawPayload!: unknown;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
