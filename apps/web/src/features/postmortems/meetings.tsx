import {
  type Meeting,
  type MeetingParticipant,
  type Person,
  type Postmortem,
} from '@rca/api-contract';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { BROWSER_ZONE, formatMeetingSpan, isValidZone, localToIso, toLocalInput } from '../../time';
import { ErrorBox, Field, FormError, humanize, Loading } from '../../ui';
import { ZoneInput } from '../../zone-input';
import { ActionItemForm } from './action-items';
import { PeoplePicker, pickedFrom } from './people-picker';
import {
  useActionItems,
  useMeetingMutations,
  useMeetings,
  useSuggestedParticipants,
  type MeetingFields,
} from './queries';

const DURATIONS = [15, 30, 45, 60, 90, 120];
const isLink = (text: string) => /^https?:\/\//i.test(text.trim());

/**
 * The review (retrospective) meeting of a postmortem: schedule it with the owner, the reviewers and
 * the responders; each gets an ICS invitation by e-mail with the time in their own zone. Moving or
 * cancelling sends the update of the same calendar event; the notes and the action items decided
 * there are entered on the meeting.
 */
export function MeetingsPanel({
  postmortem,
  canWrite,
}: {
  postmortem: Postmortem;
  canWrite: boolean;
}) {
  const meetings = useMeetings(postmortem.id);
  const suggested = useSuggestedParticipants(postmortem.id);
  const [scheduling, setScheduling] = useState(false);
  const list = meetings.data?.items;
  const noEmail = suggested.data && !suggested.data.emailInvitations;
  return (
    <section className="card" aria-labelledby="meetings-title">
      <h2 id="meetings-title">Review meeting</h2>
      {meetings.error && (
        <ErrorBox error={meetings.error} onRetry={() => void meetings.refetch()} />
      )}
      {!meetings.data && !meetings.error && <Loading what="the review meetings" />}
      {list && list.length === 0 && !scheduling && (
        <p className="small muted">
          No review meeting yet. Schedule one: the owner, the required reviewers and the responders
          are suggested, and each gets an invitation (.ics) with the time in their own zone.
        </p>
      )}
      {noEmail && (
        <p className="small muted">
          E-mail is not configured on this server (SMTP_URL), so nobody is sent the invitation:
          download the .ics file and send it yourself.
        </p>
      )}
      {list?.map((meeting) => (
        <MeetingCard
          key={meeting.id}
          meeting={meeting}
          postmortem={postmortem}
          canWrite={canWrite}
        />
      ))}
      {canWrite &&
        (scheduling ? (
          <MeetingForm
            postmortem={postmortem}
            suggested={suggested.data?.items}
            onDone={() => setScheduling(false)}
          />
        ) : (
          <button type="button" onClick={() => setScheduling(true)}>
            Schedule a review meeting
          </button>
        ))}
    </section>
  );
}

