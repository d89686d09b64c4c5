import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The one row of the installed Slack app's settings (id `default`). */
@Entity('slack_app_settings')
export class SlackSettingsEntity {
  @PrimaryColumn('text')
  id!: string;

  /** The workspace (team id, "T…") requests must come from; null: any workspace. */
  @Column('text', { nullable: true })
  teamId!: string | null;

  /**
   * `{ signingSecret, botToken }` encrypted with the credentials cipher (libs/shared/src/crypto),
   * the row id bound as additional data. Never returned by the API.
   */
  @Column('text')
  credentials!: string;

  @Column('int', { default: 1 })
  version!: number;

  @Column('text')
  updatedBy!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
