import { IncidentEntity } from '@rca/incidents';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A Slack channel linked to one incident (a channel is linked to at most one at a time). */
@Entity('slack_channel_link')
export class SlackChannelLinkEntity {
  /** Slack's channel id ("C…"). */
  @PrimaryColumn('text')
  channelId!: string;

  @Index()
  @Column('uuid')
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  /** The channel's name when it was linked ("inc-cloudflare"), for display. */
  @Column('text', { nullable: true })
  channelName!: string | null;

  @Column('text')
  linkedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
