import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, KeysetSort, Page, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { CauseEntity } from './cause.entity';
import { ImpactEntity } from './impact.entity';
import { IncidentActivityEntity } from './incident-activity.entity';
import { IncidentEntity, IncidentStatus, Severity } from './incident.entity';
import { TimelineEventRevisionEntity } from './timeline-event-revision.entity';
import { TimelineEventEntity } from './timeline-event.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

export interface ActivityInput {
  incidentId: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: object | null;
  after?: object | null;
}

/** Every query on incidents, impacts, timeline events, causes and the activity log. */
@Injectable()
export class IncidentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  private async insert<T extends ObjectLiteral>(
    manager: EntityManager,
    entity: new () => T,
    values: Partial<T>,
  ): Promise<T> {
    const repository = manager.getRepository(entity);
    const saved = await repository.save(repository.create(values as T));
    return repository.findOneByOrFail({ id: saved.id } as never);
  }

  private async remove(
    manager: EntityManager,
    table: string,
    id: string,
    version: number,
  ): Promise<boolean> {
    const [, affected] = (await manager.query(
      `DELETE FROM "${table}" WHERE id = $1 AND version = $2`,
      [id, version],
    )) as [unknown, number];
    return affected === 1;
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

  // Incidents

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
    return this.insert(manager, IncidentEntity, values);
  }

  findIncident(referenceOrId: string, manager?: EntityManager): Promise<IncidentEntity | null> {
    return this.m(manager).findOneBy(
      IncidentEntity,
      UUID.test(referenceOrId) ? { id: referenceOrId } : { reference: referenceOrId.toUpperCase() },
    );
  }

  updateIncident(
    id: string,
    version: number,
    changes: Partial<IncidentEntity>,
    manager: EntityManager,
  ) {
    return updateVersioned(manager, 'incident', id, version, changes);
  }

  listIncidents(
    filter: IncidentFilter,
    sort: { by: string; order: 'ASC' | 'DESC' },
    cursor?: string,
    limit?: number,
  ): Promise<Page<IncidentEntity>> {
    const query = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i');
    // Lean: every column under its property name, no entity hydration (the rows go straight to JSON).
    query.select(
      this.dataSource
        .getMetadata(IncidentEntity)
        .columns.map((column) => `i.${column.databaseName} AS "${column.propertyName}"`),
    );
    if (filter.status?.length)
      query.andWhere('i.status IN (:...status)', { status: filter.status });
    if (filter.severity?.length)
      query.andWhere('i.severity IN (:...severity)', { severity: filter.severity });
    if (filter.serviceId)
      query.andWhere(
        'EXISTS (SELECT 1 FROM impact im WHERE im.incident_id = i.id AND im.service_id = :serviceId)',
        {
          serviceId: filter.serviceId,
        },
      );
    if (filter.vendorId)
      query.andWhere(
        `EXISTS (SELECT 1 FROM cause c WHERE c.incident_id = i.id AND c.vendor_id = :vendorId AND c.state <> 'rejected')`,
        { vendorId: filter.vendorId },
      );
    if (filter.from) query.andWhere('i.started_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('i.started_at < :to', { to: filter.to });
    // Containment (not = ANY) so the GIN index on labels serves it.
    if (filter.label) query.andWhere('i.labels @> ARRAY[:label]::text[]', { label: filter.label });
    if (filter.q) {
      const q = `%${filter.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
      query.andWhere('(i.title ILIKE :q OR i.summary ILIKE :q OR i.reference ILIKE :q)', { q });
    }
    const column = SORT_COLUMNS[sort.by] ?? SORT_COLUMNS.startedAt;
    return keysetPage(
      query,
      'i',
      { column, type: sort.by === 'severity' ? 'text' : 'timestamptz', direction: sort.order },
      cursor,
      limit,
      { lean: true },
    );
  }

  // Impacts

  insertImpact(values: Partial<ImpactEntity>, manager: EntityManager): Promise<ImpactEntity> {
    return this.insert(manager, ImpactEntity, values);
  }

  findImpact(
    incidentId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<ImpactEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.m(manager).findOneBy(ImpactEntity, { id, incidentId });
  }

  updateImpact(
    id: string,
    version: number,
    changes: Partial<ImpactEntity>,
    manager: EntityManager,
  ) {
    return updateVersioned(manager, 'impact', id, version, changes);
  }

  deleteImpact(id: string, version: number, manager: EntityManager) {
    return this.remove(manager, 'impact', id, version);
  }

  /** Impacts of an incident with the service's slug and name, by window start. */
  async listImpacts(
    incidentId: string,
  ): Promise<Array<ImpactEntity & { serviceSlug: string; serviceName: string }>> {
    const rows = await this.dataSource
      .getRepository(ImpactEntity)
      .createQueryBuilder('im')
      .innerJoinAndSelect('im.service', 's')
      .where('im.incident_id = :incidentId', { incidentId })
      .orderBy('im.started_at', 'ASC')
      .addOrderBy('s.slug', 'ASC')
      .getMany();
    return rows.map(({ service, ...impact }) => ({
      ...(impact as ImpactEntity),
      serviceSlug: service!.slug,
      serviceName: service!.name,
    }));
  }

  async pageImpacts(incidentId: string, cursor?: string, limit?: number) {
    const query = this.dataSource
      .getRepository(ImpactEntity)
      .createQueryBuilder('im')
      .innerJoinAndSelect('im.service', 's')
      .where('im.incident_id = :incidentId', { incidentId });
    const page = await keysetPage(
      query,
      'im',
      { column: 'im.started_at', type: 'timestamptz', direction: 'ASC' },
      cursor,
      limit,
    );
    return {
      items: page.items.map(({ service, ...impact }) => ({
        ...(impact as ImpactEntity),
        serviceSlug: service!.slug,
        serviceName: service!.name,
      })),
      nextCursor: page.nextCursor,
    };
  }

  // Timeline

  pageTimeline(
    incidentId: string,
    includeDeleted: boolean,
    cursor?: string,
    limit?: number,
  ): Promise<Page<TimelineEventEntity>> {
    const query = this.dataSource
      .getRepository(TimelineEventEntity)
      .createQueryBuilder('t')
      .where('t.incident_id = :incidentId', { incidentId });
    if (!includeDeleted) query.andWhere('t.deleted_at IS NULL');
    return keysetPage(
      query,
      't',
      { column: 't.occurred_at', type: 'timestamptz', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  insertTimelineEvent(
    values: Partial<TimelineEventEntity>,
    manager: EntityManager,
  ): Promise<TimelineEventEntity> {
    return this.insert(manager, TimelineEventEntity, values);
  }

  findTimelineEvent(
    incidentId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<TimelineEventEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.m(manager).findOneBy(TimelineEventEntity, { id, incidentId });
  }

  updateTimelineEvent(
    id: string,
    version: number,
    changes: Partial<TimelineEventEntity>,
    manager: EntityManager,
  ) {
    return updateVersioned(manager, 'timeline_event', id, version, changes);
  }

  insertRevision(
    values: Partial<TimelineEventRevisionEntity>,
    manager: EntityManager,
  ): Promise<TimelineEventRevisionEntity> {
    return this.insert(manager, TimelineEventRevisionEntity, values);
  }

  listRevisions(timelineEventId: string): Promise<TimelineEventRevisionEntity[]> {
    return this.dataSource.getRepository(TimelineEventRevisionEntity).find({
      where: { timelineEventId },
      order: { version: 'ASC' },
    });
  }

  /** Inserts a vendor-update event unless that update is already on this incident's timeline. */
  async insertVendorUpdateEventIfNew(
    values: Pick<
      TimelineEventEntity,
      'incidentId' | 'occurredAt' | 'body' | 'author' | 'vendorIncidentUpdateId'
    >,
    manager: EntityManager,
  ): Promise<TimelineEventEntity | null> {
    const rows = (await manager.query(
      `INSERT INTO timeline_event (incident_id, occurred_at, entered_zone, entered_local, kind, source, body, author, vendor_incident_update_id)
       VALUES ($1, $2, 'UTC', to_char($2::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'), 'vendor_update', 'vendor_import', $3, $4, $5)
       ON CONFLICT (incident_id, vendor_incident_update_id) WHERE vendor_incident_update_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        values.incidentId,
        values.occurredAt,
        values.body,
        values.author,
        values.vendorIncidentUpdateId,
      ],
    )) as Array<{ id: string }>;
    return rows.length ? manager.findOneByOrFail(TimelineEventEntity, { id: rows[0].id }) : null;
  }

  // Causes

  /** Inserts a cause for (incident, vendor incident) unless one exists (in any state). */
  async insertCauseIfNew(
    values: Partial<CauseEntity>,
    manager: EntityManager,
  ): Promise<CauseEntity | null> {
    const rows = (await manager.query(
      `INSERT INTO cause (incident_id, vendor_id, vendor_incident_id, vendor_component_ids, role, state, explanation, score, reasons, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (incident_id, vendor_incident_id) WHERE vendor_incident_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        values.incidentId,
        values.vendorId,
        values.vendorIncidentId,
        values.vendorComponentIds ?? [],
        values.role ?? 'root_cause',
        values.state ?? 'suggested',
        values.explanation ?? '',
        values.score ?? null,
        JSON.stringify(values.reasons ?? []),
        values.createdBy ?? 'system',
      ],
    )) as Array<{ id: string }>;
    return rows.length ? manager.findOneByOrFail(CauseEntity, { id: rows[0].id }) : null;
  }

  insertCause(values: Partial<CauseEntity>, manager: EntityManager): Promise<CauseEntity> {
    return this.insert(manager, CauseEntity, values);
  }

  findCause(incidentId: string, id: string, manager?: EntityManager): Promise<CauseEntity | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.m(manager).findOneBy(CauseEntity, { id, incidentId });
  }

  updateCause(id: string, version: number, changes: Partial<CauseEntity>, manager: EntityManager) {
    return updateVersioned(manager, 'cause', id, version, changes);
  }

  deleteCause(id: string, version: number, manager: EntityManager) {
    return this.remove(manager, 'cause', id, version);
  }

  async listCauses(
    incidentId: string,
  ): Promise<Array<CauseEntity & { vendorSlug: string; vendorName: string }>> {
    const rows = await this.dataSource
      .getRepository(CauseEntity)
      .createQueryBuilder('c')
      .innerJoinAndSelect('c.vendor', 'v')
      .where('c.incident_id = :incidentId', { incidentId })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
    return rows.map(({ vendor, ...cause }) => ({
      ...(cause as CauseEntity),
      vendorSlug: vendor!.slug,
      vendorName: vendor!.name,
    }));
  }

  async pageCauses(incidentId: string, cursor?: string, limit?: number) {
    const query = this.dataSource
      .getRepository(CauseEntity)
      .createQueryBuilder('c')
      .innerJoinAndSelect('c.vendor', 'v')
      .where('c.incident_id = :incidentId', { incidentId });
    const page = await keysetPage(
      query,
      'c',
      { column: 'c.created_at', type: 'timestamptz', direction: 'ASC' },
      cursor,
      limit,
    );
    return {
      items: page.items.map(({ vendor, ...cause }) => ({
        ...(cause as CauseEntity),
        vendorSlug: vendor!.slug,
        vendorName: vendor!.name,
      })),
      nextCursor: page.nextCursor,
    };
  }

  // Activity

  async log(entry: ActivityInput, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO incident_activity (incident_id, actor, action, subject_type, subject_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.incidentId,
        entry.actor,
        entry.action,
        entry.subjectType,
        entry.subjectId,
        entry.before ? JSON.stringify(entry.before) : null,
        entry.after ? JSON.stringify(entry.after) : null,
      ],
    );
  }

  listActivity(
    incidentId: string,
    cursor?: string,
    limit?: number,
  ): Promise<Page<IncidentActivityEntity>> {
    const query = this.dataSource
      .getRepository(IncidentActivityEntity)
      .createQueryBuilder('a')
      .where('a.incident_id = :incidentId', { incidentId });
    return keysetPage(
      query,
      'a',
      { column: 'a.id', type: 'bigint', direction: 'ASC' },
      cursor,
      limit,
    );
  }
}
