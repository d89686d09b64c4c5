import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  STATUS_SOURCE_FORMATS,
  type StatusSource,
  type StatusSourceFormat,
} from '@rca/api-contract';
import { ApiError, request } from '../../api';
import { Field, FormError } from '../../ui';

/** Admins: edit a status source (URL, format, interval) or delete it, with the version read. */
export function SourceActions({
  source,
  onChanged,
}: {
  source: StatusSource;
  onChanged: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState(source.url);
  const [format, setFormat] = useState<StatusSourceFormat>(source.format as StatusSourceFormat);
  const [interval, setInterval] = useState(String(source.pollIntervalSeconds));
  const save = useMutation({
    mutationFn: () =>
      request<StatusSource>('PATCH', `/status-sources/${source.id}`, {
        body: {
          version: source.version,
          url: url.trim(),
          format,
          pollIntervalSeconds: Number(interval),
        },
      }),
    onSuccess: () => {
      setEditing(false);
      onChanged();
    },
  });
  const remove = useMutation({
    mutationFn: () =>
      request<void>('DELETE', `/status-sources/${source.id}`, {
        query: { version: source.version },
      }),
    onSuccess: onChanged,
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <>
      <button
        type="button"
        className="link-button"
        onClick={() => setEditing((value) => !value)}
        aria-expanded={editing}
        aria-label={`Edit ${source.url}`}
      >
        Edit
      </button>
      <button
        type="button"
        className="link-button danger"
        disabled={remove.isPending}
        aria-label={`Delete ${source.url}`}
        onClick={() =>
          window.confirm(
            `Delete the status source ${source.url}? Its imported incidents stay; polling stops.`,
          ) && remove.mutate()
        }
      >
        Delete
      </button>
      {remove.error !== null && (
        <FormError error={remove.error} shownFields={[]} onReload={onChanged} />
      )}
      {editing && (
        <form className="form" onSubmit={submit} noValidate aria-label={`Edit ${source.url}`}>
          <FormError
            error={save.error}
            shownFields={['url', 'format', 'pollIntervalSeconds']}
            onReload={onChanged}
          />
          <Field label="Status page URL" errors={errors.url}>
            {(props) => (
              <input
                {...props}
                type="url"
                value={url}
                onChange={(event) => setUrl(event.target.value)}
              />
            )}
          </Field>
          <Field label="Format" errors={errors.format}>
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
          </Field>
          <Field label="Interval (seconds)" errors={errors.pollIntervalSeconds}>
            {(props) => (
              <input
                {...props}
                type="number"
                min={1}
                value={interval}
                onChange={(event) => setInterval(event.target.value)}
              />
            )}
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : 'Save source'}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </>
  );
}
