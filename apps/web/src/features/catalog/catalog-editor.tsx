import { useState, type FormEvent } from 'react';
import {
  CRITICALITIES,
  DEPENDENCY_KINDS,
  type Criticality,
  type Dependency,
  type DependencyKind,
  type Service,
  type Vendor,
  type VendorComponent,
} from '@rca/api-contract';
import { ApiError } from '../../api';
import { Empty, ErrorBox, Field, FormError, humanize, fieldErrorsOf } from '../../ui';
import { ActionList } from '../../components/action-list';
import { useCatalogMutations, type ServiceInput, type VendorInput } from './queries';

type Mutations = ReturnType<typeof useCatalogMutations>;

const fieldsOf = (error: unknown) => (error instanceof ApiError ? error.fieldErrors : {});

/** "Chat web" → "chat-web": the slug follows the name until someone types one. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

function confirmDelete(what: string): boolean {
  return window.confirm(`Delete ${what}? This cannot be undone.`);
}

// ---------------------------------------------------------------- services

function ServiceForm({
  service,
  mutations,
  onDone,
}: {
  service?: Service;
  mutations: Mutations;
  onDone?: () => void;
}) {
  const [name, setName] = useState(service?.name ?? '');
  const [slug, setSlug] = useState(service?.slug ?? '');
  const [slugTyped, setSlugTyped] = useState(Boolean(service));
  const [ownerTeam, setOwnerTeam] = useState(service?.ownerTeam ?? '');
  const [tier, setTier] = useState(String(service?.tier ?? 3));
  const [description, setDescription] = useState(service?.description ?? '');
  const write = service ? mutations.updateService : mutations.createService;

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: ServiceInput = {
      name,
      slug: slugTyped ? slug : slugOf(name),
      ownerTeam: ownerTeam.trim() || null,
      tier: Number(tier),
      description,
    };
    const options = {
      onSuccess: () => {
        if (!service) {
          setName('');
          setSlug('');
          setSlugTyped(false);
          setOwnerTeam('');
          setDescription('');
        }
        onDone?.();
      },
    };
    if (service) mutations.updateService.mutate({ service, body }, options);
    else mutations.createService.mutate(body, options);
  }

  const label = service ? `Edit ${service.name}` : 'Add a service';
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={label}>
      <FormError
        error={write.error}
        shownFields={['name', 'slug', 'ownerTeam', 'tier', 'description']}
      />
      <div className="row">
        <Field
          label="Name"
          errors={fieldErrorsOf(write.error, 'name')}
          value={name}
          onValue={setName}
        />
        <Field
          label="Slug"
          errors={fieldErrorsOf(write.error, 'slug')}
          hint="Lowercase letters, digits and dashes"
        >
          {(props) => (
            <input
              {...props}
              value={slugTyped ? slug : slugOf(name)}
              onChange={(event) => {
                setSlugTyped(true);
                setSlug(event.target.value);
              }}
            />
          )}
        </Field>
        <Field
          label="Owner team"
          errors={fieldErrorsOf(write.error, 'ownerTeam')}
          value={ownerTeam}
          onValue={setOwnerTeam}
        />
        <Field label="Tier" errors={fieldErrorsOf(write.error, 'tier')} hint="1 = most critical">
          {(props) => (
            <select {...props} value={tier} onChange={(event) => setTier(event.target.value)}>
              {[1, 2, 3, 4].map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label="Description"
        errors={fieldErrorsOf(write.error, 'description')}
        value={description}
        onValue={setDescription}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={write.isPending}>
          {write.isPending ? 'Saving…' : service ? 'Save service' : 'Add service'}
        </button>
        {onDone && service && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function ServicesEditor({ services, canWrite }: { services: Service[]; canWrite: boolean }) {
  const mutations = useCatalogMutations();
  const [editing, setEditing] = useState<string>();
  return (
    <>
      <ActionList
        label="Services"
        items={services}
        itemKey={(service) => service.id}
        empty={
          <Empty title="No services yet">
            <p>
              {canWrite
                ? 'Add the services your customers use (below): impacts and dependencies are recorded against them.'
                : 'A responder or an admin adds the services your customers use.'}{' '}
              The demo workspace has some: <code>npm run demo:seed</code>.
            </p>
          </Empty>
        }
        editing={editing}
        renderEditor={(service) => (
          <ServiceForm
            service={service}
            mutations={mutations}
            onDone={() => setEditing(undefined)}
          />
        )}
        columns={[
          { header: 'Service', cell: (service) => service.name },
          { header: 'Slug', cell: (service) => <code>{service.slug}</code> },
          { header: 'Owner team', cell: (service) => service.ownerTeam ?? '—' },
          { header: 'Tier', cell: (service) => service.tier },
          { header: 'Description', cell: (service) => service.description },
        ]}
        actions={(service) =>
          canWrite
            ? [
                {
                  label: 'Edit',
                  ariaLabel: `Edit ${service.name}`,
                  onClick: () => setEditing(service.id),
                },
                {
                  label: 'Delete',
                  ariaLabel: `Delete ${service.name}`,
                  danger: true,
                  disabled: mutations.deleteService.isPending,
                  confirm: `Delete the service ${service.name}? This cannot be undone.`,
                  onClick: () => mutations.deleteService.mutate(service),
                },
              ]
            : []
        }
        errors={[mutations.deleteService.error]}
      />
      {canWrite && (
        <details className="add-form" open={services.length === 0}>
          <summary>Add a service</summary>
          <ServiceForm mutations={mutations} />
        </details>
      )}
    </>
  );
}

// ---------------------------------------------------------------- vendors

function VendorForm({
  vendor,
  mutations,
  onDone,
}: {
  vendor?: Vendor;
  mutations: Mutations;
  onDone?: () => void;
}) {
  const [name, setName] = useState(vendor?.name ?? '');
  const [slug, setSlug] = useState(vendor?.slug ?? '');
  const [slugTyped, setSlugTyped] = useState(Boolean(vendor));
  const [website, setWebsite] = useState(vendor?.website ?? '');
  const [statusPageUrl, setStatusPageUrl] = useState(vendor?.statusPageUrl ?? '');
  const write = vendor ? mutations.updateVendor : mutations.createVendor;

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: VendorInput = {
      name,
      slug: slugTyped ? slug : slugOf(name),
      website: website.trim() || null,
      statusPageUrl: statusPageUrl.trim() || null,
    };
    const options = {
      onSuccess: () => {
        if (!vendor) {
          setName('');
          setSlug('');
          setSlugTyped(false);
          setWebsite('');
          setStatusPageUrl('');
        }
        onDone?.();
      },
    };
    if (vendor) mutations.updateVendor.mutate({ vendor, body }, options);
    else mutations.createVendor.mutate(body, options);
  }

  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={vendor ? `Edit ${vendor.name}` : 'Add a vendor'}
    >
      <FormError error={write.error} shownFields={['name', 'slug', 'website', 'statusPageUrl']} />
      <div className="row">
        <Field
          label="Vendor name"
          errors={fieldErrorsOf(write.error, 'name')}
          value={name}
          onValue={setName}
        />
        <Field label="Vendor slug" errors={fieldErrorsOf(write.error, 'slug')}>
          {(props) => (
            <input
              {...props}
              value={slugTyped ? slug : slugOf(name)}
              onChange={(event) => {
                setSlugTyped(true);
                setSlug(event.target.value);
              }}
            />
          )}
        </Field>
        <Field
          label="Website"
          errors={fieldErrorsOf(write.error, 'website')}
          type="url"
          value={website}
          onValue={setWebsite}
        />
        <Field
          label="Status page URL"
          errors={fieldErrorsOf(write.error, 'statusPageUrl')}
          type="url"
          value={statusPageUrl}
          onValue={setStatusPageUrl}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={write.isPending}>
          {write.isPending ? 'Saving…' : vendor ? 'Save vendor' : 'Add vendor'}
        </button>
        {onDone && vendor && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function ComponentForm({ vendor, mutations }: { vendor: Vendor; mutations: Mutations }) {
  const [name, setName] = useState('');
  const [groupName, setGroupName] = useState('');
  const write = mutations.createComponent;
  const mine = write.variables?.vendor.id === vendor.id;
  function submit(event: FormEvent) {
    event.preventDefault();
    write.mutate(
      { vendor, body: { name, groupName: groupName.trim() || null } },
      {
        onSuccess: () => {
          setName('');
          setGroupName('');
        },
      },
    );
  }
  return (
    <form
      className="form inline-form"
      onSubmit={submit}
      noValidate
      aria-label={`Add a component to ${vendor.name}`}
    >
      {mine && <FormError error={write.error} shownFields={['name', 'groupName']} />}
      <div className="row">
        <Field
          label="Component name"
          errors={fieldErrorsOf(mine ? write.error : null, 'name')}
          value={name}
          onValue={setName}
        />
        <Field
          label="Group (optional)"
          errors={fieldErrorsOf(mine ? write.error : null, 'groupName')}
          value={groupName}
          onValue={setGroupName}
        />
      </div>
      <button type="submit" disabled={write.isPending && mine}>
        Add component
      </button>
    </form>
  );
}

export function VendorsEditor({ vendors, canWrite }: { vendors: Vendor[]; canWrite: boolean }) {
  const mutations = useCatalogMutations();
  const [editing, setEditing] = useState<string>();
  return (
    <>
      {vendors.length === 0 ? (
        <Empty title="No vendors yet">
          <p>
            {canWrite
              ? 'Add the third parties you depend on (Cloudflare, AWS, …) below, then their components.'
              : 'A responder or an admin adds the third parties you depend on (Cloudflare, AWS, …).'}{' '}
            The demo workspace has some: <code>npm run demo:seed</code>.
          </p>
        </Empty>
      ) : (
        <ul className="vendors">
          {vendors.map((vendor) => (
            <li key={vendor.id} className="card" aria-label={vendor.name}>
              {editing === vendor.id ? (
                <VendorForm
                  vendor={vendor}
                  mutations={mutations}
                  onDone={() => setEditing(undefined)}
                />
              ) : (
                <>
                  <h3>{vendor.name}</h3>
                  {vendor.statusPageUrl && (
                    <p className="small">
                      Status page:{' '}
                      <a href={vendor.statusPageUrl} rel="noreferrer noopener" target="_blank">
                        {vendor.statusPageUrl}
                      </a>
                    </p>
                  )}
                  {canWrite && (
                    <p className="actions">
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Edit ${vendor.name}`}
                        onClick={() => setEditing(vendor.id)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="link-button danger"
                        aria-label={`Delete ${vendor.name}`}
                        onClick={() =>
                          confirmDelete(`the vendor ${vendor.name} and its components`) &&
                          mutations.deleteVendor.mutate(vendor)
                        }
                      >
                        Delete
                      </button>
                    </p>
                  )}
                </>
              )}
              {vendor.components && vendor.components.length > 0 ? (
                <ul className="components" aria-label={`${vendor.name} components`}>
                  {vendor.components.map((component: VendorComponent) => (
                    <li key={component.id} className="tag">
                      {component.name}
                      {canWrite && (
                        <button
                          type="button"
                          className="link-button tag-remove"
                          aria-label={`Delete component ${component.name} of ${vendor.name}`}
                          onClick={() =>
                            confirmDelete(`the component ${component.name}`) &&
                            mutations.deleteComponent.mutate(component)
                          }
                        >
                          ×
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="muted small">No components recorded.</p>
              )}
              {canWrite && <ComponentForm vendor={vendor} mutations={mutations} />}
            </li>
          ))}
        </ul>
      )}
      {[mutations.deleteVendor.error, mutations.deleteComponent.error].map(
        (error, index) => error !== null && <ErrorBox key={index} error={error} />,
      )}
      {canWrite && (
        <details className="add-form" open={vendors.length === 0}>
          <summary>Add a vendor</summary>
          <VendorForm mutations={mutations} />
        </details>
      )}
    </>
  );
}

// ---------------------------------------------------------------- dependencies

function DependencyForm({
  services,
  vendors,
  mutations,
}: {
  services: Service[];
  vendors: Vendor[];
  mutations: Mutations;
}) {
  const [serviceId, setServiceId] = useState('');
  // "component:<id>" or "service:<id>": one picker for both kinds of target.
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState<DependencyKind | ''>('');
  const [criticality, setCriticality] = useState<Criticality>('high');
  const [hasFallback, setHasFallback] = useState(false);
  const [notes, setNotes] = useState('');
  const write = mutations.createDependency;
  const errors = fieldsOf(write.error);
  const targetErrors = [
    ...(errors.vendorComponentId ?? []),
    ...(errors.dependsOnServiceId ?? []),
    ...(errors.target ?? []),
  ];

  function submit(event: FormEvent) {
    event.preventDefault();
    const [targetKind, targetId] = target.split(':');
    write.mutate(
      {
        serviceId,
        ...(targetKind === 'component' ? { vendorComponentId: targetId } : {}),
        ...(targetKind === 'service' ? { dependsOnServiceId: targetId } : {}),
        kind: kind as DependencyKind,
        criticality,
        hasFallback,
        notes,
      },
      {
        onSuccess: () => {
          setTarget('');
          setNotes('');
          setHasFallback(false);
        },
      },
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Add a dependency">
      <FormError
        error={write.error}
        shownFields={[
          'serviceId',
          'vendorComponentId',
          'dependsOnServiceId',
          'target',
          'kind',
          'criticality',
          'hasFallback',
          'notes',
        ]}
      />
      <div className="row">
        <Field label="Service" errors={fieldErrorsOf(write.error, 'serviceId')}>
          {(props) => (
            <select
              {...props}
              value={serviceId}
              onChange={(event) => setServiceId(event.target.value)}
            >
              <option value="">Choose a service…</option>
              {services.map((service) => (
                <option key={service.id} value={service.id}>
                  {service.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Depends on" errors={targetErrors}>
          {(props) => (
            <select {...props} value={target} onChange={(event) => setTarget(event.target.value)}>
              <option value="">Choose a vendor component or a service…</option>
              {vendors.map((vendor) => (
                <optgroup key={vendor.id} label={vendor.name}>
                  {(vendor.components ?? []).map((component) => (
                    <option key={component.id} value={`component:${component.id}`}>
                      {vendor.name} {component.name}
                    </option>
                  ))}
                </optgroup>
              ))}
              <optgroup label="Our services">
                {services
                  .filter((service) => service.id !== serviceId)
                  .map((service) => (
                    <option key={service.id} value={`service:${service.id}`}>
                      {service.name}
                    </option>
                  ))}
              </optgroup>
            </select>
          )}
        </Field>
        <Field label="Kind" errors={fieldErrorsOf(write.error, 'kind')}>
          {(props) => (
            <select
              {...props}
              value={kind}
              onChange={(event) => setKind(event.target.value as DependencyKind)}
            >
              <option value="">Choose…</option>
              {DEPENDENCY_KINDS.map((value) => (
                <option key={value} value={value}>
                  {['cdn', 'dns', 'api'].includes(value) ? value.toUpperCase() : humanize(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Criticality" errors={fieldErrorsOf(write.error, 'criticality')}>
          {(props) => (
            <select
              {...props}
              value={criticality}
              onChange={(event) => setCriticality(event.target.value as Criticality)}
            >
              {CRITICALITIES.map((value) => (
                <option key={value} value={value}>
                  {humanize(value)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="row">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={hasFallback}
            onChange={(event) => setHasFallback(event.target.checked)}
          />{' '}
          Has a fallback (multi-CDN, second provider, …)
        </label>
        <Field
          label="Notes"
          errors={fieldErrorsOf(write.error, 'notes')}
          value={notes}
          onValue={setNotes}
        />
      </div>
      <button type="submit" className="primary" disabled={write.isPending}>
        {write.isPending ? 'Saving…' : 'Add dependency'}
      </button>
    </form>
  );
}

export function DependenciesEditor({
  dependencies,
  services,
  vendors,
  canWrite,
}: {
  dependencies: Dependency[];
  services: Service[];
  vendors: Vendor[];
  canWrite: boolean;
}) {
  const mutations = useCatalogMutations();
  const serviceName = new Map(services.map((service) => [service.id, service.name]));
  const componentName = new Map(
    vendors.flatMap((vendor) =>
      (vendor.components ?? []).map((component) => [
        component.id,
        `${vendor.name} ${component.name}`,
      ]),
    ),
  );
  const targetOf = (dependency: Dependency) =>
    dependency.vendorComponentId
      ? (componentName.get(dependency.vendorComponentId) ?? 'a vendor component')
      : (serviceName.get(dependency.dependsOnServiceId ?? '') ?? 'a service');
  const labelOf = (dependency: Dependency) =>
    `${serviceName.get(dependency.serviceId) ?? 'service'} → ${targetOf(dependency)}`;
  return (
    <>
      <ActionList
        label="Dependencies"
        items={dependencies}
        itemKey={(dependency) => dependency.id}
        empty={
          <Empty title="No dependencies yet">
            <p>
              A dependency says which vendor component (or other service of ours) a service needs.
              With them the blast radius and the cause suggestions know what a vendor outage hits.
            </p>
          </Empty>
        }
        columns={[
          {
            header: 'Service',
            cell: (dependency) => serviceName.get(dependency.serviceId) ?? '—',
          },
          { header: 'Depends on', cell: targetOf },
          { header: 'Kind', cell: (dependency) => dependency.kind },
          { header: 'Criticality', cell: (dependency) => humanize(dependency.criticality) },
          {
            header: 'Fallback',
            cell: (dependency) =>
              canWrite ? (
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={dependency.hasFallback}
                    aria-label={`${labelOf(dependency)} has a fallback`}
                    onChange={(event) =>
                      mutations.updateDependency.mutate({
                        dependency,
                        body: { hasFallback: event.target.checked },
                      })
                    }
                  />{' '}
                  {dependency.hasFallback ? 'Yes' : 'No'}
                </label>
              ) : dependency.hasFallback ? (
                'Yes'
              ) : (
                <span className="badge spof">No fallback</span>
              ),
          },
        ]}
        actions={(dependency) =>
          canWrite
            ? [
                {
                  label: 'Delete',
                  ariaLabel: `Delete dependency ${labelOf(dependency)}`,
                  danger: true,
                  confirm: `Delete the dependency ${labelOf(dependency)}? This cannot be undone.`,
                  onClick: () => mutations.deleteDependency.mutate(dependency),
                },
              ]
            : []
        }
        errors={[mutations.updateDependency.error, mutations.deleteDependency.error]}
      />
      {canWrite &&
        (services.length === 0 ? (
          <p className="muted">Add a service first; then say what it depends on here.</p>
        ) : (
          <details className="add-form" open={dependencies.length === 0}>
            <summary>Add a dependency</summary>
            <DependencyForm services={services} vendors={vendors} mutations={mutations} />
          </details>
        ))}
    </>
  );
}
