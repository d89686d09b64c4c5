import type { Dependency, Service, Vendor } from '@rca/api-contract';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH, type Point } from '../apps/web/src/graph-layout';
import { DEMO_DEPENDENCIES, DEMO_SERVICES, DEMO_VENDORS } from '../libs/incidents/src/demo-catalog';

const service = (id: string, name: string): Service => ({
  id,
  slug: id,
  name,
  ownerTeam: null,
  tier: 1,
  description: '',
  version: 1,
});

let next = 0;
const edge = (
  serviceId: string,
  to: { service?: string; component?: string },
  hasFallback = false,
): Dependency => ({
  id: `d${++next}`,
  serviceId,
  dependsOnServiceId: to.service ?? null,
  vendorComponentId: to.component ?? null,
  kind: 'api',
  criticality: 'high',
  hasFallback,
  notes: '',
  version: 1,
});

// The web app's dependency-map layout (pure; the SVG component draws what it returns).
describe('dependency map layout', () => {
  const services = [
    service('chat', 'Chat web'),
    service('api', 'Public API'),
    service('auth', 'Auth'),
    service('ios', 'iOS app'),
  ];
  const vendors: Vendor[] = [
    {
      id: 'cf',
      slug: 'cloudflare',
      name: 'Cloudflare',
      website: null,
      statusPageUrl: null,
      version: 1,
      components: [
        { id: 'cdn', vendorId: 'cf', name: 'CDN', groupName: null, description: '', version: 1 },
        {
          id: 'ams',
          vendorId: 'cf',
          name: 'Amsterdam',
          groupName: null,
          description: '',
          version: 1,
        },
      ],
    },
  ];
  const dependencies = [
    edge('chat', { service: 'api' }, true),
    edge('api', { service: 'auth' }),
    edge('chat', { service: 'auth' }),
    edge('auth', { component: 'cdn' }),
  ];
  const graph = layoutGraph(services, vendors, dependencies);
  const node = (key: string) => graph.nodes.find((item) => item.key === key)!;

  it('draws every dependency edge left to right: services, components, vendors', () => {
    for (const item of graph.edges) expect(node(item.from).x).toBeLessThan(node(item.to).x);
    // Chat web → Public API → Auth: three service columns, then the component, then the vendor.
    expect(
      ['service:chat', 'service:api', 'service:auth', 'component:cdn', 'vendor:cf'].map(
        (key) => node(key).x,
      ),
    ).toEqual([...new Set(graph.nodes.map((item) => item.x))].sort((a, b) => a - b));
    expect(graph.width).toBeGreaterThanOrEqual(node('vendor:cf').x + 150);
  });

  it('marks fallbacks, links components to their vendor and leaves out unused components', () => {
    expect(
      graph.edges.filter((item) => item.hasFallback === false).map((item) => item.label),
    ).toEqual([
      'Public API → Auth (api, no fallback)',
      'Chat web → Auth (api, no fallback)',
      'Auth → CDN (api, no fallback)',
    ]);
    expect(graph.edges.find((item) => item.hasFallback === true)?.label).toBe(
      'Chat web → Public API (api, has a fallback)',
    );
    expect(
      graph.edges.filter((item) => item.hasFallback === null).map((item) => item.label),
    ).toEqual(['CDN is a component of Cloudflare']);
    expect(graph.nodes.some((item) => item.label === 'Amsterdam')).toBe(false);
    // A service without dependencies is still drawn.
    expect(node('service:ios').label).toBe('iOS app');
  });
});

