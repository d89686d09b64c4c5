import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Viewer, VisibilityService } from '@rca/accounts';
import {
  entitySelectList,
  keysetColumns,
  keysetPageSql,
  KeysetSort,
  Page,
  positionalParameters,
  updateVersioned,
} from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { insertEntity, isUuid } from './incident-activity.repository';
import { IncidentEntity, IncidentStatus, Severity } from './incident.entity';

export interface IncidentFilter {
  status?: IncidentStatus[];
  severity?: Severity[];
  serviceId?: string;
  vendorId?: string;
  from?: Date;
  to?: Date;
  q?: string;
  label?: string;
}

const SORT_COLUMNS: Record<string, KeysetSort['column']> = {
  startedAt: 'i.started_at',
  createdAt: 'i.created_at',
  updatedAt: 'i.updated_at',
  severity: 'i.severity',
};

/** Where an incident query finds its visibility (alias `i`). */
export const INCIDENT_VISIBILITY = { privateColumn: 'i.private', teamColumn: 'i.team_id' };

/** Every query on incidents. */
@Injectable()
export class IncidentRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly visibility: VisibilityService,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** True when there are no services and no incidents (a fresh installation). */
  async workspaceIsEmpty(): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `SELECT NOT EXISTS (SELECT 1 FROM service) AND NOT EXISTS (SELECT 1 FROM incident) AS empty`,
    )) as Array<{ empty: boolean }>;
    return rows[0].empty;
  }

  /** Runs `work` while holding a session advisory lock; returns undefined when another process holds it. */
  async withExclusiveLock<T>(key: string, work: () => Promise<T>): Promise<T | undefined> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [
        key,
      ])) as Array<{
        locked: boolean;
      }>;
      if (!row.locked) return undefined;
      try {
        return await work();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]);
      }
    } finally {
      await runner.release();
    }
  }

  /** Next sequence number of the year; rolled back with the transaction that uses it, so no gaps. */
  async nextSequence(year: number, manager: EntityManager): Promise<number> {
    const rows = (await manager.query(
      `INSERT INTO incident_reference_counter (year, last_sequence) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_sequence = incident_reference_counter.last_sequence + 1
       RETURNING last_sequence`,
      [year],
    )) as Array<{ last_sequence: number }>;
    return rows[0].last_sequence;
  }

  insertIncident(values: Partial<IncidentEntity>, manager: EntityManager): Promise<IncidentEntity> {
    return insertEntity(manager, IncidentEntity, values);
  }

  /**
   * One incident by reference or id, as `viewer` may see it: a private incident of another team
   * is not found (the same statement, no extra query). `withTeam` loads the owning team's name.
   */
  findIncident(
    referenceOrId: string,
    manager?: EntityManager,
    viewer?: Viewer,
    options: { withTeam?: boolean } = {},
  ): Promise<IncidentEntity | null> {
    const query = this.m(manager).createQueryBuilder(IncidentEntity, 'i');
    if (isUuid(referenceOrId)) query.where('i.id = :id', { id: referenceOrId });
    else query.where('i.reference = :reference', { reference: referenceOrId.toUpperCase() });
    if (options.withTeam) query.leftJoinAndSelect('i.owningTeam', 'team');
    this.visibility.restrict(query, viewer, INCIDENT_VISIBILITY);
    return query.getOne();
  }

  /** Whether a team (accounts' table, read only) exists. */
  async teamExists(teamId: string, manager?: EntityManager): Promise<boolean> {
    const rows = (await this.m(manager).query(`SELECT 1 FROM team WHERE id = $1`, [
      teamId,
    ])) as unknown[];
    return rows.length > 0;
  }

  updateIncident(
    id: string,
    version: number,
    changes: Partial<IncidentEntity>,
    manager: EntityManager,
  ) {
    return updateVersioned(manager, 'incident', id, version, changes);
  }

  /**
   * One page of incidents as `viewer` may see them. A hand-written statement, not the query
   * builder: this is the busiest read of the API, and building ~1 KB of SQL through TypeORM on
   * every request was a measurable share of its CPU (docs/benchmarks.md).
   */
  listIncidents(
    viewer: Viewer,
    filter: IncidentFilter,
    sort: { by: string; order: 'ASC' | 'DESC' },
    cursor?: string,
    limit?: number,
  ): Promise<Page<IncidentEntity>> {
    const { values: parameters, add: parameter } = positionalParameters();
    const where: string[] = [];
    if (filter.status?.length)
      where.push(`i.status = ANY(CAST(${parameter(filter.status)} AS text[]))`);
    if (filter.severity?.length)
      where.push(`i.severity = ANY(CAST(${parameter(filter.severity)} AS text[]))`);
    if (filter.serviceId)
      where.push(
        `EXISTS (SELECT 1 FROM impact im WHERE im.incident_id = i.id AND im.service_id = ${parameter(filter.serviceId)})`,
      );
    if (filter.vendorId)
      where.push(
        `EXISTS (SELECT 1 FROM cause c WHERE c.incident_id = i.id AND c.vendor_id = ${parameter(filter.vendorId)} AND c.state <> 'rejected')`,
      );
    if (filter.from) where.push(`i.started_at >= ${parameter(filter.from)}`);
    if (filter.to) where.push(`i.started_at < ${parameter(filter.to)}`);
    // Containment (not = ANY) so the GIN index on labels serves it.
    if (filter.label) where.push(`i.labels @> ARRAY[${parameter(filter.label)}]::text[]`);
    if (filter.q) {
      const q = parameter(`%${filter.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
      where.push(`(i.title ILIKE ${q} OR i.summary ILIKE ${q} OR i.reference ILIKE ${q})`);
    }
    const visible = this.visibility.condition(viewer, INCIDENT_VISIBILITY, parameters);
    if (visible !== 'TRUE') where.push(visible);
    const keyset = {
      column: SORT_COLUMNS[sort.by] ?? SORT_COLUMNS.startedAt,
      idColumn: 'i.id',
      type: sort.by === 'severity' ? ('text' as const) : ('timestamptz' as const),
      direction: sort.order,
    };
    return keysetPageSql<IncidentEntity>(
      (sql, values) => this.dataSource.query(sql, values),
      keyset,
      (cursorCondition, limitParameter) => {
        if (cursorCondition) where.push(cursorCondition);
        return `SELECT ${entitySelectList(this.dataSource, IncidentEntity, 'i')}, ${keysetColumns(keyset)} FROM incident i${
          where.length ? ` WHERE ${where.join(' AND ')}` : ''
        } ORDER BY ${keyset.column} ${keyset.direction}, i.id ${keyset.direction} LIMIT ${limitParameter}`;
      },
      parameters,
      cursor,
      limit,
    );
  }
}
