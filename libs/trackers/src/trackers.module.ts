import { DynamicModule, Module } from '@nestjs/common';
import { TrackersController } from './trackers.controller';
import { TrackersProcessor } from './trackers.processor';
import { TrackersRepository } from './trackers.repository';
import { TrackersService } from './trackers.service';

/** Action items ↔ tracker issues (docs/trackers.md). */
@Module({})
export class TrackersModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: TrackersModule,
      controllers: [TrackersController],
      providers: [
        TrackersRepository,
        TrackersService,
        ...(options.workers ? [TrackersProcessor] : []),
      ],
      exports: [TrackersService],
    };
  }
}
