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
  PrimaryColumn,
} from 'typeorm';
import { IncidentEntity } from './incident.entity';

export const IMPACT_LEVELS = ['operational', 'degraded', 'partial_outage', 'major_outage'] as const;
export type ImpactLevel = (typeof IMPACT_LEVELS)[number];

/** How one of our services was hit during an incident, over one window; several windows per service are allowed. */
@Entity('impact')
@Index(['incidentId', 'startedAt'])
@Check('chk_impact_window', '"ended_at" IS NULL OR "ended_at" >= "started_at"')
export class ImpactEntity {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Index()
  @Column('uuid')
  serviceId!: string;

  @ManyToOne(() => ServiceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'service_id' })
  service?: ServiceEntity;

  @Column('text')
  level!: ImpactLevel;

  /** Window start ("from" in the API). */
  @Column('timestamptz')
  startedAt!: Date;

  /** Window end ("to" in the API); null while ongoing. */
  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('text', { default: '' })
  note!: string;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
