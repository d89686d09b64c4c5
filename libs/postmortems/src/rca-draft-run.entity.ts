import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One execution of the draft job; the unique key makes a second run of the same job a no-op. */
@Entity('rca_draft_run')
@Index(['incidentId', 'templateKey', 'incidentVersion'], { unique: true })
export class RcaDraftRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  incidentId!: string;

  @Column('uuid')
  postmortemId!: string;

  @Column('text')
  templateKey!: string;

  /** Incident record version the draft was generated from. */
  @Column('int')
  incidentVersion!: number;

  @Column('text', { array: true, default: () => "'{}'" })
  rewrittenSections!: string[];

  @Column('text', { array: true, default: () => "'{}'" })
  keptSections!: string[];

  @Column('int')
  durationMs!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
