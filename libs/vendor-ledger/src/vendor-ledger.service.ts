import { Injectable } from '@nestjs/common';
import type { Viewer } from '@rca/accounts';
import type {
  LedgerPeriodKind,
  LedgerVendor,
  LevelMinutes,
  VendorLedgerReport,
} from '@rca/api-contract';
import { CatalogService } from '@rca/catalog';
import { DateTime } from 'luxon';
import { InvalidInputError } from '@rca/shared';
import { isValidZone, LedgerPeriod, ledgerPeriod, monthsBetween } from './ledger-period';
import {
  DowntimeRow,
  LedgerQuery,
  VendorLedgerRepository,
  VendorReportedRow,
} from './vendor-ledger.repository';

export interface LedgerParameters {
  period?: LedgerPeriodKind;
  at?: string;
  zone?: string;
  vendor?: string;
  team?: string;
  service?: string;
}

const round = (value: number) => Math.round(value * 10) / 10;

function emptyLevels(): LevelMinutes {
  return { majorOutage: 0, partialOutage: 0, degraded: 0, total: 0 };
}

function addLevel(target: LevelMinutes, level: string, minutes: number) {
  if (level === 'major_outage') target.majorOutage += minutes;
  else if (level === 'partial_outage') target.partialOutage += minutes;
  else target.degraded += minutes;
  target.total += minutes;
}

function rounded<T extends LevelMinutes>(value: T): T {
  return {
    ...value,
    majorOutage: round(value.majorOutage),
    partialOutage: round(value.partialOutage),
    degraded: round(value.degraded),
    total: round(value.total),
  };
}

/** The vendor ledger: what each vendor cost us, per period, side by side with what its page said. */
@Injectable()
export class VendorLedgerService {
  constructor(
    private readonly repository: VendorLedgerRepository,
    private readonly catalog: CatalogService,
  ) {}

  /** The ledger as `viewer` may see it: a private incident counts only for its team and admins. */
  async report(
    parameters: LedgerParameters,
    viewer: Viewer,
    now = new Date(),
  ): Promise<VendorLedgerReport> {
    const zone = parameters.zone ?? 'UTC';
    if (!isValidZone(zone))
      throw new InvalidInputError('zone', `"${zone}" is not an IANA time zone`);
    // A calendar day is a day of the zone (2025-11-01 in Los Angeles is in November there).
    const at = !parameters.at
      ? now
      : /^\d{4}-\d{2}-\d{2}$/.test(parameters.at)
        ? DateTime.fromISO(parameters.at, { zone }).toJSDate()
        : new Date(parameters.at);
    if (Number.isNaN(at.getTime()))
      throw new InvalidInputError('at', 'must be a date (YYYY-MM-DD) or an ISO instant');
    const period = ledgerPeriod(parameters.period ?? 'month', at, zone);
    const vendor = parameters.vendor ? await this.catalog.getVendor(parameters.vendor) : null;
    const service = parameters.service ? await this.catalog.getService(parameters.service) : null;
    const from = new Date(Math.min(period.previous.from.getTime(), period.chart.from.getTime()));
    const query: LedgerQuery = {
      from,
      to: period.to,
      zone,
      now,
      vendorId: vendor?.id ?? null,
      team: parameters.team ?? null,
      serviceId: service?.id ?? null,
      periodFrom: period.from,
      previousFrom: period.previous.from,
      viewer,
    };
    const [downtime, reported, incidents, spofs, counts] = await Promise.all([
      this.repository.downtime(query),
      this.repository.vendorReported(query),
      this.repository.incidents(query),
      this.repository.singlePointsOfFailure(query),
      this.repository.vendorIncidentCounts(query),
    ]);
    return this.assemble(
      period,
      parameters,
      downtime,
      reported,
      incidents,
      spofs,
      counts,
      vendor?.id ?? null,
    );
  }

