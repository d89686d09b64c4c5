import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, Page } from '@rca/shared';
import { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { IncidentActivityEntity } from './incident-activity.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Inserts with `save()` and reads the row back (defaults, generated columns). */
export async function insertEntity<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => T,
  values: Partial<T>,
): Promise<T> {
  const repository = manager.getRepository(entity);
  const saved = await repository.save(repository.create(values as T));
  return repository.findOneByOrFail({ id: saved.id } as never);
}

export const isUuid = (value: string) => UUID.test(value);

export interface ActivityInput {
  incidentId: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: object | null;
  after?: object | null;
}

/** The incident activity log, written by every incident-record service in its transaction. */
@Injectable()
export class IncidentActivityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
