import { DateTime } from 'luxon';
import { IMPACT_LEVELS, type Impact, type ImpactLevel } from '@rca/api-contract';
import { formatInZone } from './time';
import { humanize } from './ui';

const ROW = 34;
const LABEL = 150;
const WIDTH = 900;
const AXIS = 28;

/** Picks a tick step (minutes) that gives 4–10 ticks over the span. */
function tickStep(spanMinutes: number): number {
  const steps = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];
  return steps.find((step) => spanMinutes / step <= 10) ?? 10080;
}

/**
 * Impacts per service on a time axis: one row per service, one bar per window coloured by level.
 * Ongoing windows (no end) run to `now`. Times on the axis are in `zone`.
 */
export function ImpactChart({
  impacts,
  zone,
  serviceNames,
}: {
  impacts: Impact[];
  zone: string;
  serviceNames: Record<string, string>;
}) {
  const now = Date.now();
  const windows = impacts.map((impact) => {
    const from = impact.from ?? impact.startedAt ?? '';
    const to = (impact.to === undefined ? impact.endedAt : impact.to) ?? null;
    return {
      impact,
      from,
      to,
      start: Date.parse(from),
      end: to ? Date.parse(to) : now,
      name: impact.serviceName ?? serviceNames[impact.serviceId] ?? impact.serviceId,
    };
  });
  const rows = [...new Set(windows.map((window) => window.name))].sort((a, b) =>
    a.localeCompare(b),
  );
  let min = Math.min(...windows.map((window) => window.start));
  let max = Math.max(...windows.map((window) => window.end));
  if (max - min < 15 * 60_000) max = min + 15 * 60_000;
  const pad = (max - min) * 0.03;
  min -= pad;
  max += pad;
  const height = rows.length * ROW + AXIS + 8;
  const x = (time: number) => LABEL + ((time - min) / (max - min)) * (WIDTH - LABEL - 10);

  const step = tickStep((max - min) / 60_000);
  const ticks: DateTime[] = [];
  let tick = DateTime.fromMillis(min, { zone }).startOf('hour');
  while (tick.toMillis() < min) tick = tick.plus({ minutes: step });
  while (tick.toMillis() <= max && ticks.length < 40) {
    ticks.push(tick);
    tick = tick.plus({ minutes: step });
  }
  const multiDay =
    DateTime.fromMillis(min, { zone }).toISODate() !==
    DateTime.fromMillis(max, { zone }).toISODate();

  return (
    <figure className="impact-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby="impact-chart-title"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id="impact-chart-title">
          Impact per service over time ({zone}):{' '}
          {windows
            .map(
              (window) =>
                `${window.name} ${humanize(window.impact.level)} from ${formatInZone(window.from, zone)} to ${window.to ? formatInZone(window.to, zone) : 'ongoing'}`,
            )
            .join('; ')}
        </title>
        {ticks.map((value) => (
          <g key={value.toMillis()} className="tick">
            <line x1={x(value.toMillis())} x2={x(value.toMillis())} y1={0} y2={rows.length * ROW} />
            <text x={x(value.toMillis())} y={rows.length * ROW + 18} textAnchor="middle">
              {value.toFormat(multiDay && step >= 60 ? 'LLL dd HH:mm' : 'HH:mm')}
            </text>
          </g>
        ))}
        {rows.map((name, index) => (
          <g key={name} data-service={name}>
            <text
              className="row-label"
              x={LABEL - 8}
              y={index * ROW + ROW / 2 + 5}
              textAnchor="end"
            >
              {name.length > 20 ? `${name.slice(0, 19)}…` : name}
            </text>
            <line
              className="row-line"
              x1={LABEL}
              x2={WIDTH - 10}
              y1={index * ROW + ROW / 2}
              y2={index * ROW + ROW / 2}
            />
          </g>
        ))}
        {windows.map((window) => {
          const row = rows.indexOf(window.name);
          return (
            <rect
              key={window.impact.id}
              className={`window level-${window.impact.level}${window.to ? '' : ' ongoing'}`}
              data-level={window.impact.level}
              x={x(window.start)}
              y={row * ROW + 6}
              width={Math.max(3, x(window.end) - x(window.start))}
              height={ROW - 12}
              rx={3}
            >
              <title>
                {window.name}: {humanize(window.impact.level)}, {formatInZone(window.from, zone)}
                {' – '}
                {window.to ? formatInZone(window.to, zone) : 'ongoing'}
                {window.impact.note ? ` (${window.impact.note})` : ''}
              </title>
            </rect>
          );
        })}
      </svg>
      <figcaption>
        <ul className="legend" aria-label="Impact levels">
          {IMPACT_LEVELS.map((level: ImpactLevel) => (
            <li key={level}>
              <span className={`swatch level-${level}`} aria-hidden="true" />
              {humanize(level)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
