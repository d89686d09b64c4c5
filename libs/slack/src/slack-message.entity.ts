import { IncidentEntity } from '@rca/incidents';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const SLACK_MESSAGE_STATES = ['proposed', 'accepted', 'dismissed'] as const;
export type SlackMessageState = (typeof SLACK_MESSAGE_STATES)[number];
export const SLACK_MESSAGE_ORIGINS = ['shortcut', 'history', 'export'] as const;
export type SlackMessageOrigin = (typeof SLACK_MESSAGE_ORIGINS)[number];

/**
 * A Slack message considered for an incident's timeline: added by the message shortcut
 * (accepted at once), or imported from the channel's history or an export archive (proposed until
 * a person accepts or dismisses it). One row per incident, channel and message ts, so neither a
 * job that runs twice nor a second import adds a message twice.
 */
@Entity('slack_message')
@Index(['incidentId', 'channelId', 'messageTs'], { unique: true })
@Index(['incidentId', 'state', 'occurredAt'])
export class SlackMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @Column('text')
  channelId!: string;

  /** Slack's message id within the channel ("1763464800.123456", seconds.microseconds UTC). */
  @Column('text')
  messageTs!: string;

  /** The instant of messageTs (microseconds kept: timestamptz has them). */
  @Column('timestamptz')
  occurredAt!: Date;

  @Column('text', { nullable: true })
  authorId!: string | null;

  @Column('text', { nullable: true })
  authorName!: string | null;

  /** The author's IANA zone when Slack gives it. */
  @Column('text', { nullable: true })
  authorZone!: string | null;

  /** Markdown: mentions as names, files and links as Markdown links. */
  @Column('text')
  body!: string;

  @Column('text', { nullable: true })
  permalink!: string | null;

  @Column('text')
  origin!: SlackMessageOrigin;

  @Column('text')
  state!: SlackMessageState;

  @Column('uuid', { nullable: true })
  timelineEventId!: string | null;

  @Column('text', { nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
