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
import { VendorIncidentReportEntity, VendorReportSource } from './vendor-incident-report.entity';

export interface VendorReportInput {
  vendorId: string;
  vendorIncidentId: string;
  source: VendorReportSource;
  url: string | null;
  publishedAt: Date;
  text: string;
  updateId?: string | null;
  pastedBy?: string | null;
}

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
> &
  Partial<Pick<VendorIncidentEntity, 'resolutionSource' | 'sourceId' | 'lastSeenAt'>>;

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

  /**
   * Records vendor reports, one per vendor incident: a vendor incident that has one already keeps
   * it (a re-poll or a second announcement writes nothing). Returns the rows inserted now.
   */
  async insertReportsIfNew(
    reports: VendorReportInput[],
    manager?: EntityManager,
  ): Promise<VendorIncidentReportEntity[]> {
    if (reports.length === 0) return [];
    const result = await this.manager(manager)
      .createQueryBuilder()
      .insert()
      .into(VendorIncidentReportEntity)
      .values(
        reports.map((report) => ({
          ...report,
          updateId: report.updateId ?? null,
          pastedBy: report.pastedBy ?? null,
        })),
      )
      .orIgnore()
      .returning('*')
      .execute();
    return (result.raw as Array<Record<string, unknown>>).map((row) =>
      this.manager(manager).create(VendorIncidentReportEntity, {
        id: row.id as string,
        vendorId: row.vendor_id as string,
        vendorIncidentId: row.vendor_incident_id as string,
        source: row.source as VendorReportSource,
        url: row.url as string | null,
        publishedAt: new Date(row.published_at as string),
        text: row.text as string,
        updateId: row.update_id as string | null,
        pastedBy: row.pasted_by as string | null,
        createdAt: new Date(row.created_at as string),
      }),
    );
  }

  /** The vendor incidents among these that already have a report. */
  async reportedAmong(vendorIncidentIds: string[], manager?: EntityManager): Promise<Set<string>> {
    if (vendorIncidentIds.length === 0) return new Set();
    const rows = await this.manager(manager).find(VendorIncidentReportEntity, {
      select: { vendorIncidentId: true },
      where: { vendorIncidentId: In(vendorIncidentIds) },
    });
    return new Set(rows.map((row) => row.vendorIncidentId));
  }

  findReport(
    vendorIncidentId: string,
    manager?: EntityManager,
  ): Promise<VendorIncidentReportEntity | null> {
    return this.manager(manager).findOneBy(VendorIncidentReportEntity, { vendorIncidentId });
  }

  findReports(vendorIncidentIds: string[]): Promise<VendorIncidentReportEntity[]> {
    if (vendorIncidentIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.findBy(VendorIncidentReportEntity, {
      vendorIncidentId: In(vendorIncidentIds),
    });
  }

  findUpdateById(id: string, manager?: EntityManager): Promise<VendorIncidentUpdateEntity | null> {
    return this.manager(manager).findOneBy(VendorIncidentUpdateEntity, { id });
  }

  findUpdateByExternalId(
    vendorId: string,
    externalId: string,
    manager?: EntityManager,
  ): Promise<VendorIncidentUpdateEntity | null> {
    return this.manager(manager).findOneBy(VendorIncidentUpdateEntity, { vendorId, externalId });
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
         started_at, resolved_at, vendor_updated_at, shortlink, raw_payload, resolution_source, source_id, last_seen_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::jsonb[],
         $14::text[], $15::uuid[], $16::timestamptz[])
       ON CONFLICT (vendor_id, external_id) DO UPDATE SET
         kind = EXCLUDED.kind, title = EXCLUDED.title, raw_status = EXCLUDED.raw_status, status = EXCLUDED.status,
         raw_impact = EXCLUDED.raw_impact, impact = EXCLUDED.impact, started_at = EXCLUDED.started_at,
         resolved_at = EXCLUDED.resolved_at, vendor_updated_at = EXCLUDED.vendor_updated_at,
         shortlink = EXCLUDED.shortlink, raw_payload = EXCLUDED.raw_payload,
         resolution_source = EXCLUDED.resolution_source,
         source_id = COALESCE(EXCLUDED.source_id, vendor_incident.source_id),
         last_seen_at = COALESCE(EXCLUDED.last_seen_at, vendor_incident.last_seen_at), updated_at = now()
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
        column((i) => i.resolutionSource ?? null),
        column((i) => i.sourceId ?? null),
        column((i) => i.lastSeenAt ?? null),
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
    const written = await this.writeUpdates(updates, new Date(), manager);
    return written.filter((w) => w.created);
  }

  /**
   * Inserts new updates and applies the vendor's edits to stored ones (same id, other text,
   * status or time), in one statement: the replaced text goes to `history`. An update whose
   * text is what is stored is not touched. Returns what was written and whether it was new.
   */
  async writeUpdates(
    updates: Array<
      VendorIncidentUpdateInput & Pick<VendorIncidentUpdateEntity, 'vendorId' | 'vendorIncidentId'>
    >,
    replacedAt: Date,
    manager?: EntityManager,
  ): Promise<
    Array<{ id: string; vendorIncidentId: string; externalId: string; created: boolean }>
  > {
    if (updates.length === 0) return [];
    const rows = (await this.manager(manager).query(
      `INSERT INTO vendor_incident_update AS u (vendor_id, vendor_incident_id, external_id, at, raw_status, status, body)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (vendor_id, external_id) DO UPDATE SET
         at = EXCLUDED.at, raw_status = EXCLUDED.raw_status, status = EXCLUDED.status, body = EXCLUDED.body,
         history = CASE WHEN u.body IS DISTINCT FROM EXCLUDED.body OR u.raw_status IS DISTINCT FROM EXCLUDED.raw_status
           THEN u.history || jsonb_build_array(jsonb_build_object('body', u.body, 'status', u.raw_status, 'replacedAt', $8::text))
           ELSE u.history END,
         edited_at = CASE WHEN u.body IS DISTINCT FROM EXCLUDED.body THEN COALESCE(u.edited_at, $8::timestamptz) ELSE u.edited_at END
       WHERE u.body IS DISTINCT FROM EXCLUDED.body OR u.raw_status IS DISTINCT FROM EXCLUDED.raw_status
         OR u.at IS DISTINCT FROM EXCLUDED.at
       RETURNING id, vendor_incident_id, external_id, (xmax = 0) AS created`,
      [
        updates.map((u) => u.vendorId),
        updates.map((u) => u.vendorIncidentId),
        updates.map((u) => u.externalId),
        updates.map((u) => u.at),
        updates.map((u) => u.rawStatus),
        updates.map((u) => u.status),
        updates.map((u) => u.body),
        replacedAt.toISOString(),
      ],
    )) as Array<{
      id: string;
      vendor_incident_id: string;
      external_id: string;
      created: boolean;
    }>;
    return rows.map((r) => ({
      id: r.id,
      vendorIncidentId: r.vendor_incident_id,
      externalId: r.external_id,
      created: r.created,
    }));
  }

  /**
   * Closes the open incidents (and maintenances) this source listed before and its feed no
   * longer lists, as inferred ("left the page") at `at`. Returns their ids.
   */
  async closeLeftPage(
    sourceId: string,
    listedExternalIds: string[],
    at: Date,
    manager?: EntityManager,
  ): Promise<string[]> {
    const [rows] = (await this.manager(manager).query(
      `UPDATE vendor_incident SET resolved_at = GREATEST($3::timestamptz, started_at),
         status = CASE WHEN kind = 'maintenance' THEN 'completed' ELSE 'resolved' END,
         resolution_source = 'left_page', updated_at = now()
       WHERE source_id = $1 AND resolved_at IS NULL AND NOT (external_id = ANY($2::text[]))
       RETURNING id`,
      [sourceId, listedExternalIds, at],
    )) as [Array<{ id: string }>, number];
    return rows.map((r) => r.id);
  }

  /** Open incidents this source listed and its feed no longer lists (external ids and kinds). */
  async openNotListed(
    sourceId: string,
    listedExternalIds: string[],
  ): Promise<Array<{ externalId: string; kind: VendorIncidentEntity['kind'] }>> {
    const rows = (await this.dataSource.query(
      `SELECT external_id, kind FROM vendor_incident
       WHERE source_id = $1 AND resolved_at IS NULL AND NOT (external_id = ANY($2::text[]))`,
      [sourceId, listedExternalIds],
    )) as Array<{ external_id: string; kind: VendorIncidentEntity['kind'] }>;
    return rows.map((r) => ({ externalId: r.external_id, kind: r.kind }));
  }

  /**
   * Marks incidents as listed by a source at its page's clock `at`: one statement for a whole
   * import batch. Give each incident once (the caller keeps the last source and latest clock).
   */
  async markSeen(
    rows: ReadonlyArray<{ id: string; sourceId: string; at: Date }>,
    manager?: EntityManager,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.manager(manager).query(
      `UPDATE vendor_incident vi SET source_id = u.source_id, last_seen_at = GREATEST(vi.last_seen_at, u.at)
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS u(id, source_id, at)
       WHERE vi.id = u.id`,
      [rows.map((row) => row.id), rows.map((row) => row.sourceId), rows.map((row) => row.at)],
    );
  }

  /**
   * These sources' pages answered as before (304, or the same bytes): their open incidents are
   * still listed, each at its page's clock `at`. One statement for any number of sources (polls
   * that finish together are batched); a source given twice keeps its latest clock.
   */
  async markSourcesSeen(rows: ReadonlyArray<{ sourceId: string; at: Date }>): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `UPDATE vendor_incident vi SET last_seen_at = GREATEST(vi.last_seen_at, u.at)
       FROM (SELECT source_id, max(at) AS at
               FROM unnest($1::uuid[], $2::timestamptz[]) AS x(source_id, at) GROUP BY source_id) u
       WHERE vi.source_id = u.source_id AND vi.resolved_at IS NULL`,
      [rows.map((row) => row.sourceId), rows.map((row) => row.at)],
    );
  }

  /** Records component statuses over time; an (incident, component, instant) already there is kept. */
  async recordComponentStatuses(
    rows: Array<{
      vendorIncidentId: string;
      vendorComponentId: string;
      at: Date;
      rawStatus: string;
      status: VendorComponentStatus;
    }>,
    manager?: EntityManager,
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = (await this.manager(manager).query(
      `INSERT INTO vendor_incident_component_status (vendor_incident_id, vendor_component_id, at, raw_status, status)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[])
       ON CONFLICT (vendor_incident_id, vendor_component_id, at) DO NOTHING
       RETURNING id`,
      [
        rows.map((r) => r.vendorIncidentId),
        rows.map((r) => r.vendorComponentId),
        rows.map((r) => r.at),
        rows.map((r) => r.rawStatus),
        rows.map((r) => r.status),
      ],
    )) as Array<{ id: string }>;
    return inserted.length;
  }

  /** Component statuses over time of several vendor incidents, with component names, by time. */
  async listComponentStatusesOf(
    vendorIncidentIds: string[],
    manager?: EntityManager,
  ): Promise<
    Array<{
      vendorIncidentId: string;
      vendorComponentId: string;
      componentName: string;
      groupName: string | null;
      at: Date;
      rawStatus: string;
      status: VendorComponentStatus;
    }>
  > {
    if (vendorIncidentIds.length === 0) return [];
    const rows = (await this.manager(manager).query(
      `SELECT s.vendor_incident_id, s.vendor_component_id, vc.name, vc.group_name, s.at, s.raw_status, s.status
       FROM vendor_incident_component_status s JOIN vendor_component vc ON vc.id = s.vendor_component_id
       WHERE s.vendor_incident_id = ANY($1::uuid[])
       ORDER BY s.at, vc.name`,
      [vendorIncidentIds],
    )) as Array<{
      vendor_incident_id: string;
      vendor_component_id: string;
      name: string;
      group_name: string | null;
      at: Date;
      raw_status: string;
      status: VendorComponentStatus;
    }>;
    return rows.map((r) => ({
      vendorIncidentId: r.vendor_incident_id,
      vendorComponentId: r.vendor_component_id,
      componentName: r.name,
      groupName: r.group_name,
      at: r.at,
      rawStatus: r.raw_status,
      status: r.status,
    }));
  }

  /** The current components of several vendor incidents, with their names. */
  async listComponentsOf(vendorIncidentIds: string[]): Promise<
    Array<{
      vendorIncidentId: string;
      vendorComponentId: string;
      componentName: string;
      groupName: string | null;
      rawStatus: string;
      status: VendorComponentStatus;
    }>
  > {
    if (vendorIncidentIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT c.vendor_incident_id, c.vendor_component_id, vc.name, vc.group_name, c.raw_status, c.status
       FROM vendor_incident_component c JOIN vendor_component vc ON vc.id = c.vendor_component_id
       WHERE c.vendor_incident_id = ANY($1::uuid[])
       ORDER BY vc.group_name NULLS FIRST, vc.name`,
      [vendorIncidentIds],
    )) as Array<{
      vendor_incident_id: string;
      vendor_component_id: string;
      name: string;
      group_name: string | null;
      raw_status: string;
      status: VendorComponentStatus;
    }>;
    return rows.map((r) => ({
      vendorIncidentId: r.vendor_incident_id,
      vendorComponentId: r.vendor_component_id,
      componentName: r.name,
      groupName: r.group_name,
      rawStatus: r.raw_status,
      status: r.status,
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
