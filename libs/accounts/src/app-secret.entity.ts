import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Secrets generated at first start when the operator set none (e.g. the session signing key). */
@Entity('app_secret')
export class AppSecretEntity {
  @PrimaryColumn('text')
  name!: string;

  @Column('text')
  value!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
