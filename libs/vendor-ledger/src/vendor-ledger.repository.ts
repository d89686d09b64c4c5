import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Viewer, VisibilityService } from '@rca/accounts';
import type { LedgerCausedIncident } from '@rca/api-contract';
import { DataSource, EntityManager } from 'typeorm';
import { SlaClaimReminderEntity } from './sla-claim-reminder.entity';
import { SlaContractEntity } from './sla-contract.entity';

/** The causes that put a vendor on our ledger: accepted, as root cause or contributing factor. */
const LEDGER_ROLES = `('root_cause', 'contributing')`;

/** Month buckets of [$1, $2) in zone $3: local midnights, so DST months have their true length. */
const BUCKETS = `buckets AS (
  SELECT to_char(m, 'YYYY-MM') AS month,
         tstzrange(m AT TIME ZONE $3, (m + interval '1 month') AT TIME ZONE $3) AS r
  FROM generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE $3),
                       ($2::timestamptz AT TIME ZONE $3) - interval '1 microsecond',
                       interval '1 month') m
)`;

/** Minutes of a multirange (sum of its ranges). */
const MINUTES = (multirange: string) =>
  `(SELECT COALESCE(sum(extract(epoch FROM upper(x) - lower(x))), 0) / 60.0 FROM unnest(${multirange}) x)`;

/** Service filter on alias `s` (team and service parameters). */
const serviceFilter = (team: string, service: string) =>
  `(${team}::text IS NULL OR s.owner_team = ${team}) AND (${service}::uuid IS NULL OR s.id = ${service})`;
const SERVICE_FILTER = serviceFilter('$6', '$7');

/** Where the ledger's queries find an incident's visibility (alias `i`). */
const INCIDENT_VISIBILITY = { privateColumn: 'i.private', teamColumn: 'i.team_id' };

export interface LedgerQuery {
  /** Start of the earliest bucket (previous period or chart, whichever is earlier). */
  from: Date;
  to: Date;
  zone: string;
  now: Date;
  vendorId: string | null;
  team: string | null;
  serviceId: string | null;
  /** The reported period and the one before it (for counts and lags). */
  periodFrom: Date;
  previousFrom: Date;
  /** Whom the figures are for: a private incident counts only for its team and admins. */
  viewer: Viewer;
}

export interface DowntimeRow {
  vendorId: string;
  vendorName: string;
  vendorSlug: string;
  serviceId: string;
  serviceName: string;
  serviceSlug: string;
  month: string;
  level: 'major_outage' | 'partial_outage' | 'degraded';
  minutes: number;
}

export interface VendorReportedRow {
  vendorId: string;
  /** null: every component we depend on, merged (a minute counts once). */
  componentId: string | null;
  componentName: string | null;
  month: string;
  level: 'major_outage' | 'partial_outage' | 'degraded_performance';
  minutes: number;
}

export interface IncidentFamilyRow {
  vendorId: string;
  vendorName: string;
  vendorSlug: string;
  incidents: number;
  previousIncidents: number;
  bySeverity: Record<string, number>;
  medianFirstUpdateLagMinutes: number | null;
  worstFirstUpdateLagMinutes: number | null;
  medianResolvedLagMinutes: number | null;
  worstResolvedLagMinutes: number | null;
  list: LedgerCausedIncident[];
}

export interface SpofRow {
  vendorId: string;
  vendorName: string;
  vendorSlug: string;
  serviceId: string;
  serviceName: string;
  serviceSlug: string;
  components: string[];
}

export interface VendorIncidentCountRow {
  vendorId: string;
  vendorIncidents: number;
  withoutComponentStatuses: number;
}

export interface CreditMonthRow {
  month: string;
  monthMinutes: number;
  vendorMinutes: number;
  ourMinutes: number;
  vendorIntervals: Array<[string, string]>;
  ourIntervals: Array<[string, string]>;
}

export interface ImpactEvidenceRow {
  reference: string;
  title: string;
  serviceName: string;
  level: string;
  startedAt: Date;
  endedAt: Date | null;
  effectiveEnd: Date;
}

