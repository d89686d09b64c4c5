import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, Page } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { ActionItemEntity } from './action-item.entity';
import { PostmortemCommentEntity, PostmortemMentionEntity } from './postmortem-comment.entity';
import { PostmortemEntity } from './postmortem.entity';

/** Raw rows of the inbox lists. */
export interface InboxReviewRow {
  id: string;
  incidentId: string;
  reference: string;
  title: string;
  severity: string;
  dueAt: Date | null;
  submittedAt: Date | null;
}

export interface InboxMentionRow {
  id: string;
  commentId: string;
  postmortemId: string;
  reference: string;
  postmortemTitle: string;
  sectionKey: string;
  authorName: string;
  body: string;
  mentionIds: string[];
  createdAt: Date;
}

const OPEN_ITEM = `item.status IN ('open', 'in_progress')`;

// A postmortem in review that waits for `email`: named a required reviewer and not yet approved
// by them in this review round (since the last submission).
const WAITING_FOR = `p.status = 'in_review' AND :email = ANY(p.required_reviewers)
  AND NOT EXISTS (
    SELECT 1 FROM postmortem_review rv
     WHERE rv.postmortem_id = p.id AND rv.reviewer = :email AND rv.decision = 'approved'
       AND rv.revision >= COALESCE((SELECT max(r.number) FROM postmortem_revision r
                                     WHERE r.postmortem_id = p.id AND r.reason = 'draft → in_review'), 0))`;

