import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, Page } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationChannelEntity, NotificationTopic } from './notification-channel.entity';
import { DeliveryStatus, NotificationDeliveryEntity } from './notification-delivery.entity';

@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get channels() {
    return this.dataSource.getRepository(NotificationChannelEntity);
  }

  private get deliveries() {
    return this.dataSource.getRepository(NotificationDeliveryEntity);
  }

  createChannel(values: Partial<NotificationChannelEntity>): Promise<NotificationChannelEntity> {
    return this.channels.save(this.channels.create(values));
  }

  findChannel(id: string): Promise<NotificationChannelEntity | null> {
    return this.channels.findOneBy({ id });
  }

  findChannelByName(name: string): Promise<NotificationChannelEntity | null> {
    return this.channels.findOneBy({ name });
  }

  async updateChannel(id: string, values: Partial<NotificationChannelEntity>): Promise<void> {
    await this.channels.update({ id }, values);
  }

  async deleteChannel(id: string): Promise<boolean> {
    const result = await this.channels.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  async listChannels(
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<NotificationChannelEntity>> {
    return keysetPage(
      this.channels.createQueryBuilder('channel'),
      'channel',
      { column: 'channel.name', type: 'text', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  /** Enabled channels subscribed to `topic`, for `team` (channels without a team take every team). */
  /** Enabled channels of `topic` for `team` (and team-less ones), or only `privateTeam`'s channels. */
  subscribers(
    topic: NotificationTopic,
    team: string | null,
    privateTeam: string | null = null,
    manager?: EntityManager,
  ): Promise<NotificationChannelEntity[]> {
    // On the caller's transaction when there is one: a second connection would wait on it in
    // embedded mode (one PGlite session; test/single-connection.int-spec.ts).
    const query = (manager ? manager.getRepository(NotificationChannelEntity) : this.channels)
      .createQueryBuilder('channel')
      .where('channel.enabled')
      .andWhere(':topic = ANY(channel.topics)', { topic });
    if (privateTeam) query.andWhere('channel.team = :privateTeam', { privateTeam });
    else query.andWhere('(channel.team IS NULL OR channel.team = :team)', { team: team ?? '' });
    return query.orderBy('channel.name').getMany();
  }

  /** Inserts the delivery unless one with the same dedupe key exists; returns the stored row either way. */
  async insertDelivery(
    values: Partial<NotificationDeliveryEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ delivery: NotificationDeliveryEntity; created: boolean }> {
    const deliveries = manager.getRepository(NotificationDeliveryEntity);
    const inserted = await deliveries
      .createQueryBuilder()
      .insert()
      .values(values as never)
      .orIgnore()
      .returning('id')
      .execute();
    const created = inserted.raw.length > 0;
    const delivery = await deliveries.findOneByOrFail({ dedupeKey: values.dedupeKey! });
    return { delivery, created };
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** An attempt starts: counted before the receiver is called, so an attempt cut off by a crash shows in the history. */
  async startAttempt(id: string, at: Date): Promise<void> {
    await this.deliveries
      .createQueryBuilder()
      .update()
      .set({ attempts: () => 'attempts + 1', lastAttemptAt: at })
      .where('id = :id', { id })
      .execute();
  }

  /** Pending deliveries with no attempt (or none since) `olderThan`: candidates for the reconciler. */
  async quietPendingDeliveries(olderThan: Date, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM notification_delivery
        WHERE status = 'pending' AND COALESCE(last_attempt_at, created_at) < $1
        ORDER BY created_at LIMIT $2`,
      [olderThan, limit],
    );
    return rows.map((row) => row.id);
  }

  findDelivery(id: string): Promise<NotificationDeliveryEntity | null> {
    return this.deliveries.findOneBy({ id });
  }

  /** The outcome of the attempt counted by startAttempt (`counted: false` counts one here). */
  async recordAttempt(
    id: string,
    outcome: { status: DeliveryStatus; error: string | null; at: Date },
    counted = false,
  ): Promise<void> {
    await this.deliveries
      .createQueryBuilder()
      .update()
      .set({
        ...(counted ? {} : { attempts: () => 'attempts + 1' }),
        status: outcome.status,
        lastError: outcome.error,
        lastAttemptAt: outcome.at,
        ...(outcome.status === DeliveryStatus.Delivered ? { deliveredAt: outcome.at } : {}),
      })
      .where('id = :id', { id })
      .execute();
  }

  async listDeliveries(
    filters: { status?: DeliveryStatus; channelId?: string; topic?: NotificationTopic },
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<NotificationDeliveryEntity>> {
    const query = this.deliveries.createQueryBuilder('delivery');
    if (filters.status) query.andWhere('delivery.status = :status', { status: filters.status });
    if (filters.channelId)
      query.andWhere('delivery.channel_id = :channelId', { channelId: filters.channelId });
    if (filters.topic) query.andWhere('delivery.topic = :topic', { topic: filters.topic });
    return keysetPage(
      query,
      'delivery',
      { column: 'delivery.created_at', type: 'timestamptz', direction: 'DESC' },
      cursor,
      limit,
    );
  }
}
