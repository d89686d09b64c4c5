import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { VendorIncidentEntity } from '@rca/vendor-incidents';
import { DataSource, EntityManager } from 'typeorm';
import { coalesce } from './coalesce';
import { STALE_OPEN_MS } from './suggestion-score';

export interface CandidateIncident {
  id: string;
  reference: string;
  severity: string;
  startedAt: Date;
  endedAt: Date;
  /** A cause naming the vendor incident is already suggested (not decided): re-score it. */
  suggested: boolean;
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
  /** The stored text, raw status and time of each update, by external id. */
  updates: Map<string, { body: string; rawStatus: string; at: string }>;
  /** An accepted cause links it to an incident of ours (its updates go on that timeline). */
  linked: boolean;
}

/**
 * The end of a vendor incident's window, in SQL (`vi` a vendor_incident, `s` its source, LEFT
 * JOINed): its end; else now while its source's latest successful import listed it (or it showed
 * a sign of life recently); else its last sign of life, so an incident left open forever never
 * overlaps what happens long after. `$stale` is STALE_OPEN_MS in seconds.
 */
const windowEndSql = (stale: string) =>
  `COALESCE(vi.resolved_at, CASE
     WHEN (s.id IS NOT NULL AND s.enabled AND vi.last_seen_at >= s.page_clock
           AND s.last_success_at >= now() - make_interval(secs => ${stale}))
       OR GREATEST(vi.last_seen_at, vi.vendor_updated_at, vi.started_at) >= now() - make_interval(secs => ${stale})
     THEN now()
     ELSE GREATEST(vi.last_seen_at, vi.vendor_updated_at, vi.started_at) END)`;

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
        `(SELECT COALESCE(jsonb_agg(jsonb_build_array(u.external_id, u.body, u.raw_status, u.at)), '[]'::jsonb)
          FROM vendor_incident_update u WHERE u.vendor_incident_id = vi.id)`,
        'update_rows',
      )
      .addSelect(
        "EXISTS (SELECT 1 FROM cause c WHERE c.vendor_incident_id = vi.id AND c.state = 'accepted')",
        'linked',
      )
      .where(
        '(vi.vendor_id, vi.external_id) IN (SELECT * FROM unnest(CAST(:vendorIds AS uuid[]), CAST(:externalIds AS text[])))',
        { vendorIds: keys.map((k) => k.vendorId), externalIds: keys.map((k) => k.externalId) },
      )
      .getRawAndEntities<{
        vi_id: string;
        update_rows: Array<[string, string, string, string]>;
        linked: boolean;
      }>();
    const byId = new Map(raw.map((r) => [r.vi_id, r]));
    for (const incident of entities) {
      const updates = new Map(
        (byId.get(incident.id)?.update_rows ?? []).map(([externalId, body, rawStatus, at]) => [
          externalId,
          { body, rawStatus, at },
        ]),
      );
      result.set(vendorKey(incident.vendorId, incident.externalId), {
        incident,
        updateExternalIds: new Set(updates.keys()),
        updates,
        linked: byId.get(incident.id)?.linked ?? false,
      });
    }
    return result;
  }

  /**
   * Vendor component ids by (vendor, status-page id) — keyed by `vendorKey` —; creates the
   * components the pages name for the first time. One query when they all exist. Matching: the
   * page's component id first; else a component entered by hand (no page id yet) with the page's
   * name in the same group (or with no group), or spelled as the update spells it ("<group> -
   * <name>"), adopts the id; else a new component is created with the page's name and group.
   */
  async ensureVendorComponents(
    components: Array<{
      vendorId: string;
      externalId: string;
      name: string;
      groupName?: string | null;
      /** The name as an update spelled it, if other than `name`. */
      spelled?: string;
    }>,
    manager?: EntityManager,
  ): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    if (components.length === 0) return result;
    const db = this.manager(manager);
    // The page's own name wins over an update's spelling of the same id.
    const unique = new Map<string, (typeof components)[number]>();
    for (const c of components) {
      const key = vendorKey(c.vendorId, c.externalId);
      const before = unique.get(key);
      if (!before || (before.groupName === undefined && c.groupName !== undefined))
        unique.set(key, c);
    }
    const list = [...unique.values()];
    const existing = (await db.query(
      `SELECT vendor_id, id, external_id FROM vendor_component
       WHERE (vendor_id, external_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
      [list.map((c) => c.vendorId), list.map((c) => c.externalId)],
    )) as Array<{ vendor_id: string; id: string; external_id: string }>;
    for (const row of existing) result.set(vendorKey(row.vendor_id, row.external_id), row.id);
    for (const component of list) {
      if (result.has(vendorKey(component.vendorId, component.externalId))) continue;
      const groupName = component.groupName ?? null;
      const spellings = [
        ...new Set(
          [
            component.name,
            component.spelled,
            groupName ? `${groupName} - ${component.name}` : undefined,
          ].filter((n): n is string => Boolean(n)),
        ),
      ];
      const adopted = (await db.query(
        `UPDATE vendor_component SET external_id = $3, group_name = COALESCE(group_name, $4), updated_at = now()
         WHERE id = (
           SELECT id FROM vendor_component
           WHERE vendor_id = $1 AND external_id IS NULL AND name = ANY($2::text[])
             AND (group_name IS NULL OR $4::text IS NULL OR group_name = $4)
           ORDER BY (group_name IS NOT DISTINCT FROM $4) DESC, (name = $5) DESC
           LIMIT 1)
         RETURNING id`,
        [component.vendorId, spellings, component.externalId, groupName, component.name],
      )) as [Array<{ id: string }>, number];
      if (adopted[0].length > 0) {
        result.set(vendorKey(component.vendorId, component.externalId), adopted[0][0].id);
        continue;
      }
      // Names are unique per vendor: a second "CDN" in another group is named with its group,
      // and a renamed or duplicated component with its id.
      const candidates = [
        component.name,
        ...(groupName ? [`${groupName} - ${component.name}`] : []),
        `${component.name} (${component.externalId})`,
      ];
      for (const [index, name] of candidates.entries()) {
        const last = index === candidates.length - 1;
        const inserted = (await db.query(
          last
            ? `INSERT INTO vendor_component (vendor_id, name, external_id, group_name)
               VALUES ($1, $2, $3, $4)
               ON CONFLICT (vendor_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET updated_at = now()
               RETURNING id`
            : `INSERT INTO vendor_component (vendor_id, name, external_id, group_name)
               VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
          [component.vendorId, name, component.externalId, groupName],
        )) as Array<{ id: string }>;
        if (inserted.length > 0) {
          result.set(vendorKey(component.vendorId, component.externalId), inserted[0].id);
          break;
        }
      }
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

  /** The end of each vendor incident's window (see `windowEndSql`). Concurrent polls share one query. */
  async windowEnds(vendorIncidentIds: string[]): Promise<Map<string, Date>> {
    const ends = await this.ends.loadMany(vendorIncidentIds);
    const result = new Map<string, Date>();
    vendorIncidentIds.forEach((id, index) => {
      const end = ends[index];
      if (end instanceof Error) throw end;
      if (end) result.set(id, end);
    });
    return result;
  }

  private readonly ends = coalesce(async (ids: readonly string[]) => {
    const found = await this.loadWindowEnds([...new Set(ids)]);
    return ids.map((id) => found.get(id) ?? null);
  });

  private async loadWindowEnds(vendorIncidentIds: string[]): Promise<Map<string, Date>> {
    if (vendorIncidentIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT vi.id, ${windowEndSql('$2')} AS ends_at
       FROM vendor_incident vi LEFT JOIN status_source s ON s.id = vi.source_id
       WHERE vi.id = ANY($1::uuid[])`,
      [vendorIncidentIds, STALE_OPEN_MS / 1000],
    )) as Array<{ id: string; ends_at: Date }>;
    return new Map(rows.map((r) => [r.id, r.ends_at]));
  }

  /**
   * For each vendor incident window, the incidents of ours, open or resolved within `recentHours`,
   * whose window overlaps it and that have no decided cause naming that vendor incident (a
   * suggested one comes back with `suggested`, to be re-scored). Concurrent
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
      `SELECT w.n, i.id, i.reference, i.severity, i.started_at, COALESCE(i.resolved_at, now()) AS ended_at,
         EXISTS (SELECT 1 FROM cause c WHERE c.incident_id = i.id AND c.vendor_incident_id = w.vendor_incident_id) AS suggested
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::int[])
         WITH ORDINALITY AS w(vendor_incident_id, from_at, to_at, recent_hours, n)
       JOIN incident i ON i.started_at <= w.to_at AND COALESCE(i.resolved_at, now()) >= w.from_at
       WHERE (i.status NOT IN ('resolved', 'closed') OR i.resolved_at >= now() - make_interval(hours => w.recent_hours))
         AND NOT EXISTS (SELECT 1 FROM cause c WHERE c.incident_id = i.id AND c.vendor_incident_id = w.vendor_incident_id
                         AND c.state <> 'suggested')
       ORDER BY w.n, i.started_at`,
      [
        windows.map((w) => w.vendorIncidentId),
        windows.map((w) => w.from),
        windows.map((w) => w.to),
        windows.map((w) => w.recentHours),
      ],
    )) as Array<{
      n: string;
      id: string;
      reference: string;
      severity: string;
      started_at: Date;
      ended_at: Date;
      suggested: boolean;
    }>;
    const lists = windows.map((): CandidateIncident[] => []);
    for (const r of rows)
      lists[Number(r.n) - 1].push({
        id: r.id,
        reference: r.reference,
        severity: r.severity,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        suggested: r.suggested,
      });
    return lists;
  }

  /**
   * Vendor incidents (not maintenances) whose window overlaps this incident of ours and that are
   * not yet a decided cause of it (a suggested one is re-scored), newest first, at most `limit`; with their vendor's name.
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
      .leftJoin('status_source', 's', 's.id = vi.source_id')
      .andWhere('vi.started_at <= COALESCE(i.resolved_at, now())')
      // An open one that went quiet long ago ends, for overlaps, at its last sign of life.
      .andWhere(`${windowEndSql(':staleSeconds')} >= i.started_at`, {
        staleSeconds: STALE_OPEN_MS / 1000,
      })
      .andWhere(
        "NOT EXISTS (SELECT 1 FROM cause c WHERE c.incident_id = i.id AND c.vendor_incident_id = vi.id AND c.state <> 'suggested')",
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
