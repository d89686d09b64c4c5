import { ApiProperty } from '@nestjs/swagger';
import { VendorComponentEntity } from '@rca/catalog';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import type { VendorComponentStatus } from './vendor-incident-component.entity';
import { VendorIncidentEntity } from './vendor-incident.entity';

/**
 * One status a vendor component had during a vendor incident, from `at` on (at: the update that
 * recorded the transition, else the page's clock at the poll that saw it). Unique per instant.
 */
@Entity('vendor_incident_component_status')
@Index(['vendorIncidentId', 'vendorComponentId', 'at'], { unique: true })
export class VendorIncidentComponentStatusEntity {
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

  @ApiProperty({ type: String, format: 'date-time' })
  @Column('timestamptz')
  at!: Date;

  @ApiProperty({ type: String })
  @Column('text')
  rawStatus!: string;

  @ApiProperty({ type: String })
  @Column('text')
  status!: VendorComponentStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
