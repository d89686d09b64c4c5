import { Column, CreateDateColumn, Entity, Index, UpdateDateColumn, PrimaryColumn } from 'typeorm';

/** A third party we depend on (Cloudflare, AWS, …). */
@Entity('vendor')
export class VendorEntity {
  @PrimaryColumn('uuid', { default: () => 'gen_random_uuid()' })
  id!: string;

  @Index({ unique: true })
  @Column('text')
  slug!: string;

  @Column('text')
  name!: string;

  @Column('text', { nullable: true })
  website!: string | null;

  @Column('text', { nullable: true })
  statusPageUrl!: string | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
