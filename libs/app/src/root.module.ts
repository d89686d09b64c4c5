import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import {
  ConfigModule,
  DatabaseModule,
  OutboxModule,
  Environment,
  LoggingModule,
  MetricsModule,
  QueueModule,
  repositoryRoot,
} from '@rca/shared';
import { CatalogModule } from '@rca/catalog';
import { IncidentsModule } from '@rca/incidents';
import { AccountsModule } from '@rca/accounts';
import { StatusSourcesModule } from '@rca/status-sources';
import { DeadlinesModule } from '@rca/deadlines';
import { ExportsModule } from '@rca/exports';
import { NotificationsModule } from '@rca/notifications';
import { PostmortemsModule } from '@rca/postmortems';
import { TrackersModule } from '@rca/trackers';
import { SlackModule } from '@rca/slack';
import { SystemModule } from '@rca/system';
import { VendorIncidentsModule } from '@rca/vendor-incidents';
import { VendorLedgerModule } from '@rca/vendor-ledger';
import { VendorRcaModule } from '@rca/vendor-rca';
import { AiAssistModule } from '@rca/ai-assist';

export interface RootOptions {
  environment: Environment;
  /** Serve the REST API (api and embedded processes). */
  api: boolean;
  /** Run the BullMQ processors and schedulers (worker and embedded processes). */
  workers: boolean;
}

export const WEB_DIST = path.join(repositoryRoot(), 'apps/web/dist');

/**
 * The one composition of the product. api, worker and embedded processes differ only in
 * these flags, so a domain module is added here once and runs in every mode.
 */
@Module({})
export class RootModule {
  static forRoot(options: RootOptions): DynamicModule {
    const { environment } = options;
    const serveWeb =
      options.api && environment.SERVE_WEB && existsSync(path.join(WEB_DIST, 'index.html'));
    return {
      module: RootModule,
      imports: [
        ConfigModule.forRoot(environment),
        LoggingModule,
        MetricsModule,
        DatabaseModule,
        OutboxModule,
        QueueModule.forRoot({ workers: options.workers }),
        SystemModule.forRoot({ workers: options.workers }),
        CatalogModule,
        VendorIncidentsModule,
        IncidentsModule,
        AccountsModule.forRoot({ workers: options.workers }),
        StatusSourcesModule.forRoot({ workers: options.workers }),
        NotificationsModule.forRoot({ workers: options.workers }),
        DeadlinesModule,
        PostmortemsModule.forRoot({ workers: options.workers }),
        ExportsModule.forRoot({ workers: options.workers }),
        TrackersModule.forRoot({ workers: options.workers }),
        VendorLedgerModule.forRoot({ workers: options.workers }),
        VendorRcaModule.forRoot({ workers: options.workers }),
        SlackModule.forRoot({ workers: options.workers }),
        AiAssistModule,
        ...(serveWeb
          ? [
              ServeStaticModule.forRoot({
                rootPath: WEB_DIST,
                exclude: ['/api/{*path}', '/healthz', '/readyz', '/metrics'],
              }),
            ]
          : []),
      ],
    };
  }
}
