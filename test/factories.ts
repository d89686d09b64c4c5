import { JobHeartbeatEntity } from '@rca/system';
import { DataSource } from 'typeorm';

/**
 * Builds realistic rows by name, with overrides: `await factories.newHeartbeat({ name: 'x' })`.
 * Domains add their own builders here (newIncident, newService, …) so tests read as stories.
 */
export class Factories {
  private sequence = 0;

  constructor(private readonly dataSource: DataSource) {}

  protected next(): number {
    this.sequence += 1;
    return this.sequence;
  }

  async newHeartbeat(overrides: Partial<JobHeartbeatEntity> = {}): Promise<JobHeartbeatEntity> {
    const repository = this.dataSource.getRepository(JobHeartbeatEntity);
    return repository.save(
      repository.create({
        name: `test.job-${this.next()}`,
        lastRunAt: new Date(),
        workerId: 'test-worker:1',
        runs: 1,
        ...overrides,
      }),
    );
  }
}
