import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  StaleVersionError,
  versionedWrite,
} from '@rca/shared';
import { EntityManager } from 'typeorm';
import {
  BlastRadiusDto,
  CreateDependencyDto,
  CreateServiceDto,
  CreateVendorComponentDto,
  CreateVendorDto,
  ListDependenciesQueryDto,
  ListServicesQueryDto,
  ListVendorsQueryDto,
  UpdateDependencyDto,
  UpdateServiceDto,
  UpdateVendorComponentDto,
  UpdateVendorDto,
} from './catalog.dto';
import { CatalogRepository } from './catalog.repository';
import { DependencyEntity } from './dependency.entity';
import { ServiceEntity } from './service.entity';
import { VendorComponentEntity } from './vendor-component.entity';
import { VendorEntity } from './vendor.entity';

@Injectable()
export class CatalogService {
  constructor(private readonly catalog: CatalogRepository) {}

  /** Runs a versioned write in its own transaction; returns the row as written. */
  private async written<T extends { version: number }>(
    write: (manager: EntityManager) => Promise<{ after: T | null }>,
  ): Promise<T> {
    const { after } = await this.catalog.transaction(write);
    return after!;
  }

  // Services

  async getService(idOrSlug: string): Promise<ServiceEntity> {
    const service = await this.catalog.findService(idOrSlug);
    if (!service) throw new NotFoundError('Service', idOrSlug);
    return service;
  }

  listServices(query: ListServicesQueryDto) {
    return this.catalog.listServices(query, query.cursor, query.limit);
  }

  createService(input: CreateServiceDto): Promise<ServiceEntity> {
    return this.catalog.insertService({ ...input });
  }

  async updateService(idOrSlug: string, input: UpdateServiceDto): Promise<ServiceEntity> {
    const { version, ...changes } = input;
    return this.written((manager) =>
      versionedWrite<ServiceEntity>({
        manager,
        entity: 'Service',
        id: idOrSlug,
        expectedVersion: version,
        find: (tx) => this.catalog.findService(idOrSlug, tx),
        write: (before, tx) => this.catalog.updateService(before.id, version, changes, tx),
      }),
    );
  }

  async deleteService(idOrSlug: string, version: number): Promise<void> {
    const current = await this.getService(idOrSlug);
    if (!(await this.catalog.deleteService(current.id, version))) {
      throw new StaleVersionError('Service', version, current.version, current);
    }
  }

  // Vendors

  async getVendor(idOrSlug: string): Promise<VendorEntity> {
    const vendor = await this.catalog.findVendor(idOrSlug);
    if (!vendor) throw new NotFoundError('Vendor', idOrSlug);
    return vendor;
  }

  listVendors(query: ListVendorsQueryDto) {
    return this.catalog.listVendors(query, query.cursor, query.limit);
  }

  createVendor(input: CreateVendorDto): Promise<VendorEntity> {
    return this.catalog.insertVendor({ ...input });
  }

  async updateVendor(idOrSlug: string, input: UpdateVendorDto): Promise<VendorEntity> {
    const { version, ...changes } = input;
    return this.written((manager) =>
      versionedWrite<VendorEntity>({
        manager,
        entity: 'Vendor',
        id: idOrSlug,
        expectedVersion: version,
        find: (tx) => this.catalog.findVendor(idOrSlug, tx),
        write: (before, tx) => this.catalog.updateVendor(before.id, version, changes, tx),
      }),
    );
  }

  async deleteVendor(idOrSlug: string, version: number): Promise<void> {
    const current = await this.getVendor(idOrSlug);
    if (!(await this.catalog.deleteVendor(current.id, version))) {
      throw new StaleVersionError('Vendor', version, current.version, current);
    }
  }

  // Components

  async getComponent(id: string): Promise<VendorComponentEntity> {
    const component = await this.catalog.findComponent(id);
    if (!component) throw new NotFoundError('Vendor component', id);
    return component;
  }

