import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  UpdateDateColumn,
  PrimaryColumn,
} from 'typeorm';
import { VendorEntity } from './vendor.entity';

/** A part of a vendor's offering (CDN, DNS, WAF, Workers, …); `externalId` is the status page's component id. */
@Entity('vendor_component')
@Index(['vendorId', 'name'], { unique: true })
@Index(['vendorId', 'externalId'], { unique: true, where: '"external_id" IS NOT NULL' })
export class VendorComponentEntity {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Column('uuid')
  vendorId!: string;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  externalId!: string | null;

  /** Status-page group the component sits in (e.g. "Cloudflare Sites and Services"). */
  @Column('text', { nullable: true })
  groupName!: string | null;

  @Column('text', { default: '' })
  description!: string;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
