import { VendorIncidentComponentEntity, VendorIncidentEntity } from '@rca/vendor-incidents';
import type { DependencyPath } from './vendor-link.repository';

export interface SuggestionReason {
  kind: 'overlap' | 'dependency' | 'component_affected' | 'start_proximity' | 'fallback';
  detail: string;
  [key: string]: unknown;
}

const MINUTE = 60_000;

/**
 * Scores how likely a vendor incident caused one of ours. Pure, so the weights are testable:
 * a dependency on the vendor is required; the affected component, the overlap of the windows
 * and close start times add to the score; a fallback and a long dependency path lower it.
 */
export function scoreSuggestion(input: {
  vendorWindow: { from: Date; to: Date };
  ourWindow: { from: Date; to: Date };
  path: DependencyPath;
  affectedComponentIds: Set<string>;
  vendorName: string;
}): { score: number; reasons: SuggestionReason[] } {
  const { vendorWindow, ourWindow, path, affectedComponentIds } = input;
  const overlapMs =
    Math.min(vendorWindow.to.getTime(), ourWindow.to.getTime()) -
    Math.max(vendorWindow.from.getTime(), ourWindow.from.getTime());
  const overlapMinutes = Math.max(0, Math.round(overlapMs / MINUTE));
  const shorter = Math.max(
    1,
    Math.min(
      (vendorWindow.to.getTime() - vendorWindow.from.getTime()) / MINUTE,
      (ourWindow.to.getTime() - ourWindow.from.getTime()) / MINUTE,
    ),
  );
  const startGapMinutes = Math.round(
    Math.abs(vendorWindow.from.getTime() - ourWindow.from.getTime()) / MINUTE,
  );
  const componentAffected = affectedComponentIds.has(path.componentId);
  const chain = [...path.path, `${input.vendorName} ${path.componentName}`];
  const reasons: SuggestionReason[] = [
    {
      kind: 'overlap',
      detail: `the incident windows overlap by ${overlapMinutes} minutes`,
      minutes: overlapMinutes,
    },
    {
      kind: 'dependency',
      detail: `${chain.join(' → ')}${path.path.length > 1 ? ' (transitive)' : ''}`,
      path: chain,
      vendorComponentId: path.componentId,
    },
  ];
  let score = 0.35 + 0.25 * Math.min(1, overlapMinutes / shorter);
  if (componentAffected) {
    score += 0.2;
    reasons.push({
      kind: 'component_affected',
      detail: `the vendor reports ${path.componentName} as affected`,
    });
  } else if (affectedComponentIds.size === 0) score += 0.05;
  const proximity = Math.max(0, 1 - startGapMinutes / 120);
  if (proximity > 0) {
    score += 0.15 * proximity;
    reasons.push({
      kind: 'start_proximity',
      detail: `the incidents started ${startGapMinutes} minutes apart`,
      minutes: startGapMinutes,
    });
  }
  if (path.hasFallback) {
    score -= 0.15;
    reasons.push({
      kind: 'fallback',
      detail: `${path.path[path.path.length - 1]} has a fallback for ${path.componentName}`,
    });
  }
  score -= 0.05 * (path.path.length - 1);
  return { score: Math.round(Math.min(1, Math.max(0.01, score)) * 100) / 100, reasons };
}

/** The vendor components a vendor incident affects (all it names once it is resolved). */
export function affectedComponentIds(
  vendorIncident: Pick<VendorIncidentEntity, 'resolvedAt'>,
  components: Array<Pick<VendorIncidentComponentEntity, 'vendorComponentId' | 'status'>>,
): Set<string> {
  return new Set(
    components
      .filter((c) => c.status !== 'operational' || vendorIncident.resolvedAt)
      .map((c) => c.vendorComponentId),
  );
}

/**
 * The best-scored of an incident's dependency paths to the vendor, with the vendor components
 * the cause names; null without a path.
 */
export function bestSuggestion(input: {
  paths: DependencyPath[];
  vendorWindow: { from: Date; to: Date };
  ourWindow: { from: Date; to: Date };
  affectedComponentIds: Set<string>;
  vendorName: string;
}): { score: number; reasons: SuggestionReason[]; vendorComponentIds: string[] } | null {
  const { paths, affectedComponentIds: affected } = input;
  if (paths.length === 0) return null;
  const scored = paths
    .map((path) => ({ path, ...scoreSuggestion({ ...input, path }) }))
    .sort((a, b) => b.score - a.score);
  return {
    score: scored[0].score,
    reasons: scored[0].reasons,
    vendorComponentIds: [
      ...new Set(
        scored
          .filter((s) => affected.has(s.path.componentId) || affected.size === 0)
          .map((s) => s.path.componentId),
      ),
    ],
  };
}
