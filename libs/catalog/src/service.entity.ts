import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  UpdateDateColumn,
  PrimaryColumn,
} from 'typeorm';

/** One of our own services (Chat web, Public API, iOS app, …). */
@Entity('service')
@Check('"tier" BETWEEN 1 AND 4')
export class ServiceEntity {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Index({ unique: true })
  @Column('text')
  slug!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  ownerTeam!: string | null;

  /** 1 = most critical. */
  @Column('int', { default: 3 })
  tier!: number;

  @Column('text', { default: '' })
  description!: string;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
