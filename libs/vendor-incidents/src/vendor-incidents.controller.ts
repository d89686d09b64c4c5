import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CatalogService } from '@rca/catalog';
import { Access, ApiErrorBody } from '@rca/shared';
import {
  ListVendorIncidentsQueryDto,
  toVendorIncidentView,
  VendorIncidentPageDto,
} from './vendor-incident.dto';
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
    const updates = await this.incidents.listUpdatesOf(page.items.map((item) => item.id));
    return {
      items: page.items.map((incident) =>
        toVendorIncidentView(
          incident,
          updates.filter((update) => update.vendorIncidentId === incident.id),
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }
}