function MeetingCard({
  meeting,
  postmortem,
  canWrite,
}: {
  meeting: Meeting;
  postmortem: Postmortem;
  canWrite: boolean;
}) {
  const { cancel } = useMeetingMutations(postmortem.id);
  const items = useActionItems(postmortem.id);
  const [rescheduling, setRescheduling] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cancelled = meeting.status === 'cancelled';
  const decided = (items.data?.items ?? []).filter((item) => item.meetingId === meeting.id);

  const cancelMeeting = () => {
    if (!window.confirm(`Cancel "${meeting.title}"? Every participant gets the cancellation.`))
      return;
    setError(null);
    cancel.mutate(meeting, { onError: setError });
  };

  return (
    <article
      className={`meeting ${cancelled ? 'meeting-cancelled' : ''}`}
      aria-label={meeting.title}
    >
      <h3>
        {meeting.title} {cancelled && <span className="tag">cancelled</span>}
      </h3>
      <p>
        <strong>
          {formatMeetingSpan(meeting.startsAt, meeting.durationMinutes, BROWSER_ZONE)}
        </strong>{' '}
        <span className="muted">your time ({BROWSER_ZONE})</span>
        {meeting.zone !== BROWSER_ZONE && (
          <span className="small muted">
            {' '}
            · {formatMeetingSpan(meeting.startsAt, meeting.durationMinutes, meeting.zone)}{' '}
            {meeting.zone} for the organiser
          </span>
        )}
      </p>
      <p className="small muted">
        Organised by {meeting.organizerName} · invitation round {meeting.sequence + 1}
      </p>
      {meeting.location && (
        <p>
          Where:{' '}
          {isLink(meeting.location) ? (
            <a href={meeting.location} rel="noreferrer noopener" target="_blank">
              {meeting.location}
            </a>
          ) : (
            meeting.location
          )}
        </p>
      )}
      {meeting.agenda && <p className="pre-wrap">{meeting.agenda}</p>}
      <div className="table-wrap">
        <table className="meeting-participants">
          <caption className="visually-hidden">Participants of {meeting.title}</caption>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">Role</th>
              <th scope="col">Their time</th>
            </tr>
          </thead>
          <tbody>
            {meeting.participants.map((participant) => (
              <tr key={participant.email}>
                <td title={participant.email}>{participant.displayName}</td>
                <td>{humanize(participant.role)}</td>
                <td>
                  {formatMeetingSpan(meeting.startsAt, meeting.durationMinutes, participant.zone)}{' '}
                  <span className="small muted">{participant.zone}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <a className="button" href={`/api/meetings/${meeting.id}/invitation.ics`} download>
          Download .ics
        </a>
        {canWrite && !cancelled && (
          <>
            <button type="button" onClick={() => setRescheduling((open) => !open)}>
              {rescheduling ? 'Close' : 'Reschedule or change people'}
            </button>
            <button
              type="button"
              className="danger"
              onClick={cancelMeeting}
              disabled={cancel.isPending}
            >
              Cancel the meeting
            </button>
          </>
        )}
      </div>
      <FormError error={error} shownFields={[]} />
      {rescheduling && (
        <MeetingForm
          postmortem={postmortem}
          meeting={meeting}
          onDone={() => setRescheduling(false)}
        />
      )}
      <MeetingNotes meeting={meeting} postmortem={postmortem} canWrite={canWrite} />
      <h4>Action items decided here</h4>
      {decided.length === 0 ? (
        <p className="small muted">None yet.</p>
      ) : (
        <ul>
          {decided.map((item) => (
            <li key={item.id}>
              {item.title}{' '}
              <span className="small muted">
                ({item.type}, {item.priority})
              </span>
            </li>
          ))}
        </ul>
      )}
      {canWrite && !cancelled && (
        <ActionItemForm postmortemId={postmortem.id} meetingId={meeting.id} />
      )}
    </article>
  );
}

function MeetingNotes({
  meeting,
  postmortem,
  canWrite,
}: {
  meeting: Meeting;
  postmortem: Postmortem;
  canWrite: boolean;
}) {
  const { update } = useMeetingMutations(postmortem.id);
  const [notes, setNotes] = useState(meeting.notes);
  const [error, setError] = useState<unknown>(null);
  // Another person's saved notes replace ours only while we have not typed.
  useEffect(() => setNotes(meeting.notes), [meeting.notes]);
  if (!canWrite)
    return meeting.notes ? (
      <>
        <h4>Notes</h4>
        <p className="pre-wrap">{meeting.notes}</p>
      </>
    ) : null;
  const save = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    update.mutate({ meeting, patch: { notes } }, { onError: setError });
  };
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form className="form" onSubmit={save} aria-label={`Notes of ${meeting.title}`}>
      <Field
        label="Notes: what was decided"
        hint="Saving the notes sends no invitation."
        errors={errors.notes}
      >
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={notes}
            onChange={(event) => setNotes(event.currentTarget.value)}
          />
        )}
      </Field>
      <FormError error={error} shownFields={['notes']} />
      <div className="actions">
        <button type="submit" disabled={update.isPending || notes === meeting.notes}>
          Save the notes
        </button>
      </div>
    </form>
  );
}