// The demo workspace's catalog (npm run demo:seed), laid out as the Vendor status page draws it.
describe('dependency map layout of the demo catalog', () => {
  const demoServices = DEMO_SERVICES.map(([slug, name, ownerTeam, tier]) => ({
    ...service(slug, name),
    ownerTeam,
    tier,
  }));
  const demoVendors: Vendor[] = DEMO_VENDORS.map(([slug, name, , , components]) => ({
    id: slug,
    slug,
    name,
    website: null,
    statusPageUrl: null,
    version: 1,
    components: components.map((component) => ({
      id: `${slug}:${component}`,
      vendorId: slug,
      name: component,
      groupName: null,
      description: '',
      version: 1,
    })),
  }));
  const demoDependencies = DEMO_DEPENDENCIES.map(([from, target, kind, hasFallback], index) => ({
    id: `demo-${index}`,
    serviceId: from,
    dependsOnServiceId: target.startsWith('service:') ? target.slice('service:'.length) : null,
    vendorComponentId: target.startsWith('service:') ? null : target,
    kind,
    criticality: 'critical' as const,
    hasFallback,
    notes: '',
    version: 1,
  }));
  const graph = layoutGraph(demoServices, demoVendors, demoDependencies);
  const nodes = new Map(graph.nodes.map((node) => [node.key, node]));
  // The edge as drawn: its SVG path's cubic segments, sampled finely.
  const drawn = (points: Point[]): Point[] =>
    points.slice(1).flatMap((end, index) => {
      const start = points[index]!;
      const bend = (end.x - start.x) / 2;
      const [c1, c2] = [
        { x: start.x + bend, y: start.y },
        { x: end.x - bend, y: end.y },
      ];
      return Array.from({ length: 41 }, (_, step) => {
        const t = step / 40;
        const u = 1 - t;
        return {
          x: u ** 3 * start.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t ** 3 * end.x,
          y: u ** 3 * start.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t ** 3 * end.y,
        };
      });
    });
  const crosses = (a: Point, b: Point, c: Point, d: Point) => {
    const side = (p: Point, q: Point, r: Point) =>
      (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
    return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
  };

  it('draws every node and dependency of the demo catalog', () => {
    expect(graph.nodes.filter((node) => node.kind === 'service')).toHaveLength(7);
    expect(graph.edges.filter((edge) => edge.hasFallback !== null)).toHaveLength(12);
    for (const edge of graph.edges)
      expect(nodes.get(edge.from)!.x).toBeLessThan(nodes.get(edge.to)!.x);
  });

  it('has no two edges crossing', () => {
    const crossings: string[] = [];
    graph.edges.forEach((first, index) =>
      graph.edges.slice(index + 1).forEach((second) => {
        const a = drawn(first.points);
        const b = drawn(second.points);
        const hit = a
          .slice(1)
          .some((end, i) => b.slice(1).some((other, j) => crosses(a[i]!, end, b[j]!, other)));
        if (hit) crossings.push(`${first.label} × ${second.label}`);
      }),
    );
    expect(crossings).toEqual([]);
  });

  it('routes no edge through a node', () => {
    const through: string[] = [];
    for (const edge of graph.edges) {
      for (const node of graph.nodes) {
        if (node.key === edge.from || node.key === edge.to) continue;
        const inside = drawn(edge.points).some(
          (point) =>
            point.x > node.x - 2 &&
            point.x < node.x + NODE_WIDTH + 2 &&
            point.y > node.y - 2 &&
            point.y < node.y + NODE_HEIGHT + 2,
        );
        if (inside) through.push(`${edge.label} through ${node.label}`);
      }
    }
    expect(through).toEqual([]);
  });

  it('keeps nodes apart and inside the drawing', () => {
    for (const node of graph.nodes) {
      expect(node.x).toBeGreaterThanOrEqual(0);
      expect(node.y).toBeGreaterThanOrEqual(0);
      expect(node.x + NODE_WIDTH).toBeLessThanOrEqual(graph.width);
      expect(node.y + NODE_HEIGHT).toBeLessThanOrEqual(graph.height);
      for (const other of graph.nodes) {
        if (other === node) continue;
        const apart =
          node.x + NODE_WIDTH <= other.x ||
          other.x + NODE_WIDTH <= node.x ||
          node.y + NODE_HEIGHT <= other.y ||
          other.y + NODE_HEIGHT <= node.y;
        expect(apart).toBe(true);
      }
    }
  });
});
