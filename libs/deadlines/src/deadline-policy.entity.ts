import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** "SEV1 RCAs are due 5 business days after resolution, 17:00 New York, US holidays." */
@Entity('deadline_policy')
@Index(['severity'], { unique: true, where: '"team" IS NULL' })
@Index(['severity', 'team'], { unique: true, where: '"team" IS NOT NULL' })
export class DeadlinePolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  severity!: string;

  /** Only this team's incidents; null: every team without a policy of its own. */
  @Column('text', { nullable: true })
  team!: string | null;

  @Column('int')
  businessDays!: number;

  @Column('text')
  zone!: string;

  @Column('text', { nullable: true })
  country!: string | null;

  @Column('text', { nullable: true })
  region!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  customHolidays!: string[];

  @Column('text', { default: '17:00' })
  dueTime!: string;

  /** Reminders this many hours before the due instant (0 = at due). */
  @Column('int', { array: true, default: () => "'{48,24,0}'" })
  reminderHoursBefore!: number[];

  /** Escalation every N hours once overdue. */
  @Column('int', { default: 24 })
  escalationEveryHours!: number;

  @Column('int', { default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