  private assemble(
    period: LedgerPeriod,
    parameters: LedgerParameters,
    downtime: DowntimeRow[],
    reported: VendorReportedRow[],
    incidents: Awaited<ReturnType<VendorLedgerRepository['incidents']>>,
    spofs: Awaited<ReturnType<VendorLedgerRepository['singlePointsOfFailure']>>,
    counts: Awaited<ReturnType<VendorLedgerRepository['vendorIncidentCounts']>>,
    vendorFilter: string | null,
  ): VendorLedgerReport {
    const current = new Set(monthsBetween(period.from, period.to, period.zone));
    const previous = new Set(monthsBetween(period.previous.from, period.previous.to, period.zone));
    const months = monthsBetween(period.chart.from, period.chart.to, period.zone);
    const chartMonths = new Set(months);
    const vendors = new Map<string, LedgerVendor>();
    const names = new Map<string, { name: string; slug: string }>();
    for (const row of [...downtime, ...incidents, ...spofs])
      names.set(row.vendorId, { name: row.vendorName, slug: row.vendorSlug });
    const entry = (vendorId: string): LedgerVendor | null => {
      const name = names.get(vendorId);
      if (!name) return null;
      let value = vendors.get(vendorId);
      if (!value) {
        value = {
          vendorId,
          vendorName: name.name,
          vendorSlug: name.slug,
          incidents: { total: 0, previousTotal: 0, bySeverity: {}, list: [] },
          ourMinutes: { ...emptyLevels(), previousTotal: 0, byService: [] },
          vendorMinutes: {
            ...emptyLevels(),
            previousTotal: 0,
            byComponent: [],
            vendorIncidents: 0,
            withoutComponentStatuses: 0,
          },
          statusPageLag: {
            medianFirstUpdateMinutes: null,
            worstFirstUpdateMinutes: null,
            medianResolvedMinutes: null,
            worstResolvedMinutes: null,
          },
          singlePointsOfFailure: [],
          trend: { ourMinutes: 0, vendorMinutes: 0, incidents: 0 },
        };
        vendors.set(vendorId, value);
      }
      return value;
    };

    const chart = new Map<string, VendorLedgerReport['chart'][number]>();
    const serviceMinutes = new Map<string, number>();
    for (const row of downtime) {
      const vendor = entry(row.vendorId)!;
      if (chartMonths.has(row.month)) {
        const key = `${row.month}|${row.vendorId}|${row.serviceId}`;
        const point = chart.get(key) ?? {
          month: row.month,
          vendorSlug: row.vendorSlug,
          vendorName: row.vendorName,
          serviceName: row.serviceName,
          minutes: 0,
        };
        point.minutes += row.minutes;
        chart.set(key, point);
      }
      if (previous.has(row.month)) vendor.ourMinutes.previousTotal += row.minutes;
      if (!current.has(row.month)) continue;
      addLevel(vendor.ourMinutes, row.level, row.minutes);
      let service = vendor.ourMinutes.byService.find((item) => item.serviceId === row.serviceId);
      if (!service) {
        service = {
          ...emptyLevels(),
          serviceId: row.serviceId,
          serviceName: row.serviceName,
          serviceSlug: row.serviceSlug,
          noFallback: false,
        };
        vendor.ourMinutes.byService.push(service);
      }
      addLevel(service, row.level, row.minutes);
      const key = `${row.vendorId}|${row.serviceId}`;
      serviceMinutes.set(key, (serviceMinutes.get(key) ?? 0) + row.minutes);
    }
    for (const row of incidents) {
      const vendor = entry(row.vendorId)!;
      vendor.incidents = {
        total: row.incidents,
        previousTotal: row.previousIncidents,
        bySeverity: row.bySeverity,
        list: row.list,
      };
      vendor.statusPageLag = {
        medianFirstUpdateMinutes:
          row.medianFirstUpdateLagMinutes === null ? null : round(row.medianFirstUpdateLagMinutes),
        worstFirstUpdateMinutes:
          row.worstFirstUpdateLagMinutes === null ? null : round(row.worstFirstUpdateLagMinutes),
        medianResolvedMinutes:
          row.medianResolvedLagMinutes === null ? null : round(row.medianResolvedLagMinutes),
        worstResolvedMinutes:
          row.worstResolvedLagMinutes === null ? null : round(row.worstResolvedLagMinutes),
      };
    }
    // Vendors on the ledger: caused incidents or downtime in the period or the one before, or the one asked for.
    const listed = new Set(
      [...vendors.values()]
        .filter(
          (vendor) =>
            vendor.incidents.total + vendor.incidents.previousTotal > 0 ||
            vendor.ourMinutes.total + vendor.ourMinutes.previousTotal > 0,
        )
        .map((vendor) => vendor.vendorId),
    );
    if (vendorFilter) {
      listed.add(vendorFilter);
      for (const row of spofs) entry(row.vendorId);
    }
    for (const row of reported) {
      const vendor = vendors.get(row.vendorId);
      if (!vendor) continue;
      if (row.componentId === null) {
        if (current.has(row.month)) addLevel(vendor.vendorMinutes, row.level, row.minutes);
        if (previous.has(row.month)) vendor.vendorMinutes.previousTotal += row.minutes;
        continue;
      }
      if (!current.has(row.month)) continue;
      let component = vendor.vendorMinutes.byComponent.find(
        (item) => item.componentId === row.componentId,
      );
      if (!component) {
        component = {
          ...emptyLevels(),
          componentId: row.componentId,
          componentName: row.componentName ?? '',
        };
        vendor.vendorMinutes.byComponent.push(component);
      }
      addLevel(component, row.level, row.minutes);
    }
    for (const row of counts) {
      const vendor = vendors.get(row.vendorId);
      if (!vendor) continue;
      vendor.vendorMinutes.vendorIncidents = row.vendorIncidents;
      vendor.vendorMinutes.withoutComponentStatuses = row.withoutComponentStatuses;
    }
    for (const row of spofs) {
      const vendor = vendors.get(row.vendorId);
      if (!vendor) continue;
      vendor.singlePointsOfFailure.push({
        serviceId: row.serviceId,
        serviceName: row.serviceName,
        serviceSlug: row.serviceSlug,
        components: row.components,
        sparedMinutes: round(serviceMinutes.get(`${row.vendorId}|${row.serviceId}`) ?? 0),
      });
      const service = vendor.ourMinutes.byService.find((item) => item.serviceId === row.serviceId);
      if (service) service.noFallback = true;
    }
    const result = [...vendors.values()]
      .filter((vendor) => listed.has(vendor.vendorId))
      .map((vendor) => ({
        ...vendor,
        ourMinutes: {
          ...rounded(vendor.ourMinutes),
          previousTotal: round(vendor.ourMinutes.previousTotal),
          byService: vendor.ourMinutes.byService.map(rounded).sort((a, b) => b.total - a.total),
        },
        vendorMinutes: {
          ...rounded(vendor.vendorMinutes),
          previousTotal: round(vendor.vendorMinutes.previousTotal),
          byComponent: vendor.vendorMinutes.byComponent
            .map(rounded)
            .sort((a, b) => b.total - a.total),
        },
        singlePointsOfFailure: vendor.singlePointsOfFailure.sort(
          (a, b) => b.sparedMinutes - a.sparedMinutes,
        ),
        trend: {
          ourMinutes: round(vendor.ourMinutes.total - vendor.ourMinutes.previousTotal),
          vendorMinutes: round(vendor.vendorMinutes.total - vendor.vendorMinutes.previousTotal),
          incidents: vendor.incidents.total - vendor.incidents.previousTotal,
        },
      }))
      .sort(
        (a, b) =>
          b.ourMinutes.total - a.ourMinutes.total || a.vendorName.localeCompare(b.vendorName),
      );
    const shown = new Set(result.map((vendor) => vendor.vendorSlug));
    return {
      period: {
        kind: period.kind,
        label: period.label,
        zone: period.zone,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        previous: {
          label: period.previous.label,
          from: period.previous.from.toISOString(),
          to: period.previous.to.toISOString(),
        },
      },
      filters: {
        vendor: parameters.vendor ?? null,
        team: parameters.team ?? null,
        service: parameters.service ?? null,
      },
      months,
      chart: [...chart.values()]
        .filter((point) => shown.has(point.vendorSlug))
        .map((point) => ({ ...point, minutes: round(point.minutes) })),
      vendors: result,
    };
  }

