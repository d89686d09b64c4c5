import { DynamicModule, Module } from '@nestjs/common';
import { PublicRedaction } from '@rca/postmortems';
import { ExportsController } from './exports.controller';
import { ExportsProcessor } from './exports.processor';
import { ExportsRepository } from './exports.repository';
import { ExportsService } from './exports.service';

/** Exports of postmortems (pull in five formats) and pushes to wikis and webhooks. */
@Module({})
export class ExportsModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: ExportsModule,
      controllers: [ExportsController],
      providers: [
        ExportsRepository,
        ExportsService,
        // The public preview (libs/postmortems) redacts by the public export's rules.
        { provide: PublicRedaction, useExisting: ExportsService },
        ...(options.workers ? [ExportsProcessor] : []),
      ],
      exports: [ExportsService, PublicRedaction],
    };
  }
}
