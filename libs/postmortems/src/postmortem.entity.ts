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
import { IncidentEntity } from '@rca/incidents';

export const POSTMORTEM_STATUSES = ['draft', 'in_review', 'approved', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

export const SECTION_KEYS = [
  'summary',
  'impact',
  'timeline',
  'root_cause',
  'trigger',
  'contributing_factors',
  'detection',
  'response_and_recovery',
  'went_well',
  'went_poorly',
  'got_lucky',
  'action_items',
  'supporting_information',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export type SectionOrigin = 'generated' | 'edited';

export interface PostmortemSection {
  key: SectionKey;
  title: string;
  /** Markdown. */
  markdown: string;
  /** "generated" sections may be rewritten by the draft job; "edited" ones never are. */
  origin: SectionOrigin;
  /** Left out of public exports. */
  internal: boolean;
}

/** The RCA document of one incident. */
@Entity('postmortem')
@Check('chk_postmortem_status', `"status" IN ('draft','in_review','approved','published')`)
@Index(['status', 'dueAt'])
export class PostmortemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column('text')
  title!: string;

  @Column('text', { default: 'draft' })
  status!: PostmortemStatus;

  @Column('jsonb')
  sections!: PostmortemSection[];

  /** Template the sections were generated from: "<template id>@<version>" or "builtin:google-sre@1". */
  @Column('text')
  templateKey!: string;

  /** Number of the latest revision; every save adds one. */
  @Column('int', { default: 1 })
  revision!: number;

  @Column('text', { nullable: true })
  owner!: string | null;

  @Index()
  @Column('text', { nullable: true })
  team!: string | null;

  @Column('text')
  severity!: string;

  /** Reviewers who must all approve (user ids; plain strings until accounts land). */
  @Column('text', { array: true, default: () => "'{}'" })
  requiredReviewers!: string[];

  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  /** Due instant of the published RCA; null when no deadline policy applies. */
  @Column('timestamptz', { nullable: true })
  dueAt!: Date | null;

  @Column('uuid', { nullable: true })
  deadlinePolicyId!: string | null;

  /** Zone the team reads times in (from the deadline policy), shown beside UTC in the timeline. */
  @Column('text', { default: 'UTC' })
  displayZone!: string;

  @Column('timestamptz', { nullable: true })
  publishedAt!: Date | null;

  /** Published at or before the due instant; set at publication. */
  @Column('boolean', { nullable: true })
  publishedOnTime!: boolean | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
