import ICAL from 'ical.js';
import {
  invitationMessage,
  meetingCalendar,
  meetingTimeIn,
  type InvitedMeeting,
} from './meeting-invitation';

function meeting(overrides: Partial<InvitedMeeting> = {}): InvitedMeeting {
  return {
    id: '6f1c2a9e-0d3b-4a57-9a51-2a4c7f0e9b11',
    title: 'Review: INC-2025-0042 CDN outage',
    // 16:00 in Berlin on 3 December (UTC+01:00).
    startsAt: new Date('2026-12-03T15:00:00Z'),
    durationMinutes: 60,
    zone: 'Europe/Berlin',
    location: 'https://meet.example.com/rca-42',
    agenda: '1. Timeline\n2. Contributing factors',
    participants: [
      {
        email: 'ada@example.com',
        displayName: 'Ada Lovelace',
        role: 'owner',
        zone: 'Europe/London',
      },
      {
        email: 'grace@example.com',
        displayName: 'Grace Hopper',
        role: 'reviewer',
        zone: 'America/New_York',
      },
      { email: 'guest@example.com', displayName: 'Guest', role: 'guest', zone: 'Asia/Tokyo' },
    ],
    organizerEmail: 'ada@example.com',
    organizerName: 'Ada Lovelace',
    status: 'scheduled',
    sequence: 0,
    ...overrides,
  };
}

const LINK = 'https://rca.example.com/incidents/INC-2025-0042/postmortem';

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, event, wrapped: new ICAL.Event(event) };
}

describe('the retrospective invitation (ICS)', () => {
  it('is a REQUEST a calendar reads back at the exact instant, with every participant', () => {
    const { calendar, event, wrapped } = parse(meetingCalendar(meeting(), LINK));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(wrapped.uid).toBe('6f1c2a9e-0d3b-4a57-9a51-2a4c7f0e9b11@rca-desk');
    expect(wrapped.startDate.toJSDate().toISOString()).toBe('2026-12-03T15:00:00.000Z');
    expect(wrapped.endDate.toJSDate().toISOString()).toBe('2026-12-03T16:00:00.000Z');
    expect(wrapped.location).toBe('https://meet.example.com/rca-42');
    expect(wrapped.description).toContain(LINK);
    expect(wrapped.description).toContain('2. Contributing factors');
    const attendees = event.getAllProperties('attendee').map((property) => ({
      address: String(property.getFirstValue()).toLowerCase(),
      role: property.getParameter('role'),
    }));
    expect(attendees).toEqual([
      { address: 'mailto:ada@example.com', role: 'REQ-PARTICIPANT' },
      { address: 'mailto:grace@example.com', role: 'REQ-PARTICIPANT' },
      { address: 'mailto:guest@example.com', role: 'OPT-PARTICIPANT' },
    ]);
    expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe(
      'mailto:ada@example.com',
    );
  });

  it('a cancellation keeps the UID and raises the SEQUENCE so calendars remove the meeting', () => {
    const { calendar, wrapped, event } = parse(
      meetingCalendar(meeting({ status: 'cancelled', sequence: 2 }), LINK),
    );
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(wrapped.sequence).toBe(2);
    expect(wrapped.uid).toBe('6f1c2a9e-0d3b-4a57-9a51-2a4c7f0e9b11@rca-desk');
  });
});

describe('the invitation e-mail', () => {
  it("shows the time in the participant's own zone, with UTC beside it", () => {
    expect(meetingTimeIn(meeting(), 'America/New_York')).toBe(
      'Thursday 3 December 2026, 10:00–11:00 America/New_York (15:00 UTC)',
    );
    expect(meetingTimeIn(meeting(), 'Asia/Tokyo')).toBe(
      'Friday 4 December 2026, 00:00–01:00 Asia/Tokyo (15:00 UTC)',
    );
    expect(meetingTimeIn(meeting(), 'UTC')).toBe('Thursday 3 December 2026, 15:00–16:00 UTC');
  });

  it('names the change once the meeting moved, and the cancellation once it is off', () => {
    const grace = meeting().participants[1]!;
    expect(invitationMessage(meeting(), grace, LINK, 'CDN outage').subject).toBe(
      'Invitation: Review: INC-2025-0042 CDN outage',
    );
    expect(invitationMessage(meeting({ sequence: 1 }), grace, LINK, 'CDN outage').subject).toBe(
      'Updated invitation: Review: INC-2025-0042 CDN outage',
    );
    const cancelled = invitationMessage(
      meeting({ status: 'cancelled', sequence: 2 }),
      grace,
      LINK,
      'CDN outage',
    );
    expect(cancelled.subject).toBe('Cancelled: Review: INC-2025-0042 CDN outage');
    expect(cancelled.text).toContain('10:00–11:00 America/New_York');
  });
});
