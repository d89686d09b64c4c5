import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { peopleOf, TestPerson } from '../../../test/support/people';
import { createTestApp, TestApp } from '../../../test/test-context';
import { eventually, startSmtpReceiver } from '../../../test/support/loopback-receivers';
import { MeetingService } from './meeting.service';

const SCOPES = [
  'read:postmortems',
  'write:postmortems',
  'read:incidents',
  'write:incidents',
] as const;

/**
 * The retrospective meeting: scheduled from the postmortem, each participant's ICS invitation
 * e-mailed (outbox → postmortems.meeting-invite → notifications → a real SMTP server) and parsed
 * back with ical.js, moved and cancelled as new rounds of the same calendar event. Real Postgres,
 * Redis, BullMQ workers and smtp-server.
 */
describe('the retrospective meeting and its invitations', () => {
  let sut: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    sut = await createTestApp({
      workers: true,
      env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://rca.example.com' },
    });
  });
  afterAll(async () => {
    await sut?.close();
    await smtp?.close();
  });

  const person = peopleOf(() => sut, SCOPES);
  type Person = TestPerson;

  /** A drafted postmortem of a resolved incident: `owner` owns it, `reviewer` must review it, `responder` wrote on the timeline. */
  async function postmortem(owner: Person, reviewer: Person, responder: Person, extra = {}) {
    const incident = await sut.factories.newIncident({
      title: 'CDN returns HTTP 500',
      status: 'resolved',
      startedAt: new Date('2026-11-18T11:20:00Z'),
      resolvedAt: new Date('2026-11-18T14:30:00Z'),
      ...extra,
    });
    const note = await responder.call('POST', `/incidents/${incident.reference}/timeline`, {
      occurredAt: '2026-11-18T11:25:00Z',
      kind: 'investigation',
      body: 'Edge returns 500 for every request',
    });
    expect(note.status).toBe(201);
    const drafted = await owner.call('POST', `/incidents/${incident.id}/postmortem/draft`);
    const pm = (await owner.call('GET', `/postmortems/${drafted.body.postmortemId}`)).body;
    const edited = await owner.call('PATCH', `/postmortems/${pm.id}`, {
      version: pm.version,
      owner: owner.email,
      requiredReviewers: [reviewer.email],
    });
    expect(edited.status).toBe(200);
    return { ...edited.body, reference: incident.reference as string };
  }

  /** The next whole hour at least two days ahead. */
  const inTwoDays = () => {
    const at = new Date(Date.now() + 2 * 86_400_000);
    at.setUTCMinutes(0, 0, 0);
    return at;
  };

  async function mailsTo(email: string, count: number) {
    const raw = await eventually(async () => {
      const mails = smtp.received.filter((mail) => mail.to.includes(email));
      return mails.length >= count ? mails : undefined;
    });
    return Promise.all(raw.map((mail) => simpleParser(mail.raw)));
  }

  /** The VEVENT of a parsed e-mail's text/calendar part, and the calendar's METHOD. */
  function calendarOf(mail: Awaited<ReturnType<typeof simpleParser>>) {
    const part = mail.attachments.find((attachment) =>
      attachment.contentType.startsWith('text/calendar'),
    );
    expect(part).toBeDefined();
    const calendar = new ICAL.Component(ICAL.parse(part!.content.toString('utf8')));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    return {
      method: calendar.getFirstPropertyValue('method'),
      event,
      attendees: event.attendees.map((attendee) => String(attendee.getFirstValue())),
    };
  }

  it('suggests the owner, the reviewers and the responders, and e-mails each an ICS invitation with the time in their zone', async () => {
    const owner = await person('responder', 'Olga');
    const reviewer = await person('manager', 'Rita');
    const responder = await person('responder', 'Remy');
    const pm = await postmortem(owner, reviewer, responder);

    const suggested = await owner.call('GET', `/postmortems/${pm.id}/meeting-participants`);
    expect(suggested.status).toBe(200);
    expect(suggested.body.emailInvitations).toBe(true);
    expect(
      suggested.body.items.map((item: { email: string; role: string }) => [item.email, item.role]),
    ).toEqual([
      [owner.email, 'owner'],
      [reviewer.email, 'reviewer'],
      [responder.email, 'responder'],
    ]);

    const startsAt = inTwoDays();
    const scheduled = await owner.call('POST', `/postmortems/${pm.id}/meetings`, {
      startsAt: startsAt.toISOString(),
      durationMinutes: 45,
      zone: 'Europe/Berlin',
      location: 'https://meet.example.com/rca',
      participants: [
        { email: owner.email },
        { email: reviewer.email, zone: 'America/New_York' },
        { email: responder.email, zone: 'Asia/Tokyo' },
        { email: 'vendor.liaison@cdn.example' },
      ],
    });
    expect(scheduled.status).toBe(201);
    const meeting = scheduled.body;
    expect(meeting.title).toBe(`Review: ${pm.reference}: CDN returns HTTP 500`);
    expect(meeting.participants.map((p: { role: string }) => p.role)).toEqual([
      'owner',
      'reviewer',
      'responder',
      'guest',
    ]);
    expect(meeting.sequence).toBe(0);

    // The reviewer in New York reads New York time, with UTC beside it, and the postmortem link.
    const [mail] = await mailsTo(reviewer.email, 1);
    const newYork = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/New_York',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(startsAt);
    expect(mail!.text).toContain(`${newYork}–`);
    expect(mail!.text).toContain('America/New_York');
    expect(mail!.text).toContain(`https://rca.example.com/incidents/${pm.reference}/postmortem`);
    const invitation = calendarOf(mail!);
    expect(invitation.method).toBe('REQUEST');
    expect(invitation.event.uid).toBe(`${meeting.id}@rca-desk`);
    expect(invitation.event.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
    expect(invitation.event.duration.toSeconds()).toBe(45 * 60);
    expect(invitation.event.location).toBe('https://meet.example.com/rca');
    expect(invitation.attendees).toEqual(
      expect.arrayContaining([
        `mailto:${owner.email}`,
        `mailto:${reviewer.email}`,
        `mailto:${responder.email}`,
        'mailto:vendor.liaison@cdn.example',
      ]),
    );
    // Everyone got one — the guest too; the responder's shows Tokyo time.
    const [tokyo] = await mailsTo(responder.email, 1);
    expect(tokyo!.text).toContain('Asia/Tokyo');
    await mailsTo('vendor.liaison@cdn.example', 1);
    await mailsTo(owner.email, 1);

    // The job running again (at-least-once delivery) sends nothing more.
    await sut.app
      .get(MeetingService)
      .onMeetingChanged({ meetingId: meeting.id, sequence: 0, removed: [] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received.filter((m) => m.to.includes(reviewer.email))).toHaveLength(1);

    // The meeting shows on the postmortem, and its .ics downloads.
    const listed = await responder.call('GET', `/postmortems/${pm.id}/meetings`);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toEqual([meeting.id]);
    const file = await responder.call('GET', `/meetings/${meeting.id}/invitation.ics`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/calendar');
    expect(String(file.body)).toContain(`UID:${meeting.id}@rca-desk`);
  });

  it('moving the meeting sends SEQUENCE 1 of the same event; dropping a person sends them the cancellation; cancelling sends METHOD:CANCEL to all', async () => {
    const owner = await person('responder', 'Otto');
    const reviewer = await person('manager', 'Rhea');
    const responder = await person('responder', 'Ravi');
    const pm = await postmortem(owner, reviewer, responder);
    const scheduled = await owner.call('POST', `/postmortems/${pm.id}/meetings`, {
      startsAt: inTwoDays().toISOString(),
      durationMinutes: 60,
      zone: 'UTC',
      participants: [{ email: owner.email }, { email: reviewer.email }, { email: responder.email }],
    });
    expect(scheduled.status).toBe(201);
    await mailsTo(responder.email, 1);

    // Notes alone send nothing.
    const noted = await owner.call('PATCH', `/meetings/${scheduled.body.id}`, {
      version: scheduled.body.version,
      notes: 'Agreed: a second CDN',
    });
    expect(noted.status).toBe(200);
    expect(noted.body.sequence).toBe(0);

    const later = new Date(inTwoDays().getTime() + 86_400_000);
    const moved = await owner.call('PATCH', `/meetings/${scheduled.body.id}`, {
      version: noted.body.version,
      startsAt: later.toISOString(),
      participants: [{ email: owner.email }, { email: reviewer.email }],
    });
    expect(moved.status).toBe(200);
    expect(moved.body.sequence).toBe(1);
    expect(moved.body.notes).toBe('Agreed: a second CDN');

    const [, update] = await mailsTo(reviewer.email, 2);
    const updated = calendarOf(update!);
    expect(updated.method).toBe('REQUEST');
    expect(updated.event.uid).toBe(`${scheduled.body.id}@rca-desk`);
    expect(updated.event.sequence).toBe(1);
    expect(updated.event.startDate.toJSDate().toISOString()).toBe(later.toISOString());
    expect(update!.subject).toMatch(/^Moved|^Updated/);

    const [, dropped] = await mailsTo(responder.email, 2);
    expect(calendarOf(dropped!).method).toBe('CANCEL');

    // A stale version is a 409 and changes nothing.
    const stale = await owner.call('POST', `/meetings/${scheduled.body.id}/cancel`, {
      version: noted.body.version,
    });
    expect(stale.status).toBe(409);

    const cancelled = await owner.call('POST', `/meetings/${scheduled.body.id}/cancel`, {
      version: moved.body.version,
    });
    expect(cancelled.status).toBe(201);
    expect(cancelled.body.status).toBe('cancelled');
    const [, , cancellation] = await mailsTo(reviewer.email, 3);
    const off = calendarOf(cancellation!);
    expect(off.method).toBe('CANCEL');
    expect(off.event.sequence).toBe(2);
    // The dropped responder hears nothing more.
    await mailsTo(owner.email, 3);
    expect(smtp.received.filter((m) => m.to.includes(responder.email))).toHaveLength(2);

    // A cancelled meeting keeps its notes editable, nothing else.
    const reopen = await owner.call('PATCH', `/meetings/${scheduled.body.id}`, {
      version: cancelled.body.version,
      durationMinutes: 30,
    });
    expect(reopen.status).toBe(409);
  });

  it('action items decided in the meeting are entered there and point back at it', async () => {
    const owner = await person('responder', 'Omar');
    const reviewer = await person('manager', 'Rosa');
    const pm = await postmortem(owner, reviewer, owner);
    const meeting = await owner.call('POST', `/postmortems/${pm.id}/meetings`, {
      startsAt: inTwoDays().toISOString(),
      durationMinutes: 30,
      zone: 'UTC',
      participants: [{ email: owner.email }, { email: reviewer.email }],
    });
    const item = await owner.call('POST', `/postmortems/${pm.id}/action-items`, {
      title: 'Fail over to a second CDN',
      type: 'prevent',
      meetingId: meeting.body.id,
    });
    expect(item.status).toBe(201);
    expect(item.body.meetingId).toBe(meeting.body.id);

    // A meeting of another postmortem is refused by name.
    const other = await postmortem(owner, reviewer, owner);
    const wrong = await owner.call('POST', `/postmortems/${other.id}/action-items`, {
      title: 'Misfiled',
      type: 'prevent',
      meetingId: meeting.body.id,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('meetingId');
  });

  it('refuses bad input with 400s that name the field, and stores nothing', async () => {
    const owner = await person('responder', 'Ola');
    const reviewer = await person('manager', 'Ron');
    const pm = await postmortem(owner, reviewer, owner);
    const valid = {
      startsAt: inTwoDays().toISOString(),
      durationMinutes: 60,
      zone: 'UTC',
      participants: [{ email: owner.email }],
    };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...valid, startsAt: '2020-01-01T10:00:00Z' }, 'startsAt'],
      [{ ...valid, startsAt: 'next tuesday' }, 'startsAt'],
      [{ ...valid, durationMinutes: 2 }, 'durationMinutes'],
      [{ ...valid, durationMinutes: 10_000 }, 'durationMinutes'],
      [{ ...valid, zone: 'Mars/Olympus' }, 'zone'],
      [{ ...valid, participants: [] }, 'participants'],
      [{ ...valid, participants: [{ email: 'not-an-address' }] }, 'participants[0].email'],
      [
        { ...valid, participants: [{ email: owner.email }, { email: owner.email.toUpperCase() }] },
        'participants',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await owner.call('POST', `/postmortems/${pm.id}/meetings`, body);
      expect({ field, status: response.status }).toEqual({ field, status: 400 });
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const listed = await owner.call('GET', `/postmortems/${pm.id}/meetings`);
    expect(listed.body.items).toEqual([]);
  });

  it("a private incident's meetings are a 404 to people outside its team", async () => {
    const admin = await person('admin', 'Ada');
    const outsider = await person('responder', 'Oscar');
    const team = await sut.factories.newTeam({ name: `secret-${Date.now()}` });
    const pm = await postmortem(admin, admin, admin, { private: true, teamId: team.id });
    const meeting = await admin.call('POST', `/postmortems/${pm.id}/meetings`, {
      startsAt: inTwoDays().toISOString(),
      durationMinutes: 30,
      zone: 'UTC',
      participants: [{ email: admin.email }],
    });
    expect(meeting.status).toBe(201);
    expect((await outsider.call('GET', `/postmortems/${pm.id}/meetings`)).status).toBe(404);
    expect((await outsider.call('GET', `/meetings/${meeting.body.id}/invitation.ics`)).status).toBe(
      404,
    );
    const cancel = await outsider.call('POST', `/meetings/${meeting.body.id}/cancel`, {
      version: meeting.body.version,
    });
    expect(cancel.status).toBe(404);
  });
});
