import { VendorComponentEntity } from '@rca/catalog';
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
import { VendorIncidentEntity } from './vendor-incident.entity';

export const VENDOR_COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
  'unknown',
] as const;
export type VendorComponentStatus = (typeof VENDOR_COMPONENT_STATUSES)[number];

/** A vendor component affected by a vendor incident, with its latest reported status. */
@Entity('vendor_incident_component')
@Index(['vendorIncidentId', 'vendorComponentId'], { unique: true })
export class VendorIncidentComponentEntity {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Column('uuid')
  vendorIncidentId!: string;

  @ManyToOne(() => VendorIncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_incident_id' })
  vendorIncident?: VendorIncidentEntity;

  @Index()
  @Column('uuid')
  vendorComponentId!: string;

  @ManyToOne(() => VendorComponentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_component_id' })
  vendorComponent?: VendorComponentEntity;

  @Column('text')
  rawStatus!: string;

  @Column('text')
  status!: VendorComponentStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
