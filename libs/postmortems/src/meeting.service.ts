import { type Principal, UsersService, type Viewer } from '@rca/accounts';
import { Clock } from '@rca/deadlines';
import { resolveInstant, type InstantInput } from '@rca/incidents';
import { Injectable, Logger } from '@nestjs/common';
import { NotificationService, NotificationTopic } from '@rca/notifications';
import {
  ConflictError,
  Environment,
  EventMap,
  InvalidInputError,
  NotFoundError,
  Outbox,
  Page,
  versionedWrite,
} from '@rca/shared';
import { EntityManager } from 'typeorm';
import { CollaborationRepository } from './collaboration.repository';
import { invitationMessage, meetingCalendar } from './meeting-invitation';
import { MeetingRepository } from './meeting.repository';
import type { PostmortemEntity } from './postmortem.entity';
import {
  MeetingParticipant,
  MeetingRole,
  PostmortemMeetingEntity,
} from './postmortem-meeting.entity';
import { PostmortemService } from './postmortem.service';

export interface MeetingParticipantInput {
  email: string;
  zone?: string;
  role?: MeetingRole;
}

export interface MeetingInput {
  title?: string;
  startsAt: InstantInput;
  durationMinutes: number;
  zone: string;
  location?: string;
  agenda?: string;
  participants: MeetingParticipantInput[];
}

export type MeetingView = Omit<PostmortemMeetingEntity, 'postmortem'>;

/** Scheduled meetings a postmortem may have at once (cancelled ones do not count). */
export const MAX_SCHEDULED_MEETINGS = 20;
/** A start this far in the past is refused: an invitation to a meeting that is over helps no one. */
const PAST_TOLERANCE_MS = 5 * 60_000;

/** Fields whose change sends a new invitation round (ICS SEQUENCE + 1). */
const INVITATION_FIELDS = [
  'title',
  'startsAt',
  'durationMinutes',
  'location',
  'agenda',
  'participants',
] as const;

/**
 * The retrospective (review) meeting of a postmortem: who comes (owner, reviewers, responders),
 * when in each person's zone, an ICS invitation by e-mail (outbox → job → SMTP), updates and
 * cancellations as new rounds of the same calendar event, and the notes of what was decided.
 */
@Injectable()
export class MeetingService {
  private readonly logger = new Logger(MeetingService.name);

  constructor(
    private readonly repository: MeetingRepository,
    private readonly postmortems: PostmortemService,
    private readonly collaboration: CollaborationRepository,
    private readonly people: UsersService,
    private readonly notifications: NotificationService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly environment: Environment,
  ) {}

  private async postmortemLink(
    postmortem: PostmortemEntity,
  ): Promise<{ link: string; name: string }> {
    const reference = await this.collaboration.referenceOf(postmortem.id);
    const path = reference ? `/incidents/${encodeURIComponent(reference)}/postmortem` : '/';
    return {
      link: `${(this.environment.PUBLIC_URL ?? '').replace(/\/$/, '')}${path}`,
      // A drafted title often starts with the reference already: never name it twice.
      name:
        reference && !postmortem.title.startsWith(reference)
          ? `${reference}: ${postmortem.title}`
          : postmortem.title,
    };
  }

  /** Whether invitations go out by e-mail (SMTP_URL); without it the .ics file is the invitation. */
  get emailInvitations(): boolean {
    return !!this.environment.SMTP_URL;
  }

  /** Owner, required reviewers and the incident's responders, each once, with their names. */
  async suggestedParticipants(
    postmortemId: string,
    viewer?: Viewer,
  ): Promise<MeetingParticipant[]> {
    const postmortem = await this.postmortems.get(postmortemId, viewer);
    const roles = new Map<string, MeetingRole>();
    if (postmortem.owner) roles.set(postmortem.owner.toLowerCase(), 'owner');
    for (const reviewer of postmortem.requiredReviewers)
      if (!roles.has(reviewer.toLowerCase())) roles.set(reviewer.toLowerCase(), 'reviewer');
    for (const responder of await this.repository.responderEmails(postmortem.incidentId))
      if (!roles.has(responder)) roles.set(responder, 'responder');
    const people = await this.people.peopleByEmails([...roles.keys()]);
    return [...roles.entries()]
      .map(([email, role]) => ({ email, role, person: people.get(email) }))
      .filter(({ person }) => person?.active)
      .map(({ email, role, person }) => ({
        email,
        displayName: person!.displayName,
        role,
        zone: postmortem.displayZone,
      }));
  }

