import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last sequence number handed out per year; bumped in the transaction that inserts the incident. */
@Entity('incident_reference_counter')
export class IncidentReferenceCounterEntity {
  @PrimaryColumn('int')
  year!: number;

  @Column('int')
  lastSequence!: number;
}
