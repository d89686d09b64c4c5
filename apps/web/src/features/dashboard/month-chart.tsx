import { useId } from 'react';
import { monthLabel, niceScale, type ChartSeries } from './dashboard-data';

const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 78;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 30;

/**
 * Values per month as SVG (the same hand-drawn approach as the impact chart): bars for one
 * series, lines with points for several. `format` writes a value the way a person reads it
 * (a duration, a percentage); the chart's text alternative lists every value.
 */
export function MonthChart({
  title,
  months,
  series,
  format,
  axisFormat = format,
  variant = 'line',
  max,
}: {
  title: string;
  months: string[];
  series: ChartSeries[];
  format: (value: number) => string;
  /** A shorter form for the axis labels (default: `format`). */
  axisFormat?: (value: number) => string;
  variant?: 'bar' | 'line';
  /** A fixed top of the axis (1 for rates); else from the data. */
  max?: number;
}) {
  const titleId = useId();
  const values = series.flatMap((item) => item.values).filter((v): v is number => v !== null);
  const ticks =
    max !== undefined
      ? [0, max / 4, max / 2, (max * 3) / 4, max]
      : niceScale(Math.max(0, ...values));
  const top = ticks[ticks.length - 1]!;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const slot = plotWidth / Math.max(1, months.length);
  const x = (index: number) => LEFT + slot * index + slot / 2;
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const labelEvery = Math.ceil(months.length / 8);
  const description = series
    .map(
      (item) =>
        `${item.name}: ${
          months
            .map((month, index) => {
              const value = item.values[index];
              return value === null || value === undefined
                ? null
                : `${monthLabel(month)} ${format(value)}`;
            })
            .filter(Boolean)
            .join(', ') || 'no data'
        }`,
    )
    .join('; ');
  const barWidth = Math.min(36, (slot * 0.7) / Math.max(1, series.length));
  return (
    <figure className="month-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId}>
        <title id={titleId}>{`${title}. ${description}`}</title>
        {ticks.map((tick) => (
          <g key={tick} className="tick">
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} />
            <text x={LEFT - 6} y={y(tick) + 4} textAnchor="end">
              {axisFormat(tick)}
            </text>
          </g>
        ))}
        {months.map((month, index) =>
          index % labelEvery === 0 ? (
            <text key={month} className="month" x={x(index)} y={HEIGHT - 10} textAnchor="middle">
              {monthLabel(month)}
            </text>
          ) : null,
        )}
        {values.length === 0 && (
          <text
            className="no-data"
            x={LEFT + plotWidth / 2}
            y={TOP + plotHeight / 2}
            textAnchor="middle"
          >
            No data in this period
          </text>
        )}
        {variant === 'bar'
          ? series.map((item, seriesIndex) =>
              item.values.map((value, index) =>
                value === null ? null : (
                  <rect
                    key={`${item.name}-${months[index]}`}
                    className={`bar series-${seriesIndex}`}
                    x={x(index) - (barWidth * series.length) / 2 + seriesIndex * barWidth}
                    y={y(value)}
                    width={barWidth}
                    height={Math.max(1, TOP + plotHeight - y(value))}
                  >
                    <title>{`${item.name}, ${monthLabel(months[index]!)}: ${format(value)}`}</title>
                  </rect>
                ),
              ),
            )
          : series.map((item, seriesIndex) => {
              // Series with equal values (one incident hitting two services) would hide each
              // other: each is shifted a little sideways.
              const dodge = (seriesIndex - (series.length - 1) / 2) * 5;
              const points = item.values
                .map((value, index) =>
                  value === null ? null : ([x(index) + dodge, y(value), value, index] as const),
                )
                .filter((point) => point !== null);
              return (
                <g key={item.name} className={`line series-${seriesIndex}`} data-series={item.name}>
                  {points.length > 1 && (
                    <polyline points={points.map(([px, py]) => `${px},${py}`).join(' ')} />
                  )}
                  {points.map(([px, py, value, index]) => (
                    <circle key={index} cx={px} cy={py} r={4}>
                      <title>{`${item.name}, ${monthLabel(months[index]!)}: ${format(value)}`}</title>
                    </circle>
                  ))}
                </g>
              );
            })}
      </svg>
      {series.length > 1 && (
        <figcaption>
          <ul className="legend" aria-label={`${title}: series`}>
            {series.map((item, index) => (
              <li key={item.name}>
                <span className={`swatch series-${index}`} aria-hidden="true" />
                {item.name}
              </li>
            ))}
          </ul>
        </figcaption>
      )}
    </figure>
  );
}

/** A bar split in parts (open / overdue, done / won't do / open), with its numbers written out. */
export function SplitBar({
  label,
  parts,
}: {
  label: string;
  parts: Array<{ name: string; value: number; className: string }>;
}) {
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  let offset = 0;
  return (
    <figure className="split-bar">
      <svg
        viewBox="0 0 400 28"
        role="img"
        aria-label={`${label}: ${parts.map((part) => `${part.value} ${part.name}`).join(', ')}`}
      >
        {total === 0 ? (
          <rect className="split empty" x={0} y={4} width={400} height={20} rx={4} />
        ) : (
          parts.map((part) => {
            const width = (part.value / total) * 400;
            const rect = (
              <rect
                key={part.name}
                className={`split ${part.className}`}
                x={offset}
                y={4}
                width={width}
                height={20}
              >
                <title>{`${part.name}: ${part.value}`}</title>
              </rect>
            );
            offset += width;
            return rect;
          })
        )}
      </svg>
      <figcaption>
        <ul className="legend">
          {parts.map((part) => (
            <li key={part.name}>
              <span className={`swatch ${part.className}`} aria-hidden="true" />
              {part.name}: <strong>{part.value}</strong>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
