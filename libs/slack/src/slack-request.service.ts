import { Injectable, Logger } from '@nestjs/common';
import { incidentMetrics } from '@rca/api-contract';
import { IncidentEntity, IncidentService, TimelineEventService } from '@rca/incidents';
import { DomainError, findBodyProblem, InvalidInputError, Outbox } from '@rca/shared';
import { EntityManager } from 'typeorm';
import { SlackSettingsService } from './slack-settings.service';
import { signatureRefused } from './slack.errors';
import { SlackRepository } from './slack.repository';
import { SlackRequestEntity, SlackRequestKind } from './slack-request.entity';
import { SignedRequest, verifySlackSignature } from './slack-signature';
import {
  displayName,
  isSlackTs,
  mentionedUserIds,
  occurredAtInput,
  renderSlackMessage,
  slackTsToDate,
} from './slack-message-format';
import { SlackMessage, SlackWebApi } from './slack-web-api';

/** The message shortcut's callback id (docs/slack.md manifest). */
export const ADD_TO_TIMELINE_CALLBACK = 'add_to_incident_timeline';

export const RCA_HELP = [
  '`/rca declare <title>` opens an incident and links this channel',
  '`/rca status` posts the linked incident’s status and metrics',
  '`/rca note <text>` adds a note to the linked incident’s timeline',
  '`/rca link INC-2025-0042` links this channel to an incident',
].join('\n');

/** The immediate answer to Slack (within its 3 s): a text for the person, or nothing. */
export interface SlackImmediateReply {
  response_type?: 'ephemeral';
  text?: string;
}

type Outcome = { text: string; visibleToChannel: boolean };

const SUBCOMMANDS = ['declare', 'status', 'note', 'link'] as const;

/** The subcommand and its argument, or null for help. */
export function parseRcaCommand(
  text: string,
): { name: (typeof SUBCOMMANDS)[number]; argument: string } | null {
  const match = /^\s*(\S+)\s*([\s\S]*)$/.exec(text ?? '');
  if (!match) return null;
  const name = match[1]!.toLowerCase();
  if (!(SUBCOMMANDS as readonly string[]).includes(name)) return null;
  return { name: name as (typeof SUBCOMMANDS)[number], argument: match[2]!.trim() };
}

/**
 * Requests from Slack: verified (v0 signature over the raw body, 5-minute window, a replay
 * refused by its stored signature), recorded with their job in one transaction, answered at once;
 * the job does the work (commands, the message shortcut) and replies in the channel.
 */
@Injectable()
export class SlackRequestService {
  private readonly logger = new Logger(SlackRequestService.name);

  constructor(
    private readonly repository: SlackRepository,
    private readonly settings: SlackSettingsService,
    private readonly outbox: Outbox,
    private readonly incidents: IncidentService,
    private readonly timeline: TimelineEventService,
  ) {}

  /** Verifies and records one request; throws 401 (nothing stored) when it is not Slack's. */
  async receive(kind: SlackRequestKind, request: SignedRequest): Promise<SlackImmediateReply> {
    const credentials = await this.settings.credentials();
    if (!credentials) throw signatureRefused('the Slack app is not configured');
    const problem = verifySlackSignature(request, credentials.signingSecret);
    if (problem) throw signatureRefused(problem);
    const fields = Object.fromEntries(new URLSearchParams(request.rawBody!.toString('utf8')));
    let payload: Record<string, unknown>;
    if (kind === 'shortcut') {
      try {
        payload = JSON.parse(fields.payload ?? '') as Record<string, unknown>;
      } catch {
        throw new InvalidInputError('payload', 'must be the JSON interaction payload Slack sends');
      }
    } else payload = fields;
    // Not kept: the deprecated verification token, and the response URL (it lets anyone post to
    // the channel for 30 minutes); the job replies with the bot token instead.
    for (const key of ['token', 'response_url', 'response_urls']) delete payload[key];
    const bodyProblem = findBodyProblem(payload);
    if (bodyProblem) throw new InvalidInputError(bodyProblem.field, bodyProblem.message);
    const teamId =
      kind === 'shortcut' ? (payload.team as { id?: string } | undefined)?.id : payload.team_id;
    if (credentials.teamId && teamId !== credentials.teamId)
      throw signatureRefused(`workspace ${String(teamId)} is not the one this app is installed in`);
    const immediate = this.immediateReply(kind, payload);
    if (!immediate.work) return immediate.reply;
    await this.repository.transaction(async (manager) => {
      const id = await this.repository.insertRequest(manager, {
        signature: request.signature!,
        kind,
        payload,
      });
      if (!id) throw signatureRefused('replayed request (this signature was seen before)');
      await this.outbox.emit(manager, 'slack.request-received', { requestId: id });
      await this.repository.purgeRequests(manager);
    });
    return immediate.reply;
  }

