import { useState, type FormEvent } from 'react';
import {
  STATUS_SOURCE_FORMATS,
  type BlastRadiusReport,
  type StatusPreview,
  type StatusSource,
  type StatusSourceFormat,
  type Vendor,
  type PollNowResult,
  type VendorIncident,
  type VendorIncidentUpdate,
} from '@rca/api-contract';
import { api, ApiError } from '../api';
import { DependencyGraph, type GraphHighlight } from '../dependency-graph';
import { useSession } from '../session';
import { BROWSER_ZONE, formatInZone } from '../time';
import { Empty, ErrorBox, Field, FormError, humanize, Loading, useResource } from '../ui';
import { SourceActions } from '../features/vendors/source-actions';
import { VendorRcaExpectationPanel } from '../features/vendor-rca/vendor-rca-expectation';

const when = (iso: string | null | undefined) => (iso ? formatInZone(iso, BROWSER_ZONE) : '—');

/** Vendors with their components (one request per vendor; the catalog is small). */
function useVendors() {
  return useResource(async (signal): Promise<Vendor[]> => {
    const vendors = await api.catalog.vendors(signal);
    return Promise.all(
      vendors.items.map(async (vendor) => ({
        ...vendor,
        components: (await api.catalog.components(vendor.slug, signal)).items,
      })),
    );
  }, []);
}

function HealthBadge({ source }: { source: StatusSource }) {
  if (!source.enabled) return <span className="badge health-off">Disabled</span>;
  if (source.health.degraded) return <span className="badge health-degraded">Degraded</span>;
  if (!source.health.lastPolledAt) return <span className="badge">Not polled yet</span>;
  if (source.health.consecutiveFailures > 0)
    return <span className="badge health-failing">Failing</span>;
  return <span className="badge health-ok">Healthy</span>;
}

/** One line saying what a "Poll now" did. */
export function pollSummary(result: PollNowResult): string {
  switch (result.outcome) {
    case 'imported': {
      const c = result.changes;
      if (!c) return 'Imported.';
      const parts = [
        c.newIncidents.length && `${c.newIncidents.length} new incident(s)`,
        c.newUpdates && `${c.newUpdates} new update(s)`,
        c.editedUpdates && `${c.editedUpdates} edited update(s)`,
        c.leftPage.length && `${c.leftPage.length} left the page`,
        c.componentChanges && `${c.componentChanges} component change(s)`,
        result.suggestions?.length && `${result.suggestions.length} new suggestion(s)`,
      ].filter(Boolean);
      return `Imported in ${result.latencyMs ?? '?'} ms: ${parts.length ? parts.join(', ') : 'changes to existing incidents'}.`;
    }
    case 'unchanged':
    case 'not_modified':
      return `No change on the page (${result.latencyMs ?? '?'} ms).`;
    case 'stale':
      return 'The page answered with an older version than the last import; nothing imported.';
    case 'failed':
      return `Failed: ${result.kind ?? 'error'} — ${result.message ?? ''}`;
    case 'skipped':
      return `Skipped: ${result.reason ?? ''}`;
  }
}

