import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export enum ChannelKind {
  Webhook = 'webhook',
  Slack = 'slack',
  /** The Slack app (libs/slack): chat.postMessage with its bot token into `slackChannel`. */
  SlackApp = 'slack_app',
  Email = 'email',
}

/** What a channel can be subscribed to. */
export enum NotificationTopic {
  Reminder = 'reminder',
  Escalation = 'escalation',
  /** Review requested, approved, changes requested (a team's channel); the people concerned, and people @mentioned, also get an e-mail of their own. */
  Workflow = 'workflow',
  /** A draft incident opened from a vendor outage (STATUS_AUTO_DRAFT_INCIDENTS). */
  AutoDraft = 'auto_draft',
  /** An incident moved to another status (investigating, mitigated, resolved…). */
  IncidentStatus = 'incident_status',
  Test = 'test',
}

/** Where messages go: a signed webhook, a Slack incoming webhook, a channel of the Slack app, or a list of e-mail addresses. */
@Entity('notification_channel')
export class NotificationChannelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { unique: true })
  name!: string;

  @Column('text')
  kind!: ChannelKind;

  /** Webhook / Slack URL. */
  @Column('text', { nullable: true })
  url!: string | null;

  /** HMAC-SHA256 key of generic webhooks; never returned by the API. */
  @Column('text', { nullable: true })
  secret!: string | null;

  @Column('text', { array: true, default: '{}' })
  emailTo!: string[];

  /** The Slack app's channel ("C0123ABCD", or "#sre-incidents"); only for kind slack_app. */
  @Column('text', { nullable: true })
  slackChannel!: string | null;

  @Column('text', { array: true, default: '{}' })
  topics!: NotificationTopic[];

  /** Restricts the channel to one team's postmortems; null: every team. */
  @Column('text', { nullable: true })
  team!: string | null;

  @Column('boolean', { default: true })
  enabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
