import { DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '@rca/catalog';
import { IncidentsModule } from '@rca/incidents';
import { VendorIncidentsModule } from '@rca/vendor-incidents';
import { AutoDraftService } from './auto-draft.service';
import { CauseSuggestionService } from './cause-suggestion.service';
import { StatusFetcher } from './status-fetcher';
import { StatusImportService } from './status-import.service';
import { StatusPollProcessor } from './status-poll.processor';
import { StatusPollService } from './status-poll.service';
import { StatusSourceRepository } from './status-source.repository';
import { StatusSourceScheduler } from './status-source.scheduler';
import { StatusSourcesController } from './status-sources.controller';
import { StatusSourcesService } from './status-sources.service';
import { VendorLinkRepository } from './vendor-link.repository';

@Module({})
export class StatusSourcesModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: StatusSourcesModule,
      imports: [VendorIncidentsModule, IncidentsModule, CatalogModule],
      controllers: [StatusSourcesController],
      providers: [
        StatusSourceRepository,
        VendorLinkRepository,
        StatusFetcher,
        StatusImportService,
        CauseSuggestionService,
        AutoDraftService,
        StatusPollService,
        StatusSourceScheduler,
        StatusSourcesService,
        ...(options.workers ? [StatusPollProcessor] : []),
      ],
      exports: [StatusPollService, StatusSourcesService, StatusSourceScheduler],
    };
  }
}
