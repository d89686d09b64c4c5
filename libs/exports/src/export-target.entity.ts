import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const EXPORT_TARGET_KINDS = ['git', 'webhook', 'confluence', 'mediawiki'] as const;
export type ExportTargetKind = (typeof EXPORT_TARGET_KINDS)[number];

/**
 * Where published postmortems are pushed. `config` holds the non-secret settings (URLs, space,
 * branch…); `credentials` is the AES-256-GCM ciphertext of the secret ones (tokens, passwords,
 * signing secrets), never returned by the API.
 */
@Entity('export_target')
@Check('chk_export_target_kind', `"kind" IN ('git','webhook','confluence','mediawiki')`)
@Check('chk_export_target_variant', `"variant" IN ('internal','public')`)
export class ExportTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column('text')
  name!: string;

  @Column('text')
  kind!: ExportTargetKind;

  /** Only postmortems of this team are pushed automatically; null: every team. */
  @Index()
  @Column('text', { nullable: true })
  team!: string | null;

  @Column('boolean', { default: true })
  enabled!: boolean;

  @Column('text', { default: 'internal' })
  variant!: 'internal' | 'public';

  /** Extra redaction patterns (regular expressions) of the public variant for this target. */
  @Column('text', { array: true, default: () => "'{}'" })
  redactPatterns!: string[];

  @Column('jsonb', { default: {} })
  config!: Record<string, string>;

  /** "v1:<iv>:<tag>:<ciphertext>" (base64), see credentials-cipher.ts; null: no credentials. */
  @Column('text', { nullable: true })
  credentials!: string | null;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
