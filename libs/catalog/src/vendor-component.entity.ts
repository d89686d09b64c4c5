import { ApiProperty } from '@nestjs/swagger';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  UpdateDateColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { VendorEntity } from './vendor.entity';

/** A part of a vendor's offering (CDN, DNS, WAF, Workers, …); `externalId` is the status page's component id. */
@Entity('vendor_component')
@Index(['vendorId', 'name'], { unique: true })
@Index(['vendorId', 'externalId'], { unique: true, where: '"external_id" IS NOT NULL' })
export class VendorComponentEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @ApiProperty({ type: String })
  @Column('text')
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  externalId!: string | null;

  /** Status-page group the component sits in (e.g. "Cloudflare Sites and Services"). */
  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  groupName!: string | null;

  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  description!: string;

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
