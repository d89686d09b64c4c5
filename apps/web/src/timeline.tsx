import { memo, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  TIMELINE_KINDS,
  type InstantInput,
  type TimelineEvent,
  type TimelineKind,
} from '@rca/api-contract';
import { api, ApiError } from './api';
import { MarkdownView } from './markdown-view';
import { formatInZone, isValidZone, nowLocalInput, prettyLocal, toLocalInput } from './time';
import { Empty, Field, FormError, humanize } from './ui';
import { ZoneInput } from './zone-input';

/** The entry form: local date-time + the zone it was read in, kind, markdown body. */
function EventForm({
  reference,
  event,
  defaultZone,
  onSaved,
  onCancel,
  onReload,
}: {
  reference: string;
  event?: TimelineEvent;
  defaultZone: string;
  onSaved: () => void;
  onCancel?: () => void;
  onReload?: () => void;
}) {
  const initialZone = event && isValidZone(event.enteredZone) ? event.enteredZone : defaultZone;
  const [zone, setZone] = useState(initialZone);
  const [local, setLocal] = useState(
    event ? toLocalInput(event.occurredAt, initialZone) : nowLocalInput(defaultZone),
  );
  const [kind, setKind] = useState<TimelineKind>(event?.kind ?? 'note');
  const [body, setBody] = useState(event?.body ?? '');
  const [error, setError] = useState<unknown>();
  const [zoneError, setZoneError] = useState<string[]>();
  const [saving, setSaving] = useState(false);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  const prefix = event ? 'Edit' : 'New';

  async function remove() {
    if (!event) return;
    if (!window.confirm('Delete this timeline entry? It stays in the activity log.')) return;
    setError(undefined);
    setSaving(true);
    try {
      await api.incidents.deleteEvent(reference, event);
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  async function submit(submitted: FormEvent) {
    submitted.preventDefault();
    setError(undefined);
    if (!isValidZone(zone)) {
      setZoneError([`"${zone}" is not an IANA time zone`]);
      return;
    }
    setZoneError(undefined);
    const occurredAt: InstantInput = { local, zone };
    setSaving(true);
    try {
      if (event) {
        await api.incidents.editEvent(reference, event.id, {
          occurredAt,
          kind,
          body,
          version: event.version,
        });
      } else {
        await api.incidents.addEvent(reference, { occurredAt, kind, body });
        setBody('');
      }
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      className="form event-form"
      onSubmit={submit}
      noValidate
      aria-label={event ? 'Edit timeline entry' : 'Add timeline entry'}
    >
      <FormError
        error={error}
        shownFields={['occurredAt', 'kind', 'body']}
        onReload={
          onReload &&
          (() => {
            setError(undefined);
            onReload();
          })
        }
      />
      <div className="row">
        <Field label={`${prefix} entry: local time`} errors={fieldErrors.occurredAt}>
          {(props) => (
            <input
              {...props}
              name="local"
              type="datetime-local"
              step={1}
              value={local}
              onChange={(changed) => setLocal(changed.target.value)}
              required
            />
          )}
        </Field>
        <Field label="Zone it was read in" errors={zoneError}>
          {(props) => <ZoneInput {...props} name="zone" value={zone} onChange={setZone} />}
        </Field>
        <Field label="Kind" errors={fieldErrors.kind}>
          {(props) => (
            <select
              {...props}
              name="kind"
              value={kind}
              onChange={(changed) => setKind(changed.target.value as TimelineKind)}
            >
              {TIMELINE_KINDS.map((value) => (
                <option key={value} value={value}>
                  {humanize(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="What happened (markdown)" errors={fieldErrors.body}>
        {(props) => (
          <textarea
            {...props}
            name="body"
            rows={2}
            value={body}
            onChange={(changed) => setBody(changed.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : event ? 'Save entry' : 'Add entry'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        {event && (
          <button type="button" className="danger" onClick={remove} disabled={saving}>
            Delete entry
          </button>
        )}
      </div>
    </form>
  );
}

/**
 * One entry. Memoised: a timeline of 10,000 entries grows page by page, and the entries already
 * shown are not formatted again for every page that arrives.
 */
const TimelineEntry = memo(
  function TimelineEntry({
    reference,
    event,
    zone,
    editing,
    onEdit,
    onChanged,
  }: {
    reference: string;
    event: TimelineEvent;
    zone: string;
    editing: boolean;
    onEdit: (id: string | undefined) => void;
    onChanged: () => void;
  }) {
    // A link to one entry (an AI suggestion's citation: …#event-<id>) scrolls to it once it is shown.
    const item = useRef<HTMLLIElement>(null);
    const linked = window.location.hash === `#event-${event.id}`;
    useEffect(() => {
      if (linked) item.current?.scrollIntoView({ block: 'center' });
    }, [linked]);
    return (
      <li
        ref={item}
        id={`event-${event.id}`}
        className={`timeline-entry source-${event.source}${linked ? ' linked' : ''}`}
        data-testid="timeline-entry"
      >
        <div className="when">
          <time dateTime={event.occurredAt}>{formatInZone(event.occurredAt, zone)}</time>
          <span className="typed" title="As it was typed">
            typed {prettyLocal(event.enteredLocal)} {event.enteredZone}
          </span>
        </div>
        <div className="what">
          <p className="meta">
            <span className={`badge kind-${event.kind}`}>{humanize(event.kind)}</span>
            {event.source === 'vendor_import' && (
              <span className="badge imported">Imported vendor update</span>
            )}
            {event.source === 'system' && <span className="badge system">System</span>}
            {event.author && <span className="muted small">by {event.author}</span>}
          </p>
          <MarkdownView className="body" source={event.body} />
          {editing ? (
            <EventForm
              reference={reference}
              event={event}
              defaultZone={zone}
              onSaved={() => {
                onEdit(undefined);
                onChanged();
              }}
              onCancel={() => onEdit(undefined)}
              onReload={onChanged}
            />
          ) : (
            event.source !== 'vendor_import' && (
              <button
                type="button"
                className="link-button"
                onClick={() => onEdit(event.id)}
                aria-label={`Edit entry at ${formatInZone(event.occurredAt, zone)}`}
              >
                Edit
              </button>
            )
          )}
        </div>
      </li>
    );
  },
  // onChanged is a new closure on every render of the page, with the same effect.
  (before, after) =>
    before.event === after.event &&
    before.zone === after.zone &&
    before.editing === after.editing &&
    before.reference === after.reference,
);

export function Timeline({
  reference,
  events,
  zone,
  onChanged,
  more,
}: {
  reference: string;
  events: TimelineEvent[];
  zone: string;
  onChanged: () => void;
  /** Below the entries: how many are shown and the control that loads the next page. */
  more?: ReactNode;
}) {
  const [editing, setEditing] = useState<string>();
  const sorted = [...events].sort(
    (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.id.localeCompare(b.id),
  );
  return (
    <>
      {sorted.length === 0 ? (
        <Empty title="No timeline entries yet">
          <p>
            Add what happened and when, in the time zone you read it in (a vendor's status page, a
            colleague's message): the timeline orders entries by the instant and shows them in the
            zone you pick above.
          </p>
        </Empty>
      ) : (
        <ol className="timeline" aria-label="Timeline entries">
          {sorted.map((event) => (
            <TimelineEntry
              key={event.id}
              reference={reference}
              event={event}
              zone={zone}
              editing={editing === event.id}
              onEdit={setEditing}
              onChanged={onChanged}
            />
          ))}
        </ol>
      )}
      {more}
      <h3>Add an entry</h3>
      <EventForm reference={reference} defaultZone={zone} onSaved={onChanged} />
    </>
  );
}
