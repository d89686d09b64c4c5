import { Injectable, Logger } from '@nestjs/common';
import { IncidentsService } from '@rca/incidents';
import { Environment } from '@rca/shared';
import { VendorIncidentEntity, VendorIncidentRepository } from '@rca/vendor-incidents';
import { DependencyPath, VendorLinkRepository } from './vendor-link.repository';

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

@Injectable()
export class CauseSuggestionService {
  private readonly logger = new Logger(CauseSuggestionService.name);

  constructor(
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly links: VendorLinkRepository,
    private readonly environment: Environment,
    private readonly incidents: IncidentsService,
  ) {}

  /**
   * Suggests causes for these vendor incidents (as stored); returns the ids of new suggestions.
   * One query finds the overlapping incidents of ours; the rest runs only where there are some.
   */
  async suggestFor(vendorIncidents: VendorIncidentEntity[], vendorName: string): Promise<string[]> {
    const created: string[] = [];
    const now = new Date();
    const eligible = vendorIncidents.filter(
      (vi): vi is VendorIncidentEntity & { startedAt: Date } =>
        vi.kind === 'incident' && vi.startedAt !== null && vi.impact !== 'none',
    );
    const candidatesOf = await this.links.candidateIncidents(
      eligible.map((vi) => ({
        vendorIncidentId: vi.id,
        from: vi.startedAt,
        to: vi.resolvedAt ?? now,
      })),
      this.environment.STATUS_SUGGEST_RECENT_HOURS,
    );
    for (const vendorIncident of eligible) {
      const candidates = candidatesOf.get(vendorIncident.id);
      if (!candidates) continue;
      const id = vendorIncident.id;
      const vendorWindow = { from: vendorIncident.startedAt, to: vendorIncident.resolvedAt ?? now };
      const affected = new Set(
        (await this.vendorIncidents.listComponents(id))
          .filter((c) => c.status !== 'operational' || vendorIncident.resolvedAt)
          .map((c) => c.vendorComponentId),
      );
      for (const candidate of candidates) {
        const paths = await this.links.dependencyPaths(candidate.id, vendorIncident.vendorId);
        if (paths.length === 0) continue;
        const scored = paths
          .map((path) => ({
            path,
            ...scoreSuggestion({
              vendorWindow,
              ourWindow: { from: candidate.startedAt, to: candidate.endedAt },
              path,
              affectedComponentIds: affected,
              vendorName,
            }),
          }))
          .sort((a, b) => b.score - a.score);
        const best = scored[0];
        const cause = await this.incidents.suggestCause({
          incidentId: candidate.id,
          vendorIncidentId: id,
          vendorComponentIds: [
            ...new Set(
              scored
                .filter((s) => affected.has(s.path.componentId) || affected.size === 0)
                .map((s) => s.path.componentId),
            ),
          ],
          explanation: `Suggested: ${vendorName} incident "${vendorIncident.title}" overlaps ${candidate.reference}`,
          score: best.score,
          reasons: best.reasons,
        });
        if (cause) {
          created.push(cause.id);
          this.logger.log(
            `suggested ${vendorName} incident ${vendorIncident.externalId} as cause of ${candidate.reference} (score ${best.score})`,
          );
        }
      }
    }
    return created;
  }
}
