import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Page, positionPage, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { DeadlinePolicyEntity } from './deadline-policy.entity';

@Injectable()
export class DeadlinePolicyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get policies() {
    return this.dataSource.getRepository(DeadlinePolicyEntity);
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  insert(
    values: Partial<DeadlinePolicyEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeadlinePolicyEntity> {
    const policies = manager.getRepository(DeadlinePolicyEntity);
    return policies.save(policies.create(values));
  }

  findById(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<DeadlinePolicyEntity | null> {
    return manager.findOneBy(DeadlinePolicyEntity, { id });
  }

  /** The team's own policy for the severity, else the team-less one. */
  async match(severity: string, team: string | null): Promise<DeadlinePolicyEntity | null> {
    return this.policies
      .createQueryBuilder('policy')
      .where('policy.severity = :severity', { severity })
      .andWhere('(policy.team IS NULL OR policy.team = :team)', { team: team ?? '' })
      .orderBy('policy.team IS NULL', 'ASC')
      .getOne();
  }

  findSame(severity: string, team: string | null): Promise<DeadlinePolicyEntity | null> {
    return this.policies
      .createQueryBuilder('policy')
      .where('policy.severity = :severity', { severity })
      .andWhere(team === null ? 'policy.team IS NULL' : 'policy.team = :team', { team })
      .getOne();
  }

  async list(
    filters: { severity?: string; team?: string },
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<DeadlinePolicyEntity>> {
    const query = this.policies.createQueryBuilder('policy');
    if (filters.severity)
      query.andWhere('policy.severity = :severity', { severity: filters.severity });
    if (filters.team) query.andWhere('policy.team = :team', { team: filters.team });
    query
      .orderBy('policy.severity')
      .addOrderBy('policy.team', 'ASC', 'NULLS FIRST')
      .addOrderBy('policy.id');
    return positionPage(query, cursor, limit);
  }

  async updateVersioned(
    id: string,
    expectedVersion: number,
    values: Partial<DeadlinePolicyEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    return updateVersioned(manager, DeadlinePolicyEntity, id, expectedVersion, values);
  }

  async delete(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.getRepository(DeadlinePolicyEntity).delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
