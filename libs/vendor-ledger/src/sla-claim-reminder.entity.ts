import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { SlaContractEntity } from './sla-contract.entity';

/** A claim reminder sent: one per contract, billing month and threshold (days before the window closes). */
@Entity('sla_claim_reminder')
@Index(['contractId', 'month', 'thresholdDays'], { unique: true })
export class SlaClaimReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  contractId!: string;

  @ManyToOne(() => SlaContractEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contract_id' })
  contract?: SlaContractEntity;

  /** The billing month, YYYY-MM. */
  @Column('text')
  month!: string;

  @Column('int')
  thresholdDays!: number;

  @Column('timestamptz')
  claimDeadline!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  sentAt!: Date;
}
