import { Module } from '@nestjs/common';
import { CatalogModule } from '@rca/catalog';
import { VendorIncidentsModule } from '@rca/vendor-incidents';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [CatalogModule, VendorIncidentsModule],
  controllers: [IncidentsController],
  providers: [IncidentsRepository, IncidentsService],
  exports: [IncidentsRepository, IncidentsService],
})
export class IncidentsModule {}
