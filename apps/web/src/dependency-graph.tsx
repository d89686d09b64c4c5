import type { Dependency, Service, Vendor } from '@rca/api-contract';

/** What the blast-radius query found: these nodes fail with the chosen vendor or component. */
export interface GraphHighlight {
  vendorId: string;
  componentIds: string[];
  serviceIds: string[];
}

interface Node {
  key: string;
  kind: 'service' | 'component' | 'vendor';
  label: string;
  x: number;
  y: number;
}

interface Edge {
  key: string;
  from: string;
  to: string;
  label: string;
  /** null for component → vendor (belongs to, not a dependency). */
  hasFallback: boolean | null;
}

const NODE_WIDTH = 150;
const NODE_HEIGHT = 30;
const COLUMN_GAP = 70;
const ROW_GAP = 16;
const PAD = 10;

/**
 * Columns, left to right: services that depend on other services, … , services that depend only
 * on vendor components, the components, their vendors. A service's column is its longest chain
 * of service dependencies, so every service → service edge points right.
 */
function layout(services: Service[], vendors: Vendor[], dependencies: Dependency[]) {
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
  const columns: Node[][] = Array.from({ length: maxHeight + 3 }, () => []);
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
  const nodes: Node[] = [];
  columns.forEach((column, index) =>
    column.forEach((node, row) => {
      node.x = PAD + index * (NODE_WIDTH + COLUMN_GAP);
      node.y = PAD + row * (NODE_HEIGHT + ROW_GAP);
      nodes.push(node);
    }),
  );
  const names = new Map(nodes.map((node) => [node.key, node.label]));
  const edges: Edge[] = [];
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

function truncate(text: string): string {
  return text.length > 20 ? `${text.slice(0, 19)}…` : text;
}

/** The dependency map as SVG; edges without a fallback are drawn red and thick. */
export function DependencyGraph({
  services,
  vendors,
  dependencies,
  highlight,
}: {
  services: Service[];
  vendors: Vendor[];
  dependencies: Dependency[];
  highlight?: GraphHighlight;
}) {
  const graph = layout(services, vendors, dependencies);
  const byKey = new Map(graph.nodes.map((node) => [node.key, node]));
  const hit = new Set<string>(
    highlight
      ? [
          `vendor:${highlight.vendorId}`,
          ...highlight.componentIds.map((id) => `component:${id}`),
          ...highlight.serviceIds.map((id) => `service:${id}`),
        ]
      : [],
  );
  const noFallback = graph.edges.filter((edge) => edge.hasFallback === false).length;
  return (
    <div className="graph-wrap table-wrap">
      <svg
        className="dependency-graph"
        role="img"
        aria-labelledby="graph-desc"
        width={graph.width}
        height={graph.height}
        viewBox={`0 0 ${graph.width} ${graph.height}`}
      >
        <desc id="graph-desc">
          {`Dependency map: ${graph.edges.map((edge) => edge.label).join('; ')}.${
            noFallback > 0 ? ` ${noFallback} dependencies have no fallback.` : ''
          }`}
        </desc>
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className="arrow-head" />
          </marker>
        </defs>
        {graph.edges.map((edge) => {
          const from = byKey.get(edge.from)!;
          const to = byKey.get(edge.to)!;
          const x1 = from.x + NODE_WIDTH;
          const y1 = from.y + NODE_HEIGHT / 2;
          const x2 = to.x;
          const y2 = to.y + NODE_HEIGHT / 2;
          const bend = (x2 - x1) / 2;
          const classes = [
            'edge',
            edge.hasFallback === null ? 'belongs' : edge.hasFallback ? 'fallback' : 'no-fallback',
            hit.has(edge.from) && hit.has(edge.to) ? 'hit' : '',
          ].join(' ');
          return (
            <path
              key={edge.key}
              className={classes}
              data-edge={edge.label}
              d={`M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`}
              markerEnd="url(#arrow)"
            >
              <title>{edge.label}</title>
            </path>
          );
        })}
        {graph.nodes.map((node) => (
          <g
            key={node.key}
            className={`node ${node.kind} ${hit.has(node.key) ? 'hit' : ''}`}
            data-node={node.label}
            transform={`translate(${node.x} ${node.y})`}
          >
            <title>{`${node.label} (${node.kind})${hit.has(node.key) ? ': fails' : ''}`}</title>
            <rect width={NODE_WIDTH} height={NODE_HEIGHT} rx={6} />
            <text x={NODE_WIDTH / 2} y={NODE_HEIGHT / 2 + 4} textAnchor="middle">
              {truncate(node.label)}
            </text>
          </g>
        ))}
      </svg>
      <p className="graph-legend small">
        <span className="legend no-fallback">— no fallback</span>{' '}
        <span className="legend fallback">- - has a fallback</span>{' '}
        <span className="legend belongs">··· component of</span>{' '}
        <span className="legend hit">■ fails with the chosen vendor</span>{' '}
        <span className="muted">(components no service depends on are not drawn)</span>
      </p>
    </div>
  );
}
