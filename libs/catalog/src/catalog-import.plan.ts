import type { CatalogImportKind, CatalogImportResult } from '@rca/api-contract';
import type { FieldError } from '@rca/shared';
import type { CatalogFile } from './catalog-import.parser';
import type { DependencyEntity } from './dependency.entity';
import type { ServiceEntity } from './service.entity';
import type { VendorComponentEntity } from './vendor-component.entity';
import type { VendorEntity } from './vendor.entity';

export interface StoredCatalog {
  services: ServiceEntity[];
  vendors: VendorEntity[];
  components: VendorComponentEntity[];
  dependencies: DependencyEntity[];
}

/** One write of the import; `key` ties rows created in the same import together. */
export type ImportOperation =
  | { kind: 'service'; key: string; existing?: ServiceEntity; values: Partial<ServiceEntity> }
  | { kind: 'vendor'; key: string; existing?: VendorEntity; values: Partial<VendorEntity> }
  | {
      kind: 'component';
      key: string;
      vendorKey: string;
      existing?: VendorComponentEntity;
      values: Partial<VendorComponentEntity>;
    }
  | {
      kind: 'dependency';
      serviceKey: string;
      target: { componentKey: string } | { serviceKey: string };
      existing?: DependencyEntity;
      values: Partial<DependencyEntity>;
    };

export interface ImportPlan {
  errors: FieldError[];
  /** Creates and updates, in an order that satisfies references (unchanged rows left out). */
  operations: ImportOperation[];
  changes: CatalogImportResult['changes'];
}

/** "Chat web" → "chat-web" (the slug a new service or vendor gets when the file has none). */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** The fields of `values` whose value differs from `existing` (only fields the file gives). */
function changedFields<T extends object>(existing: T, values: Partial<T>): Array<keyof T> {
  return (Object.keys(values) as Array<keyof T>).filter(
    (key) => values[key] !== undefined && values[key] !== existing[key],
  );
}

const pick = <T extends object>(entry: T, keys: Array<keyof T>): Partial<T> =>
  Object.fromEntries(
    keys.filter((key) => entry[key] !== undefined).map((key) => [key, entry[key]]),
  ) as Partial<T>;

/**
 * What importing `file` into `stored` does: every reference checked (services, vendors and
 * components by name or slug, in the file or stored), then one create or update per entry that
 * differs. Entries are matched by slug (given, or the stored row of the same name, or the name
 * made a slug), components by vendor and name, dependencies by service and target.
 */
