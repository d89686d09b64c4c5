import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** Trackers action items sync with (docs/trackers.md); one connector each (connectors.ts). */
export const TRACKER_KINDS = ['redmine', 'github', 'jira', 'linear'] as const;
export type TrackerKind = (typeof TRACKER_KINDS)[number];

/**
 * Where a team's action items go: a tracker project, the issue type new issues get, the status
 * and priority mapping, and the (encrypted) credentials. `team` null: the default for teams
 * without a target of their own.
 */
@Entity('tracker_target')
@Check('chk_tracker_target_kinds', `"kind" IN ('redmine', 'github', 'jira', 'linear')`)
export class TrackerTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column('text')
  name!: string;

  @Column('text')
  kind!: TrackerKind;

  /** The team (postmortem.team) whose action items go here; null: every other team. */
  @Index()
  @Column('text', { nullable: true })
  team!: string | null;

  @Column('text')
  baseUrl!: string;

  /**
   * Where issues go: Redmine's project identifier, GitHub's `owner/repo`, Jira's project key,
   * Linear's team key.
   */
  @Column('text')
  project!: string;

  /**
   * Redmine: the tracker new issues get (null: the project's first); Jira: the issue type (null:
   * Task); GitHub and Linear: a label every new issue gets (null: none).
   */
  @Column('text', { nullable: true })
  issueType!: string | null;

  /**
   * Field mapping: `statuses` (our status → the tracker's status name) and `priorities` (P0–P3 →
   * the tracker's priority name); what is not given uses the defaults of docs/trackers.md.
   */
  @Column('jsonb', { default: {} })
  fieldMapping!: TrackerFieldMapping;

  /** Create an issue for every action item when its postmortem is approved. */
  @Column('boolean', { default: false })
  createOnApproval!: boolean;

  @Column('boolean', { default: true })
  enabled!: boolean;

  /**
   * "v1:<iv>:<tag>:<ciphertext>" of {@link TrackerCredentials} (credentials-cipher.ts), never
   * returned.
   */
  @Column('text')
  credentials!: string;

  /** The tracker's `updated_on` up to which changes were read (the poll's cursor). */
  @Column('timestamptz', { nullable: true })
  pollCursor!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastPolledAt!: Date | null;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export interface TrackerFieldMapping {
  statuses?: Partial<Record<'open' | 'in_progress' | 'done' | 'wont_do', string>>;
  priorities?: Partial<Record<'P0' | 'P1' | 'P2' | 'P3', string>>;
}

/**
 * What a connector signs in with: Redmine's API key, a GitHub token, a Linear API key, a Jira API
 * token (Cloud: with the account's e-mail as `username`, basic auth) or personal access token
 * (Data Center: no `username`, bearer).
 */
export interface TrackerCredentials {
  apiKey: string;
  username?: string;
}
