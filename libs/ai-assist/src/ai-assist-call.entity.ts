import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One call to the AI endpoint, for the daily limits (the audit log has who and what). */
@Entity('ai_assist_call')
@Index(['day'])
export class AiAssistCallEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  occurredAt!: Date;

  /** UTC day the call counts against (YYYY-MM-DD). */
  @Column('date')
  day!: string;

  @Column('uuid', { nullable: true })
  actorUserId!: string | null;

  /** Null for an admin's connection test. */
  @Column('uuid', { nullable: true })
  postmortemId!: string | null;

  @Column('text')
  sectionKey!: string;

  @Column('text')
  model!: string;

  @Column('int', { default: 0 })
  promptTokens!: number;

  @Column('int', { default: 0 })
  completionTokens!: number;

  @Column('double precision', { default: 0 })
  costUsd!: number;

  @Column('text')
  outcome!: 'success' | 'failure';

  @Column('text', { nullable: true })
  errorCode!: string | null;
}
