import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HeartbeatProcessor } from './heartbeat.processor';
import { HeartbeatRepository } from './heartbeat.repository';

@Module({})
export class SystemModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: SystemModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [HeartbeatRepository, ...(options.workers ? [HeartbeatProcessor] : [])],
      exports: [HeartbeatRepository],
    };
  }
}
