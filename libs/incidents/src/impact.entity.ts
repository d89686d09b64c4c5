import { ApiProperty } from '@nestjs/swagger';
import { ServiceEntity } from '@rca/catalog';
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
import { IncidentEntity } from './incident.entity';

export const IMPACT_LEVELS = ['operational', 'degraded', 'partial_outage', 'major_outage'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

/** How one of our services was hit during an incident, over one window; several windows per service are allowed. */
@Entity('impact')
@Index(['incidentId', 'startedAt'])
@Check('chk_impact_window', '"ended_at" IS NULL OR "ended_at" >= "started_at"')
export class ImpactEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Index()
  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  serviceId!: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;

  @ApiProperty({ enum: IMPACT_LEVELS })
  @Column('text')
  level!: ImpactLevel;

  /** Window start ("from" in the API). */
  @ApiProperty({ type: String, format: 'date-time' })
  @Column('timestamptz')
  startedAt!: Date;

  /** Window end ("to" in the API); null while ongoing. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  note!: string;

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
