import { useState } from 'react';
import type { TemplateSection } from '@rca/api-contract';
import { ApiError } from '../../api';
import { MarkdownView } from '../../markdown-view';
import { ErrorBox } from '../../ui';
import { useIncidentChoices, usePreview } from './queries';

/** A section over a Liquid limit (422 TEMPLATE_LIMIT): which section, and which limit. */
function LimitError({ error }: { error: ApiError }) {
  const section = error.body?.details?.section;
  return (
    <div className="error-box" role="alert" data-testid="template-limit-error">
      <p>
        <strong>
          Template limit exceeded{typeof section === 'string' ? ` in the section “${section}”` : ''}
          .
        </strong>
      </p>
      <p>{error.message}</p>
      <p className="small">
        The draft job renders with the same limits: an RCA drafted from this template for this
        incident would fail the same way. Bound the loop (<code>limit:</code>) or iterate over the
        record instead of a range.
      </p>
    </div>
  );
}

/**
 * Renders the sections as they are in the editor (saved or not) against a chosen incident, on the
 * server, with the draft's renderer and limits; the Markdown is shown with the shared renderer.
 */
export function TemplatePreviewPanel({ sections }: { sections: () => TemplateSection[] }) {
  const [search, setSearch] = useState('');
  const [incidentId, setIncidentId] = useState('');
  const incidents = useIncidentChoices(search.trim());
  const preview = usePreview();
  const error = preview.error;
  const limit =
    error instanceof ApiError && error.body?.details?.code === 'TEMPLATE_LIMIT' ? error : null;
  return (
    <section className="card template-preview" aria-labelledby="template-preview-title">
      <h2 id="template-preview-title">Preview against an incident</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="template-preview-search">Find an incident</label>
          <input
            id="template-preview-search"
            type="search"
            value={search}
            placeholder="Title, summary or reference"
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="template-preview-incident">Incident</label>
          <select
            id="template-preview-incident"
            value={incidentId}
            onChange={(event) => setIncidentId(event.target.value)}
          >
            <option value="">Choose an incident…</option>
            {(incidents.data?.items ?? []).map((incident) => (
              <option key={incident.id} value={incident.id}>
                {incident.reference} · {incident.title}
              </option>
            ))}
          </select>
        </div>
      </div>
      {incidents.error && <ErrorBox error={incidents.error} />}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={!incidentId || preview.isPending}
          onClick={() => preview.mutate({ incidentId, sections: sections() })}
        >
          {preview.isPending ? 'Rendering…' : 'Render preview'}
        </button>
      </div>
      {limit ? <LimitError error={limit} /> : error && <ErrorBox error={error} />}
      {preview.data && !error && (
        <div className="template-rendered" aria-label="Rendered preview">
          <p className="small muted">
            {preview.data.reference}, times in {preview.data.displayZone}, as the draft would write
            it. Nothing was saved.
          </p>
          {preview.data.sections.map((section) => (
            <article key={section.key} className="preview-section">
              <h3>
                {section.title} {section.internal && <span className="badge">internal</span>}
              </h3>
              <MarkdownView source={section.markdown} className="preview" />
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
