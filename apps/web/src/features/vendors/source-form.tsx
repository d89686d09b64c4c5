import { useState, type FormEvent } from 'react';
import {
  STATUS_SOURCE_FORMATS,
  type StatusSource,
  type StatusSourceFormat,
  type Vendor,
} from '@rca/api-contract';
import { FormError, Field, fieldErrorsOf } from '../../ui';
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
        <Field
          label="Status page URL"
          errors={fieldErrorsOf(write.error, 'url')}
          className="grow"
          type="url"
          required
          placeholder="https://www.cloudflarestatus.com/api/v2/incidents.json"
          value={url}
          onValue={setUrl}
        />
        <FormatField label="Format" error={write.error} value={format} onValue={setFormat} />
        <Field
          label="Poll every (seconds)"
          errors={fieldErrorsOf(write.error, 'pollIntervalSeconds')}
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

/** The status-page format picker (`auto` detects it), with the API's 400 for `format`. */
export function FormatField({
  label,
  error,
  value,
  onValue,
}: {
  label: string;
  error: unknown;
  value: StatusSourceFormat;
  onValue: (format: StatusSourceFormat) => void;
}) {
  return (
    <Field label={label} errors={fieldErrorsOf(error, 'format')}>
      {(props) => (
        <select
          {...props}
          value={value}
          onChange={(event) => onValue(event.target.value as StatusSourceFormat)}
        >
          {STATUS_SOURCE_FORMATS.map((format) => (
            <option key={format} value={format}>
              {format}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
