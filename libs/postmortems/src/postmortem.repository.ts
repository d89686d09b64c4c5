import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Viewer, VisibilityService } from '@rca/accounts';
import { DeadlineReminderEntity } from '@rca/deadlines';
import {
  DEFAULT_PAGE_SIZE,
  keysetPage,
  Page,
  positionCursor,
  positionOf,
  positionPage,
  updateVersioned,
} from '@rca/shared';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import {
  ActionItemEntity,
  ActionItemPriority,
  ActionItemStatus,
  ActionItemType,
} from './action-item.entity';
import { ActionItemActivityEntity } from './action-item-activity.entity';
import { IncidentSnapshot } from './draft-renderer';
import { PostmortemReviewEntity } from './postmortem-review.entity';
import { PostmortemRevisionEntity } from './postmortem-revision.entity';
import { PostmortemTemplateEntity } from './postmortem-template.entity';
import { PostmortemEntity } from './postmortem.entity';
import { PostmortemVendorReportEntity } from './postmortem-vendor-report.entity';
import { RcaDraftRunEntity } from './rca-draft-run.entity';

export interface PostmortemFilters {
  status?: string;
  team?: string;
  severity?: string;
  incidentId?: string;
}

export interface ActionItemFilters {
  postmortemId?: string;
  status?: ActionItemStatus;
  /** Unlinked free text (with `ownerId`: either matches). */
  owner?: string;
  ownerId?: string;
  type?: ActionItemType;
  priority?: ActionItemPriority;
  team?: string;
  overdueOn?: string;
}

/** A postmortem follows its incident's visibility: these columns, on the incident `i`. */
const INCIDENT_VISIBILITY = { privateColumn: 'i.private', teamColumn: 'i.team_id' };

