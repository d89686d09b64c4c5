import { useSession } from '../../session';
import { Empty, ErrorBox, Loading } from '../../ui';
import { useVendors } from '../catalog/queries';
import { DependencyMap } from './dependency-map';
import { PreviewPanel } from './preview-panel';
import { useStatusSources } from './queries';
import { SourceForm } from './source-form';
import { SourcesTable } from './sources-table';
import { VendorIncidents } from './vendor-incidents';
import { VendorRcaExpectationPanel } from '../vendor-rca/vendor-rca-expectation';

/** "Vendor status": sources and their health, imported incidents, the dependency map. */
export function VendorsPage() {
  const { user } = useSession();
  const isAdmin = user?.role === 'admin';
  const vendors = useVendors();
  const sources = useStatusSources();

  return (
    <>
      <h1>Vendor status</h1>
      <p className="muted">
        The status pages we watch and their health, the incidents imported from them, and the
        dependency map with what fails when a vendor does.
        {!isAdmin && ' Only admins add or change status sources.'}
      </p>
      {vendors.error && <ErrorBox error={vendors.error} onRetry={() => void vendors.refetch()} />}
      {sources.error && <ErrorBox error={sources.error} onRetry={() => void sources.refetch()} />}
      {vendors.isPending && <Loading what="vendors" />}
      {vendors.data && vendors.data.length === 0 && (
        <Empty title="No vendors yet">
          <p>
            Add the third parties you depend on (Cloudflare, AWS, …) through the API (
            <a href="/api/docs">POST /api/vendors</a>), or load the demo workspace with{' '}
            <code>npm run demo:seed</code>.
          </p>
        </Empty>
      )}
      {vendors.data && vendors.data.length > 0 && (
        <>
          {vendors.data.map((vendor) => (
            <section
              key={vendor.id}
              className="card vendor-card"
              aria-labelledby={`vendor-${vendor.id}`}
            >
              <h2 id={`vendor-${vendor.id}`}>{vendor.name}</h2>
              <h3>Status sources</h3>
              {sources.items ? (
                <SourcesTable
                  vendor={vendor}
                  sources={sources.items.filter((source) => source.vendorId === vendor.id)}
                  isAdmin={isAdmin}
                />
              ) : (
                !sources.error && <Loading what="status sources" />
              )}
              {isAdmin && <SourceForm vendor={vendor} />}
              <h3>Vendor incidents</h3>
              <VendorIncidents vendor={vendor} />
              <VendorRcaExpectationPanel vendor={vendor} isAdmin={isAdmin} />
            </section>
          ))}
          {isAdmin && <PreviewPanel />}
          <DependencyMap vendors={vendors.data} />
        </>
      )}
    </>
  );
}
