import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { SEVERITIES, type CreateIncidentBody, type Severity } from '@rca/api-contract';
import { api, ApiError } from '../api';
import { NewIncidentVisibility, type VisibilityChoice } from '../features/incidents/visibility';
import { BROWSER_ZONE, isValidZone, nowLocalInput } from '../time';
import { Field, FormError } from '../ui';
import { ZoneInput } from '../zone-input';

export const SEVERITY_HINTS: Record<Severity, string> = {
  SEV1: 'Critical: a core service is down or data is at risk for most customers',
  SEV2: 'Major: a core service is badly degraded or down for a large share of customers',
  SEV3: 'Moderate: partial degradation, a workaround exists, or a small share of customers',
  SEV4: 'Minor: limited impact, no urgent customer-facing consequence',
  SEV5: 'Informational: no customer impact (near miss, internal tooling)',
};

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function NewIncidentPage() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [severity, setSeverity] = useState<Severity>('SEV2');
  const [zone, setZone] = useState(BROWSER_ZONE);
  const [startedLocal, setStartedLocal] = useState(nowLocalInput(BROWSER_ZONE));
  const [detectedLocal, setDetectedLocal] = useState('');
  const [summary, setSummary] = useState('');
  const [labels, setLabels] = useState('');
  const [errorSignatures, setErrorSignatures] = useState('');
  const [visibility, setVisibility] = useState<VisibilityChoice>({ private: false, teamId: null });
  const [error, setError] = useState<unknown>();
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const [saving, setSaving] = useState(false);

  const apiErrors = error instanceof ApiError ? error.fieldErrors : {};
  const errorsOf = (field: string) => localErrors[field] ?? apiErrors[field];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    const problems: Record<string, string[]> = {};
    if (!isValidZone(zone)) problems.zone = [`"${zone}" is not an IANA time zone`];
    setLocalErrors(problems);
    if (Object.keys(problems).length) return;
    // Local time + zone go to the server as typed: it refuses times that do not exist
    // (spring-forward gap) or are ambiguous (fall-back overlap) with a message for the field.
    const body: CreateIncidentBody = {
      title: title.trim(),
      severity,
      startedAt: { local: startedLocal, zone },
      summary,
      ...(detectedLocal ? { detectedAt: { local: detectedLocal, zone } } : {}),
      labels: list(labels),
      errorSignatures: list(errorSignatures),
      ...visibility,
    };
    setSaving(true);
    try {
      const created = await api.incidents.create(body);
      navigate(`/incidents/${created.reference}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <p className="breadcrumb">
        <Link to="/incidents">Incidents</Link> / New
      </p>
      <h1>New incident</h1>
      <form className="form" onSubmit={submit} noValidate aria-label="New incident">
        <FormError
          error={error}
          shownFields={[
            'title',
            'severity',
            'startedAt',
            'detectedAt',
            'summary',
            'labels',
            'errorSignatures',
            'teamId',
          ]}
        />
        <Field label="Title" errors={errorsOf('title')}>
          {(props) => (
            <input
              {...props}
              name="title"
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              maxLength={500}
              required
            />
          )}
        </Field>
        <Field label="Severity" errors={errorsOf('severity')} hint={SEVERITY_HINTS[severity]}>
          {(props) => (
            <select
              {...props}
              name="severity"
              value={severity}
              onChange={(event) => setSeverity(event.target.value as Severity)}
            >
              {SEVERITIES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="row">
          <Field label="Started at (local time)" errors={errorsOf('startedAt')}>
            {(props) => (
              <input
                {...props}
                name="startedAt"
                type="datetime-local"
                value={startedLocal}
                onChange={(event) => setStartedLocal(event.target.value)}
              />
            )}
          </Field>
          <Field label="Detected at (optional)" errors={errorsOf('detectedAt')}>
            {(props) => (
              <input
                {...props}
                name="detectedAt"
                type="datetime-local"
                value={detectedLocal}
                onChange={(event) => setDetectedLocal(event.target.value)}
              />
            )}
          </Field>
          <Field label="Time zone of these times" errors={errorsOf('zone')}>
            {(props) => <ZoneInput {...props} name="zone" value={zone} onChange={setZone} />}
          </Field>
        </div>
        <Field label="Summary (markdown)" errors={errorsOf('summary')}>
          {(props) => (
            <textarea
              {...props}
              name="summary"
              rows={5}
              value={summary}
              onChange={(event) => setSummary(event.target.value)}
            />
          )}
        </Field>
        <div className="row">
          <Field label="Labels" hint="Comma-separated, e.g. cdn, edge" errors={errorsOf('labels')}>
            {(props) => (
              <input
                {...props}
                name="labels"
                value={labels}
                onChange={(event) => setLabels(event.target.value)}
              />
            )}
          </Field>
          <Field
            label="Customer-facing errors"
            hint="Comma-separated, e.g. HTTP 500, HTTP 502"
            errors={errorsOf('errorSignatures')}
          >
            {(props) => (
              <input
                {...props}
                name="errorSignatures"
                value={errorSignatures}
                onChange={(event) => setErrorSignatures(event.target.value)}
              />
            )}
          </Field>
        </div>
        <NewIncidentVisibility
          value={visibility}
          onChange={setVisibility}
          errors={errorsOf('teamId')}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Creating…' : 'Create incident'}
          </button>
          <Link to="/incidents">Cancel</Link>
        </div>
      </form>
    </>
  );
}
