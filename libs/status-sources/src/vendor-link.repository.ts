import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface CandidateIncident {
  id: string;
  reference: string;
  startedAt: Date;
  endedAt: Date;
}

export interface DependencyPath {
  /** Service names from the impacted service to the one that uses the vendor component. */
  path: string[];
  componentId: string;
  componentName: string;
  hasFallback: boolean;
  criticality: string;
}

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

  /** Vendor component ids by status-page id; creates the components the page names for the first time. */
  async ensureVendorComponents(
    vendorId: string,
    components: Array<{ externalId: string; name: string; groupName?: string | null }>,
    manager?: EntityManager,
  ): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    if (components.length === 0) return result;
    const db = this.manager(manager);
    const unique = [...new Map(components.map((c) => [c.externalId, c])).values()];
    const existing = (await db.query(
      `SELECT id, external_id FROM vendor_component WHERE vendor_id = $1 AND external_id = ANY($2::text[])`,
      [vendorId, unique.map((c) => c.externalId)],
    )) as Array<{ id: string; external_id: string }>;
    for (const row of existing) result.set(row.external_id, row.id);
    for (const component of unique) {
      if (result.has(component.externalId)) continue;
      // A component entered by hand with the same name adopts the status-page id.
      const adopted = (await db.query(
        `UPDATE vendor_component SET external_id = $3, updated_at = now()
         WHERE vendor_id = $1 AND name = $2 AND external_id IS NULL RETURNING id`,
        [vendorId, component.name, component.externalId],
      )) as [Array<{ id: string }>, number];
      if (adopted[0].length > 0) {
        result.set(component.externalId, adopted[0][0].id);
        continue;
      }
      const inserted = (await db.query(
        `INSERT INTO vendor_component (vendor_id, name, external_id, group_name)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
        [vendorId, component.name, component.externalId, component.groupName ?? null],
      )) as Array<{ id: string }>;
      if (inserted.length > 0) {
        result.set(component.externalId, inserted[0].id);
        continue;
      }
      // Same name, other id (a renamed or duplicated component): keep it apart by its id.
      const [renamed] = (await db.query(
        `INSERT INTO vendor_component (vendor_id, name, external_id, group_name)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (vendor_id, external_id) WHERE external_id IS NOT NULL DO UPDATE SET updated_at = now()
         RETURNING id`,
        [
          vendorId,
          `${component.name} (${component.externalId})`,
          component.externalId,
          component.groupName ?? null,
        ],
      )) as Array<{ id: string }>;
      result.set(component.externalId, renamed.id);
    }
    return result;
  }

  /**
   * Appends every stored update of these vendor incidents to the timeline of each incident of
   * ours linked by an accepted cause; the unique (incident, vendor update) index makes it exactly once.
   */
  async appendLinkedUpdates(
    vendorIncidentIds: string[],
    manager?: EntityManager,
    incidentId?: string,
  ): Promise<number> {
    if (vendorIncidentIds.length === 0) return 0;
    const rows = (await this.manager(manager).query(
      `INSERT INTO timeline_event (incident_id, occurred_at, entered_zone, entered_local, kind, source, body, author, vendor_incident_update_id)
       SELECT c.incident_id, u.at, 'UTC', to_char(u.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'),
              'vendor_update', 'vendor_import',
              '**' || v.name || '** · ' || vi.title || ' — ' || u.raw_status || E'\\n\\n' || u.body ||
                CASE WHEN vi.shortlink ~ '^https?://' THEN E'\\n\\n[View on the status page](' || vi.shortlink || ')' ELSE '' END,
              'vendor import', u.id
       FROM cause c
       JOIN vendor_incident vi ON vi.id = c.vendor_incident_id
       JOIN vendor v ON v.id = vi.vendor_id
       JOIN vendor_incident_update u ON u.vendor_incident_id = vi.id
       WHERE c.state = 'accepted' AND c.vendor_incident_id = ANY($1::uuid[])
         AND ($2::uuid IS NULL OR c.incident_id = $2)
       ON CONFLICT (incident_id, vendor_incident_update_id) WHERE vendor_incident_update_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [vendorIncidentIds, incidentId ?? null],
    )) as Array<{ id: string }>;
    return rows.length;
  }

  /** Incidents of ours, open or resolved within `recentHours`, whose window overlaps [from, to]. */
  async candidateIncidents(
    vendorIncidentId: string,
    from: Date,
    to: Date,
    recentHours: number,
  ): Promise<CandidateIncident[]> {
    const rows = (await this.dataSource.query(
      `SELECT i.id, i.reference, i.started_at, COALESCE(i.resolved_at, now()) AS ended_at
       FROM incident i
       WHERE (i.status NOT IN ('resolved', 'closed') OR i.resolved_at >= now() - make_interval(hours => $4))
         AND i.started_at <= $3 AND COALESCE(i.resolved_at, now()) >= $2
         AND NOT EXISTS (SELECT 1 FROM cause c WHERE c.incident_id = i.id AND c.vendor_incident_id = $1)
       ORDER BY i.started_at`,
      [vendorIncidentId, from, to, recentHours],
    )) as Array<{ id: string; reference: string; started_at: Date; ended_at: Date }>;
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      startedAt: r.started_at,
      endedAt: r.ended_at,
    }));
  }

  /** Paths from the incident's impacted services (through service dependencies) to the vendor's components. */
  async dependencyPaths(incidentId: string, vendorId: string): Promise<DependencyPath[]> {
    const rows = (await this.dataSource.query(
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

  /** Inserts a suggested cause unless one (suggested, accepted or rejected) exists for the pair. */
  async insertSuggestion(suggestion: {
    incidentId: string;
    vendorId: string;
    vendorIncidentId: string;
    vendorComponentIds: string[];
    explanation: string;
    score: number;
    reasons: unknown[];
  }): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `INSERT INTO cause (incident_id, vendor_id, vendor_incident_id, vendor_component_ids, role, state,
           explanation, score, reasons, created_by)
         VALUES ($1, $2, $3, $4::uuid[], 'root_cause', 'suggested', $5, $6, $7::jsonb, 'system')
         ON CONFLICT (incident_id, vendor_incident_id) WHERE vendor_incident_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [
          suggestion.incidentId,
          suggestion.vendorId,
          suggestion.vendorIncidentId,
          suggestion.vendorComponentIds,
          suggestion.explanation,
          suggestion.score,
          JSON.stringify(suggestion.reasons),
        ],
      )) as Array<{ id: string }>;
      if (rows.length === 0) return null;
      await this.activity(
        manager,
        suggestion.incidentId,
        'system',
        'cause.suggested',
        rows[0].id,
        null,
        {
          state: 'suggested',
          score: suggestion.score,
          vendorIncidentId: suggestion.vendorIncidentId,
        },
      );
      return rows[0].id;
    });
  }

  /**
   * suggested → accepted|rejected with an optimistic version check. Accepting imports the
   * vendor updates so far into the timeline, in the same transaction.
   */
  async decide(
    causeId: string,
    version: number,
    state: 'accepted' | 'rejected',
    actor: string,
  ): Promise<
    | { outcome: 'ok'; cause: Record<string, unknown>; imported: number }
    | { outcome: 'missing' }
    | { outcome: 'stale'; current: Record<string, unknown> }
  > {
    return this.dataSource.transaction(async (manager) => {
      const [before] = (await manager.query(`SELECT * FROM cause WHERE id = $1`, [
        causeId,
      ])) as Array<Record<string, unknown>>;
      if (!before) return { outcome: 'missing' as const };
      const [rows] = (await manager.query(
        `UPDATE cause SET state = $3, decided_by = $4, decided_at = now(), version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING *`,
        [causeId, version, state, actor],
      )) as [Array<Record<string, unknown>>, number];
      if (rows.length === 0) return { outcome: 'stale' as const, current: before };
      const cause = rows[0];
      await this.activity(
        manager,
        cause.incident_id as string,
        actor,
        `cause.${state}`,
        causeId,
        { state: before.state },
        { state },
      );
      const imported =
        state === 'accepted' && cause.vendor_incident_id
          ? await this.appendLinkedUpdates(
              [cause.vendor_incident_id as string],
              manager,
              cause.incident_id as string,
            )
          : 0;
      return { outcome: 'ok' as const, cause, imported };
    });
  }

  private async activity(
    manager: EntityManager,
    incidentId: string,
    actor: string,
    action: string,
    subjectId: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO incident_activity (incident_id, actor, action, subject_type, subject_id, before, after)
       VALUES ($1, $2, $3, 'cause', $4, $5::jsonb, $6::jsonb)`,
      [
        incidentId,
        actor,
        action,
        subjectId,
        before && JSON.stringify(before),
        after && JSON.stringify(after),
      ],
    );
  }
}