const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/** Every query of the ledger and the SLA credits; reads other domains' tables, writes only its own. */
@Injectable()
export class VendorLedgerRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly visibility: VisibilityService,
  ) {}

  /**
   * Runs one of the ledger's figure queries with JIT off: they are short analytic queries whose
   * many range expressions make Postgres spend seconds compiling them (bench: 8.8 s → 2.5 s for
   * twelve months of five years' data); the plans themselves stay the same.
   */
  private analytic(sql: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL jit = off');
      return (await manager.query(sql, params)) as Array<Record<string, unknown>>;
    });
  }

  private params(query: LedgerQuery): unknown[] {
    return [
      query.from,
      query.to,
      query.zone,
      query.now,
      query.vendorId,
      query.team,
      query.serviceId,
    ];
  }

  /**
   * Our downtime attributed to vendors, per vendor, service, month and level. Windows of one
   * service are merged per vendor (range_agg), so overlapping impacts count once; a minute hit at
   * several levels counts at the worst (minutes at ≥ level, minus minutes at ≥ the next level).
   * Open impacts end at the incident's resolution, else now.
   */
  async downtime(query: LedgerQuery): Promise<DowntimeRow[]> {
    const parameters = this.params(query);
    const visible = this.visibility.condition(query.viewer, INCIDENT_VISIBILITY, parameters);
    const rows = (await this.analytic(
      `WITH ${BUCKETS},
       levels(level, rank) AS (VALUES ('degraded', 1), ('partial_outage', 2), ('major_outage', 3)),
       caused AS (
         SELECT DISTINCT c.vendor_id, c.incident_id FROM cause c
         WHERE c.state = 'accepted' AND c.role IN ${LEDGER_ROLES} AND ($5::uuid IS NULL OR c.vendor_id = $5)
       ),
       windows AS (
         SELECT ca.vendor_id, im.service_id, lv.rank,
                tstzrange(im.started_at, GREATEST(im.started_at, COALESCE(im.ended_at, i.resolved_at, $4))) AS r
         FROM caused ca
         JOIN incident i ON i.id = ca.incident_id
         JOIN impact im ON im.incident_id = i.id
         JOIN levels lv ON lv.level = im.level
         JOIN service s ON s.id = im.service_id
         WHERE ${SERVICE_FILTER} AND ${visible}
           AND im.started_at < $2 AND COALESCE(im.ended_at, i.resolved_at, $4) > $1
       ),
       at_least AS (
         SELECT w.vendor_id, w.service_id, l.rank, range_agg(w.r) AS mr
         FROM windows w JOIN levels l ON w.rank >= l.rank
         GROUP BY w.vendor_id, w.service_id, l.rank
       ),
       sliced AS MATERIALIZED (
         SELECT a.vendor_id, a.service_id, a.rank, b.month, ${MINUTES('a.mr * multirange(b.r)')} AS minutes
         FROM at_least a JOIN buckets b ON a.mr && b.r
       ),
       exact AS (
         SELECT sl.*, sl.minutes - COALESCE(lead(sl.minutes) OVER (
                  PARTITION BY sl.vendor_id, sl.service_id, sl.month ORDER BY sl.rank), 0) AS level_minutes
         FROM sliced sl
       )
       SELECT e.vendor_id, v.name AS vendor_name, v.slug AS vendor_slug, e.service_id,
              s.name AS service_name, s.slug AS service_slug, e.month, lv.level, e.level_minutes AS minutes
       FROM exact e
       JOIN levels lv ON lv.rank = e.rank
       JOIN vendor v ON v.id = e.vendor_id
       JOIN service s ON s.id = e.service_id
       WHERE e.level_minutes > 0
       ORDER BY v.name, s.name, e.month, e.rank DESC`,
      parameters,
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      vendorId: row.vendor_id as string,
      vendorName: row.vendor_name as string,
      vendorSlug: row.vendor_slug as string,
      serviceId: row.service_id as string,
      serviceName: row.service_name as string,
      serviceSlug: row.service_slug as string,
      month: row.month as string,
      level: row.level as DowntimeRow['level'],
      minutes: Number(row.minutes),
    }));
  }

  /**
   * The vendor's own minutes on the components our (filtered) services depend on, from the
   * component status history of its incidents: each status lasts until the next one of that
   * component, else the vendor incident's resolution, else now. Per component and, merged, per
   * vendor (componentId null).
   */
  async vendorReported(query: LedgerQuery): Promise<VendorReportedRow[]> {
    const rows = (await this.analytic(
      `WITH ${BUCKETS},
       levels(level, rank) AS (VALUES ('degraded_performance', 1), ('partial_outage', 2), ('major_outage', 3)),
       components AS (
         SELECT DISTINCT d.vendor_component_id AS id
         FROM dependency d JOIN service s ON s.id = d.service_id
         WHERE d.vendor_component_id IS NOT NULL AND ${SERVICE_FILTER}
       ),
       spans AS (
         SELECT vi.vendor_id, st.vendor_component_id, st.status, st.at AS starts,
                COALESCE(lead(st.at) OVER (PARTITION BY st.vendor_incident_id, st.vendor_component_id ORDER BY st.at),
                         vi.resolved_at, $4) AS ends
         FROM vendor_incident vi
         JOIN vendor_incident_component_status st ON st.vendor_incident_id = vi.id
         WHERE vi.kind = 'incident' AND ($5::uuid IS NULL OR vi.vendor_id = $5)
           AND st.vendor_component_id IN (SELECT id FROM components)
           AND COALESCE(vi.started_at, vi.created_at) < $2 AND COALESCE(vi.resolved_at, $4) > $1
       ),
       windows AS (
         SELECT sp.vendor_id, sp.vendor_component_id, lv.rank, tstzrange(sp.starts, GREATEST(sp.starts, sp.ends)) AS r
         FROM spans sp JOIN levels lv ON lv.level = sp.status
       ),
       at_least AS (
         SELECT w.vendor_id, w.vendor_component_id, l.rank, range_agg(w.r) AS mr
         FROM windows w JOIN levels l ON w.rank >= l.rank
         GROUP BY GROUPING SETS ((w.vendor_id, w.vendor_component_id, l.rank), (w.vendor_id, l.rank))
       ),
       sliced AS MATERIALIZED (
         SELECT a.vendor_id, a.vendor_component_id, a.rank, b.month, ${MINUTES('a.mr * multirange(b.r)')} AS minutes
         FROM at_least a JOIN buckets b ON a.mr && b.r
       ),
       exact AS (
         SELECT sl.*, sl.minutes - COALESCE(lead(sl.minutes) OVER (
                  PARTITION BY sl.vendor_id, sl.vendor_component_id, sl.month ORDER BY sl.rank), 0) AS level_minutes
         FROM sliced sl
       )
       SELECT e.vendor_id, e.vendor_component_id, vc.name AS component_name, e.month, lv.level,
              e.level_minutes AS minutes
       FROM exact e JOIN levels lv ON lv.rank = e.rank
       LEFT JOIN vendor_component vc ON vc.id = e.vendor_component_id
       WHERE e.level_minutes > 0
       ORDER BY e.vendor_id, vc.name NULLS FIRST, e.month, e.rank DESC`,
      this.params(query),
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      vendorId: row.vendor_id as string,
      componentId: (row.vendor_component_id as string | null) ?? null,
      componentName: (row.component_name as string | null) ?? null,
      month: row.month as string,
      level: row.level as VendorReportedRow['level'],
      minutes: Number(row.minutes),
    }));
  }

  /**
   * Our incidents caused by each vendor in the period and the one before, by severity, with the
   * status-page lag of each (our detection, else start → the vendor's first update and its
   * "resolved"), median and worst per vendor.
   */
  async incidents(query: LedgerQuery): Promise<IncidentFamilyRow[]> {
    const parameters: unknown[] = [
      query.vendorId,
      query.team,
      query.serviceId,
      query.periodFrom,
      query.previousFrom,
      query.to,
    ];
    const visible = this.visibility.condition(query.viewer, INCIDENT_VISIBILITY, parameters);
    const rows = (await this.analytic(
      `WITH caused AS (
         SELECT c.vendor_id, c.incident_id,
                (array_agg(c.vendor_incident_id ORDER BY c.created_at) FILTER (WHERE c.vendor_incident_id IS NOT NULL))[1] AS vendor_incident_id
         FROM cause c
         WHERE c.state = 'accepted' AND c.role IN ${LEDGER_ROLES} AND ($1::uuid IS NULL OR c.vendor_id = $1)
         GROUP BY c.vendor_id, c.incident_id
       ),
       picked AS (
         SELECT ca.vendor_id, i.reference, i.title, i.severity, i.started_at, i.detected_at,
                i.started_at >= $4 AS current, vi.id AS vendor_incident_id, vi.title AS vendor_incident_title,
                (SELECT min(u.at) FROM vendor_incident_update u WHERE u.vendor_incident_id = vi.id) AS first_at,
                COALESCE((SELECT min(u.at) FROM vendor_incident_update u
                          WHERE u.vendor_incident_id = vi.id AND u.status = 'resolved'), vi.resolved_at) AS resolved_at
         FROM caused ca
         JOIN incident i ON i.id = ca.incident_id
         LEFT JOIN vendor_incident vi ON vi.id = ca.vendor_incident_id
         WHERE i.started_at >= $5 AND i.started_at < $6 AND ${visible}
           AND (($2::text IS NULL AND $3::uuid IS NULL) OR EXISTS (
             SELECT 1 FROM impact im JOIN service s ON s.id = im.service_id
             WHERE im.incident_id = i.id AND ${serviceFilter('$2', '$3')}))
       ),
       lagged AS (
         SELECT p.*,
                extract(epoch FROM p.first_at - COALESCE(p.detected_at, p.started_at)) / 60.0 AS first_lag,
                extract(epoch FROM p.resolved_at - COALESCE(p.detected_at, p.started_at)) / 60.0 AS resolved_lag
         FROM picked p
       ),
       severities AS (
         SELECT vendor_id, jsonb_object_agg(severity, n) AS by_severity
         FROM (SELECT vendor_id, severity, count(*) AS n FROM lagged WHERE current GROUP BY vendor_id, severity) q
         GROUP BY vendor_id
       )
       SELECT l.vendor_id, v.name AS vendor_name, v.slug AS vendor_slug,
              count(*) FILTER (WHERE l.current) AS incidents,
              count(*) FILTER (WHERE NOT l.current) AS previous_incidents,
              COALESCE(max(sv.by_severity::text), '{}')::jsonb AS by_severity,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY l.first_lag) FILTER (WHERE l.current) AS median_first,
              max(l.first_lag) FILTER (WHERE l.current) AS worst_first,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY l.resolved_lag) FILTER (WHERE l.current) AS median_resolved,
              max(l.resolved_lag) FILTER (WHERE l.current) AS worst_resolved,
              COALESCE(jsonb_agg(jsonb_build_object(
                'reference', l.reference, 'title', l.title, 'severity', l.severity,
                'startedAt', l.started_at, 'detectedAt', l.detected_at,
                'vendorIncidentId', l.vendor_incident_id, 'vendorIncidentTitle', l.vendor_incident_title,
                'vendorFirstUpdateAt', l.first_at, 'vendorResolvedAt', l.resolved_at,
                'firstUpdateLagMinutes', round(l.first_lag::numeric, 1),
                'resolvedLagMinutes', round(l.resolved_lag::numeric, 1)
              ) ORDER BY l.started_at) FILTER (WHERE l.current), '[]') AS list
       FROM lagged l
       JOIN vendor v ON v.id = l.vendor_id
       LEFT JOIN severities sv ON sv.vendor_id = l.vendor_id
       GROUP BY l.vendor_id, v.name, v.slug
       ORDER BY v.name`,
      parameters,
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      vendorId: row.vendor_id as string,
      vendorName: row.vendor_name as string,
      vendorSlug: row.vendor_slug as string,
      incidents: Number(row.incidents),
      previousIncidents: Number(row.previous_incidents),
      bySeverity: row.by_severity as Record<string, number>,
      medianFirstUpdateLagMinutes: number(row.median_first),
      worstFirstUpdateLagMinutes: number(row.worst_first),
      medianResolvedLagMinutes: number(row.median_resolved),
      worstResolvedLagMinutes: number(row.worst_resolved),
      list: (row.list as Array<Record<string, unknown>>).map((item) => ({
        ...(item as unknown as LedgerCausedIncident),
        firstUpdateLagMinutes: number(item.firstUpdateLagMinutes),
        resolvedLagMinutes: number(item.resolvedLagMinutes),
      })),
    }));
  }

  /** Services (filtered) that depend on a vendor's component with no fallback. */
  async singlePointsOfFailure(query: LedgerQuery): Promise<SpofRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT vc.vendor_id, v.name AS vendor_name, v.slug AS vendor_slug, s.id AS service_id,
              s.name AS service_name, s.slug AS service_slug, array_agg(DISTINCT vc.name ORDER BY vc.name) AS components
       FROM dependency d
       JOIN vendor_component vc ON vc.id = d.vendor_component_id
       JOIN vendor v ON v.id = vc.vendor_id
       JOIN service s ON s.id = d.service_id
       WHERE NOT d.has_fallback AND ($1::uuid IS NULL OR vc.vendor_id = $1)
         AND ($2::text IS NULL OR s.owner_team = $2) AND ($3::uuid IS NULL OR s.id = $3)
       GROUP BY vc.vendor_id, v.name, v.slug, s.id, s.name, s.slug
       ORDER BY v.name, s.name`,
      [query.vendorId, query.team, query.serviceId],
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      vendorId: row.vendor_id as string,
      vendorName: row.vendor_name as string,
      vendorSlug: row.vendor_slug as string,
      serviceId: row.service_id as string,
      serviceName: row.service_name as string,
      serviceSlug: row.service_slug as string,
      components: row.components as string[],
    }));
  }

  /** Vendor incidents overlapping the reported period, and how many reported no component status at all. */
  async vendorIncidentCounts(query: LedgerQuery): Promise<VendorIncidentCountRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT vi.vendor_id, count(*) AS total,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM vendor_incident_component_status st WHERE st.vendor_incident_id = vi.id)) AS without_statuses
       FROM vendor_incident vi
       WHERE vi.kind = 'incident' AND ($1::uuid IS NULL OR vi.vendor_id = $1)
         AND COALESCE(vi.started_at, vi.created_at) < $3 AND COALESCE(vi.resolved_at, $4) > $2
       GROUP BY vi.vendor_id`,
      [query.vendorId, query.periodFrom, query.to, query.now],
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      vendorId: row.vendor_id as string,
      vendorIncidents: Number(row.total),
      withoutComponentStatuses: Number(row.without_statuses),
    }));
  }

  /**
   * Per billing month (zone $3) with any unavailability of the contract's components: minutes
   * of major or partial outage by the vendor's own component statuses, and by our impact windows
   * (major or partial outage of services depending on those components, in incidents the vendor
   * caused), each merged so a minute counts once; with the merged intervals themselves.
   */
  async creditMonths(
    contract: Pick<SlaContractEntity, 'vendorId' | 'componentIds' | 'zone'>,
    now: Date,
    month: string | null,
    viewer: Viewer,
  ): Promise<CreditMonthRow[]> {
    const parameters: unknown[] = [
      contract.vendorId,
      contract.componentIds,
      contract.zone,
      now,
      month,
    ];
    const visible = this.visibility.condition(viewer, INCIDENT_VISIBILITY, parameters);
    const rows = (await this.analytic(
      `WITH vendor_spans AS (
         SELECT st.status, st.at AS starts,
                COALESCE(lead(st.at) OVER (PARTITION BY st.vendor_incident_id, st.vendor_component_id ORDER BY st.at),
                         vi.resolved_at, $4) AS ends
         FROM vendor_incident vi
         JOIN vendor_incident_component_status st ON st.vendor_incident_id = vi.id
         WHERE vi.vendor_id = $1 AND vi.kind = 'incident' AND st.vendor_component_id = ANY($2::uuid[])
       ),
       vendor_down AS (
         SELECT range_agg(tstzrange(starts, GREATEST(starts, ends))) AS mr FROM vendor_spans
         WHERE status IN ('major_outage', 'partial_outage')
       ),
       our_down AS (
         SELECT range_agg(tstzrange(im.started_at, GREATEST(im.started_at, COALESCE(im.ended_at, i.resolved_at, $4)))) AS mr
         FROM cause c
         JOIN incident i ON i.id = c.incident_id
         JOIN impact im ON im.incident_id = i.id
         WHERE c.vendor_id = $1 AND c.state = 'accepted' AND c.role IN ${LEDGER_ROLES}
           AND im.level IN ('major_outage', 'partial_outage') AND ${visible}
           AND EXISTS (SELECT 1 FROM dependency d
                       WHERE d.service_id = im.service_id AND d.vendor_component_id = ANY($2::uuid[]))
       ),
       span AS (
         SELECT min(lower(x)) AS first, max(upper(x)) AS last
         FROM (SELECT unnest(mr) AS x FROM vendor_down UNION ALL SELECT unnest(mr) FROM our_down) u
       ),
       -- One series from the first to the last unavailable minute, then only the months that have
       -- some (a series per interval would make the planner expect thousands of rows).
       buckets AS (
         SELECT to_char(m, 'YYYY-MM') AS month, tstzrange(m AT TIME ZONE $3, (m + interval '1 month') AT TIME ZONE $3) AS r
         FROM span, generate_series(date_trunc('month', span.first AT TIME ZONE $3),
                                    (span.last AT TIME ZONE $3) - interval '1 microsecond', interval '1 month') m
         WHERE $5::text IS NULL OR to_char(m, 'YYYY-MM') = $5
       )
       SELECT b.month,
              extract(epoch FROM upper(b.r) - lower(b.r)) / 60.0 AS month_minutes,
              ${MINUTES('vd.mr * multirange(b.r)')} AS vendor_minutes,
              ${MINUTES('od.mr * multirange(b.r)')} AS our_minutes,
              (SELECT COALESCE(jsonb_agg(jsonb_build_array(lower(x), upper(x)) ORDER BY lower(x)), '[]')
                 FROM unnest(vd.mr * multirange(b.r)) x) AS vendor_intervals,
              (SELECT COALESCE(jsonb_agg(jsonb_build_array(lower(x), upper(x)) ORDER BY lower(x)), '[]')
                 FROM unnest(od.mr * multirange(b.r)) x) AS our_intervals
       FROM buckets b CROSS JOIN vendor_down vd CROSS JOIN our_down od
       WHERE vd.mr && b.r OR od.mr && b.r
       ORDER BY b.month DESC`,
      parameters,
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      month: row.month as string,
      monthMinutes: Number(row.month_minutes),
      vendorMinutes: Number(row.vendor_minutes),
      ourMinutes: Number(row.our_minutes),
      vendorIntervals: row.vendor_intervals as Array<[string, string]>,
      ourIntervals: row.our_intervals as Array<[string, string]>,
    }));
  }

  /** Vendor incidents of the contract's vendor overlapping [from, to) on its components (or with none recorded). */
  async creditVendorIncidentIds(
    contract: Pick<SlaContractEntity, 'vendorId' | 'componentIds'>,
    from: Date,
    to: Date,
    now: Date,
    viewer: Viewer,
  ): Promise<string[]> {
    const parameters: unknown[] = [contract.vendorId, from, to, now, contract.componentIds];
    const visible = this.visibility.condition(viewer, INCIDENT_VISIBILITY, parameters);
    const rows = (await this.dataSource.query(
      `SELECT vi.id FROM vendor_incident vi
       WHERE vi.vendor_id = $1 AND vi.kind = 'incident'
         AND COALESCE(vi.started_at, vi.created_at) < $3 AND COALESCE(vi.resolved_at, $4) > $2
         AND (EXISTS (SELECT 1 FROM vendor_incident_component_status st
                      WHERE st.vendor_incident_id = vi.id AND st.vendor_component_id = ANY($5::uuid[]))
              OR EXISTS (SELECT 1 FROM cause c JOIN incident i ON i.id = c.incident_id
                         WHERE c.vendor_incident_id = vi.id AND c.state = 'accepted' AND ${visible}))
       ORDER BY vi.started_at`,
      parameters,
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Our impact windows that count for the contract in [from, to) (the same rows creditMonths merges). */
  async creditImpacts(
    contract: Pick<SlaContractEntity, 'vendorId' | 'componentIds'>,
    from: Date,
    to: Date,
    now: Date,
    viewer: Viewer,
  ): Promise<ImpactEvidenceRow[]> {
    const parameters: unknown[] = [contract.vendorId, from, to, now, contract.componentIds];
    const visible = this.visibility.condition(viewer, INCIDENT_VISIBILITY, parameters);
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT i.reference, i.title, s.name AS service_name, im.level, im.started_at, im.ended_at,
              GREATEST(im.started_at, COALESCE(im.ended_at, i.resolved_at, $4)) AS effective_end
       FROM cause c
       JOIN incident i ON i.id = c.incident_id
       JOIN impact im ON im.incident_id = i.id
       JOIN service s ON s.id = im.service_id
       WHERE c.vendor_id = $1 AND c.state = 'accepted' AND c.role IN ${LEDGER_ROLES}
         AND im.level IN ('major_outage', 'partial_outage')
         AND EXISTS (SELECT 1 FROM dependency d
                     WHERE d.service_id = im.service_id AND d.vendor_component_id = ANY($5::uuid[]))
         AND im.started_at < $3 AND COALESCE(im.ended_at, i.resolved_at, $4) > $2 AND ${visible}
       ORDER BY im.started_at, s.name`,
      parameters,
    )) as Array<Record<string, unknown>>;
    return rows.map((row) => ({
      reference: row.reference as string,
      title: row.title as string,
      serviceName: row.service_name as string,
      level: row.level as string,
      startedAt: row.started_at as Date,
      endedAt: (row.ended_at as Date | null) ?? null,
      effectiveEnd: row.effective_end as Date,
    }));
  }

  // ---- contracts ----

  listContracts(): Promise<SlaContractEntity[]> {
    return this.dataSource.manager.find(SlaContractEntity, { order: { name: 'ASC' } });
  }

  findContract(id: string, manager?: EntityManager): Promise<SlaContractEntity | null> {
    return (manager ?? this.dataSource.manager).findOne(SlaContractEntity, { where: { id } });
  }

  findContractByName(vendorId: string, name: string): Promise<SlaContractEntity | null> {
    return this.dataSource.manager.findOne(SlaContractEntity, { where: { vendorId, name } });
  }

  async insertContract(values: Partial<SlaContractEntity>): Promise<SlaContractEntity> {
    const repository = this.dataSource.getRepository(SlaContractEntity);
    return repository.save(repository.create(values));
  }

  /** Component ids among `ids` that belong to `vendorId`. */
  async componentsOfVendor(vendorId: string, ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = (await this.dataSource.query(
      `SELECT id FROM vendor_component WHERE vendor_id = $1 AND id = ANY($2::uuid[])`,
      [vendorId, ids],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Ids of a vendor's components with these names. */
  async componentIdsByName(vendorId: string, names: string[]): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM vendor_component WHERE vendor_id = $1 AND name = ANY($2::text[]) ORDER BY name`,
      [vendorId, names],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Names of vendor components, by name. */
  async componentNames(ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = (await this.dataSource.query(
      `SELECT name FROM vendor_component WHERE id = ANY($1::uuid[]) ORDER BY name`,
      [ids],
    )) as Array<{ name: string }>;
    return rows.map((row) => row.name);
  }

  /** Display name and e-mail of a user (accounts' table, read only). */
  async user(
    id: string,
  ): Promise<{ id: string; email: string | null; displayName: string } | null> {
    const rows = (await this.dataSource.query(
      `SELECT id, email, display_name FROM user_account WHERE id = $1`,
      [id],
    )) as Array<{ id: string; email: string | null; display_name: string }>;
    return rows[0]
      ? { id: rows[0].id, email: rows[0].email, displayName: rows[0].display_name }
      : null;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Records a reminder; false when that contract + month + threshold was already reminded. */
  async recordReminder(
    values: Pick<
      SlaClaimReminderEntity,
      'contractId' | 'month' | 'thresholdDays' | 'claimDeadline'
    >,
    manager: EntityManager,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO sla_claim_reminder (contract_id, month, threshold_days, claim_deadline)
       VALUES ($1, $2, $3, $4) ON CONFLICT (contract_id, month, threshold_days) DO NOTHING RETURNING id`,
      [values.contractId, values.month, values.thresholdDays, values.claimDeadline],
    )) as Array<{ id: string }>;
    return rows.length === 1;
  }

  async remindersOf(contractId: string): Promise<SlaClaimReminderEntity[]> {
    return this.dataSource.manager.find(SlaClaimReminderEntity, {
      where: { contractId },
      order: { sentAt: 'ASC' },
    });
  }
}
