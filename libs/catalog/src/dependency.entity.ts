import { ApiProperty } from '@nestjs/swagger';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  UpdateDateColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { ServiceEntity } from './service.entity';
import { VendorComponentEntity } from './vendor-component.entity';

export const DEPENDENCY_KINDS = ['cdn', 'dns', 'proxy', 'auth', 'hosting', 'api', 'other'] as const;
export type DependencyKind = (typeof DEPENDENCY_KINDS)[number];
export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** "service depends on vendor component" or "service depends on another service"; exactly one target. */
@Entity('dependency')
@Check(
  'chk_dependency_one_target',
  '("vendor_component_id" IS NULL) <> ("depends_on_service_id" IS NULL)',
)
@Check(
  'chk_dependency_not_self',
  '"depends_on_service_id" IS NULL OR "depends_on_service_id" <> "service_id"',
)
@Index(['serviceId', 'vendorComponentId'], {
  unique: true,
  where: '"vendor_component_id" IS NOT NULL',
})
@Index(['serviceId', 'dependsOnServiceId'], {
  unique: true,
  where: '"depends_on_service_id" IS NOT NULL',
})
export class DependencyEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  serviceId!: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;

  @Index()
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  @Column('uuid', { nullable: true })
  vendorComponentId!: string | null;

  @ManyToOne(() => VendorComponentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'vendor_component_id' })
  vendorComponent?: VendorComponentEntity;

  @Index()
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  @Column('uuid', { nullable: true })
  dependsOnServiceId!: string | null;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'depends_on_service_id' })
  dependsOnService?: ServiceEntity;

  @ApiProperty({ enum: DEPENDENCY_KINDS })
  @Column('text')
  kind!: DependencyKind;

  @ApiProperty({ enum: CRITICALITIES })
  @Column('text', { default: 'high' })
  criticality!: Criticality;

  /** A working alternative exists (multi-CDN, secondary DNS, …). */
  @ApiProperty({ type: Boolean })
  @Column('boolean', { default: false })
  hasFallback!: boolean;

  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  notes!: string;

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
