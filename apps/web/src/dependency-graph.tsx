import type { Dependency, Service, Vendor } from '@rca/api-contract';
import { edgePath, layoutGraph, NODE_HEIGHT, NODE_WIDTH } from './graph-layout';

/** What the blast-radius query found: these nodes fail with the chosen vendor or component. */
export interface GraphHighlight {
  vendorId: string;
  componentIds: string[];
  serviceIds: string[];
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
  const graph = layoutGraph(services, vendors, dependencies);
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
              d={edgePath(edge.points)}
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
