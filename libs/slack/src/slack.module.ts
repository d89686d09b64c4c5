import { DynamicModule, Module } from '@nestjs/common';
import { IncidentsModule } from '@rca/incidents';
import {
  SlackEventsController,
  SlackIncidentController,
  SlackSettingsController,
} from './slack.controller';
import { SlackAppPoster } from '@rca/notifications';
import { SlackAppPosterService } from './slack-app-poster';
import { SlackImportService } from './slack-import.service';
import { SlackProcessor } from './slack.processor';
import { SlackRepository } from './slack.repository';
import { SlackRequestService } from './slack-request.service';
import { SlackSettingsService } from './slack-settings.service';

/** The Slack app: settings, signed commands and shortcuts, channel imports (docs/slack.md). */
@Module({})
export class SlackModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: SlackModule,
      imports: [IncidentsModule],
      controllers: [SlackEventsController, SlackSettingsController, SlackIncidentController],
      providers: [
        SlackRepository,
        SlackSettingsService,
        SlackRequestService,
        SlackImportService,
        // Notification channels of kind slack_app post through the app (libs/notifications).
        { provide: SlackAppPoster, useClass: SlackAppPosterService },
        ...(options.workers ? [SlackProcessor] : []),
      ],
      exports: [SlackSettingsService, SlackAppPoster],
    };
  }
}
