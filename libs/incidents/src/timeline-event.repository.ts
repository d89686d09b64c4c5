import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, Page, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { insertEntity, isUuid } from './incident-activity.repository';
import { TimelineEventRevisionEntity } from './timeline-event-revision.entity';
import { TimelineEventEntity } from './timeline-event.entity';

/** Every query on timeline events and their revisions. */
@Injectable()
export class TimelineEventRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

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
    return insertEntity(manager, TimelineEventEntity, values);
  }

  findTimelineEvent(
    incidentId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<TimelineEventEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
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
    return insertEntity(manager, TimelineEventRevisionEntity, values);
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

  /**
   * Applies a vendor's new text to the imported event of that update on this incident's
   * timeline, unless a person edited the event (a revision by someone other than the system):
   * then only flags it. The system's own rewrite is kept as a revision too.
   */
  async refreshVendorUpdateEvent(
    incidentId: string,
    vendorIncidentUpdateId: string,
    body: string,
    manager: EntityManager,
  ): Promise<{ outcome: 'updated' | 'flagged'; eventId: string } | { outcome: 'none' }> {
    const [event] = (await manager.query(
      `SELECT e.id, e.body, EXISTS (SELECT 1 FROM timeline_event_revision r
                           WHERE r.timeline_event_id = e.id AND r.changed_by IS DISTINCT FROM 'system') AS person_edited
       FROM timeline_event e
       WHERE e.incident_id = $1 AND e.vendor_incident_update_id = $2 AND e.deleted_at IS NULL
       FOR UPDATE`,
      [incidentId, vendorIncidentUpdateId],
    )) as Array<{ id: string; body: string; person_edited: boolean }>;
    if (!event || event.body === body) return { outcome: 'none' };
    if (event.person_edited) {
      await manager.query(
        `UPDATE timeline_event SET vendor_text_changed_at = now() WHERE id = $1`,
        [event.id],
      );
      return { outcome: 'flagged', eventId: event.id };
    }
    const before = (await manager.findOneBy(TimelineEventEntity, { id: event.id }))!;
    await this.insertRevision(
      {
        timelineEventId: before.id,
        version: before.version,
        occurredAt: before.occurredAt,
        enteredZone: before.enteredZone,
        enteredLocal: before.enteredLocal,
        kind: before.kind,
        body: before.body,
        author: before.author,
        change: 'edited',
        changedBy: 'system',
      },
      manager,
    );
    // The row is locked above, so its version cannot have moved.
    await updateVersioned(manager, TimelineEventEntity, before.id, before.version, { body });
    return { outcome: 'updated', eventId: event.id };
  }
}
