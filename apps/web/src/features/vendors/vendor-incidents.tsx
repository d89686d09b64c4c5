import { useState } from 'react';
import type { Vendor, VendorIncident, VendorIncidentUpdate } from '@rca/api-contract';
import { ErrorBox, humanize, Loading } from '../../ui';
import { useVendorIncidentHistory, useVendorIncidents } from './queries';
import { when } from './sources-table';

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
  const [asked, setAsked] = useState(false);
  const full = useVendorIncidentHistory(vendor.slug, incident.id, asked);
  const history: Record<string, VendorIncidentUpdate['history']> | undefined = full.data
    ? Object.fromEntries(full.data.updates.map((update) => [update.id, update.history]))
    : undefined;
  const historyError = full.error;
  const edited = incident.updates.filter((update) => update.editedAt).length;
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
            <button type="button" disabled={full.isFetching} onClick={() => setAsked(true)}>
              Show earlier versions of edited updates
            </button>
          )}
          {historyError && <ErrorBox error={historyError} onRetry={() => void full.refetch()} />}
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

/** The incidents imported from a vendor's status page, newest first, five at a time. */
export function VendorIncidents({ vendor }: { vendor: Vendor }) {
  const incidents = useVendorIncidents(vendor.slug);
  if (incidents.error && !incidents.data)
    return <ErrorBox error={incidents.error} onRetry={() => void incidents.refetch()} />;
  if (!incidents.data) return <Loading what={`${vendor.name} incidents`} />;
  const items: VendorIncident[] = incidents.data.pages.flatMap((page) => page.items);
  if (items.length === 0)
    return <p className="muted small">No incident imported from its status page.</p>;
  return (
    <>
      <ul className="vendor-incidents" aria-label={`${vendor.name} incidents`}>
        {items.map((incident) => (
          <IncidentItem key={incident.id} incident={incident} vendor={vendor} />
        ))}
      </ul>
      {incidents.isFetchNextPageError && <ErrorBox error={incidents.error} />}
      {incidents.hasNextPage && (
        <button
          type="button"
          disabled={incidents.isFetchingNextPage}
          onClick={() => void incidents.fetchNextPage()}
        >
          {incidents.isFetchingNextPage ? 'Loading…' : 'Load more incidents'}
        </button>
      )}
    </>
  );
}