  private immediateReply(
    kind: SlackRequestKind,
    payload: Record<string, unknown>,
  ): { work: boolean; reply: SlackImmediateReply } {
    if (kind === 'shortcut') {
      const known =
        payload.type === 'message_action' && payload.callback_id === ADD_TO_TIMELINE_CALLBACK;
      if (!known) return { work: false, reply: {} };
      return { work: true, reply: {} };
    }
    const command = parseRcaCommand(String(payload.text ?? ''));
    if (!command) return { work: false, reply: { response_type: 'ephemeral', text: RCA_HELP } };
    if (command.name === 'declare' && !command.argument)
      return {
        work: false,
        reply: { response_type: 'ephemeral', text: 'Usage: `/rca declare <title>`' },
      };
    if (command.name === 'note' && !command.argument)
      return {
        work: false,
        reply: { response_type: 'ephemeral', text: 'Usage: `/rca note <text>`' },
      };
    if (command.name === 'link' && !/^INC-\d{4}-\d{1,10}$/i.test(command.argument))
      return {
        work: false,
        reply: { response_type: 'ephemeral', text: 'Usage: `/rca link INC-2025-0042`' },
      };
    return {
      work: true,
      reply: { response_type: 'ephemeral', text: `Working on \`/rca ${command.name}\`…` },
    };
  }

  // --- the job ----------------------------------------------------------------------------------

  /**
   * slack.handle-request: does the request's work once (the row is locked and records its
   * outcome in the same transaction as the work) and replies once.
   */
  async handle(requestId: string): Promise<string> {
    let request = await this.repository.findRequest(requestId);
    if (!request) return 'gone';
    const api = await this.settings.webApi();
    if (!request.processedAt) {
      // Slack is asked before the transaction (names, permalink); the write happens once inside it.
      const prepared =
        request.kind === 'shortcut' ? await this.prepareShortcut(api, request) : null;
      await this.repository.transaction(async (manager) => {
        const locked = await this.repository.lockRequest(requestId, manager);
        if (!locked || locked.processedAt) return;
        const outcome = await this.outcomeOf(locked, prepared, manager).catch((error: unknown) => {
          if (error instanceof DomainError && error.status < 500)
            return { text: `Sorry: ${error.message}`, visibleToChannel: false };
          throw error;
        });
        await this.repository.recordOutcome(requestId, outcome, manager);
      });
      request = (await this.repository.findRequest(requestId))!;
    }
    if (request.repliedAt || !request.outcome) return 'done';
    const channel = this.channelOf(request);
    const user = this.userOf(request);
    if (channel) {
      if (request.outcome.visibleToChannel) await api.postMessage(channel, request.outcome.text);
      else if (user) await api.postEphemeral(channel, user, request.outcome.text);
    }
    await this.repository.markReplied(requestId);
    return 'replied';
  }

  private channelOf(request: SlackRequestEntity): string | undefined {
    const payload = request.payload;
    return request.kind === 'shortcut'
      ? (payload.channel as { id?: string } | undefined)?.id
      : (payload.channel_id as string | undefined);
  }

  private userOf(request: SlackRequestEntity): string | undefined {
    const payload = request.payload;
    return request.kind === 'shortcut'
      ? (payload.user as { id?: string } | undefined)?.id
      : (payload.user_id as string | undefined);
  }

  private actorOf(request: SlackRequestEntity): string {
    const payload = request.payload;
    const name =
      request.kind === 'shortcut'
        ? ((payload.user as { username?: string; name?: string } | undefined)?.username ??
          (payload.user as { name?: string } | undefined)?.name)
        : (payload.user_name as string | undefined);
    return `slack:${name ?? this.userOf(request) ?? 'unknown'}`;
  }

