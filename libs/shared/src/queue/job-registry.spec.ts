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

/** One handler per job other than the heartbeat, so the boot check sees every job covered. */
function handlerFor(name: JobName): new () => unknown {
  @Injectable()
  class OtherJobHandler {
    @OnJob(name)
    async handle() {
      return name;
    }
  }
  Object.defineProperty(OtherJobHandler, 'name', { value: `Handler_${name}` });
  return OtherJobHandler;
}
const OTHER_HANDLERS = Object.values(JobName)
  .filter((name) => name !== JobName.SystemHeartbeat)
  .map(handlerFor);

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
    const sut = await registryWith(HeartbeatHandler, ...OTHER_HANDLERS);
    const handlers = sut.discover();
    expect([...handlers.keys()].sort()).toEqual(Object.values(JobName).sort());
  });

  it('refuses to start when a job has no handler', async () => {
    const sut = await registryWith(...OTHER_HANDLERS);
    expect(() => sut.discover()).toThrow(
      new JobRegistryError(
        `Refusing to start the worker: job "${JobName.SystemHeartbeat}" has no @OnJob handler`,
      ),
    );
  });

  it('refuses to start when a job has two handlers, naming both', async () => {
    const sut = await registryWith(HeartbeatHandler, SecondHeartbeatHandler, ...OTHER_HANDLERS);
    expect(() => sut.discover()).toThrow(
      /has 2 handlers: HeartbeatHandler\.handle, SecondHeartbeatHandler\.handle/,
    );
  });
});
