import { type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  INCIDENT_STATUSES,
  SEVERITIES,
  type IncidentSummary,
  type Service,
} from '@rca/api-contract';
import { type IncidentFilters } from '../api';
import { useServices, useVendors } from '../features/catalog/queries';
import { useIncidentList } from '../features/incidents/queries';
import { BROWSER_ZONE, dayStartIso, formatInZone } from '../time';
import { Empty, ErrorBox, humanize, Loading, SeverityBadge, StatusBadge } from '../ui';
import { PrivateBadge } from '../features/incidents/visibility';

export const SORTS = [
  { value: 'startedAt:desc', label: 'Newest first' },
  { value: 'startedAt:asc', label: 'Oldest first' },
  { value: 'severity:asc', label: 'Most severe first' },
  { value: 'updatedAt:desc', label: 'Recently updated' },
];

const FILTER_KEYS = ['q', 'status', 'severity', 'service', 'vendor', 'from', 'to', 'sort'] as const;

export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? '']));
  const query: IncidentFilters = {
    q: filters.q || undefined,
    status: filters.status || undefined,
    severity: filters.severity || undefined,
    service: filters.service || undefined,
    vendor: filters.vendor || undefined,
    from: filters.from ? dayStartIso(filters.from) : undefined,
    to: filters.to ? dayStartIso(filters.to, true) : undefined,
    sort: (filters.sort || SORTS[0]!.value).split(':')[0],
    order: (filters.sort || SORTS[0]!.value).split(':')[1] === 'asc' ? 'asc' : 'desc',
    limit: 25,
  };
  const services = useServices();
  const vendors = useVendors();
  const list = useIncidentList(query);
  const items: IncidentSummary[] = list.data?.pages.flatMap((page) => page.items) ?? [];
  const nextCursor = list.hasNextPage;
  const loadingMore = list.isFetchingNextPage;
  const moreError = list.isFetchNextPageError ? list.error : undefined;
  const loadMore = () => void list.fetchNextPage();
  const filtered = FILTER_KEYS.some((name) => name !== 'sort' && filters[name]);

  function update(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  function onSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    update('q', String(data.get('q') ?? '').trim());
  }

  return (
    <>
      <div className="page-head">
        <h1>Incidents</h1>
        <Link className="button primary" to="/incidents/new">
          New incident
        </Link>
      </div>

      <section className="filters" aria-label="Filters">
        <form role="search" onSubmit={onSearch} className="search">
          <label htmlFor="incident-search">Search title and summary</label>
          <div className="inline">
            <input
              id="incident-search"
              name="q"
              type="search"
              defaultValue={filters.q}
              key={filters.q}
            />
            <button type="submit">Search</button>
          </div>
        </form>
        <div className="filter-grid">
          <div className="field">
            <label htmlFor="filter-status">Status</label>
            <select
              id="filter-status"
              value={filters.status}
              onChange={(event) => update('status', event.target.value)}
            >
              <option value="">Any</option>
              {INCIDENT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {humanize(status)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-severity">Severity</label>
            <select
              id="filter-severity"
              value={filters.severity}
              onChange={(event) => update('severity', event.target.value)}
            >
              <option value="">Any</option>
              {SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {severity}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-service">Service</label>
            <select
              id="filter-service"
              value={filters.service}
              onChange={(event) => update('service', event.target.value)}
            >
              <option value="">Any</option>
              {(services.data ?? []).map((service: Service) => (
                <option key={service.id} value={service.slug}>
                  {service.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-vendor">Vendor cause</label>
            <select
              id="filter-vendor"
              value={filters.vendor}
              onChange={(event) => update('vendor', event.target.value)}
            >
              <option value="">Any</option>
              {(vendors.data ?? []).map((vendor) => (
                <option key={vendor.id} value={vendor.slug}>
                  {vendor.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-from">Started from</label>
            <input
              id="filter-from"
              type="date"
              value={filters.from}
              onChange={(event) => update('from', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="filter-to">Started until</label>
            <input
              id="filter-to"
              type="date"
              value={filters.to}
              onChange={(event) => update('to', event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="filter-sort">Sort</label>
            <select
              id="filter-sort"
              value={filters.sort || SORTS[0]!.value}
              onChange={(event) => update('sort', event.target.value)}
            >
              {SORTS.map((sort) => (
                <option key={sort.value} value={sort.value}>
                  {sort.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {filtered && (
          <button
            type="button"
            className="link-button"
            onClick={() => setParams({}, { replace: true })}
          >
            Clear filters
          </button>
        )}
      </section>

      {list.error && !list.isFetchNextPageError && (
        <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.isPending && <Loading what="incidents" />}
      {list.data && items.length === 0 && !filtered && (
        <Empty title="No incidents yet">
          <p>
            Record your first incident with <Link to="/incidents/new">New incident</Link>, or load
            the demo workspace (real public outages such as the Cloudflare outage of 2025-11-18):
            run <code>npm run demo:seed</code>, or start the server with <code>DEMO_SEED=true</code>{' '}
            (it loads the demo when the database is empty), then reload this page.
          </p>
        </Empty>
      )}
      {list.data && items.length === 0 && filtered && (
        <Empty title="No incident matches these filters">
          <p>Change or clear the filters above.</p>
        </Empty>
      )}
      {items.length > 0 && (
        <div className="table-wrap" aria-busy={list.isFetching && !list.isFetchingNextPage}>
          <table className="incidents">
            <caption className="visually-hidden">Incidents</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Title</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Started ({BROWSER_ZONE})</th>
                <th scope="col">Resolved</th>
              </tr>
            </thead>
            <tbody>
              {items.map((incident) => (
                <tr key={incident.id}>
                  <td>
                    <Link to={`/incidents/${incident.reference}`}>{incident.reference}</Link>
                  </td>
                  <td>
                    {incident.private && <PrivateBadge />} {incident.title}
                    {incident.labels?.length > 0 && (
                      <span className="labels">
                        {incident.labels.map((label) => (
                          <span key={label} className="tag">
                            {label}
                          </span>
                        ))}
                      </span>
                    )}
                  </td>
                  <td>
                    <SeverityBadge severity={incident.severity} />
                  </td>
                  <td>
                    <StatusBadge status={incident.status} />
                  </td>
                  <td>
                    <time dateTime={incident.startedAt}>
                      {formatInZone(incident.startedAt, BROWSER_ZONE)}
                    </time>
                  </td>
                  <td>{formatInZone(incident.resolvedAt, BROWSER_ZONE)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {moreError !== undefined && <ErrorBox error={moreError} onRetry={loadMore} />}
      {nextCursor && (
        <p className="pager">
          <button type="button" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Load more incidents'}
          </button>
        </p>
      )}
      {items.length > 0 && (
        <p className="muted small" aria-live="polite">
          Showing {items.length} incident{items.length === 1 ? '' : 's'}
          {nextCursor ? '; more are available' : ''}.
        </p>
      )}
    </>
  );
}
