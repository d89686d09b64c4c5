import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  CAUSE_ROLES,
  type Cause,
  type CauseRole,
  type Page,
  type VendorIncident,
} from '@rca/api-contract';
import { ApiError, request } from '../../api';
import { BROWSER_ZONE, formatInZone } from '../../time';
import { Field, FormError, humanize } from '../../ui';
import { useVendors } from '../catalog/queries';

/** The vendor's most recent stored incidents, for the picker (newest first). */
function useVendorIncidents(vendorSlug: string) {
  return useQuery({
    queryKey: ['vendors', vendorSlug, 'incidents', 'picker'],
    enabled: vendorSlug !== '',
    queryFn: ({ signal }) =>
      request<Page<VendorIncident>>('GET', `/vendors/${encodeURIComponent(vendorSlug)}/incidents`, {
        query: { limit: 50 },
        signal,
      }),
  });
}

/**
 * A third-party cause entered by hand: the vendor, optionally one of its stored incidents and the
 * components involved, the role, and an explanation in free text.
 */
export function ManualCauseForm({
  reference,
  onSaved,
}: {
  reference: string;
  onSaved: () => void;
}) {
  const vendors = useVendors();
  const [vendorSlug, setVendorSlug] = useState('');
  const [vendorIncidentId, setVendorIncidentId] = useState('');
  const [componentIds, setComponentIds] = useState<string[]>([]);
  const [role, setRole] = useState<CauseRole | ''>('');
  const [explanation, setExplanation] = useState('');
  const incidents = useVendorIncidents(vendorSlug);
  const vendor = vendors.data?.find((item) => item.slug === vendorSlug);
  const save = useMutation({
    mutationFn: () =>
      request<Cause>('POST', `/incidents/${encodeURIComponent(reference)}/causes`, {
        body: {
          vendor: vendorSlug,
          ...(vendorIncidentId ? { vendorIncidentId } : {}),
          ...(componentIds.length ? { vendorComponentIds: componentIds } : {}),
          ...(role ? { role } : {}),
          state: 'accepted',
          explanation,
        },
      }),
    onSuccess: () => {
      setVendorSlug('');
      setVendorIncidentId('');
      setComponentIds([]);
      setRole('');
      setExplanation('');
      onSaved();
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  if (vendors.data && vendors.data.length === 0) {
    return (
      <p className="muted">
        Add the vendor to the catalog first (<Link to="/catalog">Vendors &amp; catalog</Link>), then
        record it here as a cause.
      </p>
    );
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Add a cause">
      <FormError
        error={save.error}
        shownFields={['vendor', 'vendorIncidentId', 'vendorComponentIds', 'role', 'explanation']}
      />
      <div className="row">
        <Field label="Vendor" errors={errors.vendor}>
          {(props) => (
            <select
              {...props}
              value={vendorSlug}
              onChange={(event) => {
                setVendorSlug(event.target.value);
                setVendorIncidentId('');
                setComponentIds([]);
              }}
            >
              <option value="">Choose a vendor…</option>
              {(vendors.data ?? []).map((item) => (
                <option key={item.id} value={item.slug}>
                  {item.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Vendor incident (optional)"
          errors={errors.vendorIncidentId}
          hint="One imported from its status page; leave empty and explain below otherwise"
        >
          {(props) => (
            <select
              {...props}
              value={vendorIncidentId}
              disabled={!vendorSlug}
              onChange={(event) => setVendorIncidentId(event.target.value)}
            >
              <option value="">None (explained below)</option>
              {(incidents.data?.items ?? []).map((item) => (
                <option key={item.id} value={item.id}>
                  {item.title}
                  {item.startedAt ? ` (${formatInZone(item.startedAt, BROWSER_ZONE)})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Role" errors={errors.role}>
          {(props) => (
            <select
              {...props}
              value={role}
              onChange={(event) => setRole(event.target.value as CauseRole)}
            >
              <option value="">Choose a role…</option>
              {CAUSE_ROLES.map((value) => (
                <option key={value} value={value}>
                  {humanize(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {vendor && (vendor.components ?? []).length > 0 && (
        <fieldset className="checkboxes">
          <legend>Components involved</legend>
          {(vendor.components ?? []).map((component) => (
            <label key={component.id} className="checkbox">
              <input
                type="checkbox"
                checked={componentIds.includes(component.id)}
                onChange={(event) =>
                  setComponentIds((ids) =>
                    event.target.checked
                      ? [...ids, component.id]
                      : ids.filter((id) => id !== component.id),
                  )
                }
              />
              {component.name}
            </label>
          ))}
        </fieldset>
      )}
      <Field label="Explanation" errors={errors.explanation}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            value={explanation}
            onChange={(event) => setExplanation(event.target.value)}
          />
        )}
      </Field>
      <button type="submit" className="primary" disabled={save.isPending}>
        {save.isPending ? 'Saving…' : 'Add cause'}
      </button>
    </form>
  );
}
