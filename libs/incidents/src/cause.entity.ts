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
  PrimaryColumn,
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
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Index()
  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @Index()
  @Column('uuid', { nullable: true })
  vendorIncidentId!: string | null;

  @ManyToOne(() => VendorIncidentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'vendor_incident_id' })
  vendorIncident?: VendorIncidentEntity;

  /** Vendor components involved (all of this vendor). */
  @Column('uuid', { array: true, default: () => "'{}'" })
  vendorComponentIds!: string[];

  @Column('text', { default: 'root_cause' })
  role!: CauseRole;

  @Column('text', { default: 'suggested' })
  state!: CauseState;

  @Column('text', { default: '' })
  explanation!: string;

  /** Suggestion score in [0, 1]; null for a cause entered by hand. */
  @Column('double precision', { nullable: true })
  score!: number | null;

  @Column('jsonb', { default: () => "'[]'" })
  reasons!: CauseReason[];

  /** Who created it: a user, or "system" for a suggestion. */
  @Column('text', { nullable: true })
  createdBy!: string | null;

  @Column('text', { nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
