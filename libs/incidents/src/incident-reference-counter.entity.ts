import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last sequence number handed out per year; bumped in the transaction that inserts the incident. */
@Entity('incident_reference_counter')
export class IncidentReferenceCounterEntity {
  @ApiProperty({ type: Number })
  @PrimaryColumn('int')
  year!: number;

  @ApiProperty({ type: Number })
  @Column('int')
  lastSequence!: number;
}
