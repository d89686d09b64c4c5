import { useState, type FormEvent } from 'react';
import type { StatusSourceFormat } from '@rca/api-contract';
import { ApiError } from '../../api';
import { useStatusPreview } from './queries';
import { FormatField } from './source-form';
import { when } from './sources-table';
import { Field, fieldErrorsOf } from '../../ui';

/** Admins: what a poll of a page would import (nothing is stored). */
export function PreviewPanel() {
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<StatusSourceFormat>('auto');
  const preview = useStatusPreview();
  const result = preview.data;
  const error = preview.error ?? undefined;
  const loading = preview.isPending;

  function submit(event: FormEvent) {
    event.preventDefault();
    preview.mutate({ url: url.trim(), format });
  }
  const kind =
    error instanceof ApiError && typeof error.body?.details?.kind === 'string'
      ? error.body.details.kind
      : undefined;

  return (
    <section aria-labelledby="preview-title" className="card">
      <h2 id="preview-title">Preview a status page</h2>
      <p className="muted">
        Fetches the page once and shows what a poll would import. Nothing is stored.
      </p>
      <form className="form" onSubmit={submit} aria-label="Preview a status page">
        <div className="row">
          <Field
            label="URL to preview"
            errors={fieldErrorsOf(error, 'url')}
            className="grow"
            type="url"
            required
            value={url}
            onValue={setUrl}
          />
          <FormatField label="Preview format" error={null} value={format} onValue={setFormat} />
        </div>
        <button type="submit" className="primary" disabled={loading}>
          {loading ? 'Fetching…' : 'Preview'}
        </button>
      </form>
      {error !== undefined && (
        <div className="error-box" role="alert" data-testid="preview-error">
          <p>
            {kind && (
              <>
                <code>{kind}</code>{' '}
              </>
            )}
            {error instanceof Error ? error.message : String(error)}
          </p>
        </div>
      )}
      {result && (
        <div className="preview-result" aria-live="polite" data-testid="preview-result">
          <p>
            <strong>{result.feed.page?.name ?? result.finalUrl}</strong> — format{' '}
            <code>{result.feed.format}</code>, {result.latencyMs} ms, {result.feed.incidents.length}{' '}
            incident(s) would be imported.
          </p>
          {result.feed.warnings.length > 0 && (
            <ul className="small muted" aria-label="Warnings">
              {result.feed.warnings.map((warning, index) => (
                <li key={index}>{warning}</li>
              ))}
            </ul>
          )}
          {result.feed.incidents.length > 0 && (
            <div className="table-wrap">
              <table aria-label="Incidents the preview would import">
                <thead>
                  <tr>
                    <th scope="col">Incident</th>
                    <th scope="col">Status</th>
                    <th scope="col">Impact</th>
                    <th scope="col">Started</th>
                    <th scope="col">Resolved</th>
                    <th scope="col">Updates</th>
                  </tr>
                </thead>
                <tbody>
                  {result.feed.incidents.map((incident) => (
                    <tr key={incident.externalId}>
                      <td>{incident.title}</td>
                      <td>{incident.status.value}</td>
                      <td>{incident.impact?.value ?? '—'}</td>
                      <td>{when(incident.startedAt)}</td>
                      <td>{when(incident.resolvedAt)}</td>
                      <td>{incident.updates.length}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
