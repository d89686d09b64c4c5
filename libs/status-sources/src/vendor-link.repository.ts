import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { VendorIncidentEntity } from '@rca/vendor-incidents';
import { DataSource, EntityManager } from 'typeorm';
import { coalesce } from './coalesce';

export interface CandidateIncident {
  id: string;
  reference: string;
  startedAt: Date;
  endedAt: Date;
}

interface CandidateWindow {
  vendorIncidentId: string;
  from: Date;
  to: Date;
  recentHours: number;
}

export interface DependencyPath {
  /** Service names from the impacted service to the one that uses the vendor component. */
  path: string[];
  componentId: string;
  componentName: string;
  hasFallback: boolean;
  criticality: string;
}

/** A stored vendor incident as an import sees it. */
export interface StoredVendorIncident {
  incident: VendorIncidentEntity;
  updateExternalIds: Set<string>;
  /** An accepted cause links it to an incident of ours (its updates go on that timeline). */
  linked: boolean;
}

/** The key of a vendor's row by its status-page id, in the maps below. */
export const vendorKey = (vendorId: string, externalId: string) => `${vendorId} ${externalId}`;

/**
 * Queries that join vendor data to our incidents (vendor components, timeline, causes, activity).
 * The tables belong to the catalog/incidents domains; these are the status importer's writes.
 */