export function planCatalogImport(file: CatalogFile, stored: StoredCatalog): ImportPlan {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, messages: [message] });
  const operations: ImportOperation[] = [];
  const changes: ImportPlan['changes'] = [];
  const record = (kind: CatalogImportKind, name: string, existing: boolean, fields: string[]) =>
    changes.push({
      kind,
      name,
      action: !existing ? 'create' : fields.length ? 'update' : 'unchanged',
      fields: existing ? fields : [],
    });

  // Services and vendors: keyed by slug.
  type Named = { id?: string; slug: string; name: string };
  const resolver = <T extends Named>(rows: T[]) => {
    const bySlug = new Map<string, Named>(rows.map((row) => [row.slug, row]));
    const byName = new Map<string, Named[]>();
    for (const row of rows) {
      const list = byName.get(row.name.toLowerCase()) ?? [];
      list.push(row);
      byName.set(row.name.toLowerCase(), list);
    }
    const add = (row: Named) => {
      bySlug.set(row.slug, row);
      const list = (byName.get(row.name.toLowerCase()) ?? []).filter(
        (item) => item.slug !== row.slug,
      );
      byName.set(row.name.toLowerCase(), [...list, row]);
    };
    /** A slug for a name or slug; null when unknown, 'ambiguous' when two share the name. */
    const find = (reference: string): string | null | 'ambiguous' => {
      if (bySlug.has(reference)) return reference;
      const named = byName.get(reference.toLowerCase()) ?? [];
      if (named.length > 1) return 'ambiguous';
      return named[0]?.slug ?? null;
    };
    return { bySlug, byName, add, find };
  };
  const services = resolver(stored.services);
  const vendors = resolver(stored.vendors);
  const storedServiceBySlug = new Map(stored.services.map((row) => [row.slug, row]));
  const storedVendorBySlug = new Map(stored.vendors.map((row) => [row.slug, row]));

  const seenServices = new Map<string, string>();
  for (const { at, value } of file.services) {
    const named = services.byName.get(value.name.toLowerCase())?.filter((row) => row.id) ?? [];
    const slug = value.slug ?? (named.length === 1 ? named[0]!.slug : slugify(value.name));
    if (!slug) {
      fail(`${at}.slug`, `no slug can be made of the name ${JSON.stringify(value.name)}; give one`);
      continue;
    }
    if (seenServices.has(slug)) {
      fail(at, `service ${slug} is already in the file (${seenServices.get(slug)})`);
      continue;
    }
    seenServices.set(slug, at);
    const existing = storedServiceBySlug.get(slug);
    const values = pick(value, [
      'name',
      'ownerTeam',
      'tier',
      'description',
    ]) as Partial<ServiceEntity>;
    const fields = existing ? changedFields(existing, values) : [];
    record('service', value.name, Boolean(existing), fields as string[]);
    if (!existing) {
      operations.push({ kind: 'service', key: slug, values: { ...values, slug } });
      services.add({ slug, name: value.name });
    } else if (fields.length) {
      operations.push({ kind: 'service', key: slug, existing, values: pick(values, fields) });
      services.add({ id: existing.id, slug, name: value.name });
    }
  }

  const seenVendors = new Map<string, string>();
  for (const { at, value } of file.vendors) {
    const named = vendors.byName.get(value.name.toLowerCase())?.filter((row) => row.id) ?? [];
    const slug = value.slug ?? (named.length === 1 ? named[0]!.slug : slugify(value.name));
    if (!slug) {
      fail(`${at}.slug`, `no slug can be made of the name ${JSON.stringify(value.name)}; give one`);
      continue;
    }
    if (seenVendors.has(slug)) {
      fail(at, `vendor ${slug} is already in the file (${seenVendors.get(slug)})`);
      continue;
    }
    seenVendors.set(slug, at);
    const existing = storedVendorBySlug.get(slug);
    const values = pick(value, ['name', 'website', 'statusPageUrl']) as Partial<VendorEntity>;
    const fields = existing ? changedFields(existing, values) : [];
    record('vendor', value.name, Boolean(existing), fields as string[]);
    if (!existing) {
      operations.push({ kind: 'vendor', key: slug, values: { ...values, slug } });
      vendors.add({ slug, name: value.name });
    } else if (fields.length) {
      operations.push({ kind: 'vendor', key: slug, existing, values: pick(values, fields) });
      vendors.add({ id: existing.id, slug, name: value.name });
    }
  }

  // Components: keyed by vendor slug and name.
  const vendorName = (slug: string) => vendors.bySlug.get(slug)?.name ?? slug;
  const vendorIdBySlug = new Map(stored.vendors.map((row) => [row.slug, row.id]));
  const storedComponent = new Map(
    stored.components.map((row) => [`${row.vendorId}\u0000${row.name}`, row]),
  );
  const componentKeys = new Set<string>();
  const findComponent = (vendorSlug: string, name: string) => {
    const key = `${vendorSlug}\u0000${name}`;
    if (componentKeys.has(key)) return key;
    const vendorId = vendorIdBySlug.get(vendorSlug);
    return vendorId && storedComponent.has(`${vendorId}\u0000${name}`) ? key : null;
  };
  const resolveVendor = (field: string, reference: string) => {
    const slug = vendors.find(reference);
    if (slug === 'ambiguous')
      fail(field, `two vendors are named ${JSON.stringify(reference)}; use the slug`);
    else if (!slug)
      fail(field, `no vendor ${JSON.stringify(reference)} in the file or the catalog`);
    else return slug;
    return null;
  };
  const seenComponents = new Map<string, string>();
  for (const { at, value } of file.components) {
    const vendorSlug = resolveVendor(`${at}.vendor`, value.vendor);
    if (!vendorSlug) continue;
    const key = `${vendorSlug}\u0000${value.name}`;
    if (seenComponents.has(key)) {
      fail(
        at,
        `component ${value.name} of ${vendorName(vendorSlug)} is already in the file (${seenComponents.get(key)})`,
      );
      continue;
    }
    seenComponents.set(key, at);
    componentKeys.add(key);
    const vendorId = vendorIdBySlug.get(vendorSlug);
    const existing = vendorId ? storedComponent.get(`${vendorId}\u0000${value.name}`) : undefined;
    const values = pick(value, [
      'name',
      'groupName',
      'description',
    ]) as Partial<VendorComponentEntity>;
    const fields = existing ? changedFields(existing, values) : [];
    record(
      'component',
      `${vendorName(vendorSlug)} / ${value.name}`,
      Boolean(existing),
      fields as string[],
    );
    if (!existing) operations.push({ kind: 'component', key, vendorKey: vendorSlug, values });
    else if (fields.length)
      operations.push({
        kind: 'component',
        key,
        vendorKey: vendorSlug,
        existing,
        values: pick(values, fields),
      });
  }

  // Dependencies: keyed by service and target; service → service edges must not close a cycle.
  const slugByServiceId = new Map(stored.services.map((row) => [row.id, row.slug]));
  const componentById = new Map(stored.components.map((row) => [row.id, row]));
  const vendorSlugById = new Map(stored.vendors.map((row) => [row.id, row.slug]));
  const storedDependency = new Map<string, DependencyEntity>();
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => {
    const set = edges.get(from) ?? new Set<string>();
    set.add(to);
    edges.set(from, set);
  };
  for (const dependency of stored.dependencies) {
    const from = slugByServiceId.get(dependency.serviceId)!;
    if (dependency.dependsOnServiceId) {
      const to = slugByServiceId.get(dependency.dependsOnServiceId)!;
      storedDependency.set(`${from}\u0000service\u0000${to}`, dependency);
      addEdge(from, to);
    } else if (dependency.vendorComponentId) {
      const component = componentById.get(dependency.vendorComponentId)!;
      const target = `${vendorSlugById.get(component.vendorId)}\u0000${component.name}`;
      storedDependency.set(`${from}\u0000component\u0000${target}`, dependency);
    }
  }
  const resolveService = (field: string, reference: string) => {
    const slug = services.find(reference);
    if (slug === 'ambiguous')
      fail(field, `two services are named ${JSON.stringify(reference)}; use the slug`);
    else if (!slug)
      fail(field, `no service ${JSON.stringify(reference)} in the file or the catalog`);
    else return slug;
    return null;
  };
  const serviceName = (slug: string) => services.bySlug.get(slug)?.name ?? slug;
  const path = (from: string, to: string, seen = new Set<string>()): string[] | null => {
    if (from === to) return [to];
    if (seen.has(from)) return null;
    seen.add(from);
    for (const next of edges.get(from) ?? []) {
      const rest = path(next, to, seen);
      if (rest) return [from, ...rest];
    }
    return null;
  };
  const seenDependencies = new Map<string, string>();
  for (const { at, value } of file.dependencies) {
    const serviceSlug = resolveService(`${at}.service`, value.service);
    const hasComponent = value.component !== undefined || value.vendor !== undefined;
    if (hasComponent === (value.dependsOnService !== undefined)) {
      fail(at, 'give either vendor and component, or dependsOnService');
      continue;
    }
    let key: string;
    let target: { componentKey: string } | { serviceKey: string };
    let targetName: string;
    if (hasComponent) {
      if (value.vendor === undefined || value.component === undefined) {
        fail(
          `${at}.${value.vendor === undefined ? 'vendor' : 'component'}`,
          'a component needs its vendor and its name',
        );
        continue;
      }
      const vendorSlug = resolveVendor(`${at}.vendor`, value.vendor);
      if (!vendorSlug || !serviceSlug) continue;
      const componentKey = findComponent(vendorSlug, value.component);
      if (!componentKey) {
        fail(
          `${at}.component`,
          `${vendorName(vendorSlug)} has no component ${JSON.stringify(value.component)} in the file or the catalog`,
        );
        continue;
      }
      key = `${serviceSlug}\u0000component\u0000${componentKey}`;
      target = { componentKey };
      targetName = `${vendorName(vendorSlug)} / ${value.component}`;
    } else {
      const otherSlug = resolveService(`${at}.dependsOnService`, value.dependsOnService!);
      if (!otherSlug || !serviceSlug) continue;
      if (otherSlug === serviceSlug) {
        fail(`${at}.dependsOnService`, 'a service cannot depend on itself');
        continue;
      }
      key = `${serviceSlug}\u0000service\u0000${otherSlug}`;
      if (!storedDependency.has(key)) {
        const back = path(otherSlug, serviceSlug);
        if (back) {
          fail(
            `${at}.dependsOnService`,
            `this dependency would create a cycle: ${[serviceSlug, ...back].join(' → ')}`,
          );
          continue;
        }
        addEdge(serviceSlug, otherSlug);
      }
      target = { serviceKey: otherSlug };
      targetName = serviceName(otherSlug);
    }
    if (seenDependencies.has(key)) {
      fail(at, `this dependency is already in the file (${seenDependencies.get(key)})`);
      continue;
    }
    seenDependencies.set(key, at);
    const existing = storedDependency.get(key);
    const values = pick(value, [
      'kind',
      'criticality',
      'hasFallback',
      'notes',
    ]) as Partial<DependencyEntity>;
    const fields = existing ? changedFields(existing, values) : [];
    record(
      'dependency',
      `${serviceName(serviceSlug)} → ${targetName}`,
      Boolean(existing),
      fields as string[],
    );
    if (!existing) operations.push({ kind: 'dependency', serviceKey: serviceSlug, target, values });
    else if (fields.length)
      operations.push({
        kind: 'dependency',
        serviceKey: serviceSlug,
        target,
        existing,
        values: pick(values, fields),
      });
  }
  return { errors, operations, changes };
}
