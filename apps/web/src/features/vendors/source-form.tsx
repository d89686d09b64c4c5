import { useState, type FormEvent } from 'react';
import {
  STATUS_SOURCE_FORMATS,
  type StatusSource,
  type StatusSourceFormat,
  type Vendor,
} from '@rca/api-contract';
import { FormField } from '../../components/form-field';
import { FormError } from '../../ui';
import { useSourceMutations } from './queries';

/**
 * Adds a status source to a vendor, or edits one (URL, format, interval; the version read is
 * sent, a 409 offers to load the latest). The API's 400 shows at its field.
 */
export function SourceForm({
  vendor,
  source,
  onDone,
}: {
  vendor: Vendor;
  source?: StatusSource;
  onDone?: () => void;
}) {
  // Its own mutations: one vendor's refused add does not show on another's form.
  const mutations = useSourceMutations();
  const [url, setUrl] = useState(source?.url ?? '');
  const [format, setFormat] = useState<StatusSourceFormat>(
    (source?.format as StatusSourceFormat | undefined) ?? 'auto',
  );
  const [interval, setInterval] = useState(String(source?.pollIntervalSeconds ?? 60));
  const write = source ? mutations.update : mutations.create;

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = { url: url.trim(), format, pollIntervalSeconds: Number(interval) };
    if (source) mutations.update.mutate({ source, body }, { onSuccess: () => onDone?.() });
    else
      mutations.create.mutate(
        { ...body, vendorId: vendor.id },
        {
          onSuccess: () => {
            setUrl('');
            onDone?.();
          },
        },
      );
  }

  const label = source ? `Edit ${source.url}` : `Add a status source to ${vendor.name}`;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={label}>
      <FormError
        error={write.error}
        shownFields={['url', 'format', 'pollIntervalSeconds']}
        onReload={source ? onDone : undefined}
      />
      <div className="row">
        <FormField
          label="Status page URL"
          name="url"
          error={write.error}
          className="grow"
          type="url"
          required
          placeholder="https://www.cloudflarestatus.com/api/v2/incidents.json"
          value={url}
          onValue={setUrl}
        />
        <FormField label="Format" name="format" error={write.error}>
          {(props) => (
            <select
              {...props}
              value={format}
              onChange={(event) => setFormat(event.target.value as StatusSourceFormat)}
            >
              {STATUS_SOURCE_FORMATS.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          label="Poll every (seconds)"
          name="pollIntervalSeconds"
          error={write.error}
          type="number"
          min={15}
          max={86400}
          value={interval}
          onValue={setInterval}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={write.isPending}>
          {write.isPending ? 'Saving…' : source ? 'Save source' : 'Add source'}
        </button>
        {source && onDone && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
