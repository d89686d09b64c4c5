import { ApiProperty } from '@nestjs/swagger';
import { VendorEntity } from '@rca/catalog';
import { VendorIncidentEntity } from '@rca/vendor-incidents';
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

export const CAUSE_ROLES = ['root_cause', 'contributing', 'trigger'] as const;
export type CauseRole = (typeof CAUSE_ROLES)[number];
export const CAUSE_STATES = ['suggested', 'accepted', 'rejected'] as const;
export type CauseState = (typeof CAUSE_STATES)[number];

export interface CauseReason {
  /** e.g. "overlap", "dependency". */
  kind: string;
  detail: string;
  [key: string]: unknown;
}

/** A third party as a cause of one of our incidents. */
@Entity('cause')
@Index(['incidentId', 'vendorIncidentId'], {
  unique: true,
  where: '"vendor_incident_id" IS NOT NULL',
})
export class CauseEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Index()
  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @Index()
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  @Column('uuid', { nullable: true })
  vendorIncidentId!: string | null;

  @ManyToOne(() => VendorIncidentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'vendor_incident_id' })
  vendorIncident?: VendorIncidentEntity;

  /** Vendor components involved (all of this vendor). */
  @ApiProperty({ type: [String] })
  @Column('uuid', { array: true, default: () => "'{}'" })
  vendorComponentIds!: string[];

  @ApiProperty({ enum: CAUSE_ROLES })
  @Column('text', { default: 'root_cause' })
  role!: CauseRole;

  @ApiProperty({ enum: CAUSE_STATES })
  @Column('text', { default: 'suggested' })
  state!: CauseState;

  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  explanation!: string;

  /** Suggestion score in [0, 1]; null for a cause entered by hand. */
  @ApiProperty({ type: Number, nullable: true })
  @Column('double precision', { nullable: true })
  score!: number | null;

  @ApiProperty({ type: 'array', items: { type: 'object' } })
  @Column('jsonb', { default: () => "'[]'" })
  reasons!: CauseReason[];

  /** Who created it: a user, or "system" for a suggestion. */
  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

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
