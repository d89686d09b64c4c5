import { VendorEntity } from '@rca/catalog';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { VendorIncidentEntity, VendorIncidentStatus } from './vendor-incident.entity';

/** One posted update of a vendor incident; unique per vendor + external id so a replayed poll writes nothing twice. */
@Entity('vendor_incident_update')
@Index(['vendorId', 'externalId'], { unique: true })
@Index(['vendorIncidentId', 'at'])
export class VendorIncidentUpdateEntity {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @Column('uuid')
  vendorIncidentId!: string;

  @ManyToOne(() => VendorIncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_incident_id' })
  vendorIncident?: VendorIncidentEntity;

  @Column('text')
  externalId!: string;

  @Column('timestamptz')
  at!: Date;

  @Column('text')
  rawStatus!: string;

  @Column('text')
  status!: VendorIncidentStatus;

  /** Safe markdown/text (HTML converted by the importer). */
  @Column('text', { default: '' })
  body!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
