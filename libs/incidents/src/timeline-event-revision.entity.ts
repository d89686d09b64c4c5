import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { TimelineEventEntity } from './timeline-event.entity';

/** The state of a timeline event before each edit or deletion. */
@Entity('timeline_event_revision')
@Index(['timelineEventId', 'version'], { unique: true })
export class TimelineEventRevisionEntity {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Column('uuid')
  timelineEventId!: string;

  @ManyToOne(() => TimelineEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'timeline_event_id' })
  timelineEvent?: TimelineEventEntity;

  /** The version this snapshot had. */
  @Column('int')
  version!: number;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('text')
  enteredZone!: string;

  @Column('text')
  enteredLocal!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  body!: string;

  @Column('text', { nullable: true })
  author!: string | null;

  /** What replaced this snapshot: "edited" or "deleted" or "restored". */
  @Column('text')
  change!: string;

  @Column('text', { nullable: true })
  changedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  changedAt!: Date;
}
