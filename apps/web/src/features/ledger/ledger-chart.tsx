import type { VendorLedgerReport } from '@rca/api-contract';
import { formatMinutes } from './format';

const WIDTH = 900;
const HEIGHT = 260;
const LEFT = 84;
const BOTTOM = 40;
const TOP = 10;
const MAX_VENDORS = 4;
const PALETTE = 8;

const STEPS = [5, 10, 15, 30, 60, 120, 180, 240, 360, 720, 1440, 2880, 7200, 14400];

/** An axis maximum and a step of whole minutes, hours or days for `max` minutes (at most 6 ticks). */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 60, step: 15 };
  const step = STEPS.find((value) => max / value <= 5) ?? Math.ceil(max / 5 / 14400) * 14400;
  return { top: Math.ceil(max / step) * step, step };
}

const shortMonth = (month: string) => {
  const [year, number] = month.split('-');
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(number) - 1]} ${year!.slice(2)}`;
};

/**
 * Minutes of our downtime per vendor per month, one bar per vendor and month, stacked by service
 * (hand-drawn SVG like the incident page's impact chart).
 */
export function LedgerChart({ report }: { report: VendorLedgerReport }) {
  const totals = new Map<string, { name: string; minutes: number }>();
  for (const point of report.chart) {
    const entry = totals.get(point.vendorSlug) ?? { name: point.vendorName, minutes: 0 };
    entry.minutes += point.minutes;
    totals.set(point.vendorSlug, entry);
  }
  const vendors = [...totals.entries()]
    .sort((a, b) => b[1].minutes - a[1].minutes)
    .slice(0, MAX_VENDORS)
    .map(([slug, value]) => ({ slug, name: value.name }));
  const services = [...new Set(report.chart.map((point) => point.serviceName))].sort((a, b) =>
    a.localeCompare(b),
  );
  const stacks = report.months.map((month) =>
    vendors.map((vendor) => {
      let base = 0;
      const segments = services
        .map((service) => {
          const minutes = report.chart
            .filter(
              (point) =>
                point.month === month &&
                point.vendorSlug === vendor.slug &&
                point.serviceName === service,
            )
            .reduce((sum, point) => sum + point.minutes, 0);
          const segment = { service, minutes, base };
          base += minutes;
          return segment;
        })
        .filter((segment) => segment.minutes > 0);
      return { vendor, month, segments, total: base };
    }),
  );
  const { top, step } = axis(Math.max(0, ...stacks.flat().map((stack) => stack.total)));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const y = (minutes: number) => TOP + plotHeight - (minutes / top) * plotHeight;
  const slot = (WIDTH - LEFT - 10) / Math.max(1, report.months.length);
  const barWidth = Math.min(36, (slot * 0.8) / Math.max(1, vendors.length));
  const ticks: number[] = [];
  for (let value = 0; value <= top; value += step) ticks.push(value);
  const description = stacks
    .flat()
    .filter((stack) => stack.total > 0)
    .map(
      (stack) =>
        `${stack.vendor.name} ${stack.month}: ${formatMinutes(stack.total)} (${stack.segments.map((segment) => `${segment.service} ${formatMinutes(segment.minutes)}`).join(', ')})`,
    )
    .join('; ');

  return (
    <figure className="ledger-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="ledger-chart-title">
        <title id="ledger-chart-title">
          Minutes of downtime per vendor per month, stacked by service: {description || 'none'}
        </title>
        {ticks.map((value) => (
          <g key={value} className="tick">
            <line x1={LEFT} x2={WIDTH - 10} y1={y(value)} y2={y(value)} />
            <text x={LEFT - 6} y={y(value) + 4} textAnchor="end">
              {formatMinutes(value)}
            </text>
          </g>
        ))}
        {stacks.map((group, index) => {
          const groupWidth = barWidth * vendors.length;
          const start = LEFT + index * slot + (slot - groupWidth) / 2;
          return (
            <g key={report.months[index]} data-month={report.months[index]}>
              {group.map((stack, vendorIndex) => (
                <g key={stack.vendor.slug} data-vendor={stack.vendor.slug}>
                  {stack.segments.map((segment) => (
                    <rect
                      key={segment.service}
                      className={`bar series-${services.indexOf(segment.service) % PALETTE}`}
                      data-service={segment.service}
                      x={start + vendorIndex * barWidth + 1}
                      width={barWidth - 2}
                      y={y(segment.base + segment.minutes)}
                      height={Math.max(1, y(segment.base) - y(segment.base + segment.minutes))}
                    >
                      <title>
                        {stack.vendor.name}, {stack.month}, {segment.service}:{' '}
                        {formatMinutes(segment.minutes)}
                      </title>
                    </rect>
                  ))}
                </g>
              ))}
              <text
                className="month"
                x={start + groupWidth / 2}
                y={HEIGHT - BOTTOM + 16}
                textAnchor="middle"
              >
                {shortMonth(report.months[index]!)}
              </text>
            </g>
          );
        })}
        <line className="baseline" x1={LEFT} x2={WIDTH - 10} y1={y(0)} y2={y(0)} />
      </svg>
      <figcaption>
        <ul className="legend" aria-label="Services">
          {services.map((service, index) => (
            <li key={service}>
              <span className={`swatch series-${index % PALETTE}`} aria-hidden="true" />
              {service}
            </li>
          ))}
        </ul>
        {vendors.length > 1 && (
          <p className="small">
            Bars per month, left to right: {vendors.map((vendor) => vendor.name).join(', ')}
            {totals.size > MAX_VENDORS ? ` (the ${MAX_VENDORS} costliest of ${totals.size})` : ''}.
          </p>
        )}
      </figcaption>
    </figure>
  );
}
