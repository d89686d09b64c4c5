import { ApiProperty } from '@nestjs/swagger';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TimelineEventEntity } from './timeline-event.entity';

/** The state of a timeline event before each edit or deletion. */
@Entity('timeline_event_revision')
@Index(['timelineEventId', 'version'], { unique: true })
export class TimelineEventRevisionEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  @Column('uuid')
  timelineEventId!: string;

  @ManyToOne(() => TimelineEventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'timeline_event_id' })
  timelineEvent?: TimelineEventEntity;

  /** The version this snapshot had. */
  @ApiProperty({ type: Number })
  @Column('int')
  version!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  @Column('timestamptz')
  occurredAt!: Date;

  @ApiProperty({ type: String })
  @Column('text')
  enteredZone!: string;

  @ApiProperty({ type: String })
  @Column('text')
  enteredLocal!: string;

  @ApiProperty({ type: String })
  @Column('text')
  kind!: string;

  @ApiProperty({ type: String })
  @Column('text')
  body!: string;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  author!: string | null;

  /** What replaced this snapshot: "edited" or "deleted" or "restored". */
  @ApiProperty({ type: String })
  @Column('text')
  change!: string;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  changedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  changedAt!: Date;
}
