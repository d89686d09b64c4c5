import { ApiProperty } from '@nestjs/swagger';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  UpdateDateColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

/** One of our own services (Chat web, Public API, iOS app, …). */
@Entity('service')
@Check('"tier" BETWEEN 1 AND 4')
export class ServiceEntity {
  @ApiProperty({ type: String, format: 'uuid' })
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @ApiProperty({ type: String })
  @Column('text')
  slug!: string;

  @ApiProperty({ type: String })
  @Column('text')
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  ownerTeam!: string | null;

  /** 1 = most critical. */
  @ApiProperty({ type: Number })
  @Column('int', { default: 3 })
  tier!: number;

  @ApiProperty({ type: String })
  @Column('text', { default: '' })
  description!: string;

  @ApiProperty({ type: Number })
  @Column('int', { default: 1 })
  version!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
