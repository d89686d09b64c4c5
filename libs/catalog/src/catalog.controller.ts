import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorBody, PageQueryDto, Access } from '@rca/shared';
import {
  BlastRadiusDto,
  BlastRadiusQueryDto,
  CreateDependencyDto,
  CreateServiceDto,
  CreateVendorComponentDto,
  CreateVendorDto,
  DeleteQueryDto,
  LinkVendorComponentDto,
  MergeVendorComponentDto,
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
import { CatalogImportResultDto, ImportCatalogDto } from './catalog-import.dto';
import { CatalogImportService } from './catalog-import.service';
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

  @Access('viewer', 'read:incidents')
  @Get()
  @ApiOperation({ summary: 'List our services (cursor pages)' })
  @ApiOkResponse({ type: ServicePageDto, description: '{ items, nextCursor } sorted by slug' })
  list(@Query() query: ListServicesQueryDto) {
    return this.catalog.listServices(query);
  }

  @Access('responder', 'write:incidents')
  @Post()
  @ApiOperation({ summary: 'Create a service' })
  @ApiCreatedResponse({ type: ServiceEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'slug taken' })
  create(@Body() body: CreateServiceDto) {
    return this.catalog.createService(body);
  }

  @Access('viewer', 'read:incidents')
  @Get(':idOrSlug')
  @ApiOperation({ summary: 'Get one service by id or slug' })
  @ApiOkResponse({ type: ServiceEntity })
  get(@Param('idOrSlug') idOrSlug: string) {
    return this.catalog.getService(idOrSlug);
  }

  @Access('responder', 'write:incidents')
  @Patch(':idOrSlug')
  @ApiOperation({ summary: 'Change a service (send the version you read)' })
  @ApiOkResponse({ type: ServiceEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  update(@Param('idOrSlug') idOrSlug: string, @Body() body: UpdateServiceDto) {
    return this.catalog.updateService(idOrSlug, body);
  }

  @Access('responder', 'write:incidents')
  @Delete(':idOrSlug')
  @ApiOperation({ summary: 'Delete a service (send the version you read)' })
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

  @Access('viewer', 'read:incidents')
  @Get()
  @ApiOperation({ summary: 'List vendors (cursor pages)' })
  @ApiOkResponse({ type: VendorPageDto, description: '{ items, nextCursor } sorted by slug' })
  list(@Query() query: ListVendorsQueryDto) {
    return this.catalog.listVendors(query);
  }

  @Access('responder', 'write:incidents')
  @Post()
  @ApiOperation({ summary: 'Create a vendor' })
  @ApiCreatedResponse({ type: VendorEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'slug taken' })
  create(@Body() body: CreateVendorDto) {
    return this.catalog.createVendor(body);
  }

  @Access('viewer', 'read:incidents')
  @Get(':idOrSlug')
  @ApiOperation({ summary: 'Get one vendor by id or slug' })
  @ApiOkResponse({ type: VendorEntity })
  get(@Param('idOrSlug') idOrSlug: string) {
    return this.catalog.getVendor(idOrSlug);
  }

  @Access('responder', 'write:incidents')
  @Patch(':idOrSlug')
  @ApiOperation({ summary: 'Change a vendor (send the version you read)' })
  @ApiOkResponse({ type: VendorEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  update(@Param('idOrSlug') idOrSlug: string, @Body() body: UpdateVendorDto) {
    return this.catalog.updateVendor(idOrSlug, body);
  }

  @Access('responder', 'write:incidents')
  @Delete(':idOrSlug')
  @ApiOperation({ summary: 'Delete a vendor (send the version you read)' })
  @HttpCode(204)
  remove(@Param('idOrSlug') idOrSlug: string, @Query() query: DeleteQueryDto) {
    return this.catalog.deleteVendor(idOrSlug, query.version);
  }

  @Access('viewer', 'read:incidents')
  @Get(':idOrSlug/components')
  @ApiOperation({ summary: "List a vendor's components (cursor pages)" })
  @ApiOkResponse({ type: VendorComponentPageDto, description: 'Sorted by name' })
  listComponents(@Param('idOrSlug') idOrSlug: string, @Query() query: PageQueryDto) {
    return this.catalog.listComponents(idOrSlug, query.cursor, query.limit);
  }

  @Access('responder', 'write:incidents')
  @Post(':idOrSlug/components')
  @ApiOperation({ summary: 'Add a component to a vendor' })
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

  @Access('viewer', 'read:incidents')
  @Get(':id')
  @ApiOperation({ summary: 'Get one vendor component' })
  @ApiOkResponse({ type: VendorComponentEntity })
  get(@Param('id') id: string) {
    return this.catalog.getComponent(id);
  }

  @Access('responder', 'write:incidents')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a vendor component (send the version you read)' })
  @ApiOkResponse({ type: VendorComponentEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  update(@Param('id') id: string, @Body() body: UpdateVendorComponentDto) {
    return this.catalog.updateComponent(id, body);
  }

  @Access('responder', 'write:incidents')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete a vendor component (send the version you read)' })
  @HttpCode(204)
  remove(@Param('id') id: string, @Query() query: DeleteQueryDto) {
    return this.catalog.deleteComponent(id, query.version);
  }

  @Access('admin', 'write:status')
  @Post(':id/link')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Link this component to the status page's component id; a component the import created for that id is merged into this one",
  })
  @ApiOkResponse({ type: VendorComponentEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  link(@Param('id') id: string, @Body() body: LinkVendorComponentDto) {
    return this.catalog.linkComponent(id, body);
  }

  @Access('admin', 'write:status')
  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Merge a duplicate component of the same vendor into this one: dependencies, vendor incidents and causes move here; the duplicate is deleted',
  })
  @ApiOkResponse({ type: VendorComponentEntity })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'stale version' })
  merge(@Param('id') id: string, @Body() body: MergeVendorComponentDto) {
    return this.catalog.mergeComponent(id, body);
  }
}

@ApiTags('catalog')
@ApiNotFoundResponse({ type: ApiErrorBody })
@Controller('dependencies')
export class DependenciesController {
  constructor(private readonly catalog: CatalogService) {}

  @Access('viewer', 'read:incidents')
  @Get()
  @ApiOperation({ summary: 'List dependencies of our services (cursor pages)' })
  @ApiOkResponse({ type: DependencyPageDto, description: '{ items, nextCursor } oldest first' })
  list(@Query() query: ListDependenciesQueryDto) {
    return this.catalog.listDependencies(query);
  }

  @Access('responder', 'write:incidents')
  @Post()
  @ApiOperation({
    summary: 'Record that a service depends on a vendor component or another service',
  })
  @ApiCreatedResponse({ type: DependencyEntity })
  @ApiConflictResponse({
    type: ApiErrorBody,
    description: 'duplicate edge, or the edge would close a cycle (details.cycle)',
  })
  create(@Body() body: CreateDependencyDto) {
    return this.catalog.createDependency(body);
  }

  @Access('viewer', 'read:incidents')
  @Get(':id')
  @ApiOperation({ summary: 'Get one dependency' })
  @ApiOkResponse({ type: DependencyEntity })
  get(@Param('id') id: string) {
    return this.catalog.getDependency(id);
  }

  @Access('responder', 'write:incidents')
  @Patch(':id')
  @ApiOperation({
    summary: 'Change a dependency (kind, criticality, fallback; send the version you read)',
  })
  @ApiOkResponse({ type: DependencyEntity })
  update(@Param('id') id: string, @Body() body: UpdateDependencyDto) {
    return this.catalog.updateDependency(id, body);
  }

  @Access('responder', 'write:incidents')
  @Delete(':id')
  @ApiOperation({ summary: 'Delete a dependency' })
  @HttpCode(204)
  remove(@Param('id') id: string, @Query() query: DeleteQueryDto) {
    return this.catalog.deleteDependency(id, query.version);
  }
}

@ApiTags('catalog')
@Controller('catalog')
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly importer: CatalogImportService,
  ) {}

  @Access('responder', 'write:incidents')
  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Import services, vendors, components and dependencies from a YAML or CSV file (dryRun: preview only)',
    description:
      'Every entry is checked first; any problem is a 400 listing each bad entry and field, and nothing is stored. ' +
      'Otherwise entries are created or updated by name in one transaction: importing the same file twice changes nothing. ' +
      'Format: docs/incidents.md#catalog-import.',
  })
  @ApiOkResponse({ type: CatalogImportResultDto })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'each bad entry and field' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'changed by someone else meanwhile' })
  import(@Body() body: ImportCatalogDto): Promise<CatalogImportResultDto> {
    return this.importer.import(body);
  }

  /** Which services a vendor (or one of its components) takes down, directly or through other services. */
  @Access('viewer', 'read:incidents')
  @Get('blast-radius')
  @ApiOperation({
    summary:
      'Which services a vendor (or one of its components) takes down, directly or through other services',
  })
  @ApiOkResponse({ type: BlastRadiusDto })
  @ApiNotFoundResponse({ type: ApiErrorBody })
  blastRadius(@Query() query: BlastRadiusQueryDto): Promise<BlastRadiusDto> {
    return this.catalog.blastRadius(query.vendor, query.component);
  }
}
