import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The one row of AI assistance settings (id "default"). No row, or enabled = false: off. */
@Entity('ai_assist_settings')
export class AiAssistSettingsEntity {
  @PrimaryColumn('text')
  id!: string;

  @Column('boolean', { default: false })
  enabled!: boolean;

  /** OpenAI-compatible API root, e.g. https://api.openai.com/v1 or http://vllm.internal:8000/v1. */
  @Column('text')
  baseUrl!: string;

  @Column('text')
  model!: string;

  /** "v1:<iv>:<tag>:<ciphertext>" of { apiKey } (CredentialsCipher, bound to the row id); null: none. */
  @Column('text', { nullable: true })
  apiKey!: string | null;

  /** Prompt + completion tokens all calls of one UTC day may use. */
  @Column('int', { default: 200_000 })
  dailyTokenLimit!: number;

  /** US dollars all calls of one UTC day may cost (from the prices below). */
  @Column('double precision', { default: 5 })
  dailyCostLimitUsd!: number;

  @Column('double precision', { default: 0 })
  inputCostPerMillionTokensUsd!: number;

  @Column('double precision', { default: 0 })
  outputCostPerMillionTokensUsd!: number;

  /** Sections marked internal may be suggested (their record is sent). Off: never. */
  @Column('boolean', { default: false })
  allowInternalSections!: boolean;

  /** Longest wait for the whole answer. */
  @Column('int', { default: 60 })
  timeoutSeconds!: number;

  @Column('int', { default: 800 })
  maxOutputTokens!: number;

  @Column('text', { nullable: true })
  updatedBy!: string | null;

  @Column('int', { default: 1 })
  version!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
