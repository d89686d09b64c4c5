import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LEDGER_PERIOD_KINDS, type LedgerPeriodKind, type LedgerVendor } from '@rca/api-contract';
import { isValidZone } from '../../time';
import { Empty, ErrorBox, Field, Loading, SeverityBadge } from '../../ui';
import { ZoneInput } from '../../zone-input';
import { useServices, useVendors } from '../catalog/queries';
import { ContractsSection } from './contracts';
import { formatChange, formatMinutes } from './format';
import { LedgerChart } from './ledger-chart';
import { ledgerCsvHref, useLedger, type LedgerFilters } from './queries';

const today = () => new Date().toISOString().slice(0, 10);

function filtersFrom(params: URLSearchParams): LedgerFilters {
  const period = params.get('period') as LedgerPeriodKind | null;
  return {
    period: period && LEDGER_PERIOD_KINDS.includes(period) ? period : 'month',
    at: params.get('at') ?? today(),
    zone: params.get('zone') ?? 'UTC',
    vendor: params.get('vendor') ?? undefined,
    team: params.get('team') ?? undefined,
    service: params.get('service') ?? undefined,
  };
}

function Filters({
  filters,
  onApply,
}: {
  filters: LedgerFilters;
  onApply: (next: LedgerFilters) => void;
}) {
  const [period, setPeriod] = useState(filters.period);
  const [at, setAt] = useState(filters.at);
  const [zone, setZone] = useState(filters.zone);
  const [vendor, setVendor] = useState(filters.vendor ?? '');
  const [team, setTeam] = useState(filters.team ?? '');
  const [service, setService] = useState(filters.service ?? '');
  const [zoneError, setZoneError] = useState<string[]>();
  const vendors = useVendors();
  const services = useServices();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isValidZone(zone)) {
      setZoneError([`"${zone}" is not an IANA time zone`]);
      return;
    }
    setZoneError(undefined);
    onApply({
      period,
      at,
      zone,
      vendor: vendor || undefined,
      team: team.trim() || undefined,
      service: service || undefined,
    });
  };
  return (
    <form className="form filters" onSubmit={submit} aria-label="Ledger filters">
      <div className="row">
        <Field label="Period">
          {(props) => (
            <select
              {...props}
              value={period}
              onChange={(event) => setPeriod(event.target.value as LedgerPeriodKind)}
            >
              {LEDGER_PERIOD_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {kind}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Containing the day">
          {(props) => (
            <input
              {...props}
              type="date"
              value={at}
              onChange={(event) => setAt(event.target.value)}
            />
          )}
        </Field>
        <Field label="Time zone" errors={zoneError} hint="Month boundaries in this zone">
          {(props) => <ZoneInput {...props} value={zone} onChange={setZone} />}
        </Field>
        <Field label="Vendor">
          {(props) => (
            <select {...props} value={vendor} onChange={(event) => setVendor(event.target.value)}>
              <option value="">Every vendor</option>
              {(vendors.data ?? []).map((item) => (
                <option key={item.id} value={item.slug}>
                  {item.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Team">
          {(props) => (
            <input
              {...props}
              value={team}
              placeholder="Every team"
              onChange={(event) => setTeam(event.target.value)}
            />
          )}
        </Field>
        <Field label="Service">
          {(props) => (
            <select {...props} value={service} onChange={(event) => setService(event.target.value)}>
              <option value="">Every service</option>
              {(services.data ?? []).map((item) => (
                <option key={item.id} value={item.slug}>
                  {item.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit">Show</button>
    </form>
  );
}

function Severities({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return <>0</>;
  return (
    <span className="severities">
      {entries.map(([severity, count]) => (
        <span key={severity}>
          <SeverityBadge severity={severity} /> {count}
        </span>
      ))}
    </span>
  );
}

function VendorDetails({ vendor, label }: { vendor: LedgerVendor; label: string }) {
  return (
    <section className="panel ledger-vendor" aria-labelledby={`ledger-${vendor.vendorSlug}`}>
      <h3 id={`ledger-${vendor.vendorSlug}`}>
        {vendor.vendorName} in {label}
      </h3>
      {vendor.ourMinutes.byService.length + vendor.vendorMinutes.byComponent.length === 0 ? (
        <p className="small">
          No downtime attributed to {vendor.vendorName} in {label} (
          {formatMinutes(vendor.ourMinutes.previousTotal)} in the period before).
        </p>
      ) : (
        <div className="table-wrap">
          <table
            aria-label={`${vendor.vendorName}: minutes per service, ours beside the vendor page`}
          >
            <thead>
              <tr>
                <th scope="col">Service (ours) / component (vendor page)</th>
                <th scope="col" className="num">
                  Major outage
                </th>
                <th scope="col" className="num">
                  Partial outage
                </th>
                <th scope="col" className="num">
                  Degraded
                </th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Fallback</th>
              </tr>
            </thead>
            <tbody>
              {vendor.ourMinutes.byService.map((service) => (
                <tr key={service.serviceId}>
                  <td>{service.serviceName}</td>
                  <td className="num">{formatMinutes(service.majorOutage)}</td>
                  <td className="num">{formatMinutes(service.partialOutage)}</td>
                  <td className="num">{formatMinutes(service.degraded)}</td>
                  <td className="num">{formatMinutes(service.total)}</td>
                  <td>{service.noFallback ? <strong className="danger">none</strong> : 'yes'}</td>
                </tr>
              ))}
              {vendor.vendorMinutes.byComponent.map((component) => (
                <tr key={component.componentId} className="vendor-row">
                  <td>
                    {component.componentName} <span className="small">(vendor page)</span>
                  </td>
                  <td className="num">{formatMinutes(component.majorOutage)}</td>
                  <td className="num">{formatMinutes(component.partialOutage)}</td>
                  <td className="num">{formatMinutes(component.degraded)}</td>
                  <td className="num">{formatMinutes(component.total)}</td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {vendor.vendorMinutes.withoutComponentStatuses > 0 && (
        <p className="small">
          {vendor.vendorMinutes.withoutComponentStatuses} of {vendor.vendorMinutes.vendorIncidents}{' '}
          vendor incident(s) in the period reported no component status: the page shows no minutes
          for them.
        </p>
      )}
      {vendor.incidents.list.length > 0 && (
        <>
          <h4>Incidents it caused, and how fast its status page spoke</h4>
          <div className="table-wrap">
            <table aria-label={`${vendor.vendorName}: incidents and status-page lag`}>
              <thead>
                <tr>
                  <th scope="col">Incident</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Vendor incident</th>
                  <th scope="col" className="num">
                    To first update
                  </th>
                  <th scope="col" className="num">
                    To "resolved"
                  </th>
                </tr>
              </thead>
              <tbody>
                {vendor.incidents.list.map((incident) => (
                  <tr key={incident.reference}>
                    <td>
                      <Link to={`/incidents/${incident.reference}`}>{incident.reference}</Link>{' '}
                      {incident.title}
                    </td>
                    <td>
                      <SeverityBadge severity={incident.severity} />
                    </td>
                    <td>
                      {incident.vendorIncidentTitle ?? <span className="small">not linked</span>}
                    </td>
                    <td className="num">{formatMinutes(incident.firstUpdateLagMinutes)}</td>
                    <td className="num">{formatMinutes(incident.resolvedLagMinutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {vendor.singlePointsOfFailure.length > 0 && (
        <>
          <h4>Single points of failure</h4>
          <ul className="spofs">
            {vendor.singlePointsOfFailure.map((spof) => (
              <li key={spof.serviceId}>
                <strong>{spof.serviceName}</strong> depends on {spof.components.join(', ')} with no
                fallback; a fallback would have spared {formatMinutes(spof.sparedMinutes)} in{' '}
                {label}.
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** `/vendor-ledger`: what each vendor cost us, beside what its status page said, and the SLA credits owed. */
export function LedgerPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const ledger = useLedger(filters);
  const apply = (next: LedgerFilters) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) if (value) search.set(key, value);
    setParams(search);
  };
  const report = ledger.data;
  return (
    <>
      <h1>Vendor ledger</h1>
      <p className="lead">
        Our incidents where a vendor was an accepted root cause or contributing factor, the downtime
        it cost each service, and what the vendor's own status page reported for the components we
        depend on.
      </p>
      <Filters key={params.toString()} filters={filters} onApply={apply} />
      {ledger.isPending && <Loading what="the ledger" />}
      {ledger.error && <ErrorBox error={ledger.error} onRetry={() => void ledger.refetch()} />}
      {report && (
        <>
          <h2>
            Downtime per vendor per month{' '}
            <span className="small">
              (twelve months to {report.period.label}, {report.period.zone})
            </span>
          </h2>
          {report.chart.length ? (
            <LedgerChart report={report} />
          ) : (
            <Empty title="No vendor-caused downtime in these twelve months" />
          )}
          <div className="section-head">
            <h2>
              {report.period.label}{' '}
              <span className="small">compared with {report.period.previous.label}</span>
            </h2>
            <a className="button" href={ledgerCsvHref(filters)} download>
              Download CSV
            </a>
          </div>
          {report.vendors.length === 0 ? (
            <Empty title="No vendor caused an incident of ours in this period or the one before" />
          ) : (
            <>
              <div className="table-wrap">
                <table className="ledger" aria-label={`Vendor ledger ${report.period.label}`}>
                  <thead>
                    <tr>
                      <th scope="col">Vendor</th>
                      <th scope="col">Incidents</th>
                      <th scope="col" className="num">
                        Our downtime
                      </th>
                      <th scope="col" className="num">
                        Vendor page
                      </th>
                      <th scope="col" className="num">
                        Status-page lag
                        <div className="small">median / worst</div>
                      </th>
                      <th scope="col">No fallback</th>
                      <th scope="col">Trend vs {report.period.previous.label}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.vendors.map((vendor) => (
                      <tr key={vendor.vendorId} data-vendor={vendor.vendorSlug}>
                        <th scope="row">{vendor.vendorName}</th>
                        <td>
                          <Severities counts={vendor.incidents.bySeverity} />
                        </td>
                        <td className="num">
                          {formatMinutes(vendor.ourMinutes.total)}
                          <div className="small">
                            major outage {formatMinutes(vendor.ourMinutes.majorOutage)}
                          </div>
                        </td>
                        <td className="num">{formatMinutes(vendor.vendorMinutes.total)}</td>
                        <td className="num">
                          first update{' '}
                          {formatMinutes(vendor.statusPageLag.medianFirstUpdateMinutes)} /{' '}
                          {formatMinutes(vendor.statusPageLag.worstFirstUpdateMinutes)}
                          <div className="small">
                            &quot;resolved&quot;{' '}
                            {formatMinutes(vendor.statusPageLag.medianResolvedMinutes)} /{' '}
                            {formatMinutes(vendor.statusPageLag.worstResolvedMinutes)}
                          </div>
                        </td>
                        <td>
                          {vendor.singlePointsOfFailure
                            .map((spof) => spof.serviceName)
                            .join(', ') || '—'}
                        </td>
                        <td>
                          {formatChange(vendor.trend.ourMinutes)}
                          <div className="small">
                            {vendor.trend.incidents >= 0 ? '+' : ''}
                            {vendor.trend.incidents} incident(s)
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {report.vendors.map((vendor) => (
                <VendorDetails key={vendor.vendorId} vendor={vendor} label={report.period.label} />
              ))}
            </>
          )}
        </>
      )}
      <ContractsSection />
    </>
  );
}
