import { VendorEntity } from '@rca/catalog';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const STATUS_SOURCE_FORMATS = [
  'auto',
  'statuspage',
  'atom',
  'rss',
  'google-cloud',
  'incident-io-widget',
] as const;
export type StatusSourceFormat = (typeof STATUS_SOURCE_FORMATS)[number];

export const MIN_POLL_INTERVAL_SECONDS = 15;
export const DEFAULT_POLL_INTERVAL_SECONDS = 60;

/** A vendor status page we poll, with its conditional-request validators and its health. */
@Entity('status_source')
@Index(['vendorId', 'url'], { unique: true })
@Check('chk_status_source_interval', `"poll_interval_seconds" >= ${MIN_POLL_INTERVAL_SECONDS}`)
export class StatusSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @Column('text')
  url!: string;

  @Column('text', { default: 'auto' })
  format!: StatusSourceFormat;

  @Column('int', { default: DEFAULT_POLL_INTERVAL_SECONDS })
  pollIntervalSeconds!: number;

  @Column('boolean', { default: true })
  enabled!: boolean;

  /** Validators of the last 200, sent back as If-None-Match / If-Modified-Since. */
  @Column('text', { nullable: true })
  etag!: string | null;

  @Column('text', { nullable: true })
  lastModified!: string | null;

  /** SHA-256 of the last imported body: an identical 200 is not parsed or imported again. */
  @Column('text', { nullable: true })
  contentHash!: string | null;

  /** The format the last successful poll detected. */
  @Column('text', { nullable: true })
  detectedFormat!: string | null;

  @Column('timestamptz', { nullable: true })
  lastPolledAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastSuccessAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastErrorAt!: Date | null;

  @Column('text', { nullable: true })
  lastErrorKind!: string | null;

  @Column('text', { nullable: true })
  lastErrorMessage!: string | null;

  @Column('int', { default: 0 })
  consecutiveFailures!: number;

  @Column('int', { nullable: true })
  lastLatencyMs!: number | null;

  /** Backoff after failures and 429 Retry-After: scheduled polls before this instant are skipped. */
  @Column('timestamptz', { nullable: true })
  nextPollNotBefore!: Date | null;

  /** The page's own clock (page.updated_at, else the Date header) at the last import. */
  @Column('timestamptz', { nullable: true })
  pageClock!: Date | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