/** Comments, mentions and the inbox queries of the postmortems domain. */
@Injectable()
export class CollaborationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  insertComment(
    manager: EntityManager,
    values: Partial<PostmortemCommentEntity>,
  ): Promise<PostmortemCommentEntity> {
    return manager.save(PostmortemCommentEntity, manager.create(PostmortemCommentEntity, values));
  }

  async insertMentions(
    manager: EntityManager,
    values: Array<Pick<PostmortemMentionEntity, 'commentId' | 'postmortemId' | 'userId'>>,
  ): Promise<void> {
    if (values.length)
      await manager
        .createQueryBuilder()
        .insert()
        .into(PostmortemMentionEntity)
        .values(values)
        .orIgnore()
        .execute();
  }

  findComment(id: string): Promise<PostmortemCommentEntity | null> {
    return this.dataSource.getRepository(PostmortemCommentEntity).findOneBy({ id });
  }

  /** A section's thread, oldest first. */
  comments(
    postmortemId: string,
    sectionKey: string,
    cursor?: string,
    limit?: number,
  ): Promise<Page<PostmortemCommentEntity>> {
    const query = this.dataSource
      .getRepository(PostmortemCommentEntity)
      .createQueryBuilder('comment')
      .where('comment.postmortem_id = :postmortemId AND comment.section_key = :sectionKey', {
        postmortemId,
        sectionKey,
      });
    return keysetPage(
      query,
      'comment',
      { column: 'comment.created_at', type: 'timestamptz', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  async commentCounts(postmortemId: string): Promise<Record<string, number>> {
    const rows: Array<{ key: string; count: number }> = await this.dataSource.query(
      `SELECT section_key AS key, count(*)::int AS count FROM postmortem_comment
        WHERE postmortem_id = $1 GROUP BY section_key`,
      [postmortemId],
    );
    return Object.fromEntries(rows.map((row) => [row.key, row.count]));
  }

  // --- the inbox ---------------------------------------------------------------------------

  private reviewsQuery(email: string) {
    return this.dataSource
      .createQueryBuilder()
      .from(PostmortemEntity, 'p')
      .innerJoin('incident', 'i', 'i.id = p.incident_id')
      .where(WAITING_FOR, { email });
  }

  /** Postmortems waiting for this reviewer, oldest first. */
  async waitingReviews(
    email: string,
    cursor?: string,
    limit?: number,
  ): Promise<Page<InboxReviewRow>> {
    const query = this.reviewsQuery(email).select([
      'p.id AS id',
      'p.incident_id AS "incidentId"',
      'i.reference AS reference',
      'p.title AS title',
      'p.severity AS severity',
      'p.due_at AS "dueAt"',
      `(SELECT max(r.created_at) FROM postmortem_revision r
         WHERE r.postmortem_id = p.id AND r.reason = 'draft → in_review') AS "submittedAt"`,
    ]);
    return keysetPage<InboxReviewRow>(
      query as never,
      'p',
      { column: 'p.created_at', type: 'timestamptz', direction: 'ASC' },
      cursor,
      limit,
      { lean: true },
    );
  }

  /** Open items this user owns, the nearest due date first (items without one last). */
  ownedOpenItems(userId: string, cursor?: string, limit?: number): Promise<Page<ActionItemEntity>> {
    const query = this.dataSource
      .getRepository(ActionItemEntity)
      .createQueryBuilder('item')
      .where(`item.owner_id = :userId AND ${OPEN_ITEM}`, { userId });
    return keysetPage(
      query,
      'item',
      { column: `COALESCE(item.due_date::text, '9999-12-31')`, type: 'text', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  /** Comments that mention this user, newest first. */
  mentionsOf(userId: string, cursor?: string, limit?: number): Promise<Page<InboxMentionRow>> {
    const query = this.dataSource
      .createQueryBuilder()
      .from(PostmortemMentionEntity, 'm')
      .innerJoin(PostmortemCommentEntity, 'c', 'c.id = m.comment_id')
      .innerJoin(PostmortemEntity, 'p', 'p.id = m.postmortem_id')
      .innerJoin('incident', 'i', 'i.id = p.incident_id')
      .where('m.user_id = :userId', { userId })
      .select([
        'm.id AS id',
        'c.id AS "commentId"',
        'p.id AS "postmortemId"',
        'i.reference AS reference',
        'p.title AS "postmortemTitle"',
        'c.section_key AS "sectionKey"',
        'c.author_name AS "authorName"',
        'c.body AS body',
        'c.mention_ids AS "mentionIds"',
        'c.created_at AS "createdAt"',
      ]);
    return keysetPage<InboxMentionRow>(
      query as never,
      'm',
      { column: 'm.created_at', type: 'timestamptz', direction: 'DESC' },
      cursor,
      limit,
      { lean: true },
    );
  }

  async counts(
    userId: string,
    email: string | null,
  ): Promise<{ reviews: number; actionItems: number; mentions: number }> {
    const [reviews, actionItems, mentions] = await Promise.all([
      email ? this.reviewsQuery(email).getCount() : Promise.resolve(0),
      this.dataSource
        .getRepository(ActionItemEntity)
        .createQueryBuilder('item')
        .where(`item.owner_id = :userId AND ${OPEN_ITEM}`, { userId })
        .getCount(),
      this.dataSource.getRepository(PostmortemMentionEntity).countBy({ userId }),
    ]);
    return { reviews, actionItems, mentions };
  }

  /** Reference and title of each postmortem, for the inbox's links. */
  async postmortemLabels(
    ids: string[],
  ): Promise<Map<string, { reference: string; title: string }>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; reference: string; title: string }> = await this.dataSource
      .createQueryBuilder()
      .from(PostmortemEntity, 'p')
      .innerJoin('incident', 'i', 'i.id = p.incident_id')
      .select(['p.id AS id', 'i.reference AS reference', 'p.title AS title'])
      .where('p.id IN (:...ids)', { ids })
      .getRawMany();
    return new Map(rows.map((row) => [row.id, { reference: row.reference, title: row.title }]));
  }

  /** The incident reference of a postmortem (for links in messages). */
  async referenceOf(postmortemId: string): Promise<string | null> {
    const labels = await this.postmortemLabels([postmortemId]);
    return labels.get(postmortemId)?.reference ?? null;
  }

  /** The author of a revision and the latest review recorded on it (who asked, who decided). */
  async revisionAuthor(postmortemId: string, number: number): Promise<string | null> {
    const [row] = await this.dataSource.query(
      `SELECT author FROM postmortem_revision WHERE postmortem_id = $1 AND number = $2`,
      [postmortemId, number],
    );
    return row?.author ?? null;
  }

  /**
   * The review that made a workflow step: the last one with that decision up to that revision. Not
   * simply the latest review, which by the time the notification job runs may be a later one
   * (a change request answered and approved within seconds).
   */
  async reviewOfStep(
    postmortemId: string,
    revision: number,
    decision: string,
  ): Promise<{ reviewer: string; decision: string; comment: string } | null> {
    const [row] = await this.dataSource.query(
      `SELECT reviewer, decision, comment FROM postmortem_review
        WHERE postmortem_id = $1 AND revision <= $2 AND decision = $3
        ORDER BY created_at DESC, id DESC LIMIT 1`,
      [postmortemId, revision, decision],
    );
    return row ?? null;
  }
}
