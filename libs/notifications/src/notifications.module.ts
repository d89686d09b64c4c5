import { DynamicModule, Module } from '@nestjs/common';
import { NotificationController } from './notification.controller';
import { NotificationProcessor } from './notification.processor';
import { NotificationRepository } from './notification.repository';
import { NotificationService } from './notification.service';

@Module({})
export class NotificationsModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: NotificationsModule,
      // Global: reminders, workflow events and other domains send through it without re-importing.
      global: true,
      controllers: [NotificationController],
      providers: [
        NotificationRepository,
        NotificationService,
        ...(options.workers ? [NotificationProcessor] : []),
      ],
      exports: [NotificationService],
    };
  }
}
