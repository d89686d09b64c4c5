import { TREND_GROUPINGS, type TrendGrouping } from '@rca/api-contract';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useSession } from '../../session';
import { Empty, ErrorBox, Loading } from '../../ui';
import { formatHours } from '../deadlines/durations';
import {
  axisHours,
  isMonth,
  lastTwelveMonths,
  monthLabel,
  monthsOf,
  onTimeSeries,
  overallOnTime,
  publishSeries,
  trendSeries,
  type Period,
} from './dashboard-data';
import { MonthChart, SplitBar } from './month-chart';
import { useIncidentTrends, useRcaMetrics } from './queries';

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)} %`);
const hours = (value: number) => (value === 0 ? '0' : formatHours(value));
const GROUP_LABELS: Record<TrendGrouping, string> = {
  all: 'All incidents',
  team: 'Team',
  service: 'Service',
};

/** How "by team" places an incident (GET /api/metrics/incidents, docs/incidents.md). */
const TEAM_RULE =
  ' An incident counts under its own team; one without a team, under the owner team of each service it impacted.';

const isManager = (role: string | undefined) => role === 'manager' || role === 'admin';

/** `/`: managers and admins land on the dashboard, everyone else on the incidents. */
export function Home() {
  const { user } = useSession();
  return <Navigate to={isManager(user?.role) ? '/dashboard' : '/incidents'} replace />;
}

/** `/dashboard`: a manager's view of how postmortems and incidents went over a chosen period. */
export function DashboardPage() {
  const { user } = useSession();
  if (user && !isManager(user.role))
    return (
      <>
        <h1>Dashboard</h1>
        <Empty title="For managers">
          <p>
            The dashboard (on-time rate, time to publish, MTTA and MTTR trends) is shown to managers
            and admins; you are signed in as a {user.role}. Your incidents are on the{' '}
            <Link to="/incidents">incidents</Link> page.
          </p>
        </Empty>
      </>
    );
  return <Dashboard />;
}

function Dashboard() {
  const [params, setParams] = useSearchParams();
  const fallback = lastTwelveMonths(new Date());
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const period: Period = {
    from: isMonth(fromParam) ? fromParam : fallback.from,
    to: isMonth(toParam) ? toParam : fallback.to,
  };
  if (period.from > period.to) period.from = period.to;
  const byParam = params.get('by') as TrendGrouping | null;
  const groupBy: TrendGrouping = byParam && TREND_GROUPINGS.includes(byParam) ? byParam : 'team';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  const months = monthsOf(period);
  const rca = useRcaMetrics(period);
  const trends = useIncidentTrends(period, groupBy);

  const controls = (
    <form
      className="filters form"
      aria-label="Dashboard period"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="row">
        <div className="field">
          <label htmlFor="dashboard-from">From</label>
          <input
            id="dashboard-from"
            type="month"
            value={period.from}
            max={period.to}
            onChange={(e) => isMonth(e.currentTarget.value) && set('from', e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="dashboard-to">To</label>
          <input
            id="dashboard-to"
            type="month"
            value={period.to}
            min={period.from}
            onChange={(e) => isMonth(e.currentTarget.value) && set('to', e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="dashboard-group">MTTA / MTTR by</label>
          <select
            id="dashboard-group"
            value={groupBy}
            onChange={(e) => set('by', e.currentTarget.value)}
          >
            {TREND_GROUPINGS.map((grouping) => (
              <option key={grouping} value={grouping}>
                {GROUP_LABELS[grouping]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </form>
  );

  const header = (
    <>
      <h1>Dashboard</h1>
      <p className="muted">
        Postmortems resolved and incidents started from {monthLabel(period.from)} to{' '}
        {monthLabel(period.to)} (months in UTC). The open postmortems by due date are on{' '}
        <Link to="/deadlines">Deadlines</Link>.
      </p>
      {controls}
    </>
  );
  if (rca.error || trends.error)
    return (
      <>
        {header}
        <ErrorBox
          error={rca.error ?? trends.error}
          onRetry={() => {
            void rca.refetch();
            void trends.refetch();
          }}
        />
      </>
    );
  if (!rca.data || !trends.data)
    return (
      <>
        {header}
        <Loading what="the dashboard" />
      </>
    );
  const metrics = rca.data;
  const nothing =
    trends.data.rows.length === 0 &&
    metrics.onTimeByMonth.length === 0 &&
    metrics.publishedCount === 0 &&
    metrics.openCount === 0 &&
    metrics.actionItems.total === 0;
  if (nothing)
    return (
      <>
        {header}
        <Empty title="Nothing to chart for this period">
          <p>
            No incident started and no postmortem was resolved between {monthLabel(period.from)} and{' '}
            {monthLabel(period.to)}. Choose a longer period above, or{' '}
            <Link to="/incidents/new">record an incident</Link>: once it is resolved its RCA is
            drafted, and its deadline, publication and action items show here. (A fresh workspace
            can load the demo data with <code>npm run demo:seed</code>.)
          </p>
          <p>
            <button
              type="button"
              onClick={() => {
                const [year, month] = period.to.split('-');
                set('from', `${Number(year) - 3}-${month}`);
              }}
            >
              Show the last 3 years
            </button>
          </p>
        </Empty>
      </>
    );
  const items = metrics.actionItems;
  return (
    <>
      {header}
      <section aria-labelledby="kpi-title">
        <h2 id="kpi-title" className="visually-hidden">
          Key figures
        </h2>
        <dl className="kpis">
          <div>
            <dt>On-time rate</dt>
            <dd data-testid="kpi-on-time">{percent(overallOnTime(metrics))}</dd>
          </div>
          <div>
            <dt>Median time to publish</dt>
            <dd data-testid="kpi-publish">
              {metrics.medianResolveToPublishHours === null
                ? '—'
                : formatHours(metrics.medianResolveToPublishHours)}
            </dd>
          </div>
          <div>
            <dt>Open postmortems</dt>
            <dd data-testid="kpi-open">
              {metrics.openCount}
              {metrics.overdueCount > 0 && (
                <span className="overdue"> ({metrics.overdueCount} overdue)</span>
              )}
            </dd>
          </div>
          <div>
            <dt>Action items closed</dt>
            <dd data-testid="kpi-actions">
              {items.closed} of {items.total} ({percent(items.closureRate)})
            </dd>
          </div>
        </dl>
      </section>
      <div className="dashboard-grid">
        <section className="card" aria-labelledby="chart-on-time">
          <h2 id="chart-on-time">RCAs published on time</h2>
          <MonthChart
            title="On-time rate per month of the due date"
            months={months}
            series={[onTimeSeries(metrics, months)]}
            format={(value) => `${Math.round(value * 100)} %`}
            variant="bar"
            max={1}
          />
        </section>
        <section className="card" aria-labelledby="chart-publish">
          <h2 id="chart-publish">Time to publish</h2>
          <MonthChart
            title="Median time from resolution to publication, per month of publication"
            months={months}
            series={[publishSeries(metrics, months)]}
            format={hours}
            axisFormat={axisHours}
            variant="bar"
          />
        </section>
        <section className="card" aria-labelledby="chart-open">
          <h2 id="chart-open">Open vs overdue postmortems</h2>
          <SplitBar
            label="Open postmortems"
            parts={[
              { name: 'Overdue', value: metrics.overdueCount, className: 'part-overdue' },
              {
                name: 'Open, on time',
                value: metrics.openCount - metrics.overdueCount,
                className: 'part-open',
              },
              { name: 'Published', value: metrics.publishedCount, className: 'part-done' },
            ]}
          />
        </section>
        <section className="card" aria-labelledby="chart-actions">
          <h2 id="chart-actions">Action-item closure</h2>
          <SplitBar
            label="Action items"
            parts={[
              { name: 'Done', value: items.done, className: 'part-done' },
              { name: "Won't do", value: items.closed - items.done, className: 'part-skipped' },
              { name: 'Open', value: items.total - items.closed, className: 'part-open' },
            ]}
          />
        </section>
        <section className="card" aria-labelledby="chart-mtta">
          <h2 id="chart-mtta">MTTA by {GROUP_LABELS[groupBy].toLowerCase()}</h2>
          <p className="small muted">
            Mean time from detection to acknowledgement.{groupBy === 'team' && TEAM_RULE}
          </p>
          <MonthChart
            title={`Mean time to acknowledge per month, ${GROUP_LABELS[groupBy].toLowerCase()}`}
            months={months}
            series={trendSeries(trends.data.rows, months, 'timeToAcknowledgeSeconds')}
            format={hours}
            axisFormat={axisHours}
          />
        </section>
        <section className="card" aria-labelledby="chart-mttr">
          <h2 id="chart-mttr">MTTR by {GROUP_LABELS[groupBy].toLowerCase()}</h2>
          <p className="small muted">
            Mean time from the start to the resolution.{groupBy === 'team' && TEAM_RULE}
          </p>
          <MonthChart
            title={`Mean time to resolve per month, ${GROUP_LABELS[groupBy].toLowerCase()}`}
            months={months}
            series={trendSeries(trends.data.rows, months, 'timeToResolveSeconds')}
            format={hours}
            axisFormat={axisHours}
          />
        </section>
      </div>
    </>
  );
}
