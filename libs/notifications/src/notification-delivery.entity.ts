import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ChannelKind, NotificationTopic } from './notification-channel.entity';

export enum DeliveryStatus {
  Pending = 'pending',
  Delivered = 'delivered',
  Failed = 'failed',
}

/** One message to one channel, with every attempt's outcome: delivery failures are visible here. */
@Entity('notification_delivery')
@Index(['status', 'createdAt'])
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Message id + channel id (or recipient): the same message is never delivered twice to one channel. */
  @Column('text', { unique: true })
  dedupeKey!: string;

  /** The channel; null for a message to one person (`recipient`). */
  @Column('uuid', { nullable: true })
  channelId!: string | null;

  /** E-mail address of the one person this message is for (sent through SMTP_URL); null for a channel's message. */
  @Column('text', { nullable: true })
  recipient!: string | null;

  @Column('text')
  channelKind!: ChannelKind;

  @Column('text')
  topic!: NotificationTopic;

  @Column('text')
  subject!: string;

  @Column('text')
  text!: string;

  /** Structured data sent to generic webhooks. */
  @Column('jsonb', { default: {} })
  data!: Record<string, unknown>;

  @Column('text', { default: DeliveryStatus.Pending })
  status!: DeliveryStatus;

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('text', { nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { nullable: true })
  lastAttemptAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
