import { useState, type FormEvent } from 'react';
import { STATUS_SOURCE_FORMATS, type StatusSourceFormat } from '@rca/api-contract';
import { ApiError } from '../../api';
import { useStatusPreview } from './queries';
import { when } from './sources-table';

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
          <div className="field grow">
            <label htmlFor="preview-url">URL to preview</label>
            <input
              id="preview-url"
              type="url"
              required
              value={url}
              onChange={(event) => setUrl(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="preview-format">Preview format</label>
            <select
              id="preview-format"
              value={format}
              onChange={(event) => setFormat(event.target.value as StatusSourceFormat)}
            >
              {STATUS_SOURCE_FORMATS.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </div>
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
