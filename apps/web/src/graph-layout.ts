import type { Dependency, Service, Vendor } from '@rca/api-contract';

export interface GraphNode {
  key: string;
  kind: 'service' | 'component' | 'vendor';
  label: string;
  x: number;
  y: number;
}

export interface GraphEdge {
  key: string;
  from: string;
  to: string;
  label: string;
  /** null for component → vendor (belongs to, not a dependency). */
  hasFallback: boolean | null;
}

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 30;
const COLUMN_GAP = 70;
const ROW_GAP = 16;
const PAD = 10;

/**
 * Columns, left to right: services that depend on other services, … , services that depend only
 * on vendor components, the components, their vendors. A service's column is its longest chain
 * of service dependencies, so every service → service edge points right.
 */
export function layoutGraph(services: Service[], vendors: Vendor[], dependencies: Dependency[]) {
  const serviceIds = new Set(services.map((service) => service.id));
  const dependsOn = new Map<string, string[]>();
  for (const dependency of dependencies) {
    if (dependency.dependsOnServiceId && serviceIds.has(dependency.dependsOnServiceId)) {
      const list = dependsOn.get(dependency.serviceId) ?? [];
      list.push(dependency.dependsOnServiceId);
      dependsOn.set(dependency.serviceId, list);
    }
  }
  const height = new Map<string, number>();
  const heightOf = (id: string, seen: Set<string>): number => {
    const known = height.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // the API refuses cycles; stay safe anyway
    seen.add(id);
    const value =
      Math.max(-1, ...(dependsOn.get(id) ?? []).map((next) => heightOf(next, seen))) + 1;
    height.set(id, value);
    return value;
  };
  const maxHeight = Math.max(0, ...services.map((service) => heightOf(service.id, new Set())));
  const columns: GraphNode[][] = Array.from({ length: maxHeight + 3 }, () => []);
  for (const service of services) {
    columns[maxHeight - heightOf(service.id, new Set())]!.push({
      key: `service:${service.id}`,
      kind: 'service',
      label: service.name,
      x: 0,
      y: 0,
    });
  }
  // Components nobody depends on are left out: a status page can list hundreds of them.
  const used = new Set(dependencies.map((dependency) => dependency.vendorComponentId));
  const vendorOfComponent = new Map<string, Vendor>();
  for (const vendor of vendors) {
    for (const component of (vendor.components ?? []).filter((item) => used.has(item.id))) {
      vendorOfComponent.set(component.id, vendor);
      columns[maxHeight + 1]!.push({
        key: `component:${component.id}`,
        kind: 'component',
        label: component.name,
        x: 0,
        y: 0,
      });
    }
    columns[maxHeight + 2]!.push({
      key: `vendor:${vendor.id}`,
      kind: 'vendor',
      label: vendor.name,
      x: 0,
      y: 0,
    });
  }
  const nodes: GraphNode[] = [];
  columns.forEach((column, index) =>
    column.forEach((node, row) => {
      node.x = PAD + index * (NODE_WIDTH + COLUMN_GAP);
      node.y = PAD + row * (NODE_HEIGHT + ROW_GAP);
      nodes.push(node);
    }),
  );
  const names = new Map(nodes.map((node) => [node.key, node.label]));
  const edges: GraphEdge[] = [];
  for (const dependency of dependencies) {
    const to = dependency.dependsOnServiceId
      ? `service:${dependency.dependsOnServiceId}`
      : `component:${dependency.vendorComponentId}`;
    const from = `service:${dependency.serviceId}`;
    if (!names.has(from) || !names.has(to)) continue;
    edges.push({
      key: dependency.id,
      from,
      to,
      hasFallback: dependency.hasFallback,
      label: `${names.get(from)} → ${names.get(to)} (${dependency.kind}, ${
        dependency.hasFallback ? 'has a fallback' : 'no fallback'
      })`,
    });
  }
  for (const [componentId, vendor] of vendorOfComponent) {
    edges.push({
      key: `belongs:${componentId}`,
      from: `component:${componentId}`,
      to: `vendor:${vendor.id}`,
      hasFallback: null,
      label: `${names.get(`component:${componentId}`)} is a component of ${vendor.name}`,
    });
  }
  const rows = Math.max(1, ...columns.map((column) => column.length));
  return {
    nodes,
    edges,
    width: PAD * 2 + columns.length * NODE_WIDTH + (columns.length - 1) * COLUMN_GAP,
    height: PAD * 2 + rows * NODE_HEIGHT + (rows - 1) * ROW_GAP,
  };
}
