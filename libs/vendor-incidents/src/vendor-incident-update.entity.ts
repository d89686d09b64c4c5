import { ApiProperty } from '@nestjs/swagger';
import { VendorEntity } from '@rca/catalog';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { VendorIncidentEntity, VendorIncidentStatus } from './vendor-incident.entity';

/** One posted update of a vendor incident; unique per vendor + external id so a replayed poll writes nothing twice. */
@Entity('vendor_incident_update')
@Index(['vendorId', 'externalId'], { unique: true })
@Index(['vendorIncidentId', 'at'])
export class VendorIncidentUpdateEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  vendorIncidentId!: string;

  @ManyToOne(() => VendorIncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_incident_id' })
  vendorIncident?: VendorIncidentEntity;

  @ApiProperty({ type: String })
  @Column('text')
  externalId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  @Column('timestamptz')
  at!: Date;

  @ApiProperty({ type: String })
  @Column('text')
  rawStatus!: string;

  @ApiProperty({ type: String })
  @Column('text')
  status!: VendorIncidentStatus;

  /** Safe markdown/text (HTML converted by the importer). */
  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  body!: string;

  /** Earlier texts of this update (the vendor edited it under the same id), oldest first. */
  @ApiProperty({ type: 'array', items: { type: 'object' } })
  @Column('jsonb', { default: () => "'[]'" })
  history!: VendorUpdateRevision[];

  /** When we first stored a text other than the first one (null: never edited). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  editedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A text an update had before the vendor edited it. */
export interface VendorUpdateRevision {
  body: string;
  status: string;
  /** When the import replaced this text. */
  replacedAt: string;
}