  private async outcomeOf(
    request: SlackRequestEntity,
    prepared: PreparedMessage | null,
    manager: EntityManager,
  ): Promise<Outcome> {
    const channelId = this.channelOf(request);
    if (!channelId) return { text: 'This request names no channel.', visibleToChannel: false };
    const actor = this.actorOf(request);
    if (request.kind === 'shortcut')
      return this.addToTimeline(channelId, prepared!, actor, manager);
    const payload = request.payload as Record<string, string>;
    const command = parseRcaCommand(payload.text ?? '');
    const channelName = payload.channel_name ?? null;
    switch (command?.name) {
      case 'declare': {
        const incident = await this.incidents.createIncident(
          {
            title: command.argument.slice(0, 200),
            severity: 'SEV3',
            startedAt: request.receivedAt.toISOString(),
          },
          actor,
          manager,
        );
        await this.repository.link(
          { channelId, incidentId: incident.id, channelName, linkedBy: actor },
          manager,
        );
        return {
          text: `Declared ${incident.reference} “${incident.title}” (SEV3, investigating) and linked this channel to it.`,
          visibleToChannel: true,
        };
      }
      case 'link': {
        const incident = await this.incidents.getIncident(command.argument.toUpperCase(), manager);
        // Slack users are not the product's users: a private incident is never shown to a channel.
        if (incident.private) return privateIncident(incident.reference);
        await this.repository.link(
          { channelId, incidentId: incident.id, channelName, linkedBy: actor },
          manager,
        );
        return {
          text: `Linked this channel to ${incident.reference} “${incident.title}”.`,
          visibleToChannel: true,
        };
      }
      case 'note': {
        const incident = await this.linkedIncident(channelId, manager);
        if (!incident) return notLinked();
        await this.timeline.createTimelineEvent(
          incident.id,
          {
            occurredAt: request.receivedAt.toISOString(),
            kind: 'note',
            source: 'slack',
            body: command.argument.slice(0, 20_000),
            author: actor,
          },
          actor,
          undefined,
          manager,
        );
        return { text: `Noted on ${incident.reference}’s timeline.`, visibleToChannel: false };
      }
      case 'status': {
        const incident = await this.linkedIncident(channelId, manager);
        if (!incident) return notLinked();
        return { text: this.statusText(incident), visibleToChannel: true };
      }
      default:
        return { text: RCA_HELP, visibleToChannel: false };
    }
  }

  /** The channel's incident; null when none is linked, or it was made private since. */
  private async linkedIncident(channelId: string, manager: EntityManager) {
    const link = await this.repository.findLink(channelId, manager);
    if (!link) return null;
    const incident = await this.incidents.getIncident(link.incidentId, manager);
    return incident.private ? null : incident;
  }

  /** From the incident read in the request's transaction (no second connection while it is open). */
  private statusText(incident: IncidentEntity): string {
    const detail = incident;
    const metrics = incidentMetrics(incident);
    const span = (seconds: number | null) =>
      seconds === null
        ? '—'
        : seconds < 3600
          ? `${Math.round(seconds / 60)} min`
          : `${(seconds / 3600).toFixed(1)} h`;
    const lines = [
      `*${detail.reference}* ${detail.title}`,
      `Status: *${detail.status}* · Severity: *${detail.severity}*`,
      `Started: ${detail.startedAt.toISOString()}` +
        (detail.resolvedAt ? ` · Resolved: ${detail.resolvedAt.toISOString()}` : ''),
      `Time to detect: ${span(metrics.timeToDetectSeconds)} · acknowledge: ${span(metrics.timeToAcknowledgeSeconds)} · mitigate: ${span(metrics.timeToMitigateSeconds)} · resolve: ${span(metrics.timeToResolveSeconds)}`,
    ];
    return lines.join('\n');
  }

  // --- the message shortcut ------------------------------------------------------------------

