import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { PostmortemEntity } from './postmortem.entity';

/** A comment on one section of a postmortem; part of the record, never of an export. */
@Entity('postmortem_comment')
@Index(['postmortemId', 'sectionKey', 'createdAt'])
export class PostmortemCommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  postmortemId!: string;

  @ManyToOne(() => PostmortemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postmortem_id' })
  postmortem?: PostmortemEntity;

  @Column('text')
  sectionKey!: string;

  /** The author (user id); null when a token without a person wrote it. */
  @Column('uuid', { nullable: true })
  authorId!: string | null;

  /** The author's name when it was written. */
  @Column('text')
  authorName!: string;

  /** Plain text; `@e-mail` mentions a user. */
  @Column('text')
  body!: string;

  /** Users mentioned (ids, in order of appearance). */
  @Column('uuid', { array: true, default: '{}' })
  mentionIds!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** One mention of a user in a comment: the user's inbox lists them, newest first. */
@Entity('postmortem_mention')
@Index(['userId', 'createdAt'])
@Index(['commentId', 'userId'], { unique: true })
export class PostmortemMentionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  commentId!: string;

  @ManyToOne(() => PostmortemCommentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'comment_id' })
  comment?: PostmortemCommentEntity;

  @Column('uuid')
  postmortemId!: string;

  @Column('uuid')
  userId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
