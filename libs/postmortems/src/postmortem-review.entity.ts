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

/** The SRE-book review checklist, recorded with each review. */
export interface ReviewChecklist {
  keyDataCollected: boolean;
  impactComplete: boolean;
  rootCauseDeepEnough: boolean;
  actionsAppropriate: boolean;
  sharedWithStakeholders: boolean;
}

export type ReviewDecision = 'approved' | 'changes_requested';

@Entity('postmortem_review')
@Index(['postmortemId', 'revision'])
export class PostmortemReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  postmortemId!: string;

  @ManyToOne(() => PostmortemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postmortem_id' })
  postmortem?: PostmortemEntity;

  /** Revision the review applies to; approvals of an older revision do not count. */
  @Column('int')
  revision!: number;

  @Column('text')
  reviewer!: string;

  @Column('text')
  decision!: ReviewDecision;

  @Column('jsonb')
  checklist!: ReviewChecklist;

  @Column('text', { default: '' })
  comment!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
