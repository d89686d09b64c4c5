import { useState, type FormEvent } from 'react';
import { SEVERITIES, type IncidentDetail, type Severity } from '@rca/api-contract';
import { api, ApiError } from './api';
import { Field, FormError } from './ui';

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Title, severity, summary and tags of an incident, saved with its version (409 if stale). */
export function IncidentDetailsForm({
  incident,
  onSaved,
  onCancel,
  onReload,
}: {
  incident: IncidentDetail;
  onSaved: () => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [title, setTitle] = useState(incident.title);
  const [severity, setSeverity] = useState<Severity>(incident.severity);
  const [summary, setSummary] = useState(incident.summary);
  const [labels, setLabels] = useState(incident.labels.join(', '));
  const [regions, setRegions] = useState((incident.regions ?? []).join(', '));
  const [errorSignatures, setErrorSignatures] = useState(
    (incident.errorSignatures ?? []).join(', '),
  );
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setSaving(true);
    try {
      await api.incidents.update(incident.reference, {
        version: incident.version,
        title: title.trim(),
        severity,
        summary,
        labels: list(labels),
        regions: list(regions),
        errorSignatures: list(errorSignatures),
      });
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form event-form" onSubmit={submit} noValidate aria-label="Edit incident">
      <FormError
        error={error}
        shownFields={['title', 'severity', 'summary', 'labels', 'regions', 'errorSignatures']}
        onReload={() => {
          setError(undefined);
          onReload();
        }}
      />
      <div className="row">
        <Field label="Title" errors={fieldErrors.title}>
          {(props) => (
            <input
              {...props}
              value={title}
              onChange={(changed) => setTitle(changed.target.value)}
            />
          )}
        </Field>
        <Field label="Severity" errors={fieldErrors.severity}>
          {(props) => (
            <select
              {...props}
              value={severity}
              onChange={(changed) => setSeverity(changed.target.value as Severity)}
            >
              {SEVERITIES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Summary (markdown)" errors={fieldErrors.summary}>
        {(props) => (
          <textarea
            {...props}
            rows={5}
            value={summary}
            onChange={(changed) => setSummary(changed.target.value)}
          />
        )}
      </Field>
      <div className="row">
        <Field label="Labels" hint="Comma-separated" errors={fieldErrors.labels}>
          {(props) => (
            <input
              {...props}
              value={labels}
              onChange={(changed) => setLabels(changed.target.value)}
            />
          )}
        </Field>
        <Field label="Regions" hint="Comma-separated" errors={fieldErrors.regions}>
          {(props) => (
            <input
              {...props}
              value={regions}
              onChange={(changed) => setRegions(changed.target.value)}
            />
          )}
        </Field>
        <Field
          label="Customer-facing errors"
          hint="Comma-separated"
          errors={fieldErrors.errorSignatures}
        >
          {(props) => (
            <input
              {...props}
              value={errorSignatures}
              onChange={(changed) => setErrorSignatures(changed.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save details'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
