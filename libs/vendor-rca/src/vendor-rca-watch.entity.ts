import { CauseEntity } from '@rca/incidents';
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
 * One accepted vendor cause whose vendor's report is awaited: when it is expected (from the
 * vendor's expectation when the cause was accepted or the expectation last changed) and whether
 * the postmortem owner was told it is overdue (once).
 */
@Entity('vendor_rca_watch')
@Index(['expectedBy'])
export class VendorRcaWatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column('uuid')
  causeId!: string;

  @ManyToOne(() => CauseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'cause_id' })
  cause?: CauseEntity;

  @Index()
  @Column('uuid')
  incidentId!: string;

  @Index()
  @Column('uuid')
  vendorIncidentId!: string;

  @Index()
  @Column('uuid')
  vendorId!: string;

  /** Null when the vendor has no expectation. */
  @Column('timestamptz', { nullable: true })
  expectedBy!: Date | null;

  /** When the owner was told the report is overdue (of this expected instant). */
  @Column('timestamptz', { nullable: true })
  overdueNotifiedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
