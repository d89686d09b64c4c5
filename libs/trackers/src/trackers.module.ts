import { DynamicModule, Module } from '@nestjs/common';
import { TrackerWebhookController } from './tracker-webhook.controller';
import { TrackerWebhookService } from './tracker-webhook.service';
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
      controllers: [TrackersController, TrackerWebhookController],
      providers: [
        TrackersRepository,
        TrackersService,
        TrackerWebhookService,
        ...(options.workers ? [TrackersProcessor] : []),
      ],
      exports: [TrackersService],
    };
  }
}