  async listComponents(vendorIdOrSlug: string, cursor?: string, limit?: number) {
    const vendor = await this.getVendor(vendorIdOrSlug);
    return this.catalog.listComponents(vendor.id, cursor, limit);
  }

  async createComponent(
    vendorIdOrSlug: string,
    input: CreateVendorComponentDto,
  ): Promise<VendorComponentEntity> {
    const vendor = await this.getVendor(vendorIdOrSlug);
    return this.catalog.insertComponent({ ...input, vendorId: vendor.id });
  }

  async updateComponent(
    id: string,
    input: UpdateVendorComponentDto,
  ): Promise<VendorComponentEntity> {
    const { version, ...changes } = input;
    return this.written((manager) =>
      versionedWrite<VendorComponentEntity>({
        manager,
        entity: 'Vendor component',
        id,
        expectedVersion: version,
        find: (tx) => this.catalog.findComponent(id, tx),
        write: (before, tx) => this.catalog.updateComponent(before.id, version, changes, tx),
      }),
    );
  }

  async deleteComponent(id: string, version: number): Promise<void> {
    const current = await this.getComponent(id);
    if (!(await this.catalog.deleteComponent(id, version))) {
      throw new StaleVersionError('Vendor component', version, current.version, current);
    }
  }

  /**
   * Links a component (typically entered by hand) to the status page's component `externalId`.
   * A component that the import created for that page id is a duplicate: it is merged into this
   * one (its dependencies, vendor incidents and causes move here).
   */
  async linkComponent(
    id: string,
    input: { version: number; externalId: string },
  ): Promise<VendorComponentEntity> {
    const component = await this.getComponent(id);
    await this.catalog.transaction(async (manager) => {
      const holder = await this.catalog.componentByExternalId(
        component.vendorId,
        input.externalId,
        manager,
      );
      if (holder && holder.id !== id) {
        if (component.externalId)
          throw new InvalidInputError(
            'externalId',
            `this component is already linked to page component ${component.externalId}; merge ${holder.name} into it instead`,
          );
        // The merge moves the page id over; check the version first.
        if (component.version !== input.version)
          throw new StaleVersionError(
            'Vendor component',
            input.version,
            component.version,
            component,
          );
        await this.catalog.mergeComponents(id, holder.id, manager);
        return;
      }
      if (!(await this.catalog.linkComponent(id, input.version, input.externalId, manager)))
        throw new StaleVersionError(
          'Vendor component',
          input.version,
          component.version,
          component,
        );
    });
    return this.getComponent(id);
  }

  /** Merges a duplicate component of the same vendor into this one (see CatalogRepository.mergeComponents). */
  async mergeComponent(
    id: string,
    input: { version: number; duplicateId: string },
  ): Promise<VendorComponentEntity> {
    const keep = await this.getComponent(id);
    const duplicate = await this.getComponent(input.duplicateId);
    if (duplicate.id === keep.id)
      throw new InvalidInputError('duplicateId', 'a component cannot be merged into itself');
    if (duplicate.vendorId !== keep.vendorId)
      throw new InvalidInputError('duplicateId', 'the duplicate belongs to another vendor');
    if (keep.externalId && duplicate.externalId && keep.externalId !== duplicate.externalId)
      throw new InvalidInputError(
        'duplicateId',
        `both are linked to page components (${keep.externalId}, ${duplicate.externalId}): not duplicates`,
      );
    if (keep.version !== input.version)
      throw new StaleVersionError('Vendor component', input.version, keep.version, keep);
    await this.catalog.transaction((manager) =>
      this.catalog.mergeComponents(keep.id, duplicate.id, manager),
    );
    return this.getComponent(id);
  }

  // Dependencies

  async getDependency(id: string): Promise<DependencyEntity> {
    const dependency = await this.catalog.findDependency(id);
    if (!dependency) throw new NotFoundError('Dependency', id);
    return dependency;
  }

  listDependencies(query: ListDependenciesQueryDto) {
    return this.catalog.listDependencies(query, query.cursor, query.limit);
  }

