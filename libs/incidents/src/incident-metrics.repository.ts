import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Viewer, VisibilityService } from '@rca/accounts';
import { INCIDENT_METRIC_SPANS, type IncidentMetrics, type TrendGrouping } from '@rca/api-contract';
import { DataSource } from 'typeorm';

const column = (instant: string) =>
  instant.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const METRICS = Object.keys(INCIDENT_METRIC_SPANS) as Array<keyof IncidentMetrics>;

/** The mean of each metric, in SQL, from the one definition in libs/api-contract. */
const MEANS = METRICS.map((name) => {
  const span = INCIDENT_METRIC_SPANS[name];
  return `avg(extract(epoch FROM (s.${column(span.to)} - s.${column(span.from)}))) AS "${name}"`;
}).join(',\n              ');

export interface IncidentTrendQueryRow extends Record<keyof IncidentMetrics, string | null> {
  month: string;
  group: string | null;
  incidents: number;
}

/** Monthly MTTA/MTTR aggregates over incidents (reads the catalog's service names and owner teams, and accounts' team names). */
@Injectable()
export class IncidentMetricsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly visibility: VisibilityService,
  ) {}

  /** Private incidents count only for those who may see them (their team, admins). */
  trends(
    groupBy: TrendGrouping,
    from: Date,
    to: Date,
    viewer: Viewer,
  ): Promise<IncidentTrendQueryRow[]> {
    const parameters: unknown[] = [from, to];
    const visible = this.visibility.condition(
      viewer,
      { privateColumn: 's.private', teamColumn: 's.team_id' },
      parameters,
    );
    // An incident counts once per group: once per impacted service; by team, once under its own
    // team, or (an incident without one) once per owner team of its impacted services.
    const scoped = {
      all: `SELECT i.*, NULL::text AS grp FROM incident i`,
      service: `SELECT i.*, g.grp FROM incident i
                  JOIN (SELECT DISTINCT m.incident_id, sv.name AS grp
                          FROM impact m JOIN service sv ON sv.id = m.service_id) g
                    ON g.incident_id = i.id`,
      team: `SELECT i.*, g.grp FROM incident i
               JOIN (SELECT own.id AS incident_id, t.name AS grp
                       FROM incident own JOIN team t ON t.id = own.team_id
                     UNION
                     SELECT m.incident_id, sv.owner_team AS grp
                       FROM impact m JOIN service sv ON sv.id = m.service_id
                       JOIN incident own ON own.id = m.incident_id
                      WHERE own.team_id IS NULL) g
                 ON g.incident_id = i.id`,
    }[groupBy];
    return this.dataSource.query(
      `WITH s AS (${scoped})
       SELECT to_char(date_trunc('month', s.started_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
              s.grp AS "group",
              count(*)::int AS incidents,
              ${MEANS}
         FROM s
        WHERE s.started_at >= $1 AND s.started_at < $2 AND ${visible}
        GROUP BY 1, 2
        ORDER BY 1, 2 NULLS LAST`,
      parameters,
    );
  }
}