  /** The participants an input names, with names and roles; unknown e-mails are guests. */
  private async participantsOf(
    postmortem: PostmortemEntity,
    inputs: MeetingParticipantInput[],
    zone: string,
  ): Promise<MeetingParticipant[]> {
    const emails = inputs.map((input) => input.email.trim().toLowerCase());
    const duplicate = emails.find((email, index) => emails.indexOf(email) !== index);
    if (duplicate)
      throw new InvalidInputError('participants', `${duplicate} is listed more than once`);
    const people = await this.people.peopleByEmails(emails);
    const responders = new Set(await this.repository.responderEmails(postmortem.incidentId));
    return inputs.map((input, index) => {
      const email = emails[index]!;
      const person = people.get(email);
      if (person && !person.active)
        throw new InvalidInputError(
          `participants[${index}].email`,
          `${email} is disabled — pick someone else`,
        );
      const inferred: MeetingRole = !person
        ? 'guest'
        : postmortem.owner?.toLowerCase() === email
          ? 'owner'
          : postmortem.requiredReviewers.some((reviewer) => reviewer.toLowerCase() === email)
            ? 'reviewer'
            : responders.has(email)
              ? 'responder'
              : 'guest';
      return {
        email,
        displayName: person?.displayName ?? email,
        role: input.role ?? inferred,
        zone: input.zone ?? zone,
      };
    });
  }

  private startOf(input: InstantInput): Date {
    const { instant } = resolveInstant(input, 'startsAt');
    if (instant.getTime() < this.clock.now().getTime() - PAST_TOLERANCE_MS)
      throw new InvalidInputError(
        'startsAt',
        `${instant.toISOString()} is in the past; a review meeting is scheduled ahead`,
      );
    return instant;
  }

  async schedule(
    postmortemId: string,
    input: MeetingInput,
    organizer: Pick<Principal, 'email' | 'displayName'>,
    viewer?: Viewer,
  ): Promise<MeetingView> {
    const postmortem = await this.postmortems.get(postmortemId, viewer);
    if (!organizer.email)
      throw new InvalidInputError(
        'organizer',
        'the organiser needs an e-mail to send invitations from (a service token has none)',
      );
    const startsAt = this.startOf(input.startsAt);
    const participants = await this.participantsOf(postmortem, input.participants, input.zone);
    const { name } = await this.postmortemLink(postmortem);
    const meeting = await this.repository.transaction(async (manager) => {
      // One postmortem at a time: the count and the insert agree.
      await manager.query(`SELECT 1 FROM postmortem WHERE id = $1 FOR UPDATE`, [postmortemId]);
      if ((await this.repository.countScheduled(postmortemId, manager)) >= MAX_SCHEDULED_MEETINGS)
        throw new ConflictError(
          `this postmortem already has ${MAX_SCHEDULED_MEETINGS} scheduled meetings; cancel one first`,
        );
      const created = await this.repository.insert(manager, {
        postmortemId,
        title: input.title?.trim() || `Review: ${name}`,
        startsAt,
        durationMinutes: input.durationMinutes,
        zone: input.zone,
        location: input.location?.trim() ?? '',
        agenda: input.agenda ?? '',
        participants,
        organizerEmail: organizer.email!,
        organizerName: organizer.displayName,
        createdBy: organizer.email!,
      });
      await this.announce(manager, created, []);
      return created;
    });
    return this.viewOf(meeting);
  }

  private announce(manager: EntityManager, meeting: PostmortemMeetingEntity, removed: string[]) {
    return this.outbox.emit(manager, 'postmortem.meeting-changed', {
      meetingId: meeting.id,
      sequence: meeting.sequence,
      removed,
    });
  }

  async get(id: string, viewer?: Viewer): Promise<PostmortemMeetingEntity> {
    const meeting = await this.repository.find(id);
    if (!meeting) throw new NotFoundError('Meeting', id);
    // A meeting of a postmortem the caller may not see is a 404, like one that does not exist.
    try {
      await this.postmortems.get(meeting.postmortemId, viewer);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('Meeting', id);
      throw error;
    }
    return meeting;
  }

  async list(
    postmortemId: string,
    cursor?: string,
    limit?: number,
    viewer?: Viewer,
  ): Promise<Page<MeetingView>> {
    await this.postmortems.get(postmortemId, viewer);
    const page = await this.repository.list(postmortemId, cursor, limit);
    return {
      items: page.items.map((meeting) => this.viewOf(meeting)),
      nextCursor: page.nextCursor,
    };
  }

