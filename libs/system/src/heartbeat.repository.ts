import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobHeartbeatEntity } from './job-heartbeat.entity';

@Injectable()
export class HeartbeatRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async beat(name: string, workerId: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO job_heartbeat (name, last_run_at, worker_id, runs) VALUES ($1, $2, $3, 1)
       ON CONFLICT (name) DO UPDATE SET last_run_at = GREATEST(job_heartbeat.last_run_at, EXCLUDED.last_run_at),
         worker_id = EXCLUDED.worker_id, runs = job_heartbeat.runs + 1`,
      [name, at, workerId],
    );
  }

  find(name: string): Promise<JobHeartbeatEntity | null> {
    return this.dataSource.getRepository(JobHeartbeatEntity).findOneBy({ name });
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  get source(): DataSource {
    return this.dataSource;
  }
}
