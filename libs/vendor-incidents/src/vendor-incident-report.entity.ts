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
import { VendorIncidentEntity } from './vendor-incident.entity';

/** Where a vendor's post-incident report was found. */
export const VENDOR_REPORT_SOURCES = [
  /** The Statuspage incident gained `postmortem_body` / `postmortem_published_at`. */
  'statuspage_postmortem',
  /** The Statuspage incident moved to the `postmortem` status (the write-up is on its page). */
  'statuspage_status',
  /** An update of the incident announced a write-up and linked to it. */
  'update',
  /** A person pasted the link. */
  'pasted',
] as const;
export type VendorReportSource = (typeof VENDOR_REPORT_SOURCES)[number];

/** The most characters of a vendor report's text that are kept (the rest is behind the link). */
export const VENDOR_REPORT_TEXT_LIMIT = 20_000;

/**
 * The vendor's own post-incident report (RCA, postmortem) of one vendor incident: one per vendor
 * incident, the first one found, so a re-poll that sees it again writes nothing.
 */
@Entity('vendor_incident_report')
@Index(['vendorIncidentId'], { unique: true })
export class VendorIncidentReportEntity {
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

  @ApiProperty({ enum: VENDOR_REPORT_SOURCES })
  @Column('text')
  source!: VendorReportSource;

  /** http(s) link to the report; null when it is only the text on the status page. */
  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  url!: string | null;

  /** When the vendor published it (its own time, else when we saw it). */
  @ApiProperty({ type: String, format: 'date-time' })
  @Column('timestamptz')
  publishedAt!: Date;

  /** Plain text, sanitised, at most VENDOR_REPORT_TEXT_LIMIT characters. */
  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  text!: string;

  /** The vendor update that announced it (source `update`). */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column('uuid', { nullable: true })
  updateId!: string | null;

  /** Who pasted it (source `pasted`). */
  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  pastedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