  /** Adds an edge; a service → service edge that would close a cycle is refused with the cycle spelled out. */
  createDependency(input: CreateDependencyDto): Promise<DependencyEntity> {
    if (!input.vendorComponentId === !input.dependsOnServiceId) {
      throw new InvalidInputError(
        'vendorComponentId',
        'give exactly one of vendorComponentId and dependsOnServiceId',
      );
    }
    return this.catalog.transaction(async (manager) => {
      const service = await this.catalog.findService(input.serviceId, manager);
      if (!service)
        throw new InvalidInputError('serviceId', `service ${input.serviceId} does not exist`);
      if (input.vendorComponentId) {
        const component = await this.catalog.findComponent(input.vendorComponentId, manager);
        if (!component)
          throw new InvalidInputError(
            'vendorComponentId',
            `vendor component ${input.vendorComponentId} does not exist`,
          );
      }
      if (input.dependsOnServiceId) {
        const target = await this.catalog.findService(input.dependsOnServiceId, manager);
        if (!target)
          throw new InvalidInputError(
            'dependsOnServiceId',
            `service ${input.dependsOnServiceId} does not exist`,
          );
        if (target.id === service.id)
          throw new InvalidInputError('dependsOnServiceId', 'a service cannot depend on itself');
        await this.catalog.lockDependencyGraph(manager);
        const back = await this.catalog.servicePath(target.id, service.id, manager);
        if (back) {
          const cycle = [service.slug, ...back];
          throw new ConflictError(`This dependency would create a cycle: ${cycle.join(' → ')}`, {
            cycle,
          });
        }
      }
      return this.catalog.insertDependency(
        {
          serviceId: service.id,
          vendorComponentId: input.vendorComponentId ?? null,
          dependsOnServiceId: input.dependsOnServiceId ?? null,
          kind: input.kind,
          criticality: input.criticality ?? 'high',
          hasFallback: input.hasFallback ?? false,
          notes: input.notes ?? '',
        },
        manager,
      );
    });
  }

  async updateDependency(id: string, input: UpdateDependencyDto): Promise<DependencyEntity> {
    const { version, ...changes } = input;
    return this.written((manager) =>
      versionedWrite<DependencyEntity>({
        manager,
        entity: 'Dependency',
        id,
        expectedVersion: version,
        find: (tx) => this.catalog.findDependency(id, tx),
        write: (before, tx) => this.catalog.updateDependency(before.id, version, changes, tx),
      }),
    );
  }

  async deleteDependency(id: string, version: number): Promise<void> {
    const current = await this.getDependency(id);
    if (!(await this.catalog.deleteDependency(id, version))) {
      throw new StaleVersionError('Dependency', version, current.version, current);
    }
  }

  // Blast radius

  async blastRadius(vendorIdOrSlug?: string, componentId?: string): Promise<BlastRadiusDto> {
    if (!vendorIdOrSlug && !componentId)
      throw new InvalidInputError('vendor', 'give vendor or component');
    let vendor: VendorEntity;
    let components: VendorComponentEntity[];
    if (componentId) {
      const component = await this.catalog.findComponent(componentId);
      if (!component) throw new NotFoundError('Vendor component', componentId);
      vendor = (await this.catalog.findVendor(component.vendorId)) as VendorEntity;
      if (vendorIdOrSlug && vendorIdOrSlug !== vendor.id && vendorIdOrSlug !== vendor.slug) {
        throw new InvalidInputError(
          'component',
          `component ${componentId} is not a component of vendor ${vendorIdOrSlug}`,
        );
      }
      components = [component];
    } else {
      vendor = await this.getVendor(vendorIdOrSlug as string);
      components = await this.catalog.componentsOfVendor(vendor.id);
    }
    const services = await this.catalog.reach(components.map((component) => component.id));
    return {
      vendor: { id: vendor.id, slug: vendor.slug, name: vendor.name },
      components: components.map((component) => ({ id: component.id, name: component.name })),
      services,
      singlePointsOfFailure: services.filter((service) => service.singlePointOfFailure),
    };
  }
}
