import { ApiProperty } from '@nestjs/swagger';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  UpdateDateColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

/** A third party we depend on (Cloudflare, AWS, …). */
@Entity('vendor')
export class VendorEntity {
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
  website!: string | null;

  @ApiProperty({ type: String, nullable: true })
  @Column('text', { nullable: true })
  statusPageUrl!: string | null;

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