  private async prepareShortcut(
    api: SlackWebApi,
    request: SlackRequestEntity,
  ): Promise<PreparedMessage> {
    const payload = request.payload as {
      channel?: { id?: string };
      message?: SlackMessage;
      message_ts?: string;
    };
    const message = payload.message;
    const channelId = payload.channel?.id;
    const ts = message?.ts ?? payload.message_ts;
    if (!message || !channelId || !isSlackTs(ts))
      return { problem: 'The shortcut payload carries no message.' };
    return prepareMessage(api, channelId, { ...message, ts }, new Map());
  }

  private async addToTimeline(
    channelId: string,
    prepared: PreparedMessage,
    actor: string,
    manager: EntityManager,
  ): Promise<Outcome> {
    if ('problem' in prepared) return { text: prepared.problem, visibleToChannel: false };
    const incident = await this.linkedIncident(channelId, manager);
    if (!incident) return notLinked();
    await this.repository.insertMessages(
      [
        {
          ...prepared.message,
          incidentId: incident.id,
          channelId,
          origin: 'shortcut',
          state: 'proposed',
        },
      ],
      manager,
    );
    const row = await this.repository.findMessage(
      incident.id,
      channelId,
      prepared.message.messageTs,
      manager,
    );
    // Proposed (new, or imported earlier): accepted now, with its event; else it is there already.
    const decided =
      row && (await this.repository.decide(row.id, incident.id, 'accepted', actor, manager));
    if (!decided)
      return {
        text: `That message is already on ${incident.reference}’s timeline.`,
        visibleToChannel: false,
      };
    const event = await this.timeline.createTimelineEvent(
      incident.id,
      timelineInput(decided),
      actor,
      undefined,
      manager,
    );
    await this.repository.setTimelineEvent(decided.id, event.id, manager);
    return { text: `Added to ${incident.reference}’s timeline.`, visibleToChannel: false };
  }
}

function privateIncident(reference: string): Outcome {
  return {
    text: `${reference} is private to its team: it cannot be linked to a Slack channel.`,
    visibleToChannel: false,
  };
}

function notLinked(): Outcome {
  return {
    text: 'This channel is not linked to an incident (or it is private): `/rca link INC-…` or `/rca declare <title>` first.',
    visibleToChannel: false,
  };
}

export type PreparedMessage =
  | { problem: string }
  | {
      message: {
        messageTs: string;
        occurredAt: Date;
        authorId: string | null;
        authorName: string | null;
        authorZone: string | null;
        body: string;
        permalink: string | null;
      };
    };

/** Author, mentions and permalink of a message, asked of Slack (names cached in `names`). */
export async function prepareMessage(
  api: SlackWebApi,
  channelId: string,
  message: SlackMessage,
  users: Map<string, { name: string; zone: string | null }>,
  options: { permalink?: boolean } = {},
): Promise<PreparedMessage> {
  const lookup = async (id: string) => {
    let known = users.get(id);
    if (!known) {
      const user = await api.user(id);
      known = { name: displayName(user, id), zone: user?.tz ?? null };
      users.set(id, known);
    }
    return known;
  };
  const author = message.user ? await lookup(message.user) : null;
  const names = new Map<string, string>();
  for (const id of mentionedUserIds(message.text ?? '')) names.set(id, (await lookup(id)).name);
  const permalink = options.permalink === false ? null : await api.permalink(channelId, message.ts);
  return {
    message: {
      messageTs: message.ts,
      occurredAt: slackTsToDate(message.ts),
      authorId: message.user ?? null,
      authorName: author?.name ?? message.user_profile?.real_name ?? message.username ?? null,
      authorZone: author?.zone ?? null,
      body: renderSlackMessage(message, names),
      permalink,
    },
  };
}

/** The timeline event a Slack message becomes. */
export function timelineInput(message: {
  messageTs: string;
  authorZone: string | null;
  authorName: string | null;
  body: string;
  permalink: string | null;
}) {
  const link = message.permalink ? `\n\n[View in Slack](${message.permalink})` : '';
  return {
    occurredAt: occurredAtInput(message.messageTs, message.authorZone),
    kind: 'communication' as const,
    source: 'slack' as const,
    body: `${message.body}${link}`.slice(0, 20_000),
    author: (message.authorName ?? 'Slack').slice(0, 200),
  };
}
