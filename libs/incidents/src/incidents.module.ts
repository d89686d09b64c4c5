import { Module } from '@nestjs/common';
import { CatalogModule } from '@rca/catalog';
import { VendorIncidentsModule } from '@rca/vendor-incidents';
import { DemoSeedService } from './demo-seed.service';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [CatalogModule, VendorIncidentsModule],
  controllers: [IncidentsController],
  providers: [IncidentsRepository, IncidentsService, DemoSeedService],
  exports: [IncidentsRepository, IncidentsService, DemoSeedService],
})
export class IncidentsModule {}
