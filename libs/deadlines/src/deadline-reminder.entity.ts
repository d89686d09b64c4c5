import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A reminder or escalation that was sent; unique per postmortem + kind + due instant. */
@Entity('deadline_reminder')
@Index(['postmortemId', 'kind', 'dueAt'], { unique: true })
export class DeadlineReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  postmortemId!: string;

  /** before-48h, before-24h, due, overdue-1, overdue-2, … */
  @Column('text')
  kind!: string;

  @Column('timestamptz')
  dueAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  sentAt!: Date;
}
