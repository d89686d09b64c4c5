import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditFilter {
  action?: string;
  actionPrefix?: string;
  outcome?: 'success' | 'failure';
  actorUserId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Events older than this id (cursor). */
  before?: string;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(event: Partial<AuditEventEntity>, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager)
      .getRepository(AuditEventEntity)
      .insert(event as never);
  }

  list(filter: AuditFilter): Promise<AuditEventEntity[]> {
    const query = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('e');
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.actionPrefix)
      query.andWhere('e.action LIKE :prefix', {
        prefix: `${filter.actionPrefix.replace(/[%_\\]/g, '\\$&')}%`,
      });
    if (filter.outcome) query.andWhere('e.outcome = :outcome', { outcome: filter.outcome });
    if (filter.actorUserId)
      query.andWhere('e.actor_user_id = :actor', { actor: filter.actorUserId });
    if (filter.targetType)
      query.andWhere('e.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) query.andWhere('e.target_id = :targetId', { targetId: filter.targetId });
    if (filter.from) query.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.occurred_at < :to', { to: filter.to });
    if (filter.before) query.andWhere('e.id < :before', { before: filter.before });
    return query.orderBy('e.id', 'DESC').take(filter.limit).getMany();
  }
}
