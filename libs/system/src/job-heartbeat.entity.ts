import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last run of each periodic system job; proves the queue → worker → database path end to end. */
@Entity('job_heartbeat')
export class JobHeartbeatEntity {
  @PrimaryColumn('text')
  name!: string;

  @Column('timestamptz')
  lastRunAt!: Date;

  @Column('text')
  workerId!: string;

  @Column('bigint', {
    default: 0,
    transformer: { to: (value: number) => value, from: (value: string) => Number(value) },
  })
  runs!: number;
}
