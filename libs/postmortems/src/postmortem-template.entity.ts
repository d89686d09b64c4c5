import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { SectionKey } from './postmortem.entity';

export interface TemplateSection {
  key: SectionKey;
  title: string;
  /** Liquid source rendered with the incident context. */
  body: string;
  internal: boolean;
}

/** A postmortem template, chosen by severity and incident labels. */
@Entity('postmortem_template')
export class PostmortemTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  name!: string;

  /** Severities it applies to; empty: any. */
  @Column('text', { array: true, default: () => "'{}'" })
  severities!: string[];

  /** Incident labels of which at least one must be present; empty: any. */
  @Column('text', { array: true, default: () => "'{}'" })
  labels!: string[];

  /** Higher wins when several templates match. */
  @Column('int', { default: 0 })
  priority!: number;

  @Column('jsonb')
  sections!: TemplateSection[];

  /** Bumped on every change; part of the draft job's idempotency key. */
  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
