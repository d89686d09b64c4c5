import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, Page, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { TrackerLinkEntity } from './tracker-link.entity';
import { TrackerTargetEntity } from './tracker-target.entity';

/** The trackers lib's own tables: tracker_target and tracker_link. */
@Injectable()
export class TrackersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private targets(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(TrackerTargetEntity);
  }
  private links(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(TrackerLinkEntity);
  }

  // --- targets ---------------------------------------------------------------------------------

  listTargets(
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<TrackerTargetEntity>> {
    return keysetPage(
      this.targets().createQueryBuilder('target'),
      'target',
      { column: 'target.name', type: 'text', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  findTarget(id: string, manager?: EntityManager): Promise<TrackerTargetEntity | null> {
    return this.targets(manager).findOneBy({ id });
  }

  findTargetByName(name: string): Promise<TrackerTargetEntity | null> {
    return this.targets()
      .createQueryBuilder('target')
      .where('lower(target.name) = lower(:name)', { name })
      .getOne();
  }

  enabledTargets(): Promise<TrackerTargetEntity[]> {
    return this.targets().find({ where: { enabled: true }, order: { name: 'ASC' } });
  }

  /** The enabled target of `team`, else the enabled default one (team null). */
  async targetForTeam(team: string | null): Promise<TrackerTargetEntity | null> {
    const query = this.targets()
      .createQueryBuilder('target')
      .where('target.enabled')
      .andWhere('(target.team IS NULL OR target.team = :team)', { team: team ?? '' })
      .orderBy('target.team IS NULL', 'ASC')
      .addOrderBy('target.name', 'ASC')
      .limit(1);
    return query.getOne();
  }

  /** Whether another target already serves `team` (null: the default). */
  async teamTaken(team: string | null, exceptId?: string): Promise<TrackerTargetEntity | null> {
    const query = this.targets()
      .createQueryBuilder('target')
      .where(team === null ? 'target.team IS NULL' : 'target.team = :team', { team });
    if (exceptId) query.andWhere('target.id <> :exceptId', { exceptId });
    return query.getOne();
  }

  async insertTarget(values: Partial<TrackerTargetEntity>): Promise<TrackerTargetEntity> {
    const saved = await this.targets().save(this.targets().create(values));
    return (await this.findTarget(saved.id))!;
  }

  updateTarget(
    manager: EntityManager,
    id: string,
    version: number,
    values: Partial<TrackerTargetEntity>,
  ): Promise<boolean> {
    return updateVersioned(manager, TrackerTargetEntity, id, version, values);
  }

  async setPollState(id: string, values: Partial<TrackerTargetEntity>): Promise<void> {
    await this.targets().update({ id }, values);
  }

  async deleteTarget(id: string): Promise<boolean> {
    return ((await this.targets().delete({ id })).affected ?? 0) > 0;
  }

  // --- links -----------------------------------------------------------------------------------

  findLinkByItem(actionItemId: string, manager?: EntityManager): Promise<TrackerLinkEntity | null> {
    return this.links(manager).findOne({ where: { actionItemId }, relations: { target: true } });
  }

  /** Outside any transaction: each statement commits on its own. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * Claims the item's link for one sync for `leaseSeconds` (one sync of an item at a time, also
   * across workers): the link with its target, 'busy' while another sync holds it, null when the
   * item has no link. A sync that dies leaves the lease to run out.
   */
  async claimSync(
    actionItemId: string,
    leaseSeconds: number,
  ): Promise<TrackerLinkEntity | 'busy' | null> {
    const claimed = await this.links()
      .createQueryBuilder()
      .update()
      .set({ syncClaimedUntil: () => `now() + make_interval(secs => ${Math.round(leaseSeconds)})` })
      .where('action_item_id = :actionItemId', { actionItemId })
      .andWhere('(sync_claimed_until IS NULL OR sync_claimed_until < now())')
      .execute();
    const link = await this.findLinkByItem(actionItemId);
    if (!link) return null;
    return claimed.affected ? link : 'busy';
  }

  async releaseSync(linkId: string): Promise<void> {
    await this.links().update({ id: linkId }, { syncClaimedUntil: null });
  }

  findLinkByExternal(
    targetId: string,
    externalId: string,
    manager?: EntityManager,
  ): Promise<TrackerLinkEntity | null> {
    return this.links(manager).findOneBy({ targetId, externalId, state: 'linked' });
  }

  linksOfPostmortem(postmortemId: string): Promise<TrackerLinkEntity[]> {
    return this.links().find({ where: { postmortemId }, order: { createdAt: 'ASC' } });
  }

  /** Inserts a link in state `creating` unless the item has one; returns it and whether it is new. */
  async claimLink(
    manager: EntityManager,
    values: Pick<TrackerLinkEntity, 'actionItemId' | 'postmortemId' | 'targetId' | 'requestedBy'>,
  ): Promise<{ link: TrackerLinkEntity; created: boolean }> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO tracker_link (action_item_id, postmortem_id, target_id, requested_by, state)
       VALUES ($1, $2, $3, $4, 'creating')
       ON CONFLICT (action_item_id) DO NOTHING RETURNING id`,
      [values.actionItemId, values.postmortemId, values.targetId, values.requestedBy],
    );
    const link = (await this.findLinkByItem(values.actionItemId, manager))!;
    return { link, created: inserted.length > 0 };
  }

  async updateLink(
    manager: EntityManager,
    id: string,
    values: Partial<TrackerLinkEntity>,
  ): Promise<void> {
    await manager
      .getRepository(TrackerLinkEntity)
      .update({ id }, { ...values, version: () => '"version" + 1' } as never);
  }

  /** Linked issues not read for `olderThan`: a deletion in the tracker shows in no change list. */
  staleLinks(targetId: string, olderThan: Date, limit: number): Promise<TrackerLinkEntity[]> {
    return this.links().find({
      where: { targetId, state: 'linked', lastSyncedAt: LessThan(olderThan) },
      order: { lastSyncedAt: 'ASC' },
      take: limit,
    });
  }
}
