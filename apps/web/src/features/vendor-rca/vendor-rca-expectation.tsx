import { useState, type FormEvent } from 'react';
import { describeVendorRcaExpectation, type Vendor } from '@rca/api-contract';
import { ApiError } from '../../api';
import { ErrorBox, Field, FormError } from '../../ui';
import { useVendorRcaExpectation, useVendorRcaExpectationMutations } from './queries';
import './vendor-rca.css';

const FIELDS = ['businessDays', 'zone', 'country', 'region', 'dueTime'];

/**
 * On a vendor's card: when its post-incident report is expected ("within 5 business days,
 * America/Los_Angeles, US holidays"), and for admins a small form to set or remove it.
 */
export function VendorRcaExpectationPanel({
  vendor,
  isAdmin,
}: {
  vendor: Vendor;
  isAdmin: boolean;
}) {
  const expectation = useVendorRcaExpectation(vendor.slug);
  const [editing, setEditing] = useState(false);
  const current = expectation.data;
  return (
    <div className="vendor-rca-expectation" data-testid="vendor-rca-expectation">
      <h3>Post-incident report</h3>
      {expectation.error && (
        <ErrorBox error={expectation.error} onRetry={() => void expectation.refetch()} />
      )}
      {expectation.isSuccess && (
        <p className="small">
          {current
            ? `${vendor.name}'s report is expected within ${describeVendorRcaExpectation(current)} after its incident resolves.`
            : `${vendor.name} promises no post-incident report; none is tracked as overdue.`}{' '}
          {isAdmin && !editing && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {current ? 'Change' : 'Set an expectation'}
            </button>
          )}
        </p>
      )}
      {isAdmin && editing && expectation.isSuccess && (
        <ExpectationForm
          vendor={vendor}
          initial={current ?? null}
          onDone={() => setEditing(false)}
        />
      )}
    </div>
  );
}

function ExpectationForm({
  vendor,
  initial,
  onDone,
}: {
  vendor: Vendor;
  initial: {
    businessDays: number;
    zone: string;
    country: string | null;
    region: string | null;
    dueTime: string;
  } | null;
  onDone: () => void;
}) {
  const { save, remove } = useVendorRcaExpectationMutations(vendor.slug);
  const [businessDays, setBusinessDays] = useState(String(initial?.businessDays ?? 5));
  const [zone, setZone] = useState(initial?.zone ?? 'America/Los_Angeles');
  const [country, setCountry] = useState(initial?.country ?? 'US');
  const [region, setRegion] = useState(initial?.region ?? '');
  const [dueTime, setDueTime] = useState(initial?.dueTime ?? '23:59');
  const error = save.error ?? remove.error;
  const fields = error instanceof ApiError ? error.fieldErrors : {};

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      {
        businessDays: Number(businessDays),
        zone: zone.trim(),
        country: country.trim() || null,
        region: region.trim() || null,
        dueTime: dueTime.trim(),
      },
      { onSuccess: onDone },
    );
  }

  return (
    <form
      className="form compact"
      onSubmit={submit}
      aria-label={`${vendor.name} report expectation`}
    >
      <div className="row">
        <Field label="Business days" errors={fields.businessDays}>
          {(props) => (
            <input
              {...props}
              type="number"
              min={1}
              max={365}
              value={businessDays}
              onChange={(e) => setBusinessDays(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Time zone" errors={fields.zone} hint="IANA zone">
          {(props) => (
            <input {...props} value={zone} onChange={(e) => setZone(e.currentTarget.value)} />
          )}
        </Field>
        <Field
          label="Holidays of"
          errors={fields.country}
          hint="Country code; empty: weekends only"
        >
          {(props) => (
            <input {...props} value={country} onChange={(e) => setCountry(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Region" errors={fields.region}>
          {(props) => (
            <input {...props} value={region} onChange={(e) => setRegion(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="By" errors={fields.dueTime} hint="HH:mm on the last day">
          {(props) => (
            <input {...props} value={dueTime} onChange={(e) => setDueTime(e.currentTarget.value)} />
          )}
        </Field>
      </div>
      <FormError error={error} shownFields={FIELDS} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save expectation'}
        </button>
        {initial && (
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => remove.mutate(undefined, { onSuccess: onDone })}
          >
            Remove
          </button>
        )}
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