@Injectable()
export class VendorLinkRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /**
   * What an import needs to know of vendors' stored incidents, in one query: the rows by
   * (vendor, external id) — keyed by `vendorKey` —, the external ids of their updates, and
   * whether an accepted cause links them.
   */
  async storedState(
    keys: Array<{ vendorId: string; externalId: string }>,
    manager?: EntityManager,
  ): Promise<Map<string, StoredVendorIncident>> {
    const result = new Map<string, StoredVendorIncident>();
    if (keys.length === 0) return result;
    const { entities, raw } = await this.manager(manager)
      .createQueryBuilder(VendorIncidentEntity, 'vi')
      .addSelect(
        'ARRAY(SELECT u.external_id FROM vendor_incident_update u WHERE u.vendor_incident_id = vi.id)',
        'update_ids',
      )
      .addSelect(
        "EXISTS (SELECT 1 FROM cause c WHERE c.vendor_incident_id = vi.id AND c.state = 'accepted')",
        'linked',
      )
      .where(
        '(vi.vendor_id, vi.external_id) IN (SELECT * FROM unnest(CAST(:vendorIds AS uuid[]), CAST(:externalIds AS text[])))',
        { vendorIds: keys.map((k) => k.vendorId), externalIds: keys.map((k) => k.externalId) },
      )
      .getRawAndEntities<{ vi_id: string; update_ids: string[]; linked: boolean }>();
    const byId = new Map(raw.map((r) => [r.vi_id, r]));
    for (const incident of entities)
      result.set(vendorKey(incident.vendorId, incident.externalId), {
        incident,
        updateExternalIds: new Set(byId.get(incident.id)?.update_ids ?? []),
        linked: byId.get(incident.id)?.linked ?? false,
      });
    return result;
  }

  /**
   * Vendor component ids by (vendor, status-page id) — keyed by `vendorKey` —; creates the
   * components the pages name for the first time. One query when they all exist.
   */
  async ensureVendorComponents(
    components: Array<{
      vendorId: string;
      externalId: string;
      name: string;
      groupName?: string | null;
    }>,
    manager?: EntityManager,
  ): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    if (components.length === 0) return result;
    const db = this.manager(manager);
    const unique = [
      ...new Map(components.map((c) => [vendorKey(c.vendorId, c.externalId), c])).values(),
    ];
    const existing = (await db.query(
      `SELECT vendor_id, id, external_id FROM vendor_component
       WHERE (vendor_id, external_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
      [unique.map((c) => c.vendorId), unique.map((c) => c.externalId)],
    )) as Array<{ vendor_id: string; id: string; external_id: string }>;
    for (const row of existing) result.set(vendorKey(row.vendor_id, row.external_id), row.id);
    for (const component of unique) {
      if (result.has(vendorKey(component.vendorId, component.externalId))) continue;
      // A component entered by hand with the same name adopts the status-page id.
      const adopted = (await db.query(
        `UPDATE vendor_component SET external_id = $3, updated_at = now()
         WHERE vendor_id = $1 AND name = $2 AND external_id IS NULL RETURNING id`,
        [component.vendorId, component.name, component.externalId],
      )) as [Array<{ id: string }>, number];
      if (adopted[0].length > 0) {
        result.set(vendorKey(component.vendorId, component.externalId), adopted[0][0].id);
        continue;
      }
      const inserted = (await db.query(
        `INSERT INTO vendor_component (vendor_id, name, external_id, group_name)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
        [component.vendorId, component.name, component.externalId, component.groupName ?? null],
      )) as Array<{ id: string }>;
      if (inserted.length > 0) {
        result.set(vendorKey(component.vendorId, component.externalId), inserted[0].id);
        continue;
      }
      // Same name, other id (a renamed or duplicated component): keep it apart by its id.
      const [renamed] = (await db.query(
        `INSERT INTO vendor_component (vendor_id, name, external_id, group_name)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (vendor_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET updated_at = now()
         RETURNING id`,
        [
          component.vendorId,
          `${component.name} (${component.externalId})`,
          component.externalId,
          component.groupName ?? null,
        ],
      )) as Array<{ id: string }>;
      result.set(vendorKey(component.vendorId, component.externalId), renamed.id);
    }
    return result;
  }

  /** The vendor incident an accepted cause names (null: not accepted, or no vendor incident). */
  async acceptedCauseVendorIncident(
    causeId: string,
    manager?: EntityManager,
  ): Promise<{ incidentId: string; vendorIncidentId: string } | null> {
    const [row] = (await this.manager(manager).query(
      `SELECT incident_id, vendor_incident_id FROM cause
        WHERE id = $1 AND state = 'accepted' AND vendor_incident_id IS NOT NULL`,
      [causeId],
    )) as Array<{ incident_id: string; vendor_incident_id: string }>;
    return row ? { incidentId: row.incident_id, vendorIncidentId: row.vendor_incident_id } : null;
  }

  /** Incidents of ours linked to these vendor incidents by an accepted cause. */
  async acceptedLinks(
    vendorIncidentIds: string[],
    manager?: EntityManager,
    incidentId?: string,
  ): Promise<
    Array<{
      incidentId: string;
      vendorIncidentId: string;
      vendorName: string;
      shortlink: string | null;
    }>
  > {
    if (vendorIncidentIds.length === 0) return [];
    const rows = (await this.manager(manager).query(
      `SELECT c.incident_id, c.vendor_incident_id, v.name AS vendor_name, vi.shortlink
       FROM cause c
       JOIN vendor_incident vi ON vi.id = c.vendor_incident_id
       JOIN vendor v ON v.id = vi.vendor_id
       WHERE c.state = 'accepted' AND c.vendor_incident_id = ANY($1::uuid[])
         AND ($2::uuid IS NULL OR c.incident_id = $2)`,
      [vendorIncidentIds, incidentId ?? null],
    )) as Array<{
      incident_id: string;
      vendor_incident_id: string;
      vendor_name: string;
      shortlink: string | null;
    }>;
    return rows.map((r) => ({
      incidentId: r.incident_id,
      vendorIncidentId: r.vendor_incident_id,
      vendorName: r.vendor_name,
      // Only http(s) links go into markdown.
      shortlink: r.shortlink && /^https?:\/\//i.test(r.shortlink) ? r.shortlink : null,
    }));
  }

  /**
   * For each vendor incident window, the incidents of ours, open or resolved within `recentHours`,
   * whose window overlaps it and that have no cause naming that vendor incident yet. Concurrent
   * polls share one query.
   */
  async candidateIncidents(
    windows: Array<{ vendorIncidentId: string; from: Date; to: Date }>,
    recentHours: number,
  ): Promise<Map<string, CandidateIncident[]>> {
    const lists = await this.candidates.loadMany(windows.map((w) => ({ ...w, recentHours })));
    const result = new Map<string, CandidateIncident[]>();
    windows.forEach((window, index) => {
      const list = lists[index];
      if (list instanceof Error) throw list;
      if (list.length > 0) result.set(window.vendorIncidentId, list);
    });
    return result;
  }

  private readonly candidates = coalesce((windows: readonly CandidateWindow[]) =>
    this.loadCandidates(windows),
  );

  private async loadCandidates(
    windows: readonly CandidateWindow[],
  ): Promise<CandidateIncident[][]> {
    const rows = (await this.dataSource.query(
      `SELECT w.n, i.id, i.reference, i.started_at, COALESCE(i.resolved_at, now()) AS ended_at
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::int[])
         WITH ORDINALITY AS w(vendor_incident_id, from_at, to_at, recent_hours, n)
       JOIN incident i ON i.started_at <= w.to_at AND COALESCE(i.resolved_at, now()) >= w.from_at
       WHERE (i.status NOT IN ('resolved', 'closed') OR i.resolved_at >= now() - make_interval(hours => w.recent_hours))
         AND NOT EXISTS (SELECT 1 FROM cause c WHERE c.incident_id = i.id AND c.vendor_incident_id = w.vendor_incident_id)
       ORDER BY w.n, i.started_at`,
      [
        windows.map((w) => w.vendorIncidentId),
        windows.map((w) => w.from),
        windows.map((w) => w.to),
        windows.map((w) => w.recentHours),
      ],
    )) as Array<{ n: string; id: string; reference: string; started_at: Date; ended_at: Date }>;
    const lists = windows.map((): CandidateIncident[] => []);
    for (const r of rows)
      lists[Number(r.n) - 1].push({
        id: r.id,
        reference: r.reference,
        startedAt: r.started_at,
        endedAt: r.ended_at,
      });
    return lists;
  }

  /**
   * Vendor incidents (not maintenances) whose window overlaps this incident of ours and that are
   * not yet a cause of it, newest first, at most `limit`; with their vendor's name.
   */
  async vendorIncidentsOverlapping(
    incidentId: string,
    limit = 200,
  ): Promise<Array<{ vendorIncident: VendorIncidentEntity; vendorName: string }>> {
    const { entities, raw } = await this.dataSource.manager
      .createQueryBuilder(VendorIncidentEntity, 'vi')
      .innerJoin('vendor', 'v', 'v.id = vi.vendor_id')
      .innerJoin('incident', 'i', 'i.id = :incidentId', { incidentId })
      .addSelect('v.name', 'vendor_name')
      .where("vi.kind = 'incident' AND vi.started_at IS NOT NULL")
      .andWhere('vi.started_at <= COALESCE(i.resolved_at, now())')
      .andWhere('COALESCE(vi.resolved_at, now()) >= i.started_at')
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM cause c WHERE c.incident_id = i.id AND c.vendor_incident_id = vi.id)',
      )
      .orderBy('vi.started_at', 'DESC')
      .limit(limit)
      .getRawAndEntities<{ vi_id: string; vendor_name: string }>();
    const names = new Map(raw.map((r) => [r.vi_id, r.vendor_name]));
    return entities.map((vendorIncident) => ({
      vendorIncident,
      vendorName: names.get(vendorIncident.id) ?? 'vendor',
    }));
  }

  /** Paths from the incident's impacted services (through service dependencies) to the vendor's components. */
  async dependencyPaths(
    incidentId: string,
    vendorId: string,
    manager?: EntityManager,
  ): Promise<DependencyPath[]> {
    const rows = (await this.manager(manager).query(
      `WITH RECURSIVE walk(service_id, path) AS (
         SELECT DISTINCT s.id, ARRAY[s.name]::text[]
         FROM impact im JOIN service s ON s.id = im.service_id
         WHERE im.incident_id = $1 AND im.level <> 'operational'
         UNION ALL
         SELECT d.depends_on_service_id, w.path || s.name
         FROM walk w
         JOIN dependency d ON d.service_id = w.service_id AND d.depends_on_service_id IS NOT NULL
         JOIN service s ON s.id = d.depends_on_service_id
         WHERE NOT (s.name = ANY(w.path)) AND cardinality(w.path) < 8
       )
       SELECT w.path, vc.id AS component_id, vc.name AS component_name, d.has_fallback, d.criticality
       FROM walk w
       JOIN dependency d ON d.service_id = w.service_id AND d.vendor_component_id IS NOT NULL
       JOIN vendor_component vc ON vc.id = d.vendor_component_id
       WHERE vc.vendor_id = $2`,
      [incidentId, vendorId],
    )) as Array<{
      path: string[];
      component_id: string;
      component_name: string;
      has_fallback: boolean;
      criticality: string;
    }>;
    return rows.map((r) => ({
      path: r.path,
      componentId: r.component_id,
      componentName: r.component_name,
      hasFallback: r.has_fallback,
      criticality: r.criticality,
    }));
  }

  /**
   * Serialises auto-drafts of one vendor incident (two polls of the vendor at once), until the
   * caller's transaction ends.
   */
  async lockAutoDraft(manager: EntityManager, vendorIncidentId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('rca.auto-draft'), hashtext($1))`, [
      vendorIncidentId,
    ]);
  }

  /** The incident drafted for this vendor incident, if one ever was. */
  async autoDraftOf(vendorIncidentId: string, manager?: EntityManager): Promise<string | null> {
    const [row] = (await this.manager(manager).query(
      `SELECT incident_id FROM auto_draft WHERE vendor_incident_id = $1`,
      [vendorIncidentId],
    )) as Array<{ incident_id: string }>;
    return row?.incident_id ?? null;
  }

  async recordAutoDraft(
    manager: EntityManager,
    vendorIncidentId: string,
    incidentId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO auto_draft (vendor_incident_id, incident_id) VALUES ($1, $2)`,
      [vendorIncidentId, incidentId],
    );
  }

  /**
   * References of our open incidents that already cover a vendor incident: they impact one of
   * these services, or have it as an accepted cause.
   */
  async openIncidentsCovering(
    vendorIncidentId: string,
    serviceIds: string[],
    openStatuses: readonly string[],
    manager?: EntityManager,
  ): Promise<string[]> {
    const rows = (await this.manager(manager).query(
      `SELECT i.reference FROM incident i
       WHERE i.status = ANY($3::text[])
         AND (EXISTS (SELECT 1 FROM impact im
                      WHERE im.incident_id = i.id AND im.level <> 'operational' AND im.service_id = ANY($2::uuid[]))
              OR EXISTS (SELECT 1 FROM cause c
                         WHERE c.incident_id = i.id AND c.vendor_incident_id = $1 AND c.state = 'accepted'))
       ORDER BY i.started_at`,
      [vendorIncidentId, serviceIds, openStatuses],
    )) as Array<{ reference: string }>;
    return rows.map((row) => row.reference);
  }
}
