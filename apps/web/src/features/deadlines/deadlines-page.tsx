import type { RcaMetrics } from '@rca/api-contract';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../session';
import { formatInZone } from '../../time';
import { Empty, ErrorBox, humanize, Loading, SeverityBadge } from '../../ui';
import { OverdueVendorReports } from '../vendor-rca/overdue-vendor-reports';
import { formatHours, timeLeft } from './durations';
import { useDeadlines, useRcaMetrics } from './queries';

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'];

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)} %`);

/** `/deadlines`: open postmortems by due instant, with the on-time rate and time to publish. */
export function DeadlinesPage() {
  const { user } = useSession();
  if (user && user.role !== 'manager' && user.role !== 'admin')
    return (
      <>
        <h1>Deadlines</h1>
        <Empty title="For managers">
          <p>
            Deadlines and on-time rates are shown to managers and admins; you are signed in as a{' '}
            {user.role}. The postmortems you write are reached from their incident (
            <Link to="/incidents">incidents</Link>, then "Postmortem").
          </p>
        </Empty>
      </>
    );
  return <Deadlines />;
}

function Deadlines() {
  const [params, setParams] = useSearchParams();
  const filters = {
    team: params.get('team') ?? undefined,
    owner: params.get('owner') ?? undefined,
    severity: params.get('severity') ?? undefined,
  };
  const [team, setTeam] = useState(filters.team ?? '');
  const [owner, setOwner] = useState(filters.owner ?? '');
  const [severity, setSeverity] = useState(filters.severity ?? '');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const list = useDeadlines(filters);
  const metrics = useRcaMetrics(filters.team);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (team.trim()) next.set('team', team.trim());
    if (owner.trim()) next.set('owner', owner.trim());
    if (severity) next.set('severity', severity);
    setParams(next);
  };

  return (
    <>
      <h1>Deadlines</h1>
      <p className="muted">
        Open postmortems ordered by their due instant (counted in business days after the
        resolution), overdue first. Times in your zone ({zone}). How many business days, in which
        zone and with which holidays: <Link to="/deadlines/policies">deadline policies</Link>.
      </p>
      <form className="filters form" onSubmit={apply} aria-label="Filter deadlines">
        <div className="row">
          <div className="field">
            <label htmlFor="deadline-team">Team</label>
            <input
              id="deadline-team"
              value={team}
              onChange={(e) => setTeam(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="deadline-owner">Owner</label>
            <input
              id="deadline-owner"
              value={owner}
              onChange={(e) => setOwner(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="deadline-severity">Severity</label>
            <select
              id="deadline-severity"
              value={severity}
              onChange={(e) => setSeverity(e.currentTarget.value)}
            >
              <option value="">Any</option>
              {SEVERITIES.map((value) => (
                <option key={value}>{value}</option>
              ))}
            </select>
          </div>
        </div>
        <div className="actions">
          <button type="submit">Apply filters</button>
        </div>
      </form>

      <section aria-labelledby="open-title">
        <h2 id="open-title">Open postmortems</h2>
        {list.error && <ErrorBox error={list.error} onRetry={() => void list.refetch()} />}
        {!list.data && !list.error && <Loading what="the deadlines" />}
        {list.data && list.data.items.length === 0 && (
          <Empty title="Nothing due">
            <p>
              No open postmortem has a deadline{params.size ? ' with these filters' : ''}. A
              postmortem gets one when its incident resolves (SEV1 and SEV2 by default; other
              severities once a deadline policy covers them).
            </p>
          </Empty>
        )}
        {list.data && list.data.items.length > 0 && (
          <div className="table-wrap">
            <table className="deadlines">
              <caption className="visually-hidden">Open postmortems by due instant</caption>
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Status</th>
                  <th scope="col">Team</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Due</th>
                  <th scope="col">Time left</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((item) => (
                  <tr key={item.id}>
                    <td>
                      <Link to={`/incidents/${encodeURIComponent(item.reference)}/postmortem`}>
                        {item.reference}
                      </Link>{' '}
                      {item.title.replace(`${item.reference}: `, '')}
                    </td>
                    <td>
                      <SeverityBadge severity={item.severity} />
                    </td>
                    <td>{humanize(item.status)}</td>
                    <td>{item.team ?? '—'}</td>
                    <td>{item.owner ?? '—'}</td>
                    <td>
                      <time dateTime={item.dueAt}>{formatInZone(item.dueAt, zone)}</time>
                    </td>
                    <td className={item.overdue ? 'overdue' : undefined}>
                      {timeLeft(item.hoursLeft)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <OverdueVendorReports team={filters.team} owner={filters.owner} />

      <section aria-labelledby="metrics-title">
        <h2 id="metrics-title">On time</h2>
        {metrics.error && <ErrorBox error={metrics.error} onRetry={() => void metrics.refetch()} />}
        {!metrics.data && !metrics.error && <Loading what="the metrics" />}
        {metrics.data && <Metrics metrics={metrics.data} />}
      </section>
    </>
  );
}

function Metrics({ metrics }: { metrics: RcaMetrics }) {
  const rows = metrics.onTimeByMonth;
  return (
    <>
      <dl className="facts">
        <div>
          <dt>Published</dt>
          <dd>{metrics.publishedCount}</dd>
        </div>
        <div>
          <dt>Median resolve → publish</dt>
          <dd>
            {metrics.medianResolveToPublishHours === null
              ? '—'
              : formatHours(metrics.medianResolveToPublishHours)}
          </dd>
        </div>
        <div>
          <dt>Overdue now</dt>
          <dd>{metrics.overdueCount}</dd>
        </div>
        <div>
          <dt>Action items closed</dt>
          <dd>
            {metrics.actionItems.closed} of {metrics.actionItems.total} (
            {percent(metrics.actionItems.closureRate)})
          </dd>
        </div>
      </dl>
      {rows.length === 0 ? (
        <p className="muted">
          No postmortem has come due yet: the on-time rate per month appears once one is published
          or passes its deadline.
        </p>
      ) : (
        <>
          <RateChart rows={rows} />
          <div className="table-wrap">
            <table className="on-time">
              <caption>On-time rate per month of the due date</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Team</th>
                  <th scope="col">Due</th>
                  <th scope="col">Published</th>
                  <th scope="col">On time</th>
                  <th scope="col">Rate</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={`${row.month}-${row.team ?? ''}`}>
                    <td>{row.month}</td>
                    <td>{row.team ?? '—'}</td>
                    <td>{row.due}</td>
                    <td>{row.published}</td>
                    <td>{row.onTime}</td>
                    <td>{percent(row.onTimeRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

/** One bar per month: postmortems published on time / due, all teams together. */
function RateChart({ rows }: { rows: RcaMetrics['onTimeByMonth'] }) {
  const months = new Map<string, { due: number; onTime: number }>();
  for (const row of rows) {
    const entry = months.get(row.month) ?? { due: 0, onTime: 0 };
    entry.due += row.due;
    entry.onTime += row.onTime;
    months.set(row.month, entry);
  }
  const data = [...months.entries()].sort(([a], [b]) => a.localeCompare(b));
  const barWidth = 40;
  const gap = 16;
  const height = 120;
  const width = Math.max(200, data.length * (barWidth + gap) + gap);
  const summary = data
    .map(([month, { due, onTime }]) => `${month}: ${onTime} of ${due} on time`)
    .join('; ');
  return (
    <figure className="rate-chart">
      <svg
        viewBox={`0 0 ${width} ${height + 36}`}
        width={width}
        height={height + 36}
        role="img"
        aria-label={`On-time rate per month. ${summary}`}
      >
        <line className="axis" x1={0} x2={width} y1={height} y2={height} />
        {data.map(([month, { due, onTime }], index) => {
          const rate = due === 0 ? 0 : onTime / due;
          const x = gap + index * (barWidth + gap);
          const barHeight = Math.max(1, rate * (height - 16));
          return (
            <g key={month}>
              <rect
                className="bar"
                x={x}
                y={height - barHeight}
                width={barWidth}
                height={barHeight}
              >
                <title>{`${month}: ${onTime} of ${due} on time`}</title>
              </rect>
              <text x={x + barWidth / 2} y={height - barHeight - 4} textAnchor="middle">
                {due === 0 ? '—' : `${Math.round(rate * 100)}%`}
              </text>
              <text x={x + barWidth / 2} y={height + 16} textAnchor="middle">
                {month}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="small muted">On-time rate per month (all teams shown)</figcaption>
    </figure>
  );
}
