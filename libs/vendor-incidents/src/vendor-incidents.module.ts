import { Module } from '@nestjs/common';
import { VendorIncidentRepository } from './vendor-incident.repository';

@Module({
  providers: [VendorIncidentRepository],
  exports: [VendorIncidentRepository],
})
export class VendorIncidentsModule {}
