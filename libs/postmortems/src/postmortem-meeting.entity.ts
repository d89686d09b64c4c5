import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { PostmortemEntity } from './postmortem.entity';

export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const MEETING_ROLES = ['owner', 'reviewer', 'responder', 'guest'] as const;
export type MeetingRole = (typeof MEETING_ROLES)[number];

/** One person invited to the retrospective, and the zone their invitation shows the time in. */
export interface MeetingParticipant {
  email: string;
  displayName: string;
  role: MeetingRole;
  /** IANA zone of this person's invitation text ("Tue 3 Dec, 16:00 Europe/Berlin"). */
  zone: string;
}

/** The retrospective (review) meeting of a postmortem: a calendar invitation to its people. */
@Entity('postmortem_meeting')
@Check('chk_postmortem_meeting_status', `"status" IN ('scheduled','cancelled')`)
@Check('chk_postmortem_meeting_duration', `"duration_minutes" BETWEEN 5 AND 480`)
@Index(['postmortemId', 'startsAt'])
export class PostmortemMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  postmortemId!: string;

  @ManyToOne(() => PostmortemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postmortem_id' })
  postmortem?: PostmortemEntity;

  @Column('text')
  title!: string;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('int')
  durationMinutes!: number;

  /** The organiser's zone: the time was entered in it. */
  @Column('text')
  zone!: string;

  /** A room, or the video-call link. */
  @Column('text', { default: '' })
  location!: string;

  @Column('text', { default: '' })
  agenda!: string;

  @Column('jsonb')
  participants!: MeetingParticipant[];

  @Column('text')
  organizerEmail!: string;

  @Column('text')
  organizerName!: string;

  @Column('text', { default: 'scheduled' })
  status!: MeetingStatus;

  /**
   * The invitation's SEQUENCE (RFC 5545): bumped when the time, place or people change, or the
   * meeting is cancelled, so calendars replace the earlier invitation instead of adding one.
   */
  @Column('int', { default: 0 })
  sequence!: number;

  /** What was decided (the action items decided in it link to the meeting). */
  @Column('text', { default: '' })
  notes!: string;

  @Column('text')
  createdBy!: string;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