  /** The ledger as CSV: per vendor, our minutes per service and the vendor page's per component. */
  async csv(
    parameters: LedgerParameters,
    viewer: Viewer,
    now = new Date(),
  ): Promise<{ body: string; filename: string }> {
    const report = await this.report(parameters, viewer, now);
    const lines = [
      [
        'period',
        'vendor',
        'source',
        'service_or_component',
        'major_outage_minutes',
        'partial_outage_minutes',
        'degraded_minutes',
        'total_minutes',
        'no_fallback',
        'incidents',
        'median_first_update_lag_minutes',
        'worst_first_update_lag_minutes',
      ],
    ];
    const cells = (minutes: LevelMinutes) =>
      [minutes.majorOutage, minutes.partialOutage, minutes.degraded, minutes.total].map(String);
    for (const vendor of report.vendors) {
      lines.push([
        report.period.label,
        vendor.vendorName,
        'ours',
        '(all services)',
        ...cells(vendor.ourMinutes),
        '',
        String(vendor.incidents.total),
        String(vendor.statusPageLag.medianFirstUpdateMinutes ?? ''),
        String(vendor.statusPageLag.worstFirstUpdateMinutes ?? ''),
      ]);
      for (const service of vendor.ourMinutes.byService)
        lines.push([
          report.period.label,
          vendor.vendorName,
          'ours',
          service.serviceName,
          ...cells(service),
          service.noFallback ? 'yes' : 'no',
          '',
          '',
          '',
        ]);
      lines.push([
        report.period.label,
        vendor.vendorName,
        'vendor page',
        '(components we depend on)',
        ...cells(vendor.vendorMinutes),
        '',
        '',
        '',
        '',
      ]);
      for (const component of vendor.vendorMinutes.byComponent)
        lines.push([
          report.period.label,
          vendor.vendorName,
          'vendor page',
          component.componentName,
          ...cells(component),
          '',
          '',
          '',
          '',
        ]);
    }
    return {
      body: `${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`,
      filename: `vendor-ledger-${report.period.label}.csv`,
    };
  }
}

/** RFC 4180 quoting; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
