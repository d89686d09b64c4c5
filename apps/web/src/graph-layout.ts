import * as dagre from '@dagrejs/dagre';
import type { Dependency, Service, Vendor } from '@rca/api-contract';

export interface GraphNode {
  key: string;
  kind: 'service' | 'component' | 'vendor';
  label: string;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface Point {
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
  /** The route, from the right side of `from` to the left side of `to`, around other nodes. */
  points: Point[];
}

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 30;
const PAD = 10;

/**
 * A layered drawing (dagre: Sugiyama-style ranks, crossing minimisation, routed edges), left to
 * right: services, then the vendor components they use, then the vendors. Every edge points
 * right; an edge that skips a layer is routed between the nodes of the layers it passes.
 */
export function layoutGraph(services: Service[], vendors: Vendor[], dependencies: Dependency[]) {
  const nodes: GraphNode[] = [];
  const add = (key: string, kind: GraphNode['kind'], label: string) =>
    nodes.push({ key, kind, label, x: 0, y: 0 });
  // Sorted by name, so the same catalog always gives the same picture.
  const byName = <T extends { name: string }>(list: T[]) =>
    [...list].sort((a, b) => a.name.localeCompare(b.name));
  for (const service of byName(services)) add(`service:${service.id}`, 'service', service.name);
  // Components nobody depends on are left out: a status page can list hundreds of them.
  const used = new Set(dependencies.map((dependency) => dependency.vendorComponentId));
  const vendorOfComponent = new Map<string, Vendor>();
  for (const vendor of byName(vendors)) {
    for (const component of byName((vendor.components ?? []).filter((item) => used.has(item.id)))) {
      vendorOfComponent.set(component.id, vendor);
      add(`component:${component.id}`, 'component', component.name);
    }
    add(`vendor:${vendor.id}`, 'vendor', vendor.name);
  }
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
      points: [],
    });
  }
  for (const [componentId, vendor] of vendorOfComponent) {
    edges.push({
      key: `belongs:${componentId}`,
      from: `component:${componentId}`,
      to: `vendor:${vendor.id}`,
      hasFallback: null,
      label: `${names.get(`component:${componentId}`)} is a component of ${vendor.name}`,
      points: [],
    });
  }

  // dagre's ordering starts from the insertion order of nodes and edges: when the drawing still
  // has crossings, other starting orders (seeded shuffles, so the picture is stable) are tried,
  // within a budget that shrinks as the graph grows, and the best drawing is kept.
  const tries = Math.max(1, Math.min(30, Math.floor(3000 / (nodes.length + edges.length + 1))));
  const random = seeded(nodes.length * 7919 + edges.length);
  let best: { placed: Placed; crossings: number } | undefined;
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const placed =
      attempt === 0 ? place(nodes, edges) : place(shuffled(nodes, random), shuffled(edges, random));
    const crossings = countCrossings(placed.edges);
    if (!best || crossings < best.crossings) best = { placed, crossings };
    if (crossings === 0) break;
  }
  const { positions, routes, width, height } = best!.placed;
  for (const node of nodes) Object.assign(node, positions.get(node.key));
  for (const edge of edges) edge.points = routes.get(edge.key)!;
  return { nodes, edges, width, height };
}

/** A small deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

interface Placed {
  positions: Map<string, Point>;
  routes: Map<string, Point[]>;
  edges: Point[][];
  width: number;
  height: number;
}

/** One dagre layout of the nodes, inserted in `order`. */
function place(order: GraphNode[], edges: GraphEdge[]): Placed {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({
    rankdir: 'LR',
    nodesep: 16,
    edgesep: 12,
    ranksep: 70,
    marginx: PAD,
    marginy: PAD,
  });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of order) graph.setNode(node.key, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) graph.setEdge(edge.from, edge.to, { minlen: 1 }, edge.key);
  dagre.layout(graph);
  const positions = new Map<string, Point>();
  for (const node of order) {
    const placed = graph.node(node.key);
    positions.set(node.key, {
      x: (placed.x ?? 0) - NODE_WIDTH / 2,
      y: (placed.y ?? 0) - NODE_HEIGHT / 2,
    });
  }
  const routes = new Map<string, Point[]>();
  for (const edge of edges) {
    const from = positions.get(edge.from)!;
    const to = positions.get(edge.to)!;
    // dagre's bends (between the layers the edge crosses); the ends on the nodes' sides.
    const route = graph.edge(edge.from, edge.to, edge.key) as { points?: Point[] };
    const bends = (route.points ?? []).slice(1, -1);
    routes.set(edge.key, [
      { x: from.x + NODE_WIDTH, y: from.y + NODE_HEIGHT / 2 },
      ...bends.filter((point) => point.x > from.x + NODE_WIDTH && point.x < to.x),
      { x: to.x, y: to.y + NODE_HEIGHT / 2 },
    ]);
  }
  const size = graph.graph();
  return {
    positions,
    routes,
    edges: [...routes.values()],
    width: Math.ceil(size.width ?? NODE_WIDTH + PAD * 2),
    height: Math.ceil(size.height ?? NODE_HEIGHT + PAD * 2),
  };
}

/** Pairs of edges whose routes (as straight segments between their points) cross. */
export function countCrossings(routes: Point[][]): number {
  const side = (p: Point, q: Point, r: Point) =>
    (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  const crosses = (a: Point, b: Point, c: Point, d: Point) =>
    side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
  let count = 0;
  routes.forEach((first, index) => {
    for (const second of routes.slice(index + 1)) {
      const hit = first
        .slice(1)
        .some((end, i) =>
          second.slice(1).some((other, j) => crosses(first[i]!, end, second[j]!, other)),
        );
      if (hit) count += 1;
    }
  });
  return count;
}

/** An SVG path through the points, smoothed with horizontal tangents at every point. */
export function edgePath(points: Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let path = `M ${first.x} ${first.y}`;
  let previous = first;
  for (const point of rest) {
    const bend = (point.x - previous.x) / 2;
    path += ` C ${previous.x + bend} ${previous.y}, ${point.x - bend} ${point.y}, ${point.x} ${point.y}`;
    previous = point;
  }
  return path;
}
