import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, Page } from '@rca/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  VendorComponentStatus,
  VendorIncidentComponentEntity,
} from './vendor-incident-component.entity';
import { VendorIncidentEntity } from './vendor-incident.entity';
import { VendorIncidentUpdateEntity } from './vendor-incident-update.entity';

export type VendorIncidentInput = Pick<
  VendorIncidentEntity,
  | 'vendorId'
  | 'externalId'
  | 'kind'
  | 'title'
  | 'rawStatus'
  | 'status'
  | 'rawImpact'
  | 'impact'
  | 'startedAt'
  | 'resolvedAt'
  | 'vendorUpdatedAt'
  | 'shortlink'
  | 'rawPayload'
>;

export type VendorIncidentUpdateInput = Pick<
  VendorIncidentUpdateEntity,
  'externalId' | 'at' | 'rawStatus' | 'status' | 'body'
>;

/**
 * Every query on vendor incidents. Methods take an optional EntityManager so a caller can run
 * several of them in one transaction (`dataSource.transaction((manager) => …)`).
 */
@Injectable()
export class VendorIncidentRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  findById(id: string, manager?: EntityManager): Promise<VendorIncidentEntity | null> {
    return this.manager(manager).findOneBy(VendorIncidentEntity, { id });
  }

  findByExternalId(
    vendorId: string,
    externalId: string,
    manager?: EntityManager,
  ): Promise<VendorIncidentEntity | null> {
    return this.manager(manager).findOneBy(VendorIncidentEntity, { vendorId, externalId });
  }

  /**
   * Inserts or updates by (vendor, external id); returns the row and whether it was new.
   * Concurrent pollers converge on one row.
   */
  async upsert(
    input: VendorIncidentInput,
    manager?: EntityManager,
  ): Promise<{ incident: VendorIncidentEntity; created: boolean }> {
    const [result] = await this.upsertMany([input], manager);
    return result;
  }

  /**
   * Inserts or updates several vendor incidents in one statement (each (vendor, external id) at
   * most once), in the order given; returns the rows and whether each was new.
   */
  async upsertMany(
    inputs: VendorIncidentInput[],
    manager?: EntityManager,
  ): Promise<Array<{ incident: VendorIncidentEntity; created: boolean }>> {
    if (inputs.length === 0) return [];
    const column = <T>(pick: (input: VendorIncidentInput) => T) => inputs.map(pick);
    const rows = (await this.manager(manager).query(
      `INSERT INTO vendor_incident (vendor_id, external_id, kind, title, raw_status, status, raw_impact, impact,
         started_at, resolved_at, vendor_updated_at, shortlink, raw_payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::jsonb[])
       ON CONFLICT (vendor_id, external_id) DO UPDATE SET
         kind = EXCLUDED.kind, title = EXCLUDED.title, raw_status = EXCLUDED.raw_status, status = EXCLUDED.status,
         raw_impact = EXCLUDED.raw_impact, impact = EXCLUDED.impact, started_at = EXCLUDED.started_at,
         resolved_at = EXCLUDED.resolved_at, vendor_updated_at = EXCLUDED.vendor_updated_at,
         shortlink = EXCLUDED.shortlink, raw_payload = EXCLUDED.raw_payload, updated_at = now()
       RETURNING id, vendor_id, external_id, created_at, updated_at, (xmax = 0) AS created`,
      [
        column((i) => i.vendorId),
        column((i) => i.externalId),
        column((i) => i.kind),
        column((i) => i.title),
        column((i) => i.rawStatus),
        column((i) => i.status),
        column((i) => i.rawImpact),
        column((i) => i.impact),
        column((i) => i.startedAt),
        column((i) => i.resolvedAt),
        column((i) => i.vendorUpdatedAt),
        column((i) => i.shortlink),
        column((i) => (i.rawPayload === undefined ? null : JSON.stringify(i.rawPayload))),
      ],
    )) as Array<{
      id: string;
      vendor_id: string;
      external_id: string;
      created_at: Date;
      updated_at: Date;
      created: boolean;
    }>;
    const byKey = new Map(rows.map((r) => [`${r.vendor_id} ${r.external_id}`, r]));
    // Every other column is what was just written: no second read.
    return inputs.map((input) => {
      const row = byKey.get(`${input.vendorId} ${input.externalId}`)!;
      const incident = Object.assign(new VendorIncidentEntity(), input, {
        id: row.id,
        rawPayload: input.rawPayload ?? null,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      });
      return { incident, created: row.created };
    });
  }

  /** Inserts the update unless (vendor, external id) exists; returns it only when it is new. */
  async insertUpdateIfNew(
    vendorIncident: Pick<VendorIncidentEntity, 'id' | 'vendorId'>,
    input: VendorIncidentUpdateInput,
    manager?: EntityManager,
  ): Promise<VendorIncidentUpdateEntity | null> {
    const [inserted] = await this.insertUpdatesIfNew(
      [{ ...input, vendorId: vendorIncident.vendorId, vendorIncidentId: vendorIncident.id }],
      manager,
    );
    if (!inserted) return null;
    return this.manager(manager).findOneByOrFail(VendorIncidentUpdateEntity, { id: inserted.id });
  }

  /**
   * Inserts, in one statement, the updates whose (vendor, external id) is not stored yet; a replay
   * inserts nothing. Returns the new ones.
   */
  async insertUpdatesIfNew(
    updates: Array<
      VendorIncidentUpdateInput & Pick<VendorIncidentUpdateEntity, 'vendorId' | 'vendorIncidentId'>
    >,
    manager?: EntityManager,
  ): Promise<Array<{ id: string; vendorIncidentId: string; externalId: string }>> {
    if (updates.length === 0) return [];
    const rows = (await this.manager(manager).query(
      `INSERT INTO vendor_incident_update (vendor_id, vendor_incident_id, external_id, at, raw_status, status, body)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (vendor_id, external_id) DO NOTHING
       RETURNING id, vendor_incident_id, external_id`,
      [
        updates.map((u) => u.vendorId),
        updates.map((u) => u.vendorIncidentId),
        updates.map((u) => u.externalId),
        updates.map((u) => u.at),
        updates.map((u) => u.rawStatus),
        updates.map((u) => u.status),
        updates.map((u) => u.body),
      ],
    )) as Array<{ id: string; vendor_incident_id: string; external_id: string }>;
    return rows.map((r) => ({
      id: r.id,
      vendorIncidentId: r.vendor_incident_id,
      externalId: r.external_id,
    }));
  }

  /** Sets the component's status on this vendor incident; returns whether anything changed. */
  async setComponentStatus(
    vendorIncidentId: string,
    vendorComponentId: string,
    rawStatus: string,
    status: VendorComponentStatus,
    manager?: EntityManager,
  ): Promise<boolean> {
    const changed = await this.setComponentStatuses(
      [{ vendorIncidentId, vendorComponentId, rawStatus, status }],
      manager,
    );
    return changed.length > 0;
  }

  /**
   * Sets, in one statement, components' statuses on vendor incidents; returns the ones that changed
   * (new, or a different raw status).
   */
  async setComponentStatuses(
    rows: Array<{
      vendorIncidentId: string;
      vendorComponentId: string;
      rawStatus: string;
      status: VendorComponentStatus;
    }>,
    manager?: EntityManager,
  ): Promise<Array<{ vendorIncidentId: string; vendorComponentId: string }>> {
    if (rows.length === 0) return [];
    const changed = (await this.manager(manager).query(
      `INSERT INTO vendor_incident_component (vendor_incident_id, vendor_component_id, raw_status, status)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[])
       ON CONFLICT (vendor_incident_id, vendor_component_id) DO UPDATE
         SET raw_status = EXCLUDED.raw_status, status = EXCLUDED.status, updated_at = now()
         WHERE vendor_incident_component.raw_status IS DISTINCT FROM EXCLUDED.raw_status
       RETURNING vendor_incident_id, vendor_component_id`,
      [
        rows.map((r) => r.vendorIncidentId),
        rows.map((r) => r.vendorComponentId),
        rows.map((r) => r.rawStatus),
        rows.map((r) => r.status),
      ],
    )) as Array<{ vendor_incident_id: string; vendor_component_id: string }>;
    return changed.map((r) => ({
      vendorIncidentId: r.vendor_incident_id,
      vendorComponentId: r.vendor_component_id,
    }));
  }

  /** A vendor's incidents, newest first (by start, else by when we first saw them). */
  listForVendor(
    vendorId: string,
    filter: { kind?: VendorIncidentEntity['kind']; open?: boolean },
    cursor?: string,
    limit?: number,
  ): Promise<Page<VendorIncidentEntity>> {
    const query = this.dataSource
      .getRepository(VendorIncidentEntity)
      .createQueryBuilder('vi')
      .where('vi.vendor_id = :vendorId', { vendorId });
    if (filter.kind) query.andWhere('vi.kind = :kind', { kind: filter.kind });
    if (filter.open === true) query.andWhere('vi.resolved_at IS NULL');
    if (filter.open === false) query.andWhere('vi.resolved_at IS NOT NULL');
    return keysetPage(
      query,
      'vi',
      { column: 'COALESCE(vi.started_at, vi.created_at)', type: 'timestamptz', direction: 'DESC' },
      cursor,
      limit,
    );
  }

  /** The updates of several vendor incidents, oldest first. */
  listUpdatesOf(vendorIncidentIds: string[]): Promise<VendorIncidentUpdateEntity[]> {
    if (vendorIncidentIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(VendorIncidentUpdateEntity, {
      where: { vendorIncidentId: In(vendorIncidentIds) },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  listUpdates(
    vendorIncidentId: string,
    manager?: EntityManager,
  ): Promise<VendorIncidentUpdateEntity[]> {
    return this.manager(manager).find(VendorIncidentUpdateEntity, {
      where: { vendorIncidentId },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  listComponents(
    vendorIncidentId: string,
    manager?: EntityManager,
  ): Promise<VendorIncidentComponentEntity[]> {
    return this.manager(manager).find(VendorIncidentComponentEntity, {
      where: { vendorIncidentId },
      order: { createdAt: 'ASC' },
    });
  }

  /** Vendor incidents of a vendor whose window overlaps [from, to] (open ones count as ongoing). */
  findOverlapping(
    vendorId: string,
    from: Date,
    to: Date,
    manager?: EntityManager,
  ): Promise<VendorIncidentEntity[]> {
    return this.manager(manager)
      .createQueryBuilder(VendorIncidentEntity, 'vi')
      .where('vi.vendor_id = :vendorId', { vendorId })
      .andWhere('vi.started_at <= :to', { to })
      .andWhere('(vi.resolved_at IS NULL OR vi.resolved_at >= :from)', { from })
      .orderBy('vi.started_at', 'ASC')
      .getMany();
  }
}
