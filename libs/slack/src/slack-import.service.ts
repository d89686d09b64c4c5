import { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import type { Viewer } from '@rca/accounts';
import { IncidentService, resolveInstant, TimelineEventService } from '@rca/incidents';
import { ConflictError, Environment, InvalidInputError, NotFoundError, Outbox } from '@rca/shared';
import { SlackError, SlackErrorCode } from './slack.errors';
import { NewSlackMessage, SlackRepository } from './slack.repository';
import { readSlackExport } from './slack-export-archive';
import { SlackMessageState } from './slack-message.entity';
import { prepareMessage, timelineInput } from './slack-request.service';
import { SlackSettingsService } from './slack-settings.service';
import { dateToSlackTs, isConversation } from './slack-message-format';

/** Longest window one import may cover. */
export const MAX_IMPORT_WINDOW_DAYS = 31;

function window(from: string, to: string): { fromAt: Date; toAt: Date } {
  const fromAt = resolveInstant(from, 'from').instant;
  const toAt = resolveInstant(to, 'to').instant;
  if (toAt <= fromAt) throw new InvalidInputError('to', 'must be after from');
  if (toAt.getTime() - fromAt.getTime() > MAX_IMPORT_WINDOW_DAYS * 86_400_000)
    throw new InvalidInputError(
      'to',
      `the window may cover ${MAX_IMPORT_WINDOW_DAYS} days at most`,
    );
  return { fromAt, toAt };
}

/**
 * Channel messages as proposed timeline events: imported from a linked channel's history
 * (conversations.history, by a job) or from an export archive, deduplicated by message, and
 * accepted (a timeline event through the incidents service) or dismissed by a person.
 */
@Injectable()
export class SlackImportService {
  constructor(
    private readonly repository: SlackRepository,
    private readonly settings: SlackSettingsService,
    private readonly incidents: IncidentService,
    private readonly timeline: TimelineEventService,
    private readonly outbox: Outbox,
    private readonly environment: Environment,
  ) {}

  /** The incident's linked channels and recent imports. */
  async overview(reference: string, viewer?: Viewer) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    const [channels, imports] = await Promise.all([
      this.repository.linksOf(incident.id),
      this.repository.importsOf(incident.id),
    ]);
    return {
      channels: channels.map(({ channelId, channelName, linkedBy, createdAt }) => ({
        channelId,
        channelName,
        linkedBy,
        createdAt,
      })),
      imports: imports.map(({ incident: _incident, ...row }) => row),
    };
  }

  async listMessages(
    reference: string,
    state: SlackMessageState,
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
  ) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    const page = await this.repository.pageMessages(incident.id, state, cursor, limit);
    return {
      items: page.items.map(({ incident: _incident, ...row }) => row),
      nextCursor: page.nextCursor,
    };
  }

  /** Asks for an import of a linked channel's history in [from, to]; the job does it. */
  async requestHistoryImport(
    reference: string,
    input: { channelId?: string; from: string; to: string },
    actor: string,
    viewer?: Viewer,
  ) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    const { fromAt, toAt } = window(input.from, input.to);
    const links = await this.repository.linksOf(incident.id);
    const link = input.channelId ? links.find((l) => l.channelId === input.channelId) : links[0];
    if (!link)
      throw new SlackError(
        SlackErrorCode.ChannelNotLinked,
        409,
        input.channelId
          ? `Channel ${input.channelId} is not linked to ${incident.reference}`
          : `No Slack channel is linked to ${incident.reference}: run /rca link ${incident.reference} in the channel`,
      );
    if (!(await this.settings.credentials()))
      throw new SlackError(SlackErrorCode.NotConfigured, 409, 'The Slack app is not configured');
    const row = await this.repository.transaction(async (manager) => {
      const created = await this.repository.insertImport(
        {
          incidentId: incident.id,
          channelId: link.channelId,
          origin: 'history',
          fromAt,
          toAt,
          state: 'pending',
          requestedBy: actor,
        },
        manager,
      );
      await this.outbox.emit(manager, 'slack.import-requested', { importId: created.id });
      return created;
    });
    const { incident: _incident, ...view } = row;
    return view;
  }

  /** slack.import-history: pages the channel's history and proposes each message not known yet. */
  async runHistoryImport(importId: string): Promise<{ proposed: number }> {
    const row = await this.repository.findImport(importId);
    if (!row || row.state !== 'pending') return { proposed: row?.proposed ?? 0 };
    const api = await this.settings.webApi();
    const users = new Map<string, { name: string; zone: string | null }>();
    const window = { oldest: dateToSlackTs(row.fromAt), latest: dateToSlackTs(row.toAt) };
    let cursor: string | undefined;
    let proposed = 0;
    try {
      do {
        const page = await api.history(row.channelId, window, cursor);
        const messages: NewSlackMessage[] = [];
        for (const message of (page.messages ?? []).filter(isConversation)) {
          const prepared = await prepareMessage(api, row.channelId, message, users);
          if ('problem' in prepared) continue;
          messages.push({
            ...prepared.message,
            incidentId: row.incidentId,
            channelId: row.channelId,
            origin: 'history',
            state: 'proposed',
          });
        }
        proposed += await this.repository.transaction((manager) =>
          this.repository.insertMessages(messages, manager),
        );
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (error) {
      const permanent = (error as { permanent?: boolean }).permanent === true;
      if (permanent) {
        await this.repository.finishImport(importId, {
          state: 'failed',
          proposed,
          error: (error as Error).message,
        });
        return { proposed };
      }
      throw error;
    }
    await this.repository.finishImport(importId, { state: 'done', proposed, error: null });
    return { proposed };
  }

  /** Records why an import ended without finishing (its messages proposed so far stay). */
  async markFailed(importId: string, error: unknown): Promise<void> {
    const row = await this.repository.findImport(importId);
    if (!row || row.state !== 'pending') return;
    await this.repository.finishImport(importId, {
      state: 'failed',
      error: error instanceof Error ? error.message : String(error),
    });
  }

  /**
   * An export archive's messages of one channel in [from, to], proposed at once (the archive is
   * read in memory within SLACK_EXPORT_* caps); a bad archive is a 400 and stores nothing.
   */
  async importArchive(
    reference: string,
    archive: Buffer,
    input: { channel: string; from: string; to: string },
    actor: string,
    viewer?: Viewer,
  ) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    const { fromAt, toAt } = window(input.from, input.to);
    const exported = await readSlackExport(archive, input.channel, {
      maxEntries: this.environment.SLACK_EXPORT_MAX_ENTRIES,
      maxUncompressedBytes: this.environment.SLACK_EXPORT_MAX_UNCOMPRESSED_BYTES,
      from: fromAt,
      to: toAt,
    });
    return this.repository.transaction(async (manager) => {
      const proposed = await this.repository.insertMessages(
        exported.messages.map((message) => ({
          ...message,
          incidentId: incident.id,
          channelId: exported.channelId,
          origin: 'export',
          state: 'proposed',
        })),
        manager,
      );
      const row = await this.repository.insertImport(
        {
          incidentId: incident.id,
          channelId: exported.channelId,
          origin: 'export',
          fromAt,
          toAt,
          state: 'done',
          proposed,
          requestedBy: actor,
        },
        manager,
      );
      const { incident: _incident, ...view } = row;
      return { ...view, found: exported.messages.length };
    });
  }

  /** Accepts a proposed message: its timeline event is created in the same transaction, once. */
  async accept(reference: string, id: string, actor: string, viewer?: Viewer) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    return this.repository.transaction(async (manager) => {
      const decided = await this.repository.decide(id, incident.id, 'accepted', actor, manager);
      if (!decided) throw await this.notProposed(incident.id, id, manager);
      const event = await this.timeline.createTimelineEvent(
        incident.id,
        timelineInput(decided),
        actor,
        viewer,
        manager,
      );
      await this.repository.setTimelineEvent(decided.id, event.id, manager);
      return { ...decided, timelineEventId: event.id, incident: undefined };
    });
  }

  async dismiss(reference: string, id: string, actor: string, viewer?: Viewer) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    return this.repository.transaction(async (manager) => {
      const decided = await this.repository.decide(id, incident.id, 'dismissed', actor, manager);
      if (!decided) throw await this.notProposed(incident.id, id, manager);
      return { ...decided, incident: undefined };
    });
  }

  /** Read on the caller's transaction (a second connection would wait on it in embedded mode). */
  private async notProposed(incidentId: string, id: string, manager: EntityManager) {
    const row = await this.repository.findMessageById(incidentId, id, manager);
    if (!row) return new NotFoundError('Proposed Slack message', id);
    return new ConflictError(`That message was ${row.state} already`, { state: row.state });
  }
}
