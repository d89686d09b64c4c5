import { Link } from 'react-router';
import { useState, type FormEvent } from 'react';
import type { Vendor } from '@rca/api-contract';
import { blastSentence } from '../features/catalog/blast-sentence';
import {
  DependenciesEditor,
  ServicesEditor,
  VendorsEditor,
} from '../features/catalog/catalog-editor';
import {
  useBlastRadius,
  useDependencies,
  useServices,
  useVendors,
} from '../features/catalog/queries';
import { CatalogImport } from '../features/catalog-import/catalog-import';
import { useSession } from '../session';
import { ErrorBox, Loading } from '../ui';

function BlastRadius({
  vendors,
  serviceNames,
}: {
  vendors: Vendor[];
  serviceNames: Record<string, string>;
}) {
  const [vendorSlug, setVendorSlug] = useState(vendors[0]?.slug ?? '');
  const [componentId, setComponentId] = useState('');
  const [asked, setAsked] = useState<{ vendor: string; component?: string; label: string }>();
  const vendor = vendors.find((item) => item.slug === vendorSlug);
  // A vendor deleted after its blast radius was shown is not asked about again (a 404).
  const blast = useBlastRadius(
    asked && vendors.some((item) => item.slug === asked.vendor) ? asked : undefined,
  );
  const error = blast.error ?? undefined;
  const loading = blast.isFetching;
  const result = asked && blast.data ? { label: asked.label, report: blast.data } : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!vendor) return;
    const component = vendor.components?.find((item) => item.id === componentId);
    setAsked({
      vendor: vendor.slug,
      component: component?.id,
      label: component ? `${vendor.name} ${component.name}` : vendor.name,
    });
  }

  return (
    <section aria-labelledby="blast-title" className="card">
      <h2 id="blast-title">Blast radius</h2>
      <p className="muted">
        Which of our services go down if a vendor, or one of its components, fails.
      </p>
      <form className="form" onSubmit={submit} aria-label="Blast radius query">
        <div className="row">
          <div className="field">
            <label htmlFor="blast-vendor">Vendor</label>
            <select
              id="blast-vendor"
              value={vendorSlug}
              onChange={(event) => {
                setVendorSlug(event.target.value);
                setComponentId('');
              }}
            >
              {vendors.map((item) => (
                <option key={item.id} value={item.slug}>
                  {item.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="blast-component">Component</label>
            <select
              id="blast-component"
              value={componentId}
              onChange={(event) => setComponentId(event.target.value)}
            >
              <option value="">Any component</option>
              {(vendor?.components ?? []).map((component) => (
                <option key={component.id} value={component.id}>
                  {component.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit" className="primary" disabled={loading || !vendor}>
          {loading ? 'Computing…' : 'Show blast radius'}
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
      {result && (
        <div className="blast-result" aria-live="polite">
          <p className="sentence" data-testid="blast-sentence">
            {blastSentence(result.label, result.report)}
          </p>
          {result.report.services.length > 0 && (
            <ul className="blast-list">
              {result.report.services.map((entry) => (
                <li key={entry.serviceId}>
                  <strong>{entry.name}</strong>{' '}
                  {entry.singlePointOfFailure ? (
                    <span className="badge spof">No fallback</span>
                  ) : (
                    <span className="badge fallback">Has fallback</span>
                  )}
                  {entry.path.length > 0 && (
                    <span className="muted small">
                      {' '}
                      {entry.depth === 1 ? 'directly' : 'via'}{' '}
                      {entry.path.map((step) => serviceNames[step] ?? step).join(' → ')}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

export function CatalogPage() {
  const { user } = useSession();
  const canWrite = user !== null && user.role !== 'viewer';
  const services = useServices();
  const vendors = useVendors();
  const dependencies = useDependencies();
  return (
    <>
      <h1>Vendors &amp; catalog</h1>
      <p className="muted">
        Our services, the third parties they depend on, and what fails with them. Status-page
        health, live vendor incidents and the dependency map are on{' '}
        <Link to="/vendors">Vendor status</Link>.
      </p>
      {vendors.error && <ErrorBox error={vendors.error} onRetry={() => void vendors.refetch()} />}
      {vendors.data && vendors.data.length > 0 && (
        <BlastRadius
          vendors={vendors.data}
          serviceNames={Object.fromEntries(
            (services.data ?? []).map((service) => [service.slug, service.name]),
          )}
        />
      )}

      <section aria-labelledby="services-title">
        <h2 id="services-title">Services</h2>
        {services.error && (
          <ErrorBox error={services.error} onRetry={() => void services.refetch()} />
        )}
        {services.isPending && <Loading what="services" />}
        {services.data && <ServicesEditor services={services.data} canWrite={canWrite} />}
      </section>

      <section aria-labelledby="vendors-title">
        <h2 id="vendors-title">Vendors</h2>
        {vendors.isPending && <Loading what="vendors" />}
        {vendors.data && <VendorsEditor vendors={vendors.data} canWrite={canWrite} />}
      </section>

      <section aria-labelledby="dependencies-title">
        <h2 id="dependencies-title">Dependencies</h2>
        {dependencies.error && (
          <ErrorBox error={dependencies.error} onRetry={() => void dependencies.refetch()} />
        )}
        {(dependencies.isPending || services.isPending || vendors.isPending) && (
          <Loading what="dependencies" />
        )}
        {dependencies.data && services.data && vendors.data && (
          <DependenciesEditor
            dependencies={dependencies.data}
            services={services.data}
            vendors={vendors.data}
            canWrite={canWrite}
          />
        )}
      </section>

      {canWrite && <CatalogImport />}
    </>
  );
}
