import { DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '@rca/catalog';
import { IncidentsModule } from '@rca/incidents';
import { VendorIncidentsModule } from '@rca/vendor-incidents';
import { LedgerDemoSeedService } from './ledger-demo-seed.service';
import { SlaCreditProcessor } from './sla-credit.processor';
import { SlaCreditService } from './sla-credit.service';
import { VendorLedgerController } from './vendor-ledger.controller';
import { VendorLedgerRepository } from './vendor-ledger.repository';
import { VendorLedgerService } from './vendor-ledger.service';

/** The vendor ledger and SLA credits: reads incidents, catalog and vendor incidents; writes its own tables. */
@Module({})
export class VendorLedgerModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: VendorLedgerModule,
      imports: [CatalogModule, VendorIncidentsModule, IncidentsModule],
      controllers: [VendorLedgerController],
      providers: [
        VendorLedgerRepository,
        VendorLedgerService,
        SlaCreditService,
        LedgerDemoSeedService,
        ...(options.workers ? [SlaCreditProcessor] : []),
      ],
      exports: [VendorLedgerService, SlaCreditService, LedgerDemoSeedService],
    };
  }
}
