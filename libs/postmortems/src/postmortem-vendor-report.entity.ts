import { IncidentEntity } from '@rca/incidents';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A vendor's own post-incident report, attached to the supporting information of the postmortem
 * of an incident it caused. Kept per incident (not per postmortem), so a report found before our
 * draft exists is in the draft when it is written. One per incident and vendor incident.
 */
@Entity('postmortem_vendor_report')
@Index(['incidentId', 'vendorIncidentId'], { unique: true })
export class PostmortemVendorReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column('uuid')
  vendorIncidentId!: string;

  @Column('text')
  vendorName!: string;

  /** http(s) link to the report, null when its text is all there is. */
  @Column('text', { nullable: true })
  url!: string | null;

  @Column('timestamptz')
  publishedAt!: Date;

  /** Plain text, already sanitised and length-limited by the vendor-incidents domain. */
  @Column('text', { default: '' })
  text!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
