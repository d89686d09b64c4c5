import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SLACK_REQUEST_KINDS = ['command', 'shortcut'] as const;
export type SlackRequestKind = (typeof SLACK_REQUEST_KINDS)[number];

/**
 * One verified request from Slack (a slash command, a message shortcut): its signature, unique,
 * refuses a replay inside the 5-minute window; the row is the work item of its job, which records
 * its outcome here so that running the job twice does the work once.
 */
@Entity('slack_request')
@Index(['receivedAt'])
export class SlackRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** `v0=<hex>` as Slack sent it. */
  @Index({ unique: true })
  @Column('text')
  signature!: string;

  @Column('text')
  kind!: SlackRequestKind;

  /** The parsed form fields (command) or the interaction payload (shortcut). */
  @Column('jsonb')
  payload!: Record<string, unknown>;

  /** The reply the job decided on, kept so a rerun re-posts it instead of redoing the work. */
  @Column('jsonb', { nullable: true })
  outcome!: { text: string; visibleToChannel: boolean } | null;

  @Column('timestamptz', { nullable: true })
  processedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  repliedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  receivedAt!: Date;
}
