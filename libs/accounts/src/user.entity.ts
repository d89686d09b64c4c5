import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Role } from '@rca/shared';

export type UserKind = 'human' | 'service';

/** A person (password and/or SSO) or a service account (API tokens only). */
@Entity('user_account')
@Index(['oidcIssuer', 'oidcSubject'], { unique: true, where: 'oidc_subject IS NOT NULL' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower-cased; null for service accounts. */
  @Index({ unique: true, where: 'email IS NOT NULL' })
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text')
  displayName!: string;

  @Column('text', { default: 'human' })
  kind!: UserKind;

  @Column('text')
  role!: Role;

  /** argon2id PHC string; null for SSO-only users, service accounts and pending setup. */
  @Column('text', { nullable: true })
  passwordHash!: string | null;

  @Column('text', { nullable: true })
  oidcIssuer!: string | null;

  @Column('text', { nullable: true })
  oidcSubject!: string | null;

  @Column('timestamptz', { nullable: true })
  disabledAt!: Date | null;

  /** Consecutive failed logins; reset by a success. */
  @Column('integer', { default: 0 })
  failedLoginCount!: number;

  @Column('timestamptz', { nullable: true })
  lockedUntil!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastLoginAt!: Date | null;

  @Column('integer', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
