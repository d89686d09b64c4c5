import { VendorEntity } from '@rca/catalog';
import {
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/**
 * When a vendor's post-incident report is expected: N business days after its incident resolved,
 * counted with the product's business-day calendar (libs/deadlines). At most one per vendor;
 * none means the vendor promises nothing and nothing is ever overdue.
 */
@Entity('vendor_rca_expectation')
export class VendorRcaExpectationEntity {
  @PrimaryColumn('uuid')
  vendorId!: string;

  @OneToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @Column('int')
  businessDays!: number;

  /** IANA zone the days are counted in. */
  @Column('text')
  zone!: string;

  /** Public-holiday calendar (date-holidays country, e.g. US); null: weekends only. */
  @Column('text', { nullable: true })
  country!: string | null;

  @Column('text', { nullable: true })
  region!: string | null;

  /** HH:mm in the zone on the last day; default 23:59 (by the end of that day). */
  @Column('text', { default: '23:59' })
  dueTime!: string;

  @VersionColumn()
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column('text', { nullable: true })
  updatedBy!: string | null;
}
