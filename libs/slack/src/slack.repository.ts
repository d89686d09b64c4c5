import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { keysetPage, Page } from '@rca/shared';
import { DataSource, EntityManager } from 'typeorm';
import { SlackChannelLinkEntity } from './slack-channel-link.entity';
import { SlackImportEntity } from './slack-import.entity';
import { SlackMessageEntity, SlackMessageState } from './slack-message.entity';
import { SlackRequestEntity, SlackRequestKind } from './slack-request.entity';
import { SlackSettingsEntity } from './slack-settings.entity';

export const SETTINGS_ID = 'default';

export type NewSlackMessage = Omit<
  SlackMessageEntity,
  'id' | 'incident' | 'createdAt' | 'updatedAt' | 'timelineEventId' | 'decidedBy' | 'decidedAt'
>;

/** Every query of the Slack domain. It writes only its own tables (slack_*). */
@Injectable()
export class SlackRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // --- settings ------------------------------------------------------------------------------

  findSettings(manager?: EntityManager) {
    return this.m(manager).findOneBy(SlackSettingsEntity, { id: SETTINGS_ID });
  }

  /** Writes the settings row if its version is still `expected` (0: no row yet); false on a stale write. */
  async saveSettings(
    expected: number,
    values: { teamId: string | null; credentials: string; updatedBy: string },
  ): Promise<boolean> {
    if (expected === 0) {
      const rows = (await this.dataSource.query(
        `INSERT INTO slack_app_settings (id, team_id, credentials, updated_by, version)
         VALUES ($1, $2, $3, $4, 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [SETTINGS_ID, values.teamId, values.credentials, values.updatedBy],
      )) as unknown[];
      return rows.length === 1;
    }
    const [, affected] = (await this.dataSource.query(
      `UPDATE slack_app_settings SET team_id = $2, credentials = $3, updated_by = $4,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $5`,
      [SETTINGS_ID, values.teamId, values.credentials, values.updatedBy, expected],
    )) as [unknown, number];
    return affected === 1;
  }

  async deleteSettings(): Promise<void> {
    await this.dataSource.query(`DELETE FROM slack_app_settings WHERE id = $1`, [SETTINGS_ID]);
  }

  // --- requests ------------------------------------------------------------------------------

  /** Records a verified request; null when its signature was seen before (a replay). */
  async insertRequest(
    manager: EntityManager,
    request: { signature: string; kind: SlackRequestKind; payload: Record<string, unknown> },
  ): Promise<string | null> {
    const rows = (await manager.query(
      `INSERT INTO slack_request (signature, kind, payload) VALUES ($1, $2, $3)
       ON CONFLICT (signature) DO NOTHING RETURNING id`,
      [request.signature, request.kind, JSON.stringify(request.payload)],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  /** Requests are kept a week (replays are refused by timestamp after 5 minutes anyway). */
  async purgeRequests(manager: EntityManager): Promise<void> {
    await manager.query(
      `DELETE FROM slack_request WHERE received_at < now() - interval '7 days' AND replied_at IS NOT NULL`,
    );
  }

  /** The request, locked for the rest of the transaction (two runs of its job do the work once). */
  lockRequest(id: string, manager: EntityManager) {
    return manager
      .createQueryBuilder(SlackRequestEntity, 'r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  findRequest(id: string) {
    return this.dataSource.manager.findOneBy(SlackRequestEntity, { id });
  }

  async recordOutcome(
    id: string,
    outcome: { text: string; visibleToChannel: boolean },
    manager: EntityManager,
  ): Promise<void> {
    await manager.update(SlackRequestEntity, { id }, { outcome, processedAt: new Date() });
  }

  async markReplied(id: string): Promise<void> {
    await this.dataSource.manager.update(SlackRequestEntity, { id }, { repliedAt: new Date() });
  }

  // --- channel links -------------------------------------------------------------------------

  findLink(channelId: string, manager?: EntityManager) {
    return this.m(manager).findOneBy(SlackChannelLinkEntity, { channelId });
  }

  linksOf(incidentId: string) {
    return this.dataSource.manager.find(SlackChannelLinkEntity, {
      where: { incidentId },
      order: { createdAt: 'ASC' },
    });
  }

  /** Links the channel to the incident (moving it off any other incident). */
  async link(
    link: { channelId: string; incidentId: string; channelName: string | null; linkedBy: string },
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO slack_channel_link (channel_id, incident_id, channel_name, linked_by)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel_id) DO UPDATE
          SET incident_id = EXCLUDED.incident_id, channel_name = EXCLUDED.channel_name,
              linked_by = EXCLUDED.linked_by, updated_at = now()`,
      [link.channelId, link.incidentId, link.channelName, link.linkedBy],
    );
  }

  // --- messages ------------------------------------------------------------------------------

  /** Inserts the messages not known yet for their incident and channel; returns how many were new. */
  async insertMessages(messages: NewSlackMessage[], manager: EntityManager): Promise<number> {
    if (!messages.length) return 0;
    const columns = [
      'incidentId',
      'channelId',
      'messageTs',
      'occurredAt',
      'authorId',
      'authorName',
      'authorZone',
      'body',
      'permalink',
      'origin',
      'state',
    ] as const;
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(SlackMessageEntity)
      .values(messages.map((message) => Object.fromEntries(columns.map((c) => [c, message[c]]))))
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as unknown[]).length;
  }

  findMessage(incidentId: string, channelId: string, messageTs: string, manager: EntityManager) {
    return manager.findOneBy(SlackMessageEntity, { incidentId, channelId, messageTs });
  }

  findMessageById(incidentId: string, id: string, manager?: EntityManager) {
    return this.m(manager).findOneBy(SlackMessageEntity, { incidentId, id });
  }

  /**
   * Moves a proposed message to `state`, once: null when it was decided already (a second click,
   * a rerun) or does not exist.
   */
  async decide(
    id: string,
    incidentId: string,
    state: Exclude<SlackMessageState, 'proposed'>,
    actor: string,
    manager: EntityManager,
  ): Promise<SlackMessageEntity | null> {
    const rows = (await manager.query(
      `UPDATE slack_message SET state = $3, decided_by = $4, decided_at = now(), updated_at = now()
        WHERE id = $1 AND incident_id = $2 AND state = 'proposed' RETURNING id`,
      [id, incidentId, state, actor],
    )) as [Array<{ id: string }>, number];
    if (!rows[0].length) return null;
    return manager.findOneBy(SlackMessageEntity, { id });
  }

  async setTimelineEvent(
    id: string,
    timelineEventId: string,
    manager: EntityManager,
  ): Promise<void> {
    await manager.update(SlackMessageEntity, { id }, { timelineEventId });
  }

  /** The incident's messages in one state, oldest first. */
  pageMessages(
    incidentId: string,
    state: SlackMessageState,
    cursor?: string,
    limit?: number,
  ): Promise<Page<SlackMessageEntity>> {
    const query = this.dataSource.manager
      .createQueryBuilder(SlackMessageEntity, 'm')
      .where('m.incident_id = :incidentId', { incidentId })
      .andWhere('m.state = :state', { state });
    return keysetPage(
      query,
      'm',
      { column: 'm.occurred_at', type: 'timestamptz', direction: 'ASC' },
      cursor,
      limit,
    );
  }

  // --- imports -------------------------------------------------------------------------------

  async insertImport(
    values: Pick<
      SlackImportEntity,
      'incidentId' | 'channelId' | 'origin' | 'fromAt' | 'toAt' | 'state' | 'requestedBy'
    > &
      Partial<Pick<SlackImportEntity, 'proposed' | 'error'>>,
    manager: EntityManager,
  ): Promise<SlackImportEntity> {
    return manager.save(manager.create(SlackImportEntity, values));
  }

  findImport(id: string) {
    return this.dataSource.manager.findOneBy(SlackImportEntity, { id });
  }

  importsOf(incidentId: string) {
    return this.dataSource.manager.find(SlackImportEntity, {
      where: { incidentId },
      order: { createdAt: 'DESC' },
      take: 20,
    });
  }

  async finishImport(
    id: string,
    values: { state: 'done' | 'failed'; proposed?: number; error?: string | null },
  ): Promise<void> {
    await this.dataSource.manager.update(SlackImportEntity, { id }, values);
  }
}
