import {
  VendorComponentStatus,
  VendorIncidentComponentEntity,
  VendorIncidentEntity,
} from '@rca/vendor-incidents';
import type { DependencyPath } from './vendor-link.repository';

export interface SuggestionReason {
  kind:
    | 'overlap'
    | 'dependency'
    | 'component_affected'
    | 'component_status'
    | 'start_proximity'
    | 'fallback'
    | 'severity'
    | 'score_parts';
  detail: string;
  [key: string]: unknown;
}

/** The four parts of a score, each from 0 to 1; the score is their weighted sum. */
export interface ScoreParts {
  timeOverlap: number;
  dependencyPath: number;
  componentStatus: number;
  severityMatch: number;
}

export const SCORE_WEIGHTS: ScoreParts = {
  timeOverlap: 0.35,
  dependencyPath: 0.25,
  componentStatus: 0.25,
  severityMatch: 0.15,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/**
 * A vendor incident that ended this long before ours started is never suggested. Shorter gaps
 * are (our incident may be detected late), with no overlap credit.
 */
export const ENDED_BEFORE_LIMIT_MS = 6 * HOUR;
/**
 * An open vendor incident is ongoing while the latest successful import of its source listed it.
 * Otherwise (source gone, disabled or failing, or rows older than that rule) it is ongoing only
 * if it showed a sign of life (seen on the page, changed by the vendor) within this long; else
 * for overlaps it ends at its last sign of life. See VendorLinkRepository.windowEnds.
 */
export const STALE_OPEN_MS = 3 * 24 * HOUR;

/** How bad a component status is, 0 to 1 (unknown values count as a mild problem). */
const STATUS_WEIGHT: Record<VendorComponentStatus, number> = {
  major_outage: 1,
  partial_outage: 0.8,
  degraded_performance: 0.6,
  under_maintenance: 0.4,
  unknown: 0.4,
  operational: 0.2,
};
const IMPACT_RANK: Record<string, number> = {
  critical: 3,
  major: 2,
  minor: 1,
  maintenance: 1,
  none: 0,
};
const SEVERITY_RANK: Record<string, number> = { SEV1: 3, SEV2: 2, SEV3: 1, SEV4: 0.5, SEV5: 0 };

/**
 * Scores how likely a vendor incident caused one of ours. Pure, so the weights are testable.
 * A dependency on the vendor is required; the parts are the windows' overlap (and how close
 * the starts are), the dependency path (shorter is better, a fallback halves it), how badly the
 * vendor reports the depended-on component (worst status over the incident), and how well the
 * vendor's impact matches our severity. Null when the vendor incident ended long before ours.
 */
export function scoreSuggestion(input: {
  vendorWindow: { from: Date; to: Date };
  ourWindow: { from: Date; to: Date };
  path: DependencyPath;
  /** Worst status of each component the vendor incident names (by our component id). */
  componentStatuses: Map<string, VendorComponentStatus>;
  vendorName: string;
  vendorImpact?: string | null;
  ourSeverity?: string | null;
}): { score: number; parts: ScoreParts; reasons: SuggestionReason[] } | null {
  const { vendorWindow, ourWindow, path, componentStatuses } = input;
  const endedBeforeMs = ourWindow.from.getTime() - vendorWindow.to.getTime();
  if (endedBeforeMs > ENDED_BEFORE_LIMIT_MS) return null;
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
  const proximity = overlapMs > 0 ? Math.max(0, 1 - startGapMinutes / 120) : 0;
  const timeOverlap = 0.7 * Math.min(1, overlapMinutes / shorter) + 0.3 * proximity;

  const hops = path.path.length - 1;
  const dependencyPath = Math.max(0, 1 - 0.15 * hops) * (path.hasFallback ? 0.5 : 1);

  const status = componentStatuses.get(path.componentId);
  // Named: by how bad; the incident names no component at all: unknown, some credit; it names
  // others but not ours: none.
  const componentStatus = status ? STATUS_WEIGHT[status] : componentStatuses.size === 0 ? 0.3 : 0;

  const vendorRank = IMPACT_RANK[input.vendorImpact ?? ''] ?? 1.5;
  const ourRank = SEVERITY_RANK[input.ourSeverity ?? ''] ?? 1.5;
  const severityMatch = 1 - Math.abs(vendorRank - ourRank) / 3;

  const parts: ScoreParts = {
    timeOverlap: round(timeOverlap),
    dependencyPath: round(dependencyPath),
    componentStatus: round(componentStatus),
    severityMatch: round(severityMatch),
  };
  const score = round(
    Math.max(
      0.01,
      (Object.keys(SCORE_WEIGHTS) as Array<keyof ScoreParts>).reduce(
        (sum, key) => sum + SCORE_WEIGHTS[key] * parts[key],
        0,
      ),
    ),
  );

  const chain = [...path.path, `${input.vendorName} ${path.componentName}`];
  const reasons: SuggestionReason[] = [
    {
      kind: 'score_parts',
      detail: `time overlap ${parts.timeOverlap}, dependency path ${parts.dependencyPath}, component status ${parts.componentStatus}, severity match ${parts.severityMatch}`,
      parts,
      weights: SCORE_WEIGHTS,
    },
    {
      kind: 'overlap',
      detail:
        overlapMs > 0
          ? `the incident windows overlap by ${overlapMinutes} minutes`
          : `the vendor incident ended ${Math.round(endedBeforeMs / MINUTE)} minutes before ours started`,
      minutes: overlapMinutes,
    },
    {
      kind: 'dependency',
      detail: `${chain.join(' → ')}${hops > 0 ? ' (transitive)' : ''}`,
      path: chain,
      vendorComponentId: path.componentId,
    },
  ];
  if (status && status !== 'operational')
    reasons.push({
      kind: 'component_affected',
      detail: `the vendor reports ${path.componentName} as affected (worst: ${status})`,
    });
  reasons.push({
    kind: 'component_status',
    detail: status
      ? `${path.componentName}: worst status ${status}`
      : componentStatuses.size === 0
        ? 'the vendor names no components'
        : `the vendor does not name ${path.componentName}`,
    status: status ?? null,
  });
  if (proximity > 0)
    reasons.push({
      kind: 'start_proximity',
      detail: `the incidents started ${startGapMinutes} minutes apart`,
      minutes: startGapMinutes,
    });
  if (path.hasFallback)
    reasons.push({
      kind: 'fallback',
      detail: `${path.path[path.path.length - 1]} has a fallback for ${path.componentName}`,
    });
  reasons.push({
    kind: 'severity',
    detail: `vendor impact ${input.vendorImpact ?? 'unknown'}, our severity ${input.ourSeverity ?? 'unknown'}`,
  });
  return { score, parts, reasons };
}

const round = (value: number) => Math.round(value * 100) / 100;

const STATUS_ORDER = Object.entries(STATUS_WEIGHT)
  .sort((a, b) => a[1] - b[1])
  .map(([status]) => status as VendorComponentStatus);

/**
 * The worst status each component had during a vendor incident (current statuses and the
 * statuses over time). Once the incident is resolved every component it named counts.
 */
export function worstComponentStatuses(
  components: Array<Pick<VendorIncidentComponentEntity, 'vendorComponentId' | 'status'>>,
): Map<string, VendorComponentStatus> {
  const worst = new Map<string, VendorComponentStatus>();
  for (const c of components) {
    const before = worst.get(c.vendorComponentId);
    if (!before || STATUS_ORDER.indexOf(c.status) > STATUS_ORDER.indexOf(before))
      worst.set(c.vendorComponentId, c.status);
  }
  return worst;
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
 * the cause names; null without a path or when the vendor incident ended long before ours.
 */
export function bestSuggestion(input: {
  paths: DependencyPath[];
  vendorWindow: { from: Date; to: Date };
  ourWindow: { from: Date; to: Date };
  componentStatuses: Map<string, VendorComponentStatus>;
  vendorName: string;
  vendorImpact?: string | null;
  ourSeverity?: string | null;
}): {
  score: number;
  parts: ScoreParts;
  reasons: SuggestionReason[];
  vendorComponentIds: string[];
} | null {
  const { paths, componentStatuses } = input;
  const scored = paths
    .map((path) => ({ path, result: scoreSuggestion({ ...input, path }) }))
    .filter(
      (s): s is { path: DependencyPath; result: NonNullable<ReturnType<typeof scoreSuggestion>> } =>
        s.result !== null,
    )
    .sort((a, b) => b.result.score - a.result.score);
  if (scored.length === 0) return null;
  const named = (id: string) => {
    const status = componentStatuses.get(id);
    return status !== undefined && status !== 'operational';
  };
  return {
    ...scored[0].result,
    vendorComponentIds: [
      ...new Set(
        scored
          .filter((s) => named(s.path.componentId) || componentStatuses.size === 0)
          .map((s) => s.path.componentId),
      ),
    ],
  };
}
