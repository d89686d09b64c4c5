import { createEvent, type EventAttributes } from 'ics';
import { DateTime } from 'luxon';
import type { MeetingParticipant, PostmortemMeetingEntity } from './postmortem-meeting.entity';

export type InvitedMeeting = Pick<
  PostmortemMeetingEntity,
  | 'id'
  | 'title'
  | 'startsAt'
  | 'durationMinutes'
  | 'zone'
  | 'location'
  | 'agenda'
  | 'participants'
  | 'organizerEmail'
  | 'organizerName'
  | 'status'
  | 'sequence'
>;

/** Stable across reschedules: calendars match an update or a cancellation to the first invitation by it. */
export function meetingUid(meetingId: string): string {
  return `${meetingId}@rca-desk`;
}

/**
 * The iCalendar (RFC 5545) invitation of a meeting: METHOD:REQUEST while scheduled, METHOD:CANCEL
 * once cancelled, in UTC (every calendar shows it in its own user's zone), with the postmortem link.
 */
export function meetingCalendar(meeting: InvitedMeeting, link: string): string {
  const cancelled = meeting.status === 'cancelled';
  const attributes: EventAttributes = {
    uid: meetingUid(meeting.id),
    sequence: meeting.sequence,
    method: cancelled ? 'CANCEL' : 'REQUEST',
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    productId: 'rca-desk',
    title: meeting.title,
    start: meeting.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: meeting.durationMinutes },
    description: [meeting.agenda.trim(), `Postmortem: ${link}`].filter(Boolean).join('\n\n'),
    url: link,
    ...(meeting.location ? { location: meeting.location } : {}),
    organizer: { name: meeting.organizerName, email: meeting.organizerEmail },
    attendees: meeting.participants.map((participant) => ({
      name: participant.displayName,
      email: participant.email,
      rsvp: true,
      partstat: 'NEEDS-ACTION',
      role: participant.role === 'guest' ? 'OPT-PARTICIPANT' : 'REQ-PARTICIPANT',
    })),
  };
  const { error, value } = createEvent(attributes);
  if (error || !value) throw error ?? new Error('the invitation could not be written');
  return value;
}

/** "Thursday 3 December 2026, 16:00–17:00 Europe/Berlin (15:00 UTC)". */
export function meetingTimeIn(meeting: InvitedMeeting, zone: string): string {
  const start = DateTime.fromJSDate(meeting.startsAt).setZone(zone);
  const end = start.plus({ minutes: meeting.durationMinutes });
  const utc = DateTime.fromJSDate(meeting.startsAt).toUTC();
  const endText = end.hasSame(start, 'day')
    ? end.toFormat('HH:mm')
    : end.toFormat('cccc d LLL, HH:mm');
  const inUtc = zone === 'UTC' || zone === 'Etc/UTC' ? '' : ` (${utc.toFormat('HH:mm')} UTC)`;
  return `${start.toFormat('cccc d LLLL yyyy, HH:mm')}–${endText} ${zone}${inUtc}`;
}

/** The e-mail one participant receives: the time in their own zone, the place, the agenda and the link. */
export function invitationMessage(
  meeting: InvitedMeeting,
  participant: MeetingParticipant,
  link: string,
  postmortemName: string,
): { subject: string; text: string } {
  const when = meetingTimeIn(meeting, participant.zone);
  if (meeting.status === 'cancelled')
    return {
      subject: `Cancelled: ${meeting.title}`,
      text: `${meeting.organizerName} cancelled the review meeting of the postmortem "${postmortemName}" that was planned for ${when}.\n\n${link}`,
    };
  const updated = meeting.sequence > 0;
  return {
    subject: `${updated ? 'Updated invitation' : 'Invitation'}: ${meeting.title}`,
    text: [
      `${meeting.organizerName} ${updated ? 'changed' : 'invites you to'} the review meeting of the postmortem "${postmortemName}".`,
      `When: ${when}`,
      meeting.location ? `Where: ${meeting.location}` : '',
      `Who: ${meeting.participants.map((person) => person.displayName).join(', ')}`,
      meeting.agenda.trim() ? `Agenda:\n${meeting.agenda.trim()}` : '',
      `Read the postmortem before the meeting: ${link}`,
      'The attached invitation adds the meeting to your calendar.',
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}
