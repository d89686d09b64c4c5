import { ApiProperty } from '@nestjs/swagger';
import { TeamEntity } from '@rca/accounts';
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

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_DESCRIPTIONS: Record<Severity, string> = {
  SEV1: 'Critical: a core service is down or data is at risk for most customers',
  SEV2: 'Major: a core service is badly degraded or down for a large share of customers',
  SEV3: 'Moderate: partial degradation, a workaround exists, or a small share of customers',
  SEV4: 'Minor: limited impact, no urgent customer-facing consequence',
  SEV5: 'Informational: no customer impact (near miss, internal tooling)',
};

export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** An incident of ours: the record a postmortem is written from. */
@Entity('incident')
@Index(['year', 'sequence'], { unique: true })
@Index(['startedAt', 'id'])
@Index(['createdAt', 'id'])
// One index per supported sort of GET /api/incidents (keyset order: column, id).
@Index(['updatedAt', 'id'])
@Index(['severity', 'id'])
// Hand-written in migration IncidentSearchIndexes (TypeORM cannot declare GIN / pg_trgm indexes);
// declared here so schema diffs leave them alone.
@Index('IDX_incident_title_trgm', { synchronize: false })
@Index('IDX_incident_summary_trgm', { synchronize: false })
@Index('IDX_incident_reference_trgm', { synchronize: false })
@Index('IDX_incident_labels_gin', { synchronize: false })
// The private incidents alone: rows joined from another table (a postmortem's incident) are checked
// with an anti-join on this small set (VisibilityService.hiddenCondition) instead of every incident.
@Index('IDX_incident_private', ['id'], { where: 'private' })
@Check('chk_incident_severity', `"severity" IN ('SEV1','SEV2','SEV3','SEV4','SEV5')`)
@Check(
  'chk_incident_status',
  `"status" IN ('investigating','identified','monitoring','resolved','closed')`,
)
// A private incident belongs to a team: its members (and admins) are the ones who see it.
@Check('chk_incident_private_team', `NOT "private" OR "team_id" IS NOT NULL`)
export class IncidentEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** INC-2025-0042: year of startedAt + sequence within that year. */
  @Index({ unique: true })
  @ApiProperty({ type: String })
  @Column('text')
  reference!: string;

  @ApiProperty({ type: Number })
  @Column('int')
  year!: number;

  @ApiProperty({ type: Number })
  @Column('int')
  sequence!: number;

  @ApiProperty({ type: String })
  @Column('text')
  title!: string;

  /** Markdown. */
  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  summary!: string;

  @ApiProperty({ enum: SEVERITIES })
  @Column('text')
  severity!: Severity;

  @Index()
  @ApiProperty({ enum: INCIDENT_STATUSES })
  @Column('text', { default: 'investigating' })
  status!: IncidentStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  @Column('timestamptz')
  startedAt!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  detectedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  acknowledgedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  mitigatedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: Number })
  @Column('int', { default: 0 })
  reopenCount!: number;

  @ApiProperty({ type: [String] })
  @Column('text', { array: true, default: () => "'{}'" })
  labels!: string[];

  @ApiProperty({ type: [String] })
  @Column('text', { array: true, default: () => "'{}'" })
  regions!: string[];

  /** Customer-facing error signatures, e.g. "HTTP 500". */
  @ApiProperty({ type: [String] })
  @Column('text', { array: true, default: () => "'{}'" })
  errorSignatures!: string[];

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  createdBy!: string | null;

  /** The owning team (accounts' team id); required while the incident is private. */
  @Index()
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @Column('uuid', { nullable: true })
  teamId!: string | null;

  /** Loaded only where the team's name is shown (the incident's detail). */
  @ManyToOne(() => TeamEntity)
  @JoinColumn({ name: 'team_id' })
  owningTeam?: TeamEntity | null;

  /**
   * Private to its team: only the team's members and admins see it (and its postmortem, which
   * follows the incident); everyone else gets 404 and never finds it in a list.
   */
  @ApiProperty({ type: Boolean })
  @Column('boolean', { default: false })
  private!: boolean;

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
