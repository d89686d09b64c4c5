import { IncidentEntity } from '@rca/incidents';
import { VendorIncidentEntity } from '@rca/vendor-incidents';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';

/**
 * The draft incident opened for a vendor incident (STATUS_AUTO_DRAFT_INCIDENTS). One row per
 * vendor incident, ever: later updates and replayed polls never open a second draft, even after
 * the draft was closed or its suggested cause deleted.
 */
@Entity('auto_draft')
export class AutoDraftEntity {
  @PrimaryColumn('uuid')
  vendorIncidentId!: string;

  @ManyToOne(() => VendorIncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_incident_id' })
  vendorIncident?: VendorIncidentEntity;

  @Index()
  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
