import { DynamicModule, Module } from '@nestjs/common';
import { CatalogModule } from '@rca/catalog';
import { VendorIncidentsModule } from '@rca/vendor-incidents';
import { VendorRcaController } from './vendor-rca.controller';
import { VendorRcaProcessor } from './vendor-rca.processor';
import { VendorRcaRepository } from './vendor-rca.repository';
import { VendorRcaService } from './vendor-rca.service';

/** The vendor's post-incident report, tracked to its promise (docs/postmortems.md). */
@Module({})
export class VendorRcaModule {
  static forRoot(options: { workers: boolean }): DynamicModule {
    return {
      module: VendorRcaModule,
      imports: [CatalogModule, VendorIncidentsModule],
      controllers: [VendorRcaController],
      providers: [
        VendorRcaRepository,
        VendorRcaService,
        ...(options.workers ? [VendorRcaProcessor] : []),
      ],
      exports: [VendorRcaService],
    };
  }
}
