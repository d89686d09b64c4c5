import { Module } from '@nestjs/common';
import {
  CatalogController,
  DependenciesController,
  ServicesController,
  VendorComponentsController,
  VendorsController,
} from './catalog.controller';
import { CatalogImportService } from './catalog-import.service';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';

@Module({
  controllers: [
    ServicesController,
    VendorsController,
    VendorComponentsController,
    DependenciesController,
    CatalogController,
  ],
  providers: [CatalogRepository, CatalogService, CatalogImportService],
  exports: [CatalogRepository, CatalogService],
})
export class CatalogModule {}
