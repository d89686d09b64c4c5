import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { PostmortemEntity, PostmortemSection, PostmortemStatus } from './postmortem.entity';

/** A snapshot per save: who, when, which sections changed, and the full content then. */
@Entity('postmortem_revision')
@Index(['postmortemId', 'number'], { unique: true })
export class PostmortemRevisionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  postmortemId!: string;

  @ManyToOne(() => PostmortemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postmortem_id' })
  postmortem?: PostmortemEntity;

  @Column('int')
  number!: number;

  /** A user id, or "system" for the draft job. */
  @Column('text')
  author!: string;

  @Column('text')
  reason!: string;

  @Column('text', { array: true, default: () => "'{}'" })
  changedSections!: string[];

  @Column('text')
  status!: PostmortemStatus;

  @Column('text')
  title!: string;

  @Column('jsonb')
  sections!: PostmortemSection[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
