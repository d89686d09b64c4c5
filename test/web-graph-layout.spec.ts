import type { Dependency, Service, Vendor } from '@rca/api-contract';
import { layoutGraph } from '../apps/web/src/graph-layout';

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
