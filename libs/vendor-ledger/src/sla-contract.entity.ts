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
  UpdateDateColumn,
} from 'typeorm';

/** One step of a contract's credit schedule: availability below `belowPercent` earns `creditPercent`. */
export class CreditTier {
  @ApiProperty({ example: 99.9, description: 'Monthly availability below this (percent)…' })
  belowPercent!: number;

  @ApiProperty({ example: 25, description: '…earns this credit (percent of the monthly fee)' })
  creditPercent!: number;
}

/** A vendor's SLA as we signed it: what counts, what a miss earns, and until when it can be claimed. */
@Entity('sla_contract')
@Index(['vendorId', 'name'], { unique: true })
export class SlaContractEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @ApiProperty({ example: 'Cloudflare Enterprise' })
  @Column('text')
  name!: string;

  /** Monthly availability target in percent (e.g. 99.99). */
  @ApiProperty({ example: 99.99 })
  @Column('double precision')
  targetPercent!: number;

  /** The vendor components whose unavailability counts (all of this vendor). */
  @ApiProperty({ type: [String] })
  @Column('uuid', { array: true, default: () => "'{}'" })
  componentIds!: string[];

  @ApiProperty({ type: [CreditTier] })
  @Column('jsonb', { default: () => "'[]'" })
  tiers!: CreditTier[];

  /** Claims are accepted until the end of this many billing cycles (calendar months) after the month of the miss. */
  @ApiProperty({ example: 2 })
  @Column('int', { default: 2 })
  claimWindowCycles!: number;

  /** Where claims go: an e-mail address, a URL or a sentence. */
  @ApiProperty({ example: 'billing@cloudflare.com' })
  @Column('text', { default: '' })
  claimTo!: string;

  /** The user who files claims and gets the reminders. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column('uuid', { nullable: true })
  ownerUserId!: string | null;

  /** Zone of the billing months (month boundaries, claim deadline). */
  @ApiProperty({ example: 'UTC' })
  @Column('text', { default: 'UTC' })
  zone!: string;

  @ApiProperty({ type: Number })
  @Column('int', { default: 1 })
  version!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
