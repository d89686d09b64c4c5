import { DynamicModule, Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistryService } from './job-registry.service';
import { QueueService } from './queue.service';

/** Producers everywhere; `forRoot({ workers: true })` also runs the processors (worker and embedded modes). */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: QueueModule,
      imports: options.workers ? [DiscoveryModule] : [],
      providers: [QueueService, ...(options.workers ? [JobRegistryService] : [])],
      exports: [QueueService],
    };
  }
}
