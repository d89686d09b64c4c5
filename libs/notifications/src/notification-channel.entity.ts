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
  Test = 'test',
}

/** Where messages go: a signed webhook, a Slack incoming webhook or a list of e-mail addresses. */
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
