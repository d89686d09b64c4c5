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
import { PostmortemMeetingEntity } from './postmortem-meeting.entity';
import { PostmortemEntity } from './postmortem.entity';

export const ACTION_ITEM_TYPES = ['mitigate', 'prevent', 'process', 'detect'] as const;
export type ActionItemType = (typeof ACTION_ITEM_TYPES)[number];
export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];
export const ACTION_ITEM_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type ActionItemPriority = (typeof ACTION_ITEM_PRIORITIES)[number];

@Entity('action_item')
@Index(['status', 'dueDate'])
// A generated stub (e.g. "add a fallback for X") is created once per postmortem.
@Index(['postmortemId', 'sourceKey'], { unique: true, where: '"source_key" IS NOT NULL' })
export class ActionItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column('uuid')
  postmortemId!: string;

  @ManyToOne(() => PostmortemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postmortem_id' })
  postmortem?: PostmortemEntity;

  /** The review meeting it was decided in, if any. */
  @Index()
  @Column('uuid', { nullable: true })
  meetingId!: string | null;

  @ManyToOne(() => PostmortemMeetingEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: PostmortemMeetingEntity;

  @Column('text')
  title!: string;

  @Column('text', { default: '' })
  description!: string;

  /** The owner: a user of the product (the API shows their name and e-mail). */
  @Index()
  @Column('uuid', { nullable: true })
  ownerId!: string | null;

  /**
   * Free text of an owner who is not a user ("unlinked"): kept from before owners had to be
   * users, when it matched no one's e-mail. Null whenever `ownerId` is set.
   */
  @Index()
  @Column('text', { nullable: true })
  owner!: string | null;

  /** Calendar date (YYYY-MM-DD). */
  @Column('date', { nullable: true })
  dueDate!: string | null;

  @Column('text', { default: 'P2' })
  priority!: ActionItemPriority;

  @Column('text')
  type!: ActionItemType;

  @Column('text', { default: 'open' })
  status!: ActionItemStatus;

  @Column('text', { nullable: true })
  externalUrl!: string | null;

  /** Set on stubs the draft job created; null for items people added. */
  @Column('text', { nullable: true })
  sourceKey!: string | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
