import { useState, type FormEvent } from 'react';
import { IMPACT_LEVELS, type ImpactLevel, type Service } from '@rca/api-contract';
import { api, ApiError } from './api';
import { isValidZone } from './time';
import { Field, FormError, humanize } from './ui';
import { ZoneInput } from './zone-input';

/** Records that a service was hit at some level over a window (end optional while ongoing). */
export function ImpactForm({
  reference,
  services,
  defaultZone,
  onSaved,
}: {
  reference: string;
  services: Service[];
  defaultZone: string;
  onSaved: () => void;
}) {
  const [service, setService] = useState(services[0]?.slug ?? '');
  const [level, setLevel] = useState<ImpactLevel>('major_outage');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [zone, setZone] = useState(defaultZone);
  const [error, setError] = useState<unknown>();
  const [zoneError, setZoneError] = useState<string[]>();
  const [saving, setSaving] = useState(false);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (!isValidZone(zone)) {
      setZoneError([`"${zone}" is not an IANA time zone`]);
      return;
    }
    setZoneError(undefined);
    setSaving(true);
    try {
      await api.incidents.addImpact(reference, {
        service,
        level,
        from: { local: from, zone },
        ...(to ? { to: { local: to, zone } } : {}),
      });
      setFrom('');
      setTo('');
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  if (services.length === 0) {
    return (
      <p className="muted small">
        Add your services to the catalog to record which of them were hit.
      </p>
    );
  }
  return (
    <form className="form event-form" onSubmit={submit} noValidate aria-label="Add impact">
      <FormError error={error} shownFields={['service', 'level', 'from', 'to']} />
      <div className="row">
        <Field label="Service" errors={fieldErrors.service}>
          {(props) => (
            <select
              {...props}
              value={service}
              onChange={(changed) => setService(changed.target.value)}
            >
              {services.map((item) => (
                <option key={item.id} value={item.slug}>
                  {item.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Level" errors={fieldErrors.level}>
          {(props) => (
            <select
              {...props}
              value={level}
              onChange={(changed) => setLevel(changed.target.value as ImpactLevel)}
            >
              {IMPACT_LEVELS.map((value) => (
                <option key={value} value={value}>
                  {humanize(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <Field label="From (local time)" errors={fieldErrors.from}>
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={from}
              onChange={(changed) => setFrom(changed.target.value)}
            />
          )}
        </Field>
        <Field label="To (empty while ongoing)" errors={fieldErrors.to}>
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={to}
              onChange={(changed) => setTo(changed.target.value)}
            />
          )}
        </Field>
        <Field label="Zone of these times" errors={zoneError}>
          {(props) => <ZoneInput {...props} value={zone} onChange={setZone} />}
        </Field>
      </div>
      <button type="submit" className="primary" disabled={saving}>
        {saving ? 'Saving…' : 'Add impact'}
      </button>
    </form>
  );
}
