import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Viewer, VisibilityService } from '@rca/accounts';
import { VendorEntity } from '@rca/catalog';
import { CauseEntity, IncidentEntity, TimelineEventEntity } from '@rca/incidents';
import { ActionItemEntity, PostmortemEntity } from '@rca/postmortems';
import { keysetPage, Page, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager, In, IsNull, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ExportSource } from './exporter';
import { ExportRunEntity, ExportRunStatus } from './export-run.entity';
import { ExportTargetEntity, ExportTargetKind } from './export-target.entity';

export interface RunFilters {
  targetId?: string;
  postmortemId?: string;
  status?: ExportRunStatus;
}

@Injectable()
export class ExportsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly visibility: VisibilityService,
  ) {}

  /** Rows whose postmortem `viewer` may see (it follows its incident's visibility), in the same statement. */
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
      this.visibility.restrict(incident, viewer, {
        privateColumn: 'i.private',
        teamColumn: 'i.team_id',
      });
      return `EXISTS ${incident.getQuery()}`;
    });
  }

  private get targets() {
    return this.dataSource.getRepository(ExportTargetEntity);
  }

  /** For reads outside a transaction by shared helpers (the outbox). */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  private get runs() {
    return this.dataSource.getRepository(ExportRunEntity);
  }

  /** Everything an export of the postmortem needs, read in one snapshot. */
  /** Everything an export renders; null when missing or not visible to `viewer` (undefined: the system). */
  async loadSource(postmortemId: string, viewer?: Viewer): Promise<ExportSource | null> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const postmortem = await this.visibleTo(
        manager
          .createQueryBuilder(PostmortemEntity, 'postmortem')
          .where('postmortem.id = :postmortemId', { postmortemId }),
        viewer,
        'postmortem.id',
      ).getOne();
      if (!postmortem) return null;
      // One connection inside the transaction: the queries run one after the other.
      const incident = await manager.findOneBy(IncidentEntity, { id: postmortem.incidentId });
      const timeline = await manager.find(TimelineEventEntity, {
        where: { incidentId: postmortem.incidentId, deletedAt: IsNull() },
        order: { occurredAt: 'ASC', id: 'ASC' },
      });
      const causes = await manager.find(CauseEntity, {
        where: { incidentId: postmortem.incidentId },
        order: { createdAt: 'ASC' },
      });
      const actionItems = await manager.find(ActionItemEntity, {
        where: { postmortemId },
        order: { createdAt: 'ASC', id: 'ASC' },
      });
      const vendorIds = [...new Set(causes.map((cause) => cause.vendorId))];
      const vendors = vendorIds.length
        ? await manager.findBy(VendorEntity, { id: In(vendorIds) })
        : [];
      const vendorName = new Map(vendors.map((vendor) => [vendor.id, vendor.name]));
      return {
        postmortem,
        incident,
        timeline,
        causes: causes.map((cause) => ({
          vendor: vendorName.get(cause.vendorId) ?? null,
          role: cause.role,
          state: cause.state,
          explanation: cause.explanation,
          decidedBy: cause.decidedBy,
        })),
        actionItems,
      };
    });
  }

  // --- targets -------------------------------------------------------------------------------

  createTarget(values: Partial<ExportTargetEntity>): Promise<ExportTargetEntity> {
    return this.targets.save(this.targets.create(values));
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  findTarget(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ExportTargetEntity | null> {
    return manager.findOneBy(ExportTargetEntity, { id });
  }

  findTargetByName(name: string): Promise<ExportTargetEntity | null> {
    return this.targets.findOneBy({ name });
  }

  /** Conditional on the version; false when someone else changed (or deleted) the target. */
  async updateTargetVersioned(
    id: string,
    version: number,
    values: Partial<ExportTargetEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return updateVersioned(manager, ExportTargetEntity, id, version, values);
  }

  async deleteTarget(id: string): Promise<boolean> {
    const result = await this.targets.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  async listTargets(
    filters: { kind?: ExportTargetKind; team?: string; enabled?: boolean },
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<ExportTargetEntity>> {
    const query = this.targets.createQueryBuilder('target');
    if (filters.kind) query.andWhere('target.kind = :kind', { kind: filters.kind });
    if (filters.team) query.andWhere('target.team = :team', { team: filters.team });
    if (filters.enabled !== undefined)
      query.andWhere('target.enabled = :enabled', { enabled: filters.enabled });
    return keysetPage(
      query,
      'target',
      { column: 'target.name', type: 'text', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  /** Enabled targets that take postmortems of `team` (targets without a team take every team). */
  enabledTargetsFor(team: string | null): Promise<ExportTargetEntity[]> {
    return this.targets
      .createQueryBuilder('t')
      .where('t.enabled = true')
      .andWhere('(t.team IS NULL OR t.team = :team)', { team })
      .orderBy('t.name', 'ASC')
      .getMany();
  }

  // --- runs (export history) ----------------------------------------------------------------

  /** Inserts the run unless its idempotency key exists; returns the stored one either way. */
  async insertRunIfNew(
    values: Partial<ExportRunEntity> & { idempotencyKey: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ run: ExportRunEntity; created: boolean }> {
    const runs = manager.getRepository(ExportRunEntity);
    const result = await runs
      .createQueryBuilder()
      .insert()
      .values(values)
      .orIgnore()
      .returning('id')
      .execute();
    const created = result.raw.length > 0;
    const run = (await runs.findOneBy({ idempotencyKey: values.idempotencyKey }))!;
    return { run, created };
  }

  countRunsWithKeyPrefix(prefix: string): Promise<number> {
    return this.runs
      .createQueryBuilder('r')
      .where('r.idempotency_key LIKE :prefix', { prefix: `${prefix.replace(/[%_\\]/g, '\\$&')}%` })
      .getCount();
  }

  findRun(id: string, viewer?: Viewer): Promise<ExportRunEntity | null> {
    return this.visibleTo(
      this.runs.createQueryBuilder('run').where('run.id = :id', { id }),
      viewer,
      'run.postmortem_id',
    ).getOne();
  }

  async updateRun(
    id: string,
    values: Partial<ExportRunEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.getRepository(ExportRunEntity).update({ id }, values);
  }

  /** Failed → pending again (a manual retry); false when it was not failed. */
  async requeueFailedRun(id: string, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .getRepository(ExportRunEntity)
      .update({ id, status: 'failed' }, { status: 'pending', finishedAt: null });
    return (result.affected ?? 0) === 1;
  }

  /** Pending runs not touched since `olderThan`: candidates for the reconciler. */
  quietPendingRuns(olderThan: Date, limit: number): Promise<ExportRunEntity[]> {
    return this.runs
      .createQueryBuilder('r')
      .where(`r.status = 'pending'`)
      .andWhere('r.updated_at < :olderThan', { olderThan })
      .orderBy('r.created_at')
      .take(limit)
      .getMany();
  }

  /** The last successful push of a postmortem to a target: where its page lives. */
  lastSuccess(targetId: string, postmortemId: string): Promise<ExportRunEntity | null> {
    return this.runs.findOne({
      where: { targetId, postmortemId, status: 'succeeded' },
      order: { finishedAt: 'DESC' },
    });
  }

  async listRuns(
    filters: RunFilters,
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
  ): Promise<Page<ExportRunEntity>> {
    const query = this.runs.createQueryBuilder('run');
    if (filters.targetId)
      query.andWhere('run.target_id = :targetId', { targetId: filters.targetId });
    if (filters.postmortemId)
      query.andWhere('run.postmortem_id = :postmortemId', { postmortemId: filters.postmortemId });
    if (filters.status) query.andWhere('run.status = :status', { status: filters.status });
    this.visibleTo(query, viewer, 'run.postmortem_id');
    return keysetPage(
      query,
      'run',
      { column: 'run.created_at', type: 'timestamptz', direction: 'DESC' },
      cursor,
      limit,
    );
  }
}
