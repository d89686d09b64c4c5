import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, Page, updateVersioned } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { PostmortemMeetingEntity } from './postmortem-meeting.entity';

/** The retrospective meetings of postmortems. */
@Injectable()
export class MeetingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  insert(
    manager: EntityManager,
    values: Partial<PostmortemMeetingEntity>,
  ): Promise<PostmortemMeetingEntity> {
    return manager.save(PostmortemMeetingEntity, manager.create(PostmortemMeetingEntity, values));
  }

  find(id: string, manager?: EntityManager): Promise<PostmortemMeetingEntity | null> {
    return (manager ?? this.dataSource.manager).findOne(PostmortemMeetingEntity, {
      where: { id },
    });
  }

  updateVersioned(
    manager: EntityManager,
    id: string,
    version: number,
    values: Partial<PostmortemMeetingEntity>,
  ): Promise<boolean> {
    return updateVersioned(manager, 'postmortem_meeting', id, version, values, ['participants']);
  }

  /** A postmortem's meetings, latest start first. */
  list(
    postmortemId: string,
    cursor?: string,
    limit?: number,
  ): Promise<Page<PostmortemMeetingEntity>> {
    const query = this.dataSource
      .getRepository(PostmortemMeetingEntity)
      .createQueryBuilder('meeting')
      .where('meeting.postmortem_id = :postmortemId', { postmortemId });
    return keysetPage(
      query,
      'meeting',
      { column: 'meeting.starts_at', type: 'timestamptz', direction: 'DESC' },
      cursor,
      limit,
    );
  }

  async countScheduled(postmortemId: string, manager: EntityManager): Promise<number> {
    const [row] = await manager.query(
      `SELECT count(*)::int AS n FROM postmortem_meeting WHERE postmortem_id = $1 AND status = 'scheduled'`,
      [postmortemId],
    );
    return row.n as number;
  }

  /**
   * Who responded to the incident: whoever opened it and whoever wrote on its timeline by hand
   * (e-mails as recorded, lower case), most active first.
   */
  async responderEmails(incidentId: string): Promise<string[]> {
    const rows: Array<{ email: string }> = await this.dataSource.query(
      `SELECT email FROM (
         SELECT lower(author) AS email, count(*) AS n FROM timeline_event
          WHERE incident_id = $1 AND source = 'manual' AND deleted_at IS NULL AND author LIKE '%@%'
          GROUP BY lower(author)
         UNION ALL
         SELECT lower(created_by), 0 FROM incident WHERE id = $1 AND created_by LIKE '%@%'
       ) who GROUP BY email ORDER BY max(n) DESC, email LIMIT 50`,
      [incidentId],
    );
    return rows.map((row) => row.email);
  }
}
