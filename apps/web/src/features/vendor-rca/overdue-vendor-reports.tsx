import { Link } from 'react-router';
import { formatInZone } from '../../time';
import { Empty, ErrorBox, Loading } from '../../ui';
import { useOverdueVendorRca } from './queries';

/** On the deadlines page: vendors' post-incident reports not published by their expected date. */
export function OverdueVendorReports({ team, owner }: { team?: string; owner?: string }) {
  const overdue = useOverdueVendorRca({ team, owner });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section aria-labelledby="vendor-rca-overdue-title" data-testid="vendor-rca-overdue">
      <h2 id="vendor-rca-overdue-title">Overdue vendor reports</h2>
      {overdue.error && <ErrorBox error={overdue.error} onRetry={() => void overdue.refetch()} />}
      {overdue.isPending && <Loading what="the overdue vendor reports" />}
      {overdue.data && overdue.data.items.length === 0 && (
        <Empty title="No vendor report overdue">
          <p>
            Every vendor that caused one of our incidents and promises a post-incident report (set
            on the <Link to="/vendors">vendor&rsquo;s page</Link>) has published it, or is still
            within its time.
          </p>
        </Empty>
      )}
      {overdue.data && overdue.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="deadlines">
            <caption className="visually-hidden">Vendor reports past their expected date</caption>
            <thead>
              <tr>
                <th scope="col">Incident</th>
                <th scope="col">Vendor incident</th>
                <th scope="col">Expected by</th>
                <th scope="col">Owner</th>
                <th scope="col">Owner told</th>
              </tr>
            </thead>
            <tbody>
              {overdue.data.items.map((item) => (
                <tr key={item.causeId}>
                  <td>
                    <Link to={`/incidents/${encodeURIComponent(item.reference)}/postmortem`}>
                      {item.reference}
                    </Link>{' '}
                    {item.incidentTitle}
                  </td>
                  <td>
                    {item.vendorName}: {item.vendorIncidentTitle}
                  </td>
                  <td>
                    <time className="overdue" dateTime={item.expectedBy}>
                      {formatInZone(item.expectedBy, zone)}
                    </time>
                    <br />
                    <span className="muted small">{item.expectationText}</span>
                  </td>
                  <td>{item.owner ?? '—'}</td>
                  <td>{item.notifiedAt ? formatInZone(item.notifiedAt, zone) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