interface ParticipantRow {
  email: string;
  displayName: string;
  role?: MeetingParticipant['role'];
  zone: string;
}

/** Schedules a meeting, or (with `meeting`) moves it / changes who comes. */
function MeetingForm({
  postmortem,
  meeting,
  suggested,
  onDone,
}: {
  postmortem: Postmortem;
  meeting?: Meeting;
  suggested?: MeetingParticipant[];
  onDone: () => void;
}) {
  const { schedule, update } = useMeetingMutations(postmortem.id);
  const [zone, setZone] = useState(meeting?.zone ?? BROWSER_ZONE);
  const [local, setLocal] = useState(
    meeting ? toLocalInput(meeting.startsAt, meeting.zone) : defaultStart(BROWSER_ZONE),
  );
  const [duration, setDuration] = useState(meeting?.durationMinutes ?? 60);
  const [title, setTitle] = useState(meeting?.title ?? '');
  const [location, setLocation] = useState(meeting?.location ?? '');
  const [agenda, setAgenda] = useState(meeting?.agenda ?? defaultAgenda);
  const [people, setPeople] = useState<ParticipantRow[] | undefined>(meeting?.participants);
  const [picker, setPicker] = useState(pickedFrom(null, ''));
  const [error, setError] = useState<unknown>(null);
  // The suggestions arrive after the form opens: they fill it once, unless someone was added.
  useEffect(() => {
    if (!meeting && people === undefined && suggested) setPeople(suggested);
  }, [meeting, people, suggested]);
  const rows = people ?? [];
  const start = isValidZone(zone) && local ? localToIso(local, zone) : undefined;
  const busy = schedule.isPending || update.isPending;
  const errors = error instanceof ApiError ? error.fieldErrors : {};

  const addPerson = (person: Pick<Person, 'email' | 'displayName'>) => {
    const email = person.email.trim().toLowerCase();
    if (!email || rows.some((row) => row.email === email)) return;
    setPeople([...rows, { email, displayName: person.displayName, zone }]);
    setPicker(pickedFrom(null, ''));
  };
  const setRow = (index: number, patch: Partial<ParticipantRow>) =>
    setPeople(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const fields: MeetingFields = {
      title: title.trim() || undefined,
      startsAt: { local, zone },
      durationMinutes: duration,
      zone,
      location,
      agenda,
      participants: rows.map((row) => ({ email: row.email, zone: row.zone })),
    };
    if (meeting) {
      const patch: MeetingFields = {
        ...(fields.title && fields.title !== meeting.title ? { title: fields.title } : {}),
        ...(local !== toLocalInput(meeting.startsAt, meeting.zone) || zone !== meeting.zone
          ? { startsAt: fields.startsAt, zone }
          : {}),
        ...(duration !== meeting.durationMinutes ? { durationMinutes: duration } : {}),
        ...(location !== meeting.location ? { location } : {}),
        ...(agenda !== meeting.agenda ? { agenda } : {}),
        ...(JSON.stringify(fields.participants) !==
        JSON.stringify(meeting.participants.map(({ email, zone }) => ({ email, zone })))
          ? { participants: fields.participants }
          : {}),
      };
      update.mutate({ meeting, patch }, { onSuccess: onDone, onError: setError });
    } else schedule.mutate(fields, { onSuccess: onDone, onError: setError });
  };

  const shown = [
    'title',
    'startsAt',
    'durationMinutes',
    'zone',
    'location',
    'agenda',
    'participants',
    ...rows.map((_, index) => `participants[${index}]`),
  ];
  return (
    <form
      className="form meeting-form"
      onSubmit={submit}
      noValidate
      aria-label={meeting ? `Change ${meeting.title}` : 'Schedule a review meeting'}
    >
      <h3>{meeting ? 'Move or change the meeting' : 'Schedule a review meeting'}</h3>
      <div className="row">
        <Field label="Starts" errors={errors.startsAt}>
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={local}
              onChange={(event) => setLocal(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Zone" hint="The time above is in this zone." errors={errors.zone}>
          {(props) => <ZoneInput {...props} value={zone} onChange={setZone} />}
        </Field>
        <Field label="Duration" errors={errors.durationMinutes}>
          {(props) => (
            <select
              {...props}
              value={duration}
              onChange={(event) => setDuration(Number(event.currentTarget.value))}
            >
              {[...new Set([...DURATIONS, duration])]
                .sort((a, b) => a - b)
                .map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {minutes} minutes
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <Field
          label="Title"
          hint="Empty: “Review: <incident> <postmortem title>”"
          value={title}
          onValue={setTitle}
          errors={errors.title}
        />
        <Field
          label="Where"
          hint="A room, or the video-call link"
          value={location}
          onValue={setLocation}
          errors={errors.location}
        />
      </div>
      <Field label="Agenda" errors={errors.agenda}>
        {(props) => (
          <textarea
            {...props}
            rows={4}
            value={agenda}
            onChange={(event) => setAgenda(event.currentTarget.value)}
          />
        )}
      </Field>

      <fieldset>
        <legend>Participants</legend>
        {people === undefined && !meeting && <Loading what="the suggested participants" />}
        {errors.participants && <p className="field-error">{errors.participants.join('; ')}</p>}
        {rows.length > 0 && (
          <div className="table-wrap">
            <table className="meeting-participants">
              <caption className="visually-hidden">Who is invited</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Role</th>
                  <th scope="col">Their zone</th>
                  <th scope="col">Their time</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => {
                  const rowErrors = [
                    ...(errors[`participants[${index}].email`] ?? []),
                    ...(errors[`participants[${index}].zone`] ?? []),
                  ];
                  return (
                    <tr key={row.email}>
                      <td>
                        {row.displayName}
                        {row.displayName !== row.email && (
                          <span className="small muted"> {row.email}</span>
                        )}
                        {rowErrors.length > 0 && (
                          <small className="field-error"> {rowErrors.join('; ')}</small>
                        )}
                      </td>
                      <td>{row.role ? humanize(row.role) : 'invited'}</td>
                      <td>
                        <ZoneInput
                          aria-label={`Zone of ${row.displayName}`}
                          value={row.zone}
                          onChange={(next) => setRow(index, { zone: next })}
                        />
                      </td>
                      <td>
                        {start && isValidZone(row.zone)
                          ? formatMeetingSpan(start, duration, row.zone)
                          : '—'}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="link-button danger"
                          aria-label={`Remove ${row.displayName}`}
                          onClick={() => setPeople(rows.filter((_, i) => i !== index))}
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <div className="row">
          <Field
            label="Invite someone"
            hint="A user (type a name and pick them), or any e-mail address for a guest."
          >
            {(props) => (
              <PeoplePicker
                value={picker}
                onChange={setPicker}
                onPick={(person) => addPerson(person)}
                inputProps={props}
              />
            )}
          </Field>
          <div className="actions">
            <button
              type="button"
              disabled={!picker.text.includes('@')}
              onClick={() => {
                const email = picker.text.replace(/^.*<([^>]+)>.*$/, '$1').trim();
                addPerson({ email, displayName: email });
              }}
            >
              Add
            </button>
          </div>
        </div>
      </fieldset>
      <FormError error={error} shownFields={shown} onReload={onDone} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy || rows.length === 0}>
          {meeting ? 'Send the updated invitation' : 'Schedule and send invitations'}
        </button>
        <button type="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const defaultAgenda = '1. Timeline walk-through\n2. Contributing factors\n3. Action items';

/** Tomorrow at 10:00 in `zone`, as a datetime-local value. */
function defaultStart(zone: string): string {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  return `${toLocalInput(tomorrow, zone).slice(0, 10)}T10:00`;
}
