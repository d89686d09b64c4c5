import { Injectable } from '@nestjs/common';
import {
  CATALOG_IMPORT_ACTIONS,
  CATALOG_IMPORT_KINDS,
  type CatalogImportResult,
} from '@rca/api-contract';
import { DomainError, type FieldError, StaleVersionError } from '@rca/shared';
import { EntityManager } from 'typeorm';
import { ImportCatalogDto } from './catalog-import.dto';
import { parseCatalogFile } from './catalog-import.parser';
import { ImportPlan, planCatalogImport, type StoredCatalog } from './catalog-import.plan';
import { CatalogRepository } from './catalog.repository';

/** The 400 of an import: every bad entry and field at once, nothing stored. */
export class CatalogImportInvalidError extends DomainError {
  constructor(errors: FieldError[]) {
    super(
      400,
      `The catalog file has ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported`,
      undefined,
      errors,
    );
  }
}

/**
 * Imports a catalog file: everything is checked first (fields, then references against the file
 * and the stored catalog); then, in one transaction, every entry is created or updated by name.
 * Importing the same file twice changes nothing the second time.
 */
@Injectable()
export class CatalogImportService {
  constructor(private readonly catalog: CatalogRepository) {}

  async import(input: ImportCatalogDto): Promise<CatalogImportResult> {
    const parsed = parseCatalogFile(input.format, input.content);
    if (parsed.errors.length) throw new CatalogImportInvalidError(parsed.errors);
    return this.catalog.transaction(async (manager) => {
      const stored = await this.catalog.wholeCatalog(manager);
      const plan = planCatalogImport(parsed.file, stored);
      if (plan.errors.length) throw new CatalogImportInvalidError(plan.errors);
      if (!input.dryRun) await this.apply(plan, stored, manager);
      const counts = Object.fromEntries(
        CATALOG_IMPORT_KINDS.map((kind) => [
          kind,
          Object.fromEntries(
            CATALOG_IMPORT_ACTIONS.map((action) => [
              action,
              plan.changes.filter((change) => change.kind === kind && change.action === action)
                .length,
            ]),
          ),
        ]),
      ) as CatalogImportResult['counts'];
      return { dryRun: Boolean(input.dryRun), counts, changes: plan.changes };
    });
  }

  private async apply(
    plan: ImportPlan,
    current: StoredCatalog,
    manager: EntityManager,
  ): Promise<void> {
    const serviceIds = new Map<string, string>();
    const vendorIds = new Map<string, string>();
    const componentIds = new Map<string, string>();
    const stale = (what: string, row: { version: number }) => {
      throw new StaleVersionError(what, row.version, null);
    };
    for (const row of current.services) serviceIds.set(row.slug, row.id);
    for (const row of current.vendors) vendorIds.set(row.slug, row.id);
    const vendorSlug = new Map(current.vendors.map((row) => [row.id, row.slug]));
    for (const row of current.components)
      componentIds.set(`${vendorSlug.get(row.vendorId)}\u0000${row.name}`, row.id);

    for (const operation of plan.operations) {
      switch (operation.kind) {
        case 'service':
          if (!operation.existing)
            serviceIds.set(
              operation.key,
              (await this.catalog.insertService(operation.values, manager)).id,
            );
          else if (
            !(await this.catalog.updateService(
              operation.existing.id,
              operation.existing.version,
              operation.values,
              manager,
            ))
          )
            stale('Service', operation.existing);
          break;
        case 'vendor':
          if (!operation.existing)
            vendorIds.set(
              operation.key,
              (await this.catalog.insertVendor(operation.values, manager)).id,
            );
          else if (
            !(await this.catalog.updateVendor(
              operation.existing.id,
              operation.existing.version,
              operation.values,
              manager,
            ))
          )
            stale('Vendor', operation.existing);
          break;
        case 'component':
          if (!operation.existing)
            componentIds.set(
              operation.key,
              (
                await this.catalog.insertComponent(
                  { ...operation.values, vendorId: vendorIds.get(operation.vendorKey)! },
                  manager,
                )
              ).id,
            );
          else if (
            !(await this.catalog.updateComponent(
              operation.existing.id,
              operation.existing.version,
              operation.values,
              manager,
            ))
          )
            stale('Vendor component', operation.existing);
          break;
        case 'dependency':
          if (!operation.existing)
            await this.catalog.insertDependency(
              {
                kind: operation.values.kind,
                criticality: operation.values.criticality ?? 'high',
                hasFallback: operation.values.hasFallback ?? false,
                notes: operation.values.notes ?? '',
                serviceId: serviceIds.get(operation.serviceKey)!,
                vendorComponentId:
                  'componentKey' in operation.target
                    ? componentIds.get(operation.target.componentKey)!
                    : null,
                dependsOnServiceId:
                  'serviceKey' in operation.target
                    ? serviceIds.get(operation.target.serviceKey)!
                    : null,
              },
              manager,
            );
          else if (
            !(await this.catalog.updateDependency(
              operation.existing.id,
              operation.existing.version,
              operation.values,
              manager,
            ))
          )
            stale('Dependency', operation.existing);
          break;
      }
    }
  }
}
