import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { BROWSER_ZONE, dayStartIso, formatInZone } from '../../time';
import { Empty, ErrorBox, Loading } from '../../ui';
import { useAuditLog, type AuditFilters } from './queries';

function describe(details: Record<string, unknown>): string {
  const text = Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** Admins: the security audit log, newest first, filtered (filters in the URL), paged. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    action: params.get('action') ?? undefined,
    outcome: (params.get('outcome') as AuditFilters['outcome']) ?? undefined,
    from: params.get('from') ? dayStartIso(params.get('from')!) : undefined,
    to: params.get('to') ? dayStartIso(params.get('to')!, true) : undefined,
  };
  const log = useAuditLog(filters);
  const [action, setAction] = useState(params.get('action') ?? '');
  const [outcome, setOutcome] = useState(params.get('outcome') ?? '');
  const [from, setFrom] = useState(params.get('from') ?? '');
  const [to, setTo] = useState(params.get('to') ?? '');
  function apply(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    if (action.trim()) next.set('action', action.trim());
    if (outcome) next.set('outcome', outcome);
    if (from) next.set('from', from);
    if (to) next.set('to', to);
    setParams(next);
  }
  const events = log.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Sign-ins, tokens, invitations, role changes and denied requests, newest first. Times in{' '}
        {BROWSER_ZONE}.
      </p>
      <form className="form filters" onSubmit={apply} aria-label="Filter the audit log">
        <div className="row">
          <div className="field">
            <label htmlFor="audit-action">Action</label>
            <input
              id="audit-action"
              value={action}
              placeholder="login.failed, or token. for every token action"
              onChange={(event) => setAction(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="audit-outcome">Outcome</label>
            <select
              id="audit-outcome"
              value={outcome}
              onChange={(event) => setOutcome(event.target.value)}
            >
              <option value="">Any</option>
              <option value="success">Success</option>
              <option value="failure">Failure</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-from">From</label>
            <input
              id="audit-from"
              type="date"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To</label>
            <input
              id="audit-to"
              type="date"
              value={to}
              onChange={(event) => setTo(event.target.value)}
            />
          </div>
        </div>
        <button type="submit">Apply filters</button>
      </form>
      {log.isError && !events && <ErrorBox error={log.error} onRetry={() => void log.refetch()} />}
      {log.isPending && <Loading what="the audit log" />}
      {events && events.length === 0 && (
        <Empty title="Nothing in the audit log matches">
          <p>Try another action or a wider date range.</p>
        </Empty>
      )}
      {events && events.length > 0 && (
        <div className="table-wrap">
          <table aria-label="Audit events">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Outcome</th>
                <th scope="col">Who</th>
                <th scope="col">Target</th>
                <th scope="col">Address</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id} data-testid="audit-event">
                  <td>{formatInZone(event.occurredAt, BROWSER_ZONE)}</td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>{event.outcome}</td>
                  <td>{event.actorLabel ?? '—'}</td>
                  <td>{event.targetType ? `${event.targetType}` : '—'}</td>
                  <td>{event.ip ?? '—'}</td>
                  <td className="small">{describe(event.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {events && events.length > 0 && (
        <div className="actions load-more">
          <span className="small muted">Showing {events.length} events</span>
          {log.hasNextPage && (
            <button
              type="button"
              onClick={() => void log.fetchNextPage()}
              disabled={log.isFetchingNextPage}
            >
              {log.isFetchingNextPage ? 'Loading…' : 'Older events'}
            </button>
          )}
          {log.isFetchNextPageError && <ErrorBox error={log.error} />}
        </div>
      )}
    </>
  );
}
