import { ApiProperty } from '@nestjs/swagger';
import { VendorComponentEntity } from '@rca/catalog';
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
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  vendorIncidentId!: string;

  @ManyToOne(() => VendorIncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_incident_id' })
  vendorIncident?: VendorIncidentEntity;

  @Index()
  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  vendorComponentId!: string;

  @ManyToOne(() => VendorComponentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_component_id' })
  vendorComponent?: VendorComponentEntity;

  @ApiProperty({ type: String })
  @Column('text')
  rawStatus!: string;

  @ApiProperty({ enum: VENDOR_COMPONENT_STATUSES })
  @Column('text')
  status!: VendorComponentStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
