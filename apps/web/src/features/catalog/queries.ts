import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BlastRadiusReport,
  Criticality,
  Dependency,
  DependencyKind,
  Page,
  Service,
  Vendor,
  VendorComponent,
} from '@rca/api-contract';
import { api, request } from '../../api';

export const catalogKeys = {
  all: ['catalog'] as const,
  services: ['catalog', 'services'] as const,
  vendors: ['catalog', 'vendors'] as const,
  dependencies: ['catalog', 'dependencies'] as const,
  blastRadius: (vendor: string, component?: string) =>
    ['catalog', 'blast-radius', vendor, component ?? null] as const,
};

const LIMIT = 200;

/** Every row of a cursor list, page after page (the catalog is small; pickers need it whole). */
async function everything<T>(path: string, signal: AbortSignal): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await request<Page<T>>('GET', path, { query: { limit: LIMIT, cursor }, signal });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

export function useServices() {
  return useQuery({
    queryKey: catalogKeys.services,
    queryFn: ({ signal }) => everything<Service>('/services', signal),
  });
}

/** Vendors, each with its components. */
export function useVendors() {
  return useQuery({
    queryKey: catalogKeys.vendors,
    queryFn: async ({ signal }): Promise<Vendor[]> => {
      const vendors = await everything<Vendor>('/vendors', signal);
      return Promise.all(
        vendors.map(async (vendor) => ({
          ...vendor,
          components: await everything<VendorComponent>(
            `/vendors/${encodeURIComponent(vendor.slug)}/components`,
            signal,
          ),
        })),
      );
    },
  });
}

export function useDependencies() {
  return useQuery({
    queryKey: catalogKeys.dependencies,
    queryFn: ({ signal }) => everything<Dependency>('/dependencies', signal),
  });
}

export interface ServiceInput {
  slug: string;
  name: string;
  ownerTeam: string | null;
  tier: number;
  description: string;
}

export interface VendorInput {
  slug: string;
  name: string;
  website: string | null;
  statusPageUrl: string | null;
}

export interface ComponentInput {
  name: string;
  groupName: string | null;
}

export interface DependencyInput {
  serviceId: string;
  vendorComponentId?: string;
  dependsOnServiceId?: string;
  kind: DependencyKind;
  criticality: Criticality;
  hasFallback: boolean;
  notes: string;
}

/** Every catalog write; each one reads the catalog again (a delete can cascade to dependencies). */
export function useCatalogMutations() {
  const client = useQueryClient();
  const isBlast = (key: readonly unknown[]) => key[1] === 'blast-radius';
  const done = async () => {
    await client.invalidateQueries({
      queryKey: catalogKeys.all,
      predicate: (query) => !isBlast(query.queryKey),
    });
    // The blast radius is asked again only about a vendor (and component) that still exists:
    // asking about one just deleted would answer 404.
    const vendors = client.getQueryData<Vendor[]>(catalogKeys.vendors) ?? [];
    const exists = ([, , slug, component]: readonly unknown[]) =>
      vendors.some(
        (vendor) =>
          vendor.slug === slug &&
          (!component || (vendor.components ?? []).some((item) => item.id === component)),
      );
    await client.invalidateQueries({
      queryKey: ['catalog', 'blast-radius'],
      predicate: (query) => exists(query.queryKey),
    });
  };
  const mutation = <A>(write: (input: A) => Promise<unknown>) =>
    useMutation({ mutationFn: write, onSuccess: done });
  const id = encodeURIComponent;
  return {
    createService: mutation((body: ServiceInput) => request('POST', '/services', { body })),
    updateService: mutation(({ service, body }: { service: Service; body: ServiceInput }) =>
      request('PATCH', `/services/${service.id}`, { body: { ...body, version: service.version } }),
    ),
    deleteService: mutation((service: Service) =>
      request('DELETE', `/services/${service.id}`, { query: { version: service.version } }),
    ),
    createVendor: mutation((body: VendorInput) => request('POST', '/vendors', { body })),
    updateVendor: mutation(({ vendor, body }: { vendor: Vendor; body: VendorInput }) =>
      request('PATCH', `/vendors/${vendor.id}`, { body: { ...body, version: vendor.version } }),
    ),
    deleteVendor: mutation((vendor: Vendor) =>
      request('DELETE', `/vendors/${vendor.id}`, { query: { version: vendor.version } }),
    ),
    createComponent: mutation(({ vendor, body }: { vendor: Vendor; body: ComponentInput }) =>
      request('POST', `/vendors/${id(vendor.slug)}/components`, { body }),
    ),
    deleteComponent: mutation((component: VendorComponent) =>
      request('DELETE', `/vendor-components/${component.id}`, {
        query: { version: component.version },
      }),
    ),
    createDependency: mutation((body: DependencyInput) =>
      request('POST', '/dependencies', { body }),
    ),
    updateDependency: mutation(
      ({ dependency, body }: { dependency: Dependency; body: Partial<DependencyInput> }) =>
        request('PATCH', `/dependencies/${dependency.id}`, {
          body: { ...body, version: dependency.version },
        }),
    ),
    deleteDependency: mutation((dependency: Dependency) =>
      request('DELETE', `/dependencies/${dependency.id}`, {
        query: { version: dependency.version },
      }),
    ),
  };
}

/** Which services fail with a vendor (or one of its components); asked once one is chosen. */
export function useBlastRadius(choice: { vendor: string; component?: string } | undefined) {
  return useQuery({
    queryKey: catalogKeys.blastRadius(choice?.vendor ?? '', choice?.component),
    queryFn: ({ signal }): Promise<BlastRadiusReport> =>
      api.catalog.blastRadius({ vendor: choice!.vendor, component: choice!.component }, signal),
    enabled: choice !== undefined,
  });
}
