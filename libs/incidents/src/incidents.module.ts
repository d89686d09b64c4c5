import { Module } from '@nestjs/common';
import { CatalogModule } from '@rca/catalog';
import { VendorIncidentsModule } from '@rca/vendor-incidents';
import { CauseRepository } from './cause.repository';
import { CauseService } from './cause.service';
import { DemoSeedService } from './demo-seed.service';
import { ImpactRepository } from './impact.repository';
import { ImpactService } from './impact.service';
import { IncidentActivityRepository } from './incident-activity.repository';
import { IncidentMetricsController } from './incident-metrics.controller';
import { IncidentMetricsRepository } from './incident-metrics.repository';
import { IncidentRepository } from './incident.repository';
import { IncidentService } from './incident.service';
import { IncidentsController } from './incidents.controller';
import { TimelineEventRepository } from './timeline-event.repository';
import { TimelineEventService } from './timeline-event.service';

const repositories = [
  IncidentRepository,
  ImpactRepository,
  TimelineEventRepository,
  CauseRepository,
  IncidentActivityRepository,
];
const services = [IncidentService, ImpactService, TimelineEventService, CauseService];

@Module({
  imports: [CatalogModule, VendorIncidentsModule],
  controllers: [IncidentsController, IncidentMetricsController],
  providers: [...repositories, ...services, DemoSeedService, IncidentMetricsRepository],
  exports: [...repositories, ...services, DemoSeedService],
})
export class IncidentsModule {}
