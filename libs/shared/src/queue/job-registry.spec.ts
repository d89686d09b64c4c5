import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Environment } from '../config/environment';
import { MetricsService } from '../metrics/metrics.service';
import { JobRegistryError, JobRegistryService } from './job-registry.service';
import { OnJob } from './on-job.decorator';
import { JobName } from './queue.constants';

@Injectable()
class HeartbeatHandler {
  @OnJob(JobName.SystemHeartbeat)
  async handle() {
    return 'done';
  }
}

@Injectable()
class SecondHeartbeatHandler {
  @OnJob(JobName.SystemHeartbeat)
  async handle() {
    return 'again';
  }
}

@Injectable()
class StatusPollHandler {
  @OnJob(JobName.StatusSourcePoll)
  async handle() {
    return 'polled';
  }
}

async function registryWith(...handlers: Array<new () => unknown>) {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      JobRegistryService,
      MetricsService,
      { provide: Environment, useValue: new Environment() },
      ...handlers,
    ],
  }).compile();
  return moduleRef.get(JobRegistryService);
}

describe('JobRegistryService boot check', () => {
  it('accepts exactly one handler per job', async () => {
    const sut = await registryWith(HeartbeatHandler, StatusPollHandler);
    const handlers = sut.discover();
    expect([...handlers.keys()]).toEqual(Object.values(JobName));
  });

  it('refuses to start when a job has no handler', async () => {
    const sut = await registryWith(StatusPollHandler);
    expect(() => sut.discover()).toThrow(
      new JobRegistryError(
        `Refusing to start the worker: job "${JobName.SystemHeartbeat}" has no @OnJob handler`,
      ),
    );
  });

  it('refuses to start when a job has two handlers, naming both', async () => {
    const sut = await registryWith(HeartbeatHandler, SecondHeartbeatHandler, StatusPollHandler);
    expect(() => sut.discover()).toThrow(
      /has 2 handlers: HeartbeatHandler\.handle, SecondHeartbeatHandler\.handle/,
    );
  });
});
