import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { IncidentDetail, InstantInput } from '@rca/api-contract';
import { ApiError, request } from '../../api';
import { nowLocalInput, toLocalInput } from '../../time';
import { Field, FormError } from '../../ui';
import { ZoneInput } from '../../zone-input';

const INSTANTS = [
  ['startedAt', 'Started'],
  ['detectedAt', 'Detected'],
  ['acknowledgedAt', 'Acknowledged'],
  ['mitigatedAt', 'Mitigated'],
] as const;
type InstantKey = (typeof INSTANTS)[number][0];

/**
 * Records or corrects one lifecycle instant (e.g. when on-call acknowledged) as a local time in
 * the zone it was read in; the server resolves it and refuses an impossible order.
 */
export function LifecycleForm({
  incident,
  zone,
  onSaved,
  onReload,
}: {
  incident: IncidentDetail;
  zone: string;
  onSaved: () => void;
  onReload: () => void;
}) {
  const [which, setWhich] = useState<InstantKey | ''>('');
  const [local, setLocal] = useState(nowLocalInput(zone));
  const [entryZone, setEntryZone] = useState(zone);
  const save = useMutation({
    mutationFn: (at: InstantInput) =>
      request<IncidentDetail>('PATCH', `/incidents/${encodeURIComponent(incident.reference)}`, {
        body: { version: incident.version, [which]: at },
      }),
    onSuccess: onSaved,
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  function choose(key: InstantKey | '') {
    setWhich(key);
    const current = key ? incident[key] : null;
    setLocal(current ? toLocalInput(current, entryZone) : nowLocalInput(entryZone));
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (which) save.mutate({ local, zone: entryZone });
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Record a lifecycle time">
      <FormError
        error={save.error}
        shownFields={INSTANTS.map(([key]) => key)}
        onReload={onReload}
      />
      <div className="row">
        <Field label="Instant">
          {(props) => (
            <select
              {...props}
              value={which}
              onChange={(event) => choose(event.target.value as InstantKey | '')}
            >
              <option value="">Choose…</option>
              {INSTANTS.map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Time (local)" errors={which ? errors[which] : undefined}>
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              value={local}
              onChange={(event) => setLocal(event.target.value)}
            />
          )}
        </Field>
        <Field label="Read in zone">
          {(props) => <ZoneInput {...props} value={entryZone} onChange={setEntryZone} />}
        </Field>
      </div>
      <button type="submit" disabled={!which || save.isPending}>
        {save.isPending ? 'Saving…' : 'Save time'}
      </button>
    </form>
  );
}