function SourcesTable({
  vendor,
  sources,
  isAdmin,
  onChanged,
}: {
  vendor: Vendor;
  sources: StatusSource[];
  isAdmin: boolean;
  onChanged: () => void;
}) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const [polled, setPolled] = useState<Record<string, PollNowResult>>({});
  async function pollNow(source: StatusSource) {
    setBusy(source.id);
    setError(undefined);
    try {
      const result = await api.statusSources.pollNow(source);
      setPolled((results) => ({ ...results, [source.id]: result }));
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  }
  async function toggle(source: StatusSource) {
    setBusy(source.id);
    setError(undefined);
    try {
      await api.statusSources.setEnabled(source, !source.enabled);
      onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  }
  if (sources.length === 0)
    return (
      <p className="muted small">
        No status source yet.{' '}
        {isAdmin
          ? 'Add the URL of its status page below.'
          : 'An admin can add the URL of its status page.'}
      </p>
    );
  return (
    <>
      {error !== undefined && <FormError error={error} shownFields={[]} onReload={onChanged} />}
      <div className="table-wrap">
        <table aria-label={`${vendor.name} status sources`}>
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Health</th>
              <th scope="col">Format, interval</th>
              <th scope="col">Last poll / success</th>
              <th scope="col">Last error</th>
              <th scope="col">Failures</th>
              <th scope="col">Latency</th>
              {isAdmin && <th scope="col">Polling</th>}
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => (
              <tr key={source.id}>
                <td className="url-cell">
                  <code>{source.url}</code>
                </td>
                <td>
                  <HealthBadge source={source} />
                </td>
                <td>
                  {source.format}
                  {source.format === 'auto' && source.detectedFormat
                    ? ` (${source.detectedFormat})`
                    : ''}
                  <br />
                  every {source.pollIntervalSeconds} s
                </td>
                <td>
                  <span className="nowrap">polled {when(source.health.lastPolledAt)}</span>
                  <br />
                  <span className="nowrap">success {when(source.health.lastSuccessAt)}</span>
                </td>
                <td>
                  {source.health.lastErrorKind ? (
                    <>
                      <code>{source.health.lastErrorKind}</code> {source.health.lastErrorMessage}
                      <br />
                      <span className="muted small">{when(source.health.lastErrorAt)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{source.health.consecutiveFailures}</td>
                <td>
                  {source.health.lastLatencyMs === null ? '—' : `${source.health.lastLatencyMs} ms`}
                </td>
                {isAdmin && (
                  <td className="poll-cell">
                    <div className="actions">
                      <button
                        type="button"
                        className="primary"
                        disabled={busy === source.id}
                        onClick={() => void pollNow(source)}
                        aria-label={`Poll ${source.url} now`}
                      >
                        {busy === source.id ? 'Polling…' : 'Poll now'}
                      </button>
                      <button
                        type="button"
                        disabled={busy === source.id}
                        onClick={() => void toggle(source)}
                        aria-label={`${source.enabled ? 'Disable' : 'Enable'} ${source.url}`}
                      >
                        {source.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <SourceActions source={source} onChanged={onChanged} />
                    </div>
                    {polled[source.id] && (
                      <p className="small" role="status" data-testid="poll-outcome">
                        {pollSummary(polled[source.id]!)}
                      </p>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function AddSourceForm({ vendor, onAdded }: { vendor: Vendor; onAdded: () => void }) {
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<StatusSourceFormat>('auto');
  const [interval, setInterval] = useState('60');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await api.statusSources.create({
        vendorId: vendor.id,
        url: url.trim(),
        format,
        pollIntervalSeconds: Number(interval),
      });
      setUrl('');
      onAdded();
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} aria-label={`Add a status source to ${vendor.name}`}>
      <FormError error={error} shownFields={['url', 'format', 'pollIntervalSeconds']} />
      <div className="row">
        <Field label="Status page URL" errors={fields.url} className="grow">
          {(props) => (
            <input
              {...props}
              type="url"
              required
              value={url}
              placeholder="https://www.cloudflarestatus.com/api/v2/incidents.json"
              onChange={(event) => setUrl(event.target.value)}
            />
          )}
        </Field>
        <Field label="Format" errors={fields.format}>
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
        <Field label="Poll every (seconds)" errors={fields.pollIntervalSeconds}>
          {(props) => (
            <input
              {...props}
              type="number"
              min={15}
              max={86400}
              value={interval}
              onChange={(event) => setInterval(event.target.value)}
            />
          )}
        </Field>
      </div>
      <button type="submit" className="primary" disabled={saving}>
        {saving ? 'Adding…' : 'Add source'}
      </button>
    </form>
  );
}

const COMPONENT_STATUS_LABEL: Record<string, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Maintenance',
};
const componentStatus = (status: string) => COMPONENT_STATUS_LABEL[status] ?? humanize(status);

function ComponentStatuses({ incident }: { incident: VendorIncident }) {
  if (incident.components.length === 0) return null;
  const counts = new Map<string, number>();
  for (const component of incident.components)
    counts.set(component.status, (counts.get(component.status) ?? 0) + 1);
  return (
    <details className="component-statuses-box" open={incident.components.length <= 6}>
      <summary>
        {incident.components.length} component(s):{' '}
        {[...counts]
          .map(([status, n]) => `${n} ${componentStatus(status).toLowerCase()}`)
          .join(', ')}
      </summary>
      <div className="table-wrap">
        <table
          className="component-statuses"
          aria-label={`Components affected by ${incident.title}`}
        >
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">Now</th>
              <th scope="col">Over time</th>
            </tr>
          </thead>
          <tbody>
            {incident.components.map((component) => (
              <tr key={component.vendorComponentId}>
                <td>
                  {component.groupName && (
                    <span className="muted small">{component.groupName} › </span>
                  )}
                  {component.name}
                </td>
                <td>
                  <span className={`badge component-${component.status}`}>
                    {componentStatus(component.status)}
                  </span>
                </td>
                <td>
                  <ol className="status-steps">
                    {component.statuses.map((step) => (
                      <li key={`${step.at}-${step.rawStatus}`}>
                        <span className="muted small">{when(step.at)}</span>{' '}
                        <span className={`badge component-${step.status}`}>
                          {componentStatus(step.status)}
                        </span>
                      </li>
                    ))}
                  </ol>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

function IncidentItem({ incident, vendor }: { incident: VendorIncident; vendor: Vendor }) {
  const [history, setHistory] = useState<Record<string, VendorIncidentUpdate['history']>>();
  const [historyError, setHistoryError] = useState<unknown>();
  const edited = incident.updates.filter((update) => update.editedAt).length;
  async function showHistory() {
    setHistoryError(undefined);
    try {
      const full = await api.catalog.vendorIncidentHistory(vendor.slug, incident.id);
      setHistory(Object.fromEntries(full.updates.map((update) => [update.id, update.history])));
    } catch (caught) {
      setHistoryError(caught);
    }
  }
  return (
    <li className="vendor-incident" data-testid="vendor-incident">
      <h4>
        {incident.shortlink ? (
          <a href={incident.shortlink} rel="noreferrer noopener" target="_blank">
            {incident.title}
          </a>
        ) : (
          incident.title
        )}
      </h4>
      <p className="badges">
        <span className={`badge vendor-status-${incident.status}`}>
          {humanize(incident.status)}
        </span>
        {incident.impact && (
          <span className={`badge impact-${incident.impact}`}>Impact: {incident.impact}</span>
        )}
        {incident.kind === 'maintenance' && <span className="badge">Maintenance</span>}
        {incident.resolvedInferred && (
          <span
            className="badge inferred"
            title="It left the status page's list of open incidents and the page's history did not say how it ended"
          >
            Left the page (end inferred)
          </span>
        )}
        {edited > 0 && <span className="badge">{edited} edited update(s)</span>}
      </p>
      <p className="small">
        Started {when(incident.startedAt)} ·{' '}
        {incident.resolvedAt
          ? `${incident.resolvedInferred ? 'closed' : 'resolved'} ${when(incident.resolvedAt)}${
              incident.resolutionSource === 'history' ? ' (from the page history)' : ''
            }`
          : 'not resolved'}
      </p>
      <ComponentStatuses incident={incident} />
      {incident.updates.length > 0 && (
        <details className="vendor-updates-box">
          <summary>
            {incident.updates.length === 1 ? '1 update' : `${incident.updates.length} updates`},
            latest {when(incident.updates[incident.updates.length - 1]!.at)}
          </summary>
          {edited > 0 && !history && (
            <button type="button" onClick={() => void showHistory()}>
              Show earlier versions of edited updates
            </button>
          )}
          {historyError !== undefined && <ErrorBox error={historyError} />}
          <ol className="vendor-updates" aria-label={`Updates of ${incident.title}`}>
            {incident.updates.map((update) => (
              <li key={update.id}>
                <span className="muted small">{when(update.at)}</span>{' '}
                <strong>{humanize(update.status)}</strong> — {update.body}
                {update.editedAt && (
                  <span
                    className="badge small"
                    title={`Edited by the vendor, seen ${when(update.editedAt)}`}
                  >
                    edited
                  </span>
                )}
                {history?.[update.id] && history[update.id]!.length > 0 && (
                  <ol className="update-history" aria-label="Earlier versions">
                    {history[update.id]!.map((revision) => (
                      <li key={revision.replacedAt} className="muted">
                        <span className="small">until {when(revision.replacedAt)}:</span>{' '}
                        <del>{revision.body}</del>
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}

function VendorIncidents({ vendor }: { vendor: Vendor }) {
  const [more, setMore] = useState<VendorIncident[]>([]);
  const [cursor, setCursor] = useState<string | null>();
  const [error, setError] = useState<unknown>();
  const first = useResource(
    (signal) => api.catalog.vendorIncidents(vendor.slug, undefined, signal),
    [vendor.slug],
  );
  const next = cursor === undefined ? first.data?.nextCursor : cursor;

  async function loadMore() {
    if (!next) return;
    try {
      const page = await api.catalog.vendorIncidents(vendor.slug, next);
      setMore((items) => [...items, ...page.items]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setError(caught);
    }
  }

  if (first.error) return <ErrorBox error={first.error} onRetry={first.reload} />;
  if (!first.data) return <Loading what={`${vendor.name} incidents`} />;
  const items = [...first.data.items, ...more];
  if (items.length === 0)
    return <p className="muted small">No incident imported from its status page.</p>;
  return (
    <>
      <ul className="vendor-incidents" aria-label={`${vendor.name} incidents`}>
        {items.map((incident) => (
          <IncidentItem key={incident.id} incident={incident} vendor={vendor} />
        ))}
      </ul>
      {error !== undefined && <ErrorBox error={error} />}
      {next && (
        <button type="button" onClick={() => void loadMore()}>
          Load more incidents
        </button>
      )}
    </>
  );
}

function PreviewPanel() {
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<StatusSourceFormat>('auto');
  const [result, setResult] = useState<StatusPreview>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setLoading(true);
    setError(undefined);
    setResult(undefined);
    try {
      setResult(await api.statusSources.preview({ url: url.trim(), format }));
    } catch (caught) {
      setError(caught);
    } finally {
      setLoading(false);
    }
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

function GraphSection({ vendors }: { vendors: Vendor[] }) {
  const services = useResource((signal) => api.catalog.services(signal), []);
  const dependencies = useResource((signal) => api.catalog.dependencies(signal), []);
  const [choice, setChoice] = useState('');
  const [result, setResult] = useState<{ label: string; report: BlastRadiusReport }>();
  const [error, setError] = useState<unknown>();

  async function choose(value: string) {
    setChoice(value);
    setError(undefined);
    setResult(undefined);
    if (!value) return;
    const [vendorSlug, componentId] = value.split('|');
    const vendor = vendors.find((item) => item.slug === vendorSlug);
    const component = vendor?.components?.find((item) => item.id === componentId);
    try {
      const report = await api.catalog.blastRadius({
        vendor: vendorSlug!,
        component: component?.id,
      });
      setResult({
        label: component ? `${vendor?.name} ${component.name}` : `${vendor?.name}`,
        report,
      });
    } catch (caught) {
      setError(caught);
    }
  }

  let highlight: GraphHighlight | undefined;
  if (result) {
    const serviceIds = result.report.services.map((service) => service.serviceId);
    // Components that fail: the chosen one, or those of the vendor an affected service uses.
    const componentIds = result.report.components
      .map((component) => component.id)
      .filter((id) =>
        (dependencies.data?.items ?? []).some(
          (dependency) =>
            dependency.vendorComponentId === id && serviceIds.includes(dependency.serviceId),
        ),
      );
    highlight = { vendorId: result.report.vendor.id, componentIds, serviceIds };
  }
  const spof = result?.report.services.filter((service) => service.singlePointOfFailure) ?? [];

  return (
    <section aria-labelledby="graph-title">
      <h2 id="graph-title">Dependency map</h2>
      <p className="muted">
        Our services, the services and vendor components they depend on, and the vendors. Red edges
        have no fallback. Choose a vendor or component to see what fails with it.
      </p>
      {(services.error || dependencies.error) && (
        <ErrorBox
          error={services.error ?? dependencies.error}
          onRetry={() => {
            services.reload();
            dependencies.reload();
          }}
        />
      )}
      {(!services.data || !dependencies.data) && !services.error && !dependencies.error && (
        <Loading what="the dependency map" />
      )}
      {services.data && dependencies.data && (
        <>
          {services.data.items.length === 0 ? (
            <p className="muted small">
              No services yet: add them and their dependencies on the <a href="/catalog">catalog</a>{' '}
              (API) to draw the map.
            </p>
          ) : (
            <>
              <div className="field">
                <label htmlFor="graph-failure">If this fails</label>
                <select
                  id="graph-failure"
                  value={choice}
                  onChange={(event) => void choose(event.target.value)}
                >
                  <option value="">Nothing chosen</option>
                  {vendors.map((vendor) => [
                    <option key={vendor.id} value={vendor.slug}>
                      {vendor.name} (any component)
                    </option>,
                    ...(vendor.components ?? []).map((component) => (
                      <option key={component.id} value={`${vendor.slug}|${component.id}`}>
                        {vendor.name} {component.name}
                      </option>
                    )),
                  ])}
                </select>
              </div>
              {error !== undefined && <ErrorBox error={error} />}
              {result && (
                <p className="sentence" aria-live="polite" data-testid="graph-blast-sentence">
                  If {result.label} fails:{' '}
                  {result.report.services.length === 0
                    ? 'no service of ours depends on it.'
                    : `${result.report.services.map((entry) => entry.name).join(', ')}; ${
                        spof.length === 0
                          ? 'every one has a fallback.'
                          : spof.length === result.report.services.length
                            ? 'no fallback.'
                            : `no fallback for ${spof.map((service) => service.name).join(', ')}.`
                      }`}
                </p>
              )}
              <DependencyGraph
                services={services.data.items}
                vendors={vendors}
                dependencies={dependencies.data.items}
                highlight={highlight}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}

export function VendorsPage() {
  const { user } = useSession();
  const isAdmin = user?.role === 'admin';
  const vendors = useVendors();
  const sources = useResource((signal) => api.statusSources.list(signal), []);

  return (
    <>
      <h1>Vendor status</h1>
      <p className="muted">
        The status pages we watch and their health, the incidents imported from them, and the
        dependency map with what fails when a vendor does.
        {!isAdmin && ' Only admins add or change status sources.'}
      </p>
      {vendors.error && <ErrorBox error={vendors.error} onRetry={vendors.reload} />}
      {sources.error && <ErrorBox error={sources.error} onRetry={sources.reload} />}
      {vendors.loading && !vendors.data && <Loading what="vendors" />}
      {vendors.data && vendors.data.length === 0 && (
        <Empty title="No vendors yet">
          <p>
            Add the third parties you depend on (Cloudflare, AWS, …) through the API (
            <a href="/api/docs">POST /api/vendors</a>), or load the demo workspace with{' '}
            <code>npm run demo:seed</code>.
          </p>
        </Empty>
      )}
      {vendors.data && vendors.data.length > 0 && (
        <>
          {vendors.data.map((vendor) => (
            <section
              key={vendor.id}
              className="card vendor-card"
              aria-labelledby={`vendor-${vendor.id}`}
            >
              <h2 id={`vendor-${vendor.id}`}>{vendor.name}</h2>
              <h3>Status sources</h3>
              {sources.data ? (
                <SourcesTable
                  vendor={vendor}
                  sources={sources.data.items.filter((source) => source.vendorId === vendor.id)}
                  isAdmin={isAdmin}
                  onChanged={sources.reload}
                />
              ) : (
                !sources.error && <Loading what="status sources" />
              )}
              {isAdmin && <AddSourceForm vendor={vendor} onAdded={sources.reload} />}
              <h3>Vendor incidents</h3>
              <VendorIncidents vendor={vendor} />
              <VendorRcaExpectationPanel vendor={vendor} isAdmin={isAdmin} />
            </section>
          ))}
          {isAdmin && <PreviewPanel />}
          <GraphSection vendors={vendors.data} />
        </>
      )}
    </>
  );
}
