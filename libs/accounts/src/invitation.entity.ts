import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@rca/shared';

/** A one-time link that lets someone set their password: an admin's invitation or the first-run setup link. */
@Entity('invitation')
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column('text')
  tokenHash!: string;

  /** `invite` (an admin invited someone) or `setup` (first admin of an empty installation). */
  @Column('text')
  purpose!: 'invite' | 'setup';

  /** Null: the person chooses it when accepting (setup links). */
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text')
  role!: Role;

  @Column('uuid', { array: true, default: '{}' })
  teamIds!: string[];

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  acceptedAt!: Date | null;

  @Column('uuid', { nullable: true })
  createdByUserId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
