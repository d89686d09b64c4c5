import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  entitySelectList,
  keysetColumns,
  keysetPage,
  keysetPageSql,
  Page,
  positionalParameters,
  updateVersioned,
} from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { DependencyEntity } from './dependency.entity';
import { ServiceEntity } from './service.entity';
import { VendorComponentEntity } from './vendor-component.entity';
import { VendorEntity } from './vendor.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReachRow {
  serviceId: string;
  slug: string;
  name: string;
  tier: number;
  depth: number;
  path: string[];
  singlePointOfFailure: boolean;
}

/** Every query on the catalog. */
@Injectable()
export class CatalogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // Services

  findService(idOrSlug: string, manager?: EntityManager): Promise<ServiceEntity | null> {
    return this.m(manager).findOneBy(
      ServiceEntity,
      UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug },
    );
  }

  findServicesByIds(ids: string[], manager?: EntityManager): Promise<ServiceEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return (manager ?? this.dataSource.manager)
      .getRepository(ServiceEntity)
      .createQueryBuilder('s')
      .where('s.id IN (:...ids)', { ids })
      .getMany();
  }

  async insertService(
    values: Partial<ServiceEntity>,
    manager?: EntityManager,
  ): Promise<ServiceEntity> {
    const repository = this.m(manager).getRepository(ServiceEntity);
    const saved = await repository.save(repository.create(values));
    return repository.findOneByOrFail({ id: saved.id } as never);
  }

  updateService(
    id: string,
    version: number,
    changes: Partial<ServiceEntity>,
    manager?: EntityManager,
  ) {
    return updateVersioned(this.m(manager), 'service', id, version, changes);
  }

  async deleteService(id: string, version: number): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM service WHERE id = $1 AND version = $2`,
      [id, version],
    )) as [unknown, number];
    return affected === 1;
  }

  /**
   * One page of services by slug. A hand-written statement, not the query builder: the incident
   * page and the impact form ask for 200 at a time, and hydrating them as entities cost twice the
   * CPU of the statement itself (docs/benchmarks.md). Same rows, same order, same cursor.
   */
  listServices(
    filter: { q?: string; tier?: number; ownerTeam?: string },
    cursor?: string,
    limit?: number,
  ): Promise<Page<ServiceEntity>> {
    const { values: parameters, add: parameter } = positionalParameters();
    const where: string[] = [];
    if (filter.q) {
      const q = parameter(`%${escapeLike(filter.q)}%`);
      where.push(`(s.name ILIKE ${q} OR s.slug ILIKE ${q})`);
    }
    if (filter.tier) where.push(`s.tier = ${parameter(filter.tier)}`);
    if (filter.ownerTeam) where.push(`s.owner_team = ${parameter(filter.ownerTeam)}`);
    const keyset = {
      column: 's.slug',
      idColumn: 's.id',
      type: 'text' as const,
      direction: 'ASC' as const,
    };
    return keysetPageSql<ServiceEntity>(
      (sql, values) => this.dataSource.query(sql, values),
      keyset,
      (cursorCondition, limitParameter) => {
        if (cursorCondition) where.push(cursorCondition);
        return `SELECT ${entitySelectList(this.dataSource, ServiceEntity, 's')}, ${keysetColumns(keyset)} FROM service s${
          where.length ? ` WHERE ${where.join(' AND ')}` : ''
        } ORDER BY s.slug ASC, s.id ASC LIMIT ${limitParameter}`;
      },
      parameters,
      cursor,
      limit,
    );
  }

  // Vendors

  findVendor(idOrSlug: string, manager?: EntityManager): Promise<VendorEntity | null> {
    return this.m(manager).findOneBy(
      VendorEntity,
      UUID.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug },
    );
  }

  async insertVendor(
    values: Partial<VendorEntity>,
    manager?: EntityManager,
  ): Promise<VendorEntity> {
    const repository = this.m(manager).getRepository(VendorEntity);
    const saved = await repository.save(repository.create(values));
    return repository.findOneByOrFail({ id: saved.id } as never);
  }

  updateVendor(
    id: string,
    version: number,
    changes: Partial<VendorEntity>,
    manager?: EntityManager,
  ) {
    return updateVersioned(this.m(manager), 'vendor', id, version, changes);
  }

  async deleteVendor(id: string, version: number): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM vendor WHERE id = $1 AND version = $2`,
      [id, version],
    )) as [unknown, number];
    return affected === 1;
  }

  listVendors(
    filter: { q?: string },
    cursor?: string,
    limit?: number,
  ): Promise<Page<VendorEntity>> {
    const query = this.dataSource.getRepository(VendorEntity).createQueryBuilder('v');
    if (filter.q)
      query.andWhere('(v.name ILIKE :q OR v.slug ILIKE :q)', { q: `%${escapeLike(filter.q)}%` });
    return keysetPage(
      query,
      'v',
      { column: 'v.slug', type: 'text', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  /**
   * The whole catalog, read for an import inside its transaction after taking the import lock
   * (imports run one at a time, and a concurrent single edit fails on its version).
   */
  async wholeCatalog(manager: EntityManager) {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('rca.catalog-import'))`);
    await this.lockDependencyGraph(manager);
    return {
      services: await manager.find(ServiceEntity, { order: { slug: 'ASC' } }),
      vendors: await manager.find(VendorEntity, { order: { slug: 'ASC' } }),
      components: await manager.find(VendorComponentEntity, { order: { name: 'ASC' } }),
      dependencies: await manager.find(DependencyEntity),
    };
  }

  // Vendor components

  findComponent(id: string, manager?: EntityManager): Promise<VendorComponentEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.m(manager).findOneBy(VendorComponentEntity, { id });
  }

  findComponentsByIds(ids: string[], manager?: EntityManager): Promise<VendorComponentEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.m(manager)
      .getRepository(VendorComponentEntity)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids })
      .getMany();
  }

  componentsOfVendor(vendorId: string): Promise<VendorComponentEntity[]> {
    return this.dataSource
      .getRepository(VendorComponentEntity)
      .find({ where: { vendorId }, order: { name: 'ASC' } });
  }

  async insertComponent(
    values: Partial<VendorComponentEntity>,
    manager?: EntityManager,
  ): Promise<VendorComponentEntity> {
    const repository = this.m(manager).getRepository(VendorComponentEntity);
    const saved = await repository.save(repository.create(values));
    return repository.findOneByOrFail({ id: saved.id } as never);
  }

  updateComponent(
    id: string,
    version: number,
    changes: Partial<VendorComponentEntity>,
    manager?: EntityManager,
  ) {
    return updateVersioned(this.m(manager), 'vendor_component', id, version, changes);
  }

  async deleteComponent(id: string, version: number): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM vendor_component WHERE id = $1 AND version = $2`,
      [id, version],
    )) as [unknown, number];
    return affected === 1;
  }

  listComponents(
    vendorId: string,
    cursor?: string,
    limit?: number,
  ): Promise<Page<VendorComponentEntity>> {
    const query = this.dataSource
      .getRepository(VendorComponentEntity)
      .createQueryBuilder('c')
      .where('c.vendor_id = :vendorId', { vendorId });
    return keysetPage(
      query,
      'c',
      { column: 'c.name', type: 'text', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  // Dependencies

  findDependency(id: string, manager?: EntityManager): Promise<DependencyEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.m(manager).findOneBy(DependencyEntity, { id });
  }

  async insertDependency(
    values: Partial<DependencyEntity>,
    manager: EntityManager,
  ): Promise<DependencyEntity> {
    const repository = manager.getRepository(DependencyEntity);
    const saved = await repository.save(repository.create(values));
    return repository.findOneByOrFail({ id: saved.id } as never);
  }

  updateDependency(
    id: string,
    version: number,
    changes: Partial<DependencyEntity>,
    manager?: EntityManager,
  ) {
    return updateVersioned(this.m(manager), 'dependency', id, version, changes);
  }

  async deleteDependency(id: string, version: number): Promise<boolean> {
    const [, affected] = (await this.dataSource.query(
      `DELETE FROM dependency WHERE id = $1 AND version = $2`,
      [id, version],
    )) as [unknown, number];
    return affected === 1;
  }

  listDependencies(
    filter: {
      serviceId?: string;
      vendorComponentId?: string;
      dependsOnServiceId?: string;
      vendorId?: string;
      kind?: string;
    },
    cursor?: string,
    limit?: number,
  ): Promise<Page<DependencyEntity>> {
    const query = this.dataSource.getRepository(DependencyEntity).createQueryBuilder('d');
    if (filter.serviceId) query.andWhere('d.service_id = :serviceId', filter);
    if (filter.vendorComponentId)
      query.andWhere('d.vendor_component_id = :vendorComponentId', filter);
    if (filter.dependsOnServiceId)
      query.andWhere('d.depends_on_service_id = :dependsOnServiceId', filter);
    if (filter.kind) query.andWhere('d.kind = :kind', filter);
    if (filter.vendorId)
      query.andWhere(
        'd.vendor_component_id IN (SELECT id FROM vendor_component WHERE vendor_id = :vendorId)',
        filter,
      );
    return keysetPage(
      query,
      'd',
      { column: 'd.created_at', type: 'timestamptz', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  /** Serialises changes to the service graph so two concurrent edges cannot close a cycle together. */
  async lockDependencyGraph(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('rca.dependency-graph'))`);
  }

  /** Slugs of a path from `from` to `to` following "depends on service" edges, or null. */
  async servicePath(from: string, to: string, manager: EntityManager): Promise<string[] | null> {
    const rows = (await manager.query(
      `WITH RECURSIVE down(service_id, path) AS (
         SELECT $1::uuid, ARRAY[$1::uuid]
         UNION ALL
         SELECT d.depends_on_service_id, down.path || d.depends_on_service_id
         FROM down JOIN dependency d ON d.service_id = down.service_id
         WHERE d.depends_on_service_id IS NOT NULL AND NOT d.depends_on_service_id = ANY(down.path)
       )
       SELECT (SELECT array_agg(s.slug ORDER BY p.ordinality) FROM unnest(down.path) WITH ORDINALITY p(id, ordinality)
               JOIN service s ON s.id = p.id) AS slugs
       FROM down WHERE service_id = $2 LIMIT 1`,
      [from, to],
    )) as Array<{ slugs: string[] }>;
    return rows[0]?.slugs ?? null;
  }

  /**
   * Services that depend on any of the components, directly or through other services.
   * One row per service: its shortest path, and whether some path has no fallback at all.
   */
  async reach(componentIds: string[]): Promise<ReachRow[]> {
    if (componentIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE reach(service_id, depth, path, visited, no_fallback) AS (
         SELECT d.service_id, 1, ARRAY[vc.name, s.slug], ARRAY[d.service_id], NOT d.has_fallback
         FROM dependency d
         JOIN vendor_component vc ON vc.id = d.vendor_component_id
         JOIN service s ON s.id = d.service_id
         WHERE d.vendor_component_id = ANY($1::uuid[])
         UNION ALL
         SELECT d.service_id, r.depth + 1, r.path || s.slug, r.visited || d.service_id, r.no_fallback AND NOT d.has_fallback
         FROM reach r
         JOIN dependency d ON d.depends_on_service_id = r.service_id
         JOIN service s ON s.id = d.service_id
         WHERE NOT d.service_id = ANY(r.visited) AND r.depth < 32
       ),
       ranked AS (
         SELECT r.*, bool_or(r.no_fallback) OVER (PARTITION BY r.service_id) AS spof,
                row_number() OVER (PARTITION BY r.service_id ORDER BY r.depth, r.no_fallback DESC) AS rank
         FROM reach r
       )
       SELECT ranked.service_id, s.slug, s.name, s.tier, ranked.depth, ranked.path, ranked.spof
       FROM ranked JOIN service s ON s.id = ranked.service_id
       WHERE ranked.rank = 1
       ORDER BY ranked.depth, s.tier, s.slug`,
      [componentIds],
    )) as Array<{
      service_id: string;
      slug: string;
      name: string;
      tier: number;
      depth: number;
      path: string[];
      spof: boolean;
    }>;
    return rows.map((row) => ({
      serviceId: row.service_id,
      slug: row.slug,
      name: row.name,
      tier: row.tier,
      depth: row.depth,
      path: row.path,
      singlePointOfFailure: row.spof,
    }));
  }
  // Linking hand-made components to page components (issue 19)

  /** The other component of this vendor that carries this status-page id, if any. */
  async componentByExternalId(
    vendorId: string,
    externalId: string,
    manager?: EntityManager,
  ): Promise<VendorComponentEntity | null> {
    return (manager ?? this.dataSource.manager).findOneBy(VendorComponentEntity, {
      vendorId,
      externalId,
    });
  }

  /**
   * Merges `duplicateId` into `keepId` (same vendor) in the caller's transaction: every row that
   * names the duplicate — dependencies, the vendor incidents' components and their statuses over
   * time, causes' component lists — names the kept one instead (a row the kept one already has
   * wins), the kept one takes the duplicate's page id and group when it has none, and the
   * duplicate is deleted. The tables of other libs are named here because they reference
   * vendor_component; the merge must move them all in one transaction.
   */
  async mergeComponents(keepId: string, duplicateId: string, manager: EntityManager) {
    const [dup] = (await manager.query(
      `SELECT external_id, group_name FROM vendor_component WHERE id = $1 FOR UPDATE`,
      [duplicateId],
    )) as Array<{ external_id: string | null; group_name: string | null }>;
    await manager.query(
      `DELETE FROM dependency d WHERE d.vendor_component_id = $2
         AND EXISTS (SELECT 1 FROM dependency k WHERE k.vendor_component_id = $1 AND k.service_id = d.service_id)`,
      [keepId, duplicateId],
    );
    await manager.query(
      `UPDATE dependency SET vendor_component_id = $1 WHERE vendor_component_id = $2`,
      [keepId, duplicateId],
    );
    await manager.query(
      `DELETE FROM vendor_incident_component d WHERE d.vendor_component_id = $2
         AND EXISTS (SELECT 1 FROM vendor_incident_component k
                     WHERE k.vendor_component_id = $1 AND k.vendor_incident_id = d.vendor_incident_id)`,
      [keepId, duplicateId],
    );
    await manager.query(
      `UPDATE vendor_incident_component SET vendor_component_id = $1 WHERE vendor_component_id = $2`,
      [keepId, duplicateId],
    );
    await manager.query(
      `DELETE FROM vendor_incident_component_status d WHERE d.vendor_component_id = $2
         AND EXISTS (SELECT 1 FROM vendor_incident_component_status k
                     WHERE k.vendor_component_id = $1 AND k.vendor_incident_id = d.vendor_incident_id AND k.at = d.at)`,
      [keepId, duplicateId],
    );
    await manager.query(
      `UPDATE vendor_incident_component_status SET vendor_component_id = $1 WHERE vendor_component_id = $2`,
      [keepId, duplicateId],
    );
    await manager.query(
      `UPDATE cause SET vendor_component_ids = ARRAY(SELECT DISTINCT unnest(array_replace(vendor_component_ids, $2::uuid, $1::uuid)))
       WHERE $2::uuid = ANY(vendor_component_ids)`,
      [keepId, duplicateId],
    );
    await manager.query(`DELETE FROM vendor_component WHERE id = $1`, [duplicateId]);
    await manager.query(
      `UPDATE vendor_component SET external_id = COALESCE(external_id, $2), group_name = COALESCE(group_name, $3),
         version = version + 1, updated_at = now()
       WHERE id = $1`,
      [keepId, dup?.external_id ?? null, dup?.group_name ?? null],
    );
  }

  /** Sets the page id of a component in the caller's transaction, with a version check. */
  async linkComponent(id: string, version: number, externalId: string, manager: EntityManager) {
    const [rows] = (await manager.query(
      `UPDATE vendor_component SET external_id = $3, version = version + 1, updated_at = now()
       WHERE id = $1 AND version = $2 RETURNING id`,
      [id, version, externalId],
    )) as [Array<{ id: string }>, number];
    return rows.length > 0;
  }
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
