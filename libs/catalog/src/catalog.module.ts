import { Module } from '@nestjs/common';
import {
  CatalogController,
  DependenciesController,
  ServicesController,
  VendorComponentsController,
  VendorsController,
} from './catalog.controller';
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
  providers: [CatalogRepository, CatalogService],
  exports: [CatalogRepository, CatalogService],
})
export class CatalogModule {}