  /** A versioned edit; a change of time, place, agenda or people sends the next invitation round. */
  async update(
    id: string,
    version: number,
    patch: Partial<MeetingInput> & { notes?: string },
    viewer?: Viewer,
  ): Promise<MeetingView> {
    const current = await this.get(id, viewer);
    const postmortem = await this.postmortems.get(current.postmortemId);
    const values: Partial<PostmortemMeetingEntity> = {};
    if (patch.title !== undefined) values.title = patch.title.trim();
    if (patch.startsAt !== undefined) values.startsAt = this.startOf(patch.startsAt);
    if (patch.durationMinutes !== undefined) values.durationMinutes = patch.durationMinutes;
    if (patch.zone !== undefined) values.zone = patch.zone;
    if (patch.location !== undefined) values.location = patch.location.trim();
    if (patch.agenda !== undefined) values.agenda = patch.agenda;
    if (patch.notes !== undefined) values.notes = patch.notes;
    if (patch.participants !== undefined)
      values.participants = await this.participantsOf(
        postmortem,
        patch.participants,
        patch.zone ?? current.zone,
      );
    const { after } = await this.repository.transaction((manager) =>
      versionedWrite<PostmortemMeetingEntity>({
        manager,
        entity: 'Meeting',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.find(id, tx),
        check: (before) => {
          const invitation = INVITATION_FIELDS.some((field) => values[field] !== undefined);
          if (before.status === 'cancelled' && invitation)
            throw new ConflictError(
              'this meeting is cancelled; only its notes can change — schedule a new one',
            );
        },
        write: async (before, tx) => {
          const changed = INVITATION_FIELDS.some(
            (field) =>
              values[field] !== undefined &&
              JSON.stringify(values[field]) !== JSON.stringify(before[field]),
          );
          return this.repository.updateVersioned(tx, id, version, {
            ...values,
            ...(changed ? { sequence: before.sequence + 1 } : {}),
          });
        },
        log: async (before, next, tx) => {
          if (next && next.sequence !== before.sequence) {
            const kept = new Set(next.participants.map((person) => person.email));
            await this.announce(
              tx,
              next,
              before.participants.map((person) => person.email).filter((email) => !kept.has(email)),
            );
          }
        },
      }),
    );
    return this.viewOf(after!);
  }

  /** Cancels the meeting: every participant gets the cancellation of the calendar event. */
  async cancel(id: string, version: number, viewer?: Viewer): Promise<MeetingView> {
    await this.get(id, viewer);
    const { after } = await this.repository.transaction((manager) =>
      versionedWrite<PostmortemMeetingEntity>({
        manager,
        entity: 'Meeting',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.find(id, tx),
        check: (before) => {
          if (before.status === 'cancelled')
            throw new ConflictError('this meeting is already cancelled');
        },
        write: (before, tx) =>
          this.repository.updateVersioned(tx, id, version, {
            status: 'cancelled',
            sequence: before.sequence + 1,
          }),
        log: async (_before, next, tx) => this.announce(tx, next!, []),
      }),
    );
    return this.viewOf(after!);
  }

  /** The invitation as a file, for the organiser's own calendar. */
  async calendarFile(id: string, viewer?: Viewer): Promise<string> {
    const meeting = await this.get(id, viewer);
    const postmortem = await this.postmortems.get(meeting.postmortemId);
    return meetingCalendar(meeting, (await this.postmortemLink(postmortem)).link);
  }

  /**
   * Sends invitation round `sequence` (from the outbox): each participant an e-mail with the time
   * in their own zone and the ICS; people taken off get the cancellation. A later round supersedes
   * this one (nothing sent); deliveries are keyed by meeting, round and person, so a rerun adds none.
   */
  async onMeetingChanged(event: EventMap['postmortem.meeting-changed']): Promise<number> {
    const meeting = await this.repository.find(event.meetingId);
    if (!meeting || meeting.sequence !== event.sequence) return 0;
    const postmortem = await this.postmortems.get(meeting.postmortemId);
    const { link, name } = await this.postmortemLink(postmortem);
    const cancelledFor: PostmortemMeetingEntity = { ...meeting, status: 'cancelled' };
    const rounds = [
      ...meeting.participants.map((participant) => ({ participant, meeting })),
      ...event.removed.map((email) => ({
        participant: { email, displayName: email, role: 'guest' as const, zone: meeting.zone },
        meeting: cancelledFor,
      })),
    ];
    const sent = await this.repository.transaction(async (manager) => {
      let count = 0;
      for (const { participant, meeting: shown } of rounds) {
        const message = invitationMessage(shown, participant, link, name);
        const calendar = meetingCalendar(shown, link);
        const deliveries = await this.notifications.notifyPeople(
          {
            key: `meeting:${meeting.id}:${meeting.sequence}`,
            topic: NotificationTopic.Workflow,
            subject: message.subject,
            text: message.text,
            data: {
              postmortemId: postmortem.id,
              meetingId: meeting.id,
              sequence: meeting.sequence,
              calendar: {
                method: shown.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
                content: calendar,
                filename: 'invitation.ics',
              },
            },
          },
          [participant.email],
          manager,
        );
        count += deliveries.length;
      }
      return count;
    });
    this.logger.log(
      { meetingId: meeting.id, sequence: meeting.sequence, sent },
      'meeting invitations',
    );
    return sent;
  }

  private viewOf({ postmortem: _postmortem, ...meeting }: PostmortemMeetingEntity): MeetingView {
    return meeting;
  }
}
