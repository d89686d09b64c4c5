import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One security event. Append-only: a database trigger refuses UPDATE and DELETE. */
@Entity('audit_event')
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Index()
  @Column('timestamptz', { default: () => 'now()' })
  occurredAt!: Date;

  /** e.g. `login.succeeded`, `token.created`, `user.role_changed`, `postmortem.approved`. */
  @Index()
  @Column('text')
  action!: string;

  @Column('text')
  outcome!: 'success' | 'failure';

  @Index()
  @Column('uuid', { nullable: true })
  actorUserId!: string | null;

  /** Who, in words, kept even if the user is later deleted (an email, `token rca_ab12…`, `cli`). */
  @Column('text', { nullable: true })
  actorLabel!: string | null;

  @Column('text', { nullable: true })
  targetType!: string | null;

  @Column('text', { nullable: true })
  targetId!: string | null;

  @Column('text', { nullable: true })
  ip!: string | null;

  @Column('text', { nullable: true })
  userAgent!: string | null;

  @Column('text', { nullable: true })
  requestId!: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  details!: Record<string, unknown>;
}
