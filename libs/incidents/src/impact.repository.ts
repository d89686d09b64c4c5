import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { deleteVersioned, keysetPage, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { ImpactEntity } from './impact.entity';
import { insertEntity, isUuid } from './incident-activity.repository';

/** Every query on impacts. */
@Injectable()
export class ImpactRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  insertImpact(values: Partial<ImpactEntity>, manager: EntityManager): Promise<ImpactEntity> {
    return insertEntity(manager, ImpactEntity, values);
  }

  findImpact(
    incidentId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<ImpactEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
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
    return deleteVersioned(manager, 'impact', id, version);
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
}
