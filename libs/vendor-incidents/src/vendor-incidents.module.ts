import { Module } from '@nestjs/common';
import { CatalogModule } from '@rca/catalog';
import { VendorIncidentRepository } from './vendor-incident.repository';
import { VendorIncidentsController } from './vendor-incidents.controller';

@Module({
  imports: [CatalogModule],
  controllers: [VendorIncidentsController],
  providers: [VendorIncidentRepository],
  exports: [VendorIncidentRepository],
})
export class VendorIncidentsModule {}
