import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { deleteVersioned, keysetPage, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { CauseEntity } from './cause.entity';
import { insertEntity, isUuid } from './incident-activity.repository';

/** Every query on causes. */
@Injectable()
export class CauseRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

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
    return insertEntity(manager, CauseEntity, values);
  }

  findCause(incidentId: string, id: string, manager?: EntityManager): Promise<CauseEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.m(manager).findOneBy(CauseEntity, { id, incidentId });
  }

  findCauseById(id: string, manager?: EntityManager): Promise<CauseEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.m(manager).findOneBy(CauseEntity, { id });
  }

  updateCause(id: string, version: number, changes: Partial<CauseEntity>, manager: EntityManager) {
    // Through the entity, so jsonb reasons and uuid[] components are written as such.
    return updateVersioned(manager, CauseEntity, id, version, changes);
  }

  deleteCause(id: string, version: number, manager: EntityManager) {
    return deleteVersioned(manager, 'cause', id, version);
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

  /** The still-suggested cause of (incident, vendor incident), locked for a re-score. */
  async findSuggestedForUpdate(
    incidentId: string,
    vendorIncidentId: string,
    manager: EntityManager,
  ): Promise<CauseEntity | null> {
    return manager
      .createQueryBuilder(CauseEntity, 'cause')
      .where('cause.incident_id = :incidentId AND cause.vendor_incident_id = :vendorIncidentId', {
        incidentId,
        vendorIncidentId,
      })
      .andWhere(`cause.state = 'suggested'`)
      .setLock('pessimistic_write')
      .getOne();
  }
}