/** Every query of the postmortems domain. */
@Injectable()
export class PostmortemRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly visibility: VisibilityService,
  ) {}

  /**
   * Keeps the rows of `query` whose postmortem (`postmortemIdColumn`) `viewer` may see: its
   * incident is public or private to one of the viewer's teams. Part of the same statement.
   */
  private visibleTo<T extends ObjectLiteral>(
    query: SelectQueryBuilder<T>,
    viewer: Viewer,
    postmortemIdColumn: string,
  ): SelectQueryBuilder<T> {
    if (this.visibility.visibleTeamIds(viewer) === null) return query;
    return query.andWhere((outer) => {
      const incident = outer
        .subQuery()
        .select('1')
        .from('postmortem', 'vp')
        .innerJoin('incident', 'i', 'i.id = vp.incident_id')
        .where(`vp.id = ${postmortemIdColumn}`);
      this.visibility.restrict(incident, viewer, INCIDENT_VISIBILITY);
      return `EXISTS ${incident.getQuery()}`;
    });
  }

  /** The same rule for the hand-written manager views (`p` is the postmortem). */
  private visibleCondition(viewer: Viewer, parameters: unknown[]): string {
    const hidden = this.visibility.hiddenCondition(viewer, INCIDENT_VISIBILITY, parameters);
    return hidden === 'FALSE'
      ? 'TRUE'
      : `NOT EXISTS (SELECT 1 FROM incident i WHERE i.id = p.incident_id AND ${hidden})`;
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // --- postmortems -------------------------------------------------------------------------

  /** `viewer` (undefined: the system) must be allowed to see it, else null: a 404 like no row. */
  findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    viewer?: Viewer,
  ): Promise<PostmortemEntity | null> {
    const query = manager
      .createQueryBuilder(PostmortemEntity, 'postmortem')
      .where('postmortem.id = :id', { id });
    return this.visibleTo(query, viewer, 'postmortem.id').getOne();
  }

  findByIncident(
    incidentId: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
    viewer?: Viewer,
  ) {
    const query = manager
      .createQueryBuilder(PostmortemEntity, 'postmortem')
      .where('postmortem.incident_id = :incidentId', { incidentId });
    if (lock) query.setLock('pessimistic_write');
    return this.visibleTo(query, viewer, 'postmortem.id').getOne();
  }

  async list(
    filters: PostmortemFilters,
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
  ): Promise<Page<PostmortemEntity>> {
    const query = this.dataSource.getRepository(PostmortemEntity).createQueryBuilder('postmortem');
    this.visibleTo(query, viewer, 'postmortem.id');
    if (filters.status) query.andWhere('postmortem.status = :status', { status: filters.status });
    if (filters.team) query.andWhere('postmortem.team = :team', { team: filters.team });
    if (filters.severity)
      query.andWhere('postmortem.severity = :severity', { severity: filters.severity });
    if (filters.incidentId)
      query.andWhere('postmortem.incident_id = :incidentId', { incidentId: filters.incidentId });
    return keysetPage(
      query,
      'postmortem',
      { column: 'postmortem.created_at', type: 'timestamptz', direction: 'DESC' },
      cursor,
      limit,
    );
  }

  insert(manager: EntityManager, values: Partial<PostmortemEntity>): Promise<PostmortemEntity> {
    return manager.save(PostmortemEntity, manager.create(PostmortemEntity, values));
  }

  /** Conditional update on the version; false when someone else wrote first. */
  async updateVersioned(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
    values: Partial<PostmortemEntity>,
  ): Promise<boolean> {
    return updateVersioned(manager, PostmortemEntity, id, expectedVersion, values);
  }

  /** Deadline fields only; not a content save, so no revision and no version bump. */
  async setDeadline(
    id: string,
    values: { dueAt: Date | null; deadlinePolicyId: string | null; displayZone: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.getRepository(PostmortemEntity).update({ id }, values);
  }

  async setResolvedAt(id: string, resolvedAt: Date | null): Promise<void> {
    await this.dataSource.getRepository(PostmortemEntity).update({ id }, { resolvedAt });
  }

  /** Open postmortems a deadline policy of `severity` (and `team`, null: any team) governs. */
  async openPostmortemIds(severity: string, team: string | null): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM postmortem WHERE status <> 'published' AND severity = $1 AND ($2::text IS NULL OR team = $2)`,
      [severity, team],
    );
    return rows.map((row) => row.id);
  }

  /** Every postmortem not yet published (deadline recomputation after a calendar change). */
  async allOpenPostmortemIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM postmortem WHERE status <> 'published' ORDER BY created_at`,
    );
    return rows.map((row) => row.id);
  }

  /** What a status notice says of an incident: reference, title, severity, team, privacy. */
  async incidentNotice(incidentId: string): Promise<{
    reference: string;
    title: string;
    severity: string;
    team: string | null;
    private: boolean;
  } | null> {
    const rows = await this.dataSource.query(
      `SELECT i.reference, i.title, i.severity, t.name AS team, i.private
         FROM incident i LEFT JOIN team t ON t.id = i.team_id WHERE i.id = $1`,
      [incidentId],
    );
    return rows[0] ?? null;
  }

  /** The reference of the incident a postmortem belongs to ("INC-2026-0042"). */
  async incidentReferenceOf(postmortemId: string): Promise<string | null> {
    const rows: Array<{ reference: string }> = await this.dataSource.query(
      `SELECT i.reference FROM postmortem p JOIN incident i ON i.id = p.incident_id WHERE p.id = $1`,
      [postmortemId],
    );
    return rows[0]?.reference ?? null;
  }

  /** Resolved or closed incidents, by reference or id (all of them when `reference` is null). */
  async resolvedIncidentIds(reference: string | null): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM incident WHERE status IN ('resolved', 'closed') AND resolved_at IS NOT NULL
          AND ($1::text IS NULL OR reference = $1 OR id::text = $1) ORDER BY resolved_at`,
      [reference],
    );
    return rows.map((row) => row.id);
  }

  /** The owning team's name when the postmortem's incident is private, else null. */
  async privateTeamOf(incidentId: string, manager: EntityManager = this.dataSource.manager) {
    const [row] = (await manager.query(
      `SELECT t.name FROM incident i JOIN team t ON t.id = i.team_id WHERE i.id = $1 AND i.private`,
      [incidentId],
    )) as Array<{ name: string }>;
    return row?.name ?? null;
  }

  /** Records a sent reminder; false when this postmortem + kind + due instant was already sent. */
  async recordReminder(
    values: {
      postmortemId: string;
      kind: string;
      dueAt: Date;
    },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(DeadlineReminderEntity)
      .values(values)
      .orIgnore()
      .returning('id')
      .execute();
    return inserted.raw.length > 0;
  }

  // --- revisions ---------------------------------------------------------------------------

  insertRevision(
    manager: EntityManager,
    values: Partial<PostmortemRevisionEntity>,
  ): Promise<PostmortemRevisionEntity> {
    return manager.save(PostmortemRevisionEntity, manager.create(PostmortemRevisionEntity, values));
  }

  async listRevisions(
    postmortemId: string,
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<Omit<PostmortemRevisionEntity, 'sections'>>> {
    const query = this.dataSource
      .getRepository(PostmortemRevisionEntity)
      .createQueryBuilder('revision')
      .select([
        'revision.id',
        'revision.postmortemId',
        'revision.number',
        'revision.author',
        'revision.reason',
        'revision.changedSections',
        'revision.status',
        'revision.title',
        'revision.createdAt',
      ])
      .where('revision.postmortem_id = :postmortemId', { postmortemId });
    return keysetPage(
      query,
      'revision',
      { column: 'revision.number', type: 'int', direction: 'DESC' },
      cursor,
      limit,
    );
  }

  findRevision(
    postmortemId: string,
    number: number,
    viewer?: Viewer,
  ): Promise<PostmortemRevisionEntity | null> {
    const query = this.dataSource
      .getRepository(PostmortemRevisionEntity)
      .createQueryBuilder('revision')
      .where('revision.postmortem_id = :postmortemId AND revision.number = :number', {
        postmortemId,
        number,
      });
    return this.visibleTo(query, viewer, 'revision.postmortem_id').getOne();
  }

  /** Revision at which the current review round started (the last submission for review). */
  async lastSubmission(postmortemId: string): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT max(number)::int AS number FROM postmortem_revision WHERE postmortem_id = $1 AND reason = 'draft → in_review'`,
      [postmortemId],
    );
    return row?.number ?? 0;
  }

  // --- reviews -----------------------------------------------------------------------------

  insertReview(
    manager: EntityManager,
    values: Partial<PostmortemReviewEntity>,
  ): Promise<PostmortemReviewEntity> {
    return manager.save(PostmortemReviewEntity, manager.create(PostmortemReviewEntity, values));
  }

  /** Reviews of a postmortem, optionally only those recorded at or after `sinceRevision`. */
  reviewsOf(postmortemId: string, sinceRevision?: number): Promise<PostmortemReviewEntity[]> {
    const query = this.dataSource
      .getRepository(PostmortemReviewEntity)
      .createQueryBuilder('review')
      .where('review.postmortem_id = :postmortemId', { postmortemId });
    if (sinceRevision !== undefined)
      query.andWhere('review.revision >= :sinceRevision', { sinceRevision });
    return query.orderBy('review.created_at', 'ASC').getMany();
  }

  // --- templates ---------------------------------------------------------------------------

  templates(): Promise<PostmortemTemplateEntity[]> {
    return this.dataSource
      .getRepository(PostmortemTemplateEntity)
      .find({ order: { priority: 'DESC', name: 'ASC' } });
  }

  async listTemplates(
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<PostmortemTemplateEntity>> {
    const query = this.dataSource
      .getRepository(PostmortemTemplateEntity)
      .createQueryBuilder('template')
      .orderBy('template.priority', 'DESC')
      .addOrderBy('template.name', 'ASC')
      .addOrderBy('template.id', 'ASC');
    return positionPage(query, cursor, limit);
  }

  findTemplate(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PostmortemTemplateEntity | null> {
    return manager.findOneBy(PostmortemTemplateEntity, { id });
  }

  findTemplateByName(name: string): Promise<PostmortemTemplateEntity | null> {
    return this.dataSource.getRepository(PostmortemTemplateEntity).findOneBy({ name });
  }

  insertTemplate(values: Partial<PostmortemTemplateEntity>): Promise<PostmortemTemplateEntity> {
    const repository = this.dataSource.getRepository(PostmortemTemplateEntity);
    return repository.save(repository.create(values));
  }

  async updateTemplateVersioned(
    id: string,
    expectedVersion: number,
    values: Partial<PostmortemTemplateEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return updateVersioned(manager, PostmortemTemplateEntity, id, expectedVersion, values);
  }

  async deleteTemplate(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(PostmortemTemplateEntity).delete({ id });
    return (result.affected ?? 0) > 0;
  }

  // --- draft runs --------------------------------------------------------------------------

  findRun(
    manager: EntityManager,
    key: { incidentId: string; templateKey: string; incidentVersion: number },
  ) {
    return manager.findOneBy(RcaDraftRunEntity, key);
  }

  async insertRun(manager: EntityManager, values: Partial<RcaDraftRunEntity>): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(RcaDraftRunEntity)
      .values(values)
      .orIgnore()
      .execute();
  }

  runsOf(incidentId: string): Promise<RcaDraftRunEntity[]> {
    return this.dataSource
      .getRepository(RcaDraftRunEntity)
      .find({ where: { incidentId }, order: { createdAt: 'ASC' } });
  }

  // --- action items ------------------------------------------------------------------------

  async meetingBelongsTo(meetingId: string, postmortemId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM postmortem_meeting WHERE id = $1 AND postmortem_id = $2`,
      [meetingId, postmortemId],
    );
    return rows.length > 0;
  }

  insertActionItem(
    manager: EntityManager,
    values: Partial<ActionItemEntity>,
  ): Promise<ActionItemEntity> {
    return manager.save(ActionItemEntity, manager.create(ActionItemEntity, values));
  }

  /** Stubs of the draft job: one per source key and postmortem, never duplicated. */
  async insertActionItemStubs(
    manager: EntityManager,
    values: Array<Partial<ActionItemEntity>>,
  ): Promise<number> {
    if (values.length === 0) return 0;
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(ActionItemEntity)
      .values(values)
      .orIgnore()
      .returning('id')
      .execute();
    return result.raw.length;
  }

  findActionItem(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    viewer?: Viewer,
  ): Promise<ActionItemEntity | null> {
    const query = manager
      .createQueryBuilder(ActionItemEntity, 'item')
      .where('item.id = :id', { id });
    return this.visibleTo(query, viewer, 'item.postmortem_id').getOne();
  }

  async updateActionItemVersioned(
    id: string,
    expectedVersion: number,
    values: Partial<ActionItemEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return updateVersioned(manager, ActionItemEntity, id, expectedVersion, values);
  }

  async insertActionItemActivity(
    manager: EntityManager,
    values: Partial<ActionItemActivityEntity>,
  ): Promise<void> {
    await manager.save(ActionItemActivityEntity, manager.create(ActionItemActivityEntity, values));
  }

  /** Newest first, cursor-paged. */
  listActionItemActivity(postmortemId: string, cursor?: string, limit?: number) {
    const query = this.dataSource
      .getRepository(ActionItemActivityEntity)
      .createQueryBuilder('activity')
      .where('activity.postmortem_id = :postmortemId', { postmortemId });
    return keysetPage(
      query,
      'activity',
      { column: 'activity.created_at', type: 'timestamptz', direction: 'DESC' },
      cursor,
      limit,
    );
  }

  async listActionItems(
    filters: ActionItemFilters,
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
  ): Promise<Page<ActionItemEntity>> {
    const query = this.dataSource.getRepository(ActionItemEntity).createQueryBuilder('item');
    this.visibleTo(query, viewer, 'item.postmortem_id');
    if (filters.postmortemId)
      query.andWhere('item.postmortem_id = :postmortemId', { postmortemId: filters.postmortemId });
    if (filters.status) query.andWhere('item.status = :status', { status: filters.status });
    if (filters.ownerId && filters.owner)
      query.andWhere('(item.owner_id = :ownerId OR item.owner = :owner)', {
        ownerId: filters.ownerId,
        owner: filters.owner,
      });
    else if (filters.ownerId)
      query.andWhere('item.owner_id = :ownerId', { ownerId: filters.ownerId });
    else if (filters.owner) query.andWhere('item.owner = :owner', { owner: filters.owner });
    if (filters.type) query.andWhere('item.type = :type', { type: filters.type });
    if (filters.priority)
      query.andWhere('item.priority = :priority', { priority: filters.priority });
    if (filters.team)
      query.andWhere('item.postmortem_id IN (SELECT id FROM postmortem WHERE team = :team)', {
        team: filters.team,
      });
    if (filters.overdueOn)
      query.andWhere(`item.due_date < :overdueOn AND item.status IN ('open','in_progress')`, {
        overdueOn: filters.overdueOn,
      });
    query
      .orderBy('item.due_date', 'ASC', 'NULLS LAST')
      .addOrderBy('item.priority', 'ASC')
      .addOrderBy('item.id', 'ASC');
    return positionPage(query, cursor, limit);
  }

  // --- the incident record (tables of the incidents/catalog domains, read only) ------------

  async incidentSnapshot(incidentId: string, viewer?: Viewer): Promise<IncidentSnapshot | null> {
    const visibleParameters: unknown[] = [incidentId];
    const visible = this.visibility.condition(viewer, INCIDENT_VISIBILITY, visibleParameters);
    const [incident] = await this.dataSource.query(
      `SELECT id, reference, title, summary, severity, status, labels, regions, error_signatures AS "errorSignatures",
              started_at AS "startedAt", detected_at AS "detectedAt", acknowledged_at AS "acknowledgedAt",
              mitigated_at AS "mitigatedAt", resolved_at AS "resolvedAt", version
         FROM incident i WHERE id = $1 AND ${visible}`,
      visibleParameters,
    );
    if (!incident) return null;
    const [impacts, events, causes, updates, singlePoints, vendorReports, fallbacks] =
      await Promise.all([
        this.dataSource.query(
          `SELECT s.name AS service, s.owner_team AS team, i.level, i.started_at AS "startedAt", i.ended_at AS "endedAt"
           FROM impact i JOIN service s ON s.id = i.service_id
          WHERE i.incident_id = $1 ORDER BY i.started_at, s.name`,
          [incidentId],
        ),
        this.dataSource.query(
          `SELECT occurred_at AS "occurredAt", kind, source, body, entered_zone AS "enteredZone"
           FROM timeline_event WHERE incident_id = $1 AND deleted_at IS NULL ORDER BY occurred_at, created_at, id`,
          [incidentId],
        ),
        this.dataSource.query(
          `SELECT c.id, v.name AS vendor, c.role, c.explanation, vi.title AS "vendorIncidentTitle",
                COALESCE(vi.shortlink, v.status_page_url) AS link, c.vendor_incident_id AS "vendorIncidentId"
           FROM cause c JOIN vendor v ON v.id = c.vendor_id LEFT JOIN vendor_incident vi ON vi.id = c.vendor_incident_id
          WHERE c.incident_id = $1 AND c.state = 'accepted'
          ORDER BY CASE c.role WHEN 'root_cause' THEN 0 WHEN 'trigger' THEN 1 ELSE 2 END, v.name`,
          [incidentId],
        ),
        this.dataSource.query(
          `SELECT u.vendor_incident_id AS "vendorIncidentId", u.at, u.status, u.body
           FROM vendor_incident_update u
          WHERE u.vendor_incident_id IN (SELECT vendor_incident_id FROM cause WHERE incident_id = $1 AND state = 'accepted')
          ORDER BY u.at`,
          [incidentId],
        ),
        this.dataSource.query(
          `SELECT DISTINCT d.id, s.name AS service, v.name AS vendor, vc.name AS component, d.kind, d.criticality
           FROM dependency d
           JOIN service s ON s.id = d.service_id
           JOIN vendor_component vc ON vc.id = d.vendor_component_id
           JOIN vendor v ON v.id = vc.vendor_id
          WHERE d.has_fallback = false
            AND d.service_id IN (SELECT service_id FROM impact WHERE incident_id = $1 AND level <> 'operational')
          ORDER BY s.name, v.name, vc.name`,
          [incidentId],
        ),
        this.dataSource.manager.find(PostmortemVendorReportEntity, {
          where: { incidentId },
          order: { publishedAt: 'ASC' },
        }),
        this.dataSource.query(
          `SELECT DISTINCT s.name AS service, v.name AS vendor, vc.name AS component
           FROM dependency d
           JOIN service s ON s.id = d.service_id
           JOIN vendor_component vc ON vc.id = d.vendor_component_id
           JOIN vendor v ON v.id = vc.vendor_id
          WHERE d.has_fallback = true
            AND d.service_id IN (SELECT service_id FROM impact WHERE incident_id = $1 AND level = 'operational')
          ORDER BY s.name, v.name, vc.name`,
          [incidentId],
        ),
      ]);
    return {
      incident,
      impacts,
      events,
      causes: causes.map((cause: { vendorIncidentId: string | null }) => ({
        ...cause,
        updates: updates.filter(
          (update: { vendorIncidentId: string }) =>
            update.vendorIncidentId === cause.vendorIncidentId,
        ),
        vendorReport:
          vendorReports.find((report) => report.vendorIncidentId === cause.vendorIncidentId) ??
          null,
      })),
      singlePoints,
      fallbacks,
    };
  }

  // --- vendor reports (supporting information) ---------------------------------------------

  /** Attaches (or refreshes) a vendor's report to an incident's postmortem; true when new. */
  async upsertVendorReport(
    report: Pick<
      PostmortemVendorReportEntity,
      'incidentId' | 'vendorIncidentId' | 'vendorName' | 'url' | 'publishedAt' | 'text'
    >,
  ): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO postmortem_vendor_report (incident_id, vendor_incident_id, vendor_name, url, published_at, text)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (incident_id, vendor_incident_id) DO UPDATE
         SET vendor_name = EXCLUDED.vendor_name, url = EXCLUDED.url, published_at = EXCLUDED.published_at,
             text = EXCLUDED.text, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        report.incidentId,
        report.vendorIncidentId,
        report.vendorName,
        report.url,
        report.publishedAt,
        report.text,
      ],
    )) as Array<{ inserted: boolean }>;
    return rows[0]?.inserted ?? false;
  }

  vendorReportsOf(incidentId: string): Promise<PostmortemVendorReportEntity[]> {
    return this.dataSource.manager.find(PostmortemVendorReportEntity, {
      where: { incidentId },
      order: { publishedAt: 'ASC' },
    });
  }

  // --- manager views -----------------------------------------------------------------------

  async deadlines(
    filters: { team?: string; owner?: string; severity?: string },
    now: Date,
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
  ) {
    const where = [`p.status <> 'published'`, 'p.due_at IS NOT NULL'];
    const parameters: unknown[] = [now];
    where.push(this.visibleCondition(viewer, parameters));
    for (const [column, value] of [
      ['p.team', filters.team],
      ['p.owner', filters.owner],
      ['p.severity', filters.severity],
    ] as const) {
      if (value) {
        parameters.push(value);
        where.push(`${column} = $${parameters.length}`);
      }
    }
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM postmortem p WHERE $1::timestamptz IS NOT NULL AND ${where.join(' AND ')}`,
      parameters,
    );
    const size = limit ?? DEFAULT_PAGE_SIZE;
    const start = positionOf(cursor);
    parameters.push(size + 1, start);
    // The page of postmortems first, then their incidents' references: joined before the limit,
    // the planner hashed every incident to find the page's hundred.
    const rows = await this.dataSource.query(
      `SELECT p.id, p.incident_id AS "incidentId", i.reference, p.title, p.status, p.severity, p.team, p.owner,
              p.due_at AS "dueAt", p.resolved_at AS "resolvedAt", (p.due_at < $1) AS overdue,
              round(extract(epoch FROM (p.due_at - $1)) / 3600.0, 1)::float AS "hoursLeft"
         FROM (SELECT p.* FROM postmortem p
                WHERE ${where.join(' AND ')}
                ORDER BY (p.due_at < $1) DESC, p.due_at ASC, p.id
                LIMIT $${parameters.length - 1} OFFSET $${parameters.length}) p
         JOIN incident i ON i.id = p.incident_id
        ORDER BY (p.due_at < $1) DESC, p.due_at ASC, p.id`,
      parameters,
    );
    return {
      items: rows.slice(0, size),
      nextCursor: positionCursor(start, size, rows.length > size),
      total,
    };
  }

  async rcaMetrics(filters: { team?: string; from?: Date; to?: Date }, now: Date, viewer?: Viewer) {
    const parameters: unknown[] = [];
    const where: string[] = ['p.resolved_at IS NOT NULL'];
    where.push(this.visibleCondition(viewer, parameters));
    if (filters.team) {
      parameters.push(filters.team);
      where.push(`p.team = $${parameters.length}`);
    }
    if (filters.from) {
      parameters.push(filters.from);
      where.push(`p.resolved_at >= $${parameters.length}`);
    }
    if (filters.to) {
      parameters.push(filters.to);
      where.push(`p.resolved_at < $${parameters.length}`);
    }
    const clause = where.join(' AND ');
    const onTime = await this.dataSource.query(
      `SELECT to_char(date_trunc('month', p.due_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, COALESCE(p.team, '') AS team,
              count(*)::int AS due,
              count(*) FILTER (WHERE p.published_at IS NOT NULL)::int AS published,
              count(*) FILTER (WHERE p.published_on_time)::int AS "onTime"
         FROM postmortem p
        WHERE ${clause} AND p.due_at IS NOT NULL AND (p.published_at IS NOT NULL OR p.due_at < $${parameters.length + 1})
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [...parameters, now],
    );
    const [median] = await this.dataSource.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (p.published_at - p.resolved_at)) / 3600.0) AS hours,
              count(*)::int AS published
         FROM postmortem p WHERE ${clause} AND p.published_at IS NOT NULL`,
      parameters,
    );
    const [overdue] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM postmortem p
        WHERE ${clause} AND p.status <> 'published' AND p.due_at < $${parameters.length + 1}`,
      [...parameters, now],
    );
    const [items] = await this.dataSource.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE a.status IN ('done', 'wont_do'))::int AS closed,
              count(*) FILTER (WHERE a.status = 'done')::int AS done
         FROM action_item a JOIN postmortem p ON p.id = a.postmortem_id WHERE ${clause}`,
      parameters,
    );
    const [open] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM postmortem p WHERE ${clause} AND p.status <> 'published'`,
      parameters,
    );
    const publishByMonth = await this.dataSource.query(
      `SELECT to_char(date_trunc('month', p.published_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
              count(*)::int AS published,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (p.published_at - p.resolved_at)) / 3600.0) AS hours
         FROM postmortem p WHERE ${clause} AND p.published_at IS NOT NULL
        GROUP BY 1 ORDER BY 1`,
      parameters,
    );
    return { onTime, median, overdue, items, open, publishByMonth };
  }
}
