import { useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import {
  INCIDENT_STATUSES,
  type ActivityEntry,
  type Cause,
  type CauseState,
  type IncidentDetail,
  type IncidentStatus,
} from '@rca/api-contract';
import { api, ApiError } from '../api';
import { useServices } from '../features/catalog/queries';
import {
  useActivity,
  useIncident,
  useInvalidateIncident,
  useTimeline,
} from '../features/incidents/queries';
import { TimelineMore } from '../features/incidents/timeline-more';
import { SlackPanel } from '../features/slack/slack-panel';
import { useSession } from '../session';
import { ManualCauseForm } from '../features/incidents/cause-form';
import { LifecycleForm } from '../features/incidents/lifecycle-form';
import { VisibilityControl } from '../features/incidents/visibility';
import { ImpactChart } from '../impact-chart';
import { MarkdownView } from '../markdown-view';
import { ImpactForm } from '../impact-form';
import { IncidentDetailsForm } from '../incident-details-form';
import { BROWSER_ZONE, formatInZone, isValidZone, nowLocalInput } from '../time';
import { Timeline } from '../timeline';
import {
  Empty,
  ErrorBox,
  Field,
  FormError,
  formatDuration,
  humanize,
  Loading,
  SeverityBadge,
  StatusBadge,
} from '../ui';
import { ZoneInput } from '../zone-input';

/** Statuses an incident may move to from `status` (reopen: resolved/closed → investigating). */
function nextStatuses(status: IncidentStatus): IncidentStatus[] {
  switch (status) {
    case 'investigating':
      return ['identified', 'monitoring', 'resolved'];
    case 'identified':
      return ['investigating', 'monitoring', 'resolved'];
    case 'monitoring':
      return ['investigating', 'identified', 'resolved'];
    case 'resolved':
      return ['closed', 'investigating'];
    case 'closed':
      return ['investigating'];
    default:
      return [...INCIDENT_STATUSES];
  }
}

function ZoneSwitch({ zone, onChange }: { zone: string; onChange: (zone: string) => void }) {
  // The radio follows the click at once; the zone itself lives in the URL (?zone=).
  const [mode, setMode] = useState(
    zone === 'UTC' ? 'utc' : zone === BROWSER_ZONE ? 'browser' : 'other',
  );
  const [other, setOther] = useState(mode === 'other' ? zone : 'America/New_York');
  const [invalid, setInvalid] = useState(false);
  function choose(next: 'utc' | 'browser' | 'other') {
    setMode(next);
    if (next === 'utc') onChange('UTC');
    else if (next === 'browser') onChange(BROWSER_ZONE);
    else if (isValidZone(other)) onChange(other);
  }
  return (
    <fieldset className="zone-switch">
      <legend>Show times in</legend>
      <label>
        <input
          type="radio"
          name="zone-mode"
          checked={mode === 'utc'}
          onChange={() => choose('utc')}
        />
        UTC
      </label>
      {BROWSER_ZONE !== 'UTC' && (
        <label>
          <input
            type="radio"
            name="zone-mode"
            checked={mode === 'browser'}
            onChange={() => choose('browser')}
          />
          My zone ({BROWSER_ZONE})
        </label>
      )}
      <label>
        <input
          type="radio"
          name="zone-mode"
          checked={mode === 'other'}
          onChange={() => choose('other')}
        />
        Other zone
      </label>
      <ZoneInput
        aria-label="Other IANA time zone"
        aria-invalid={invalid}
        value={other}
        onChange={(value) => {
          setOther(value);
          setMode('other');
          const valid = isValidZone(value);
          setInvalid(!valid);
          if (valid) onChange(value);
        }}
      />
      {invalid && <small className="field-error">Not an IANA time zone</small>}
    </fieldset>
  );
}

function TransitionForm({
  incident,
  zone,
  onDone,
}: {
  incident: IncidentDetail;
  zone: string;
  onDone: () => void;
}) {
  const options = nextStatuses(incident.status);
  // No preselected status: a change is always chosen on purpose.
  const [status, setStatus] = useState<IncidentStatus | ''>('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState(nowLocalInput(zone));
  const [entryZone, setEntryZone] = useState(zone);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await api.incidents.transition(incident.reference, {
        to: status as IncidentStatus,
        at: { local, zone: entryZone },
        version: incident.version,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      onDone();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form transition-form" onSubmit={submit} noValidate aria-label="Change status">
      <FormError error={error} shownFields={['to', 'at', 'note']} />
      <div className="row">
        <Field label="New status" errors={fieldErrors.to}>
          {(props) => (
            <select
              {...props}
              name="status"
              value={status}
              onChange={(event) => setStatus(event.target.value as IncidentStatus)}
            >
              <option value="">Choose a status…</option>
              {options.map((value) => (
                <option key={value} value={value}>
                  {value === 'investigating' && ['resolved', 'closed'].includes(incident.status)
                    ? 'Reopen (investigating)'
                    : humanize(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="At (local time)" errors={fieldErrors.at}>
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              name="at"
              value={local}
              onChange={(event) => setLocal(event.target.value)}
            />
          )}
        </Field>
        <Field label="Zone">
          {(props) => <ZoneInput {...props} value={entryZone} onChange={setEntryZone} />}
        </Field>
      </div>
      <Field label="Note (optional)" errors={fieldErrors.note} hint="Why; kept in the activity log">
        {(props) => (
          <input
            {...props}
            name="note"
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="primary" disabled={saving || status === ''}>
        {saving ? 'Saving…' : 'Change status'}
      </button>
    </form>
  );
}

function Causes({ incident, onChanged }: { incident: IncidentDetail; onChanged: () => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  async function decide(cause: Cause, state: CauseState) {
    setBusy(cause.id);
    setError(undefined);
    try {
      await api.incidents.decideCause(incident.reference, cause, state);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  }
  if (incident.causes.length === 0) {
    return (
      <Empty title="No third-party cause recorded">
        <p>
          When a vendor's status page reports an incident that overlaps this one on a component your
          services depend on, it is suggested here with the reasons, for you to accept or reject.
          You can also add one by hand below.
        </p>
      </Empty>
    );
  }
  return (
    <>
      {error !== undefined && <ErrorBox error={error} />}
      <ul className="causes">
        {incident.causes.map((cause) => {
          const vendor = cause.vendorName ?? cause.vendorId;
          const vendorIncident = cause.vendorIncident?.title ?? cause.vendorIncident?.name;
          return (
            <li key={cause.id} className={`cause state-${cause.state}`} data-testid="cause">
              <p>
                <strong>{vendor}</strong>
                {vendorIncident && <> — {vendorIncident}</>}{' '}
                <span className="badge">{humanize(cause.role)}</span>{' '}
                <span className={`badge cause-${cause.state}`}>{humanize(cause.state)}</span>
                {cause.score !== null && (
                  <span className="muted small"> score {Math.round(cause.score * 100)}%</span>
                )}
              </p>
              {cause.explanation && <p>{cause.explanation}</p>}
              {cause.reasons.length > 0 && (
                <>
                  <p className="small muted">Why it was suggested:</p>
                  <ul className="reasons">
                    {cause.reasons.map((reason, index) =>
                      reason.kind === 'score_parts' && isScoreParts(reason.parts) ? (
                        <li key={index}>
                          <strong>Score parts</strong>
                          <ScoreParts parts={reason.parts} />
                        </li>
                      ) : (
                        <li key={index}>
                          <strong>{humanize(reason.kind)}</strong>: {reason.detail}
                        </li>
                      ),
                    )}
                  </ul>
                </>
              )}
              {cause.state === 'suggested' && (
                <div className="actions">
                  <button
                    type="button"
                    className="primary"
                    disabled={busy === cause.id}
                    onClick={() => decide(cause, 'accepted')}
                    aria-label={`Accept ${vendor} as a cause`}
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    disabled={busy === cause.id}
                    onClick={() => decide(cause, 'rejected')}
                    aria-label={`Reject ${vendor} as a cause`}
                  >
                    Reject
                  </button>
                </div>
              )}
              {cause.decidedBy && (
                <p className="small muted">
                  {humanize(cause.state)} by {cause.decidedBy}
                  {cause.decidedAt ? ` on ${formatInZone(cause.decidedAt, BROWSER_ZONE)}` : ''}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function describeChange(entry: ActivityEntry): string {
  const keys = new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})]);
  const changes: string[] = [];
  for (const key of keys) {
    if (['version', 'updatedAt', 'createdAt', 'id', 'createdBy', 'author', 'note'].includes(key))
      continue;
    if (/Ids?$/.test(key)) continue;
    const before = entry.before?.[key];
    const after = entry.after?.[key];
    if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) continue;
    if (
      !entry.before &&
      (after === '' || after === null || (Array.isArray(after) && !after.length))
    )
      continue;
    const show = (value: unknown) => {
      const text =
        value === undefined || value === null
          ? '—'
          : typeof value === 'string'
            ? value
            : JSON.stringify(value);
      return text.length > 60 ? `${text.slice(0, 59)}…` : text;
    };
    changes.push(
      entry.before ? `${key}: ${show(before)} → ${show(after)}` : `${key}: ${show(after)}`,
    );
  }
  return changes.slice(0, 6).join('; ');
}

function Activity({ reference, zone }: { reference: string; zone: string }) {
  const activity = useActivity(reference);
  if (activity.error && !activity.data)
    return <ErrorBox error={activity.error} onRetry={() => void activity.refetch()} />;
  if (!activity.data) return <Loading what="activity" />;
  const entries: ActivityEntry[] = activity.data.pages.flatMap((page) => page.items);
  const next = activity.hasNextPage;
  const error = activity.isFetchNextPageError ? activity.error : undefined;
  const loadMore = () => void activity.fetchNextPage();
  if (entries.length === 0) return <p className="muted">No activity yet.</p>;
  return (
    <>
      <ol className="activity">
        {entries.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.at}>{formatInZone(entry.at, zone)}</time>{' '}
            <strong>{entry.actor}</strong> <code>{entry.action}</code>{' '}
            <span className="muted small">{describeChange(entry)}</span>
            {typeof entry.after?.note === 'string' && entry.after.note && (
              <q className="activity-note">{entry.after.note}</q>
            )}
          </li>
        ))}
      </ol>
      {error !== undefined && <ErrorBox error={error} />}
      {next && (
        <button type="button" onClick={loadMore}>
          Older activity
        </button>
      )}
    </>
  );
}

export function IncidentPage() {
  const { reference = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const zoneParam = params.get('zone');
  const zone = zoneParam && isValidZone(zoneParam) ? zoneParam : 'UTC';
  const incident = useIncident(reference);
  const { user } = useSession();
  const timeline = useTimeline(reference);
  const invalidate = useInvalidateIncident(reference);
  const events = timeline.data?.pages.flatMap((page) => page.items);
  const services = useServices();
  const serviceNames = Object.fromEntries(
    (services.data ?? []).map((service) => [service.id, service.name]),
  );

  function setZone(value: string) {
    const next = new URLSearchParams(params);
    next.set('zone', value);
    setParams(next, { replace: true });
  }
  const [editingDetails, setEditingDetails] = useState(false);
  function reloadAll() {
    void invalidate();
  }

  if (incident.error) {
    return (
      <>
        <p className="breadcrumb">
          <Link to="/incidents">Incidents</Link> / {reference}
        </p>
        <ErrorBox error={incident.error} onRetry={() => void incident.refetch()} />
      </>
    );
  }
  if (!incident.data) return <Loading what={`incident ${reference}`} />;
  const data = incident.data;
  const instants: Array<[string, string | null | undefined]> = [
    ['Started', data.startedAt],
    ['Detected', data.detectedAt],
    ['Acknowledged', data.acknowledgedAt],
    ['Mitigated', data.mitigatedAt],
    ['Resolved', data.resolvedAt],
    ['Closed', data.closedAt],
  ];
  const metrics: Array<[string, number | null | undefined]> = [
    ['Time to detect', data.metrics?.timeToDetectSeconds],
    ['Time to acknowledge', data.metrics?.timeToAcknowledgeSeconds],
    ['Time to mitigate', data.metrics?.timeToMitigateSeconds],
    ['Time to resolve', data.metrics?.timeToResolveSeconds],
  ];

  return (
    <>
      <p className="breadcrumb">
        <Link to="/incidents">Incidents</Link> / {data.reference}
      </p>
      <header className="incident-head">
        <h1>
          <span className="reference">{data.reference}</span> {data.title}
        </h1>
        <p className="badges">
          <SeverityBadge severity={data.severity} /> <StatusBadge status={data.status} />
          {data.severityDescription && (
            <span className="muted small">{data.severityDescription}</span>
          )}
          {data.reopenCount > 0 && <span className="badge">Reopened {data.reopenCount}×</span>}
          {data.labels.map((label) => (
            <span key={label} className="tag">
              {label}
            </span>
          ))}
        </p>
        <VisibilityControl key={data.version} incident={data} onChanged={reloadAll} />
        {data.summary && <MarkdownView className="summary" source={data.summary} />}
        {data.errorSignatures?.length > 0 && (
          <p className="small">Customer-facing errors: {data.errorSignatures.join(', ')}</p>
        )}
        <p className="actions">
          {!editingDetails && (
            <button type="button" onClick={() => setEditingDetails(true)}>
              Edit details
            </button>
          )}
          <Link
            className="button"
            to={`/incidents/${encodeURIComponent(data.reference)}/postmortem`}
          >
            Postmortem
          </Link>
        </p>
        {editingDetails && (
          <IncidentDetailsForm
            incident={data}
            onSaved={() => {
              setEditingDetails(false);
              reloadAll();
            }}
            onCancel={() => setEditingDetails(false)}
            onReload={reloadAll}
          />
        )}
      </header>

      <ZoneSwitch zone={zone} onChange={setZone} />

      <div className="cards">
        <section className="card" aria-labelledby="instants-title">
          <h2 id="instants-title">Lifecycle ({zone})</h2>
          <dl className="facts">
            {instants.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value ? <time dateTime={value}>{formatInZone(value, zone)}</time> : '—'}</dd>
              </div>
            ))}
          </dl>
          <details className="add-form">
            <summary>Record a time</summary>
            <LifecycleForm
              key={`${data.version}-${zone}`}
              incident={data}
              zone={zone}
              onSaved={reloadAll}
              onReload={reloadAll}
            />
          </details>
        </section>
        <section className="card" aria-labelledby="metrics-title">
          <h2 id="metrics-title">Metrics</h2>
          <dl className="facts">
            {metrics.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{formatDuration(value)}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section className="card" aria-labelledby="status-title">
          <h2 id="status-title">Status</h2>
          <TransitionForm
            key={`${data.version}-${zone}`}
            incident={data}
            zone={zone}
            onDone={reloadAll}
          />
        </section>
      </div>

      <section aria-labelledby="impacts-title">
        <h2 id="impacts-title">Impact per service</h2>
        {data.impacts.length === 0 ? (
          <Empty title="No impact recorded">
            <p>Impacts say which of your services were hit, how badly and when.</p>
          </Empty>
        ) : (
          <ImpactChart impacts={data.impacts} zone={zone} serviceNames={serviceNames} />
        )}
        <details className="add-impact">
          <summary>Add an impact</summary>
          <ImpactForm
            reference={data.reference}
            services={services.data ?? []}
            defaultZone={zone}
            onSaved={reloadAll}
          />
        </details>
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline ({zone})</h2>
        {timeline.isError && !events && (
          <ErrorBox error={timeline.error} onRetry={() => void timeline.refetch()} />
        )}
        {timeline.isPending && <Loading what="timeline" />}
        {events && (
          <Timeline
            reference={data.reference}
            events={events}
            zone={zone}
            onChanged={reloadAll}
            more={
              <TimelineMore
                shown={events.length}
                hasMore={timeline.hasNextPage}
                loading={timeline.isFetchingNextPage}
                error={timeline.isFetchNextPageError ? timeline.error : undefined}
                onMore={() => void timeline.fetchNextPage()}
              />
            }
          />
        )}
      </section>

      <section aria-labelledby="slack-title">
        <h2 id="slack-title">Slack</h2>
        <SlackPanel
          reference={data.reference}
          startedAt={data.startedAt}
          resolvedAt={data.resolvedAt ?? null}
          zone={zone}
          canWrite={user?.role !== 'viewer'}
        />
      </section>

      <section aria-labelledby="causes-title">
        <h2 id="causes-title">Third-party causes</h2>
        <Causes incident={data} onChanged={reloadAll} />
        <details className="add-form">
          <summary>Add a cause by hand</summary>
          <ManualCauseForm reference={data.reference} onSaved={reloadAll} />
        </details>
      </section>

      <section aria-labelledby="activity-title">
        <h2 id="activity-title">Activity</h2>
        <Activity reference={reference} zone={zone} />
      </section>
    </>
  );
}

const SCORE_PART_LABELS = {
  timeOverlap: 'Time overlap',
  dependencyPath: 'Dependency path',
  componentStatus: 'Component status',
  severityMatch: 'Severity match',
} as const;
type ScorePartValues = Record<keyof typeof SCORE_PART_LABELS, number>;

function isScoreParts(value: unknown): value is ScorePartValues {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(SCORE_PART_LABELS).every(
      (key) => typeof (value as Record<string, unknown>)[key] === 'number',
    )
  );
}

/** The four parts of a suggestion's score, each 0–1, as bars. */
function ScoreParts({ parts }: { parts: ScorePartValues }) {
  return (
    <dl className="score-parts" aria-label="Score parts">
      {(Object.keys(SCORE_PART_LABELS) as Array<keyof ScorePartValues>).map((key) => (
        <div key={key} className="score-part">
          <dt>{SCORE_PART_LABELS[key]}</dt>
          <dd>
            <meter min={0} max={1} value={parts[key]} aria-label={SCORE_PART_LABELS[key]} />{' '}
            {Math.round(parts[key] * 100)}%
          </dd>
        </div>
      ))}
    </dl>
  );
}
