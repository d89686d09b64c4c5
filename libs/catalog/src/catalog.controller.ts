import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorBody, PageQueryDto } from '@rca/shared';
import {
  BlastRadiusDto,
  BlastRadiusQueryDto,
  CreateDependencyDto,
  CreateServiceDto,
  CreateVendorComponentDto,
  CreateVendorDto,
  DeleteQueryDto,
  DependencyPageDto,
  ListDependenciesQueryDto,
  ListServicesQueryDto,
  ListVendorsQueryDto,
  ServicePageDto,
  UpdateDependencyDto,
  UpdateServiceDto,
  UpdateVendorComponentDto,
  UpdateVendorDto,
  VendorComponentPageDto,
  VendorPageDto,
} from './catalog.dto';
import { CatalogService } from './catalog.service';
import { DependencyEntity } from './dependency.entity';
import { ServiceEntity } from './service.entity';
import { VendorComponentEntity } from './vendor-component.entity';
import { VendorEntity } from './vendor.entity';

@ApiTags('catalog')
@ApiNotFoundResponse({ type: ApiErrorBody })
@Controller('services')
export class ServicesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOkResponse({ type: ServicePageDto, description: '{ items, nextCursor } sorted by slug' })
  list(@Query() query: ListServicesQueryDto) {
    return this.catalog.listServices(query);
  }

  @Post()
  @ApiCreatedResponse({ type: ServiceEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'slug taken' })
  create(@Body() body: CreateServiceDto) {
    return this.catalog.createService(body);
  }

  @Get(':idOrSlug')
  @ApiOkResponse({ type: ServiceEntity })
  get(@Param('idOrSlug') idOrSlug: string) {
    return this.catalog.getService(idOrSlug);
  }

  @Patch(':idOrSlug')
  @ApiOkResponse({ type: ServiceEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  update(@Param('idOrSlug') idOrSlug: string, @Body() body: UpdateServiceDto) {
    return this.catalog.updateService(idOrSlug, body);
  }

  @Delete(':idOrSlug')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiConflictResponse({
    type: ApiErrorBody,
    description: 'stale version, or still referenced by an impact',
  })
  remove(@Param('idOrSlug') idOrSlug: string, @Query() query: DeleteQueryDto) {
    return this.catalog.deleteService(idOrSlug, query.version);
  }
}

@ApiTags('catalog')
@ApiNotFoundResponse({ type: ApiErrorBody })
@Controller('vendors')
export class VendorsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOkResponse({ type: VendorPageDto, description: '{ items, nextCursor } sorted by slug' })
  list(@Query() query: ListVendorsQueryDto) {
    return this.catalog.listVendors(query);
  }

  @Post()
  @ApiCreatedResponse({ type: VendorEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'slug taken' })
  create(@Body() body: CreateVendorDto) {
    return this.catalog.createVendor(body);
  }

  @Get(':idOrSlug')
  @ApiOkResponse({ type: VendorEntity })
  get(@Param('idOrSlug') idOrSlug: string) {
    return this.catalog.getVendor(idOrSlug);
  }

  @Patch(':idOrSlug')
  @ApiOkResponse({ type: VendorEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  update(@Param('idOrSlug') idOrSlug: string, @Body() body: UpdateVendorDto) {
    return this.catalog.updateVendor(idOrSlug, body);
  }

  @Delete(':idOrSlug')
  @HttpCode(204)
  remove(@Param('idOrSlug') idOrSlug: string, @Query() query: DeleteQueryDto) {
    return this.catalog.deleteVendor(idOrSlug, query.version);
  }

  @Get(':idOrSlug/components')
  @ApiOkResponse({ type: VendorComponentPageDto, description: 'Sorted by name' })
  listComponents(@Param('idOrSlug') idOrSlug: string, @Query() query: PageQueryDto) {
    return this.catalog.listComponents(idOrSlug, query.cursor, query.limit);
  }

  @Post(':idOrSlug/components')
  @ApiCreatedResponse({ type: VendorComponentEntity })
  @ApiConflictResponse({
    type: ApiErrorBody,
    description: 'name or external id taken for this vendor',
  })
  createComponent(@Param('idOrSlug') idOrSlug: string, @Body() body: CreateVendorComponentDto) {
    return this.catalog.createComponent(idOrSlug, body);
  }
}

@ApiTags('catalog')
@ApiNotFoundResponse({ type: ApiErrorBody })
@Controller('vendor-components')
export class VendorComponentsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get(':id')
  @ApiOkResponse({ type: VendorComponentEntity })
  get(@Param('id') id: string) {
    return this.catalog.getComponent(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: VendorComponentEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  update(@Param('id') id: string, @Body() body: UpdateVendorComponentDto) {
    return this.catalog.updateComponent(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id') id: string, @Query() query: DeleteQueryDto) {
    return this.catalog.deleteComponent(id, query.version);
  }
}

@ApiTags('catalog')
@ApiNotFoundResponse({ type: ApiErrorBody })
@Controller('dependencies')
export class DependenciesController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOkResponse({ type: DependencyPageDto, description: '{ items, nextCursor } oldest first' })
  list(@Query() query: ListDependenciesQueryDto) {
    return this.catalog.listDependencies(query);
  }

  @Post()
  @ApiCreatedResponse({ type: DependencyEntity })
  @ApiConflictResponse({
    type: ApiErrorBody,
    description: 'duplicate edge, or the edge would close a cycle (details.cycle)',
  })
  create(@Body() body: CreateDependencyDto) {
    return this.catalog.createDependency(body);
  }

  @Get(':id')
  @ApiOkResponse({ type: DependencyEntity })
  get(@Param('id') id: string) {
    return this.catalog.getDependency(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: DependencyEntity })
  update(@Param('id') id: string, @Body() body: UpdateDependencyDto) {
    return this.catalog.updateDependency(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id') id: string, @Query() query: DeleteQueryDto) {
    return this.catalog.deleteDependency(id, query.version);
  }
}

@ApiTags('catalog')
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  /** Which services a vendor (or one of its components) takes down, directly or through other services. */
  @Get('blast-radius')
  @ApiOkResponse({ type: BlastRadiusDto })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  blastRadius(@Query() query: BlastRadiusQueryDto): Promise<BlastRadiusDto> {
    return this.catalog.blastRadius(query.vendor, query.component);
  }
}
