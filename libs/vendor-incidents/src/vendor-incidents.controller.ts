import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CatalogService } from '@rca/catalog';
import { Access, ApiErrorBody, NotFoundError } from '@rca/shared';
import {
  ListVendorIncidentsQueryDto,
  toVendorIncidentView,
  VendorIncidentPageDto,
  VendorIncidentQueryDto,
  VendorIncidentView,
} from './vendor-incident.dto';
import { VendorIncidentEntity } from './vendor-incident.entity';
import { VendorIncidentRepository } from './vendor-incident.repository';

@ApiTags('vendor incidents')
@ApiBadRequestResponse({ type: ApiErrorBody, description: 'A field is invalid; the body names it' })
@Controller('vendors')
export class VendorIncidentsController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly incidents: VendorIncidentRepository,
  ) {}

  @Access('viewer', 'read:status')
  @Get(':idOrSlug/incidents')
  @ApiOperation({
    summary:
      "The incidents imported from a vendor's status page, newest first, each with its updates (oldest first)",
  })
  @ApiOkResponse({ type: VendorIncidentPageDto, description: '{ items, nextCursor }' })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'No such vendor' })
  async list(
    @Param('idOrSlug') idOrSlug: string,
    @Query() query: ListVendorIncidentsQueryDto,
  ): Promise<VendorIncidentPageDto> {
    const vendor = await this.catalog.getVendor(idOrSlug);
    const page = await this.incidents.listForVendor(
      vendor.id,
      { kind: query.kind, open: query.open },
      query.cursor,
      query.limit,
    );
    return {
      items: await this.views(page.items, query.history ?? false),
      nextCursor: page.nextCursor,
    };
  }

  @Access('viewer', 'read:status')
  @Get(':idOrSlug/incidents/:id')
  @ApiOperation({
    summary:
      'One vendor incident: its updates (with earlier texts on ?history=true) and the components it affects with their statuses over time',
  })
  @ApiOkResponse({ type: VendorIncidentView })
  @ApiNotFoundResponse({ type: ApiErrorBody, description: 'No such vendor or vendor incident' })
  async get(
    @Param('idOrSlug') idOrSlug: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: VendorIncidentQueryDto,
  ): Promise<VendorIncidentView> {
    const vendor = await this.catalog.getVendor(idOrSlug);
    const incident = await this.incidents.findById(id);
    if (!incident || incident.vendorId !== vendor.id)
      throw new NotFoundError('Vendor incident', id);
    const [view] = await this.views([incident], query.history ?? false);
    return view;
  }

  private async views(
    incidents: VendorIncidentEntity[],
    history: boolean,
  ): Promise<VendorIncidentView[]> {
    const ids = incidents.map((item) => item.id);
    const [updates, current, statuses] = await Promise.all([
      this.incidents.listUpdatesOf(ids),
      this.incidents.listComponentsOf(ids),
      this.incidents.listComponentStatusesOf(ids),
    ]);
    return incidents.map((incident) =>
      toVendorIncidentView(
        incident,
        updates.filter((update) => update.vendorIncidentId === incident.id),
        {
          current: current.filter((c) => c.vendorIncidentId === incident.id),
          statuses: statuses.filter((s) => s.vendorIncidentId === incident.id),
        },
        { history },
      ),
    );
  }
}
