import { useState } from 'react';
import type { Vendor } from '@rca/api-contract';
import { DependencyGraph, type GraphHighlight } from '../../dependency-graph';
import { ErrorBox, Loading } from '../../ui';
import { blastSentence } from '../catalog/blast-sentence';
import { useBlastRadius, useDependencies, useServices } from '../catalog/queries';

/** The dependency map with the blast radius of a chosen vendor or component. */
export function DependencyMap({ vendors }: { vendors: Vendor[] }) {
  const services = useServices();
  const dependencies = useDependencies();
  const [choice, setChoice] = useState('');
  const [vendorSlug, componentId] = choice ? choice.split('|') : [];
  const chosenVendor = vendors.find((item) => item.slug === vendorSlug);
  const chosenComponent = chosenVendor?.components?.find((item) => item.id === componentId);
  const blast = useBlastRadius(
    chosenVendor ? { vendor: chosenVendor.slug, component: chosenComponent?.id } : undefined,
  );
  const error = blast.error ?? undefined;
  const result =
    blast.data && chosenVendor
      ? {
          label: chosenComponent
            ? `${chosenVendor.name} ${chosenComponent.name}`
            : chosenVendor.name,
          report: blast.data,
        }
      : undefined;
  const serviceList = services.data ? { items: services.data } : undefined;
  const dependencyList = dependencies.data ? { items: dependencies.data } : undefined;

  let highlight: GraphHighlight | undefined;
  if (result) {
    const serviceIds = result.report.services.map((service) => service.serviceId);
    // Components that fail: the chosen one, or those of the vendor an affected service uses.
    const componentIds = result.report.components
      .map((component) => component.id)
      .filter((id) =>
        (dependencyList?.items ?? []).some(
          (dependency) =>
            dependency.vendorComponentId === id && serviceIds.includes(dependency.serviceId),
        ),
      );
    highlight = { vendorId: result.report.vendor.id, componentIds, serviceIds };
  }

  return (
    <section aria-labelledby="graph-title">
      <h2 id="graph-title">Dependency map</h2>
      <p className="muted">
        Our services, the services and vendor components they depend on, and the vendors. Red edges
        have no fallback. Choose a vendor or component to see what fails with it.
      </p>
      {(services.error || dependencies.error) && (
        <ErrorBox
          error={services.error ?? dependencies.error}
          onRetry={() => {
            void services.refetch();
            void dependencies.refetch();
          }}
        />
      )}
      {(!serviceList || !dependencyList) && !services.error && !dependencies.error && (
        <Loading what="the dependency map" />
      )}
      {serviceList && dependencyList && (
        <>
          {serviceList.items.length === 0 ? (
            <p className="muted small">
              No services yet: add them and their dependencies on the <a href="/catalog">catalog</a>{' '}
              (API) to draw the map.
            </p>
          ) : (
            <>
              <div className="field">
                <label htmlFor="graph-failure">If this fails</label>
                <select
                  id="graph-failure"
                  value={choice}
                  onChange={(event) => setChoice(event.target.value)}
                >
                  <option value="">Nothing chosen</option>
                  {vendors.map((vendor) => [
                    <option key={vendor.id} value={vendor.slug}>
                      {vendor.name} (any component)
                    </option>,
                    ...(vendor.components ?? []).map((component) => (
                      <option key={component.id} value={`${vendor.slug}|${component.id}`}>
                        {vendor.name} {component.name}
                      </option>
                    )),
                  ])}
                </select>
              </div>
              {error && <ErrorBox error={error} />}
              {result && (
                <p className="sentence" aria-live="polite" data-testid="graph-blast-sentence">
                  {blastSentence(result.label, result.report)}
                </p>
              )}
              <DependencyGraph
                services={serviceList.items}
                vendors={vendors}
                dependencies={dependencyList.items}
                highlight={highlight}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
