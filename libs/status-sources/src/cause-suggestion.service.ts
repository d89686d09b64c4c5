import { Injectable, Logger } from '@nestjs/common';
import { CauseService } from '@rca/incidents';
import { Environment } from '@rca/shared';
import { VendorIncidentEntity, VendorIncidentRepository } from '@rca/vendor-incidents';
import { bestSuggestion, worstComponentStatuses } from './suggestion-score';
import { VendorLinkRepository } from './vendor-link.repository';

@Injectable()
export class CauseSuggestionService {
  private readonly logger = new Logger(CauseSuggestionService.name);

  constructor(
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly links: VendorLinkRepository,
    private readonly environment: Environment,
    private readonly causes: CauseService,
  ) {}

  /**
   * Suggests causes for these vendor incidents (as stored); returns the ids of new suggestions.
   * A cause that is still only suggested is re-scored (the vendor incident, its components or
   * our impacts changed); an accepted or rejected one keeps the person's decision. One query
   * finds the overlapping incidents of ours; the rest runs only where there are some.
   */
  async suggestFor(vendorIncidents: VendorIncidentEntity[], vendorName: string): Promise<string[]> {
    const created: string[] = [];
    const now = new Date();
    const eligible = vendorIncidents.filter(
      (vi): vi is VendorIncidentEntity & { startedAt: Date } =>
        vi.kind === 'incident' && vi.startedAt !== null && vi.impact !== 'none',
    );
    const ends = await this.links.windowEnds(eligible.map((vi) => vi.id));
    const endOf = (vi: VendorIncidentEntity) => ends.get(vi.id) ?? vi.resolvedAt ?? now;
    const candidatesOf = await this.links.candidateIncidents(
      eligible.map((vi) => ({
        vendorIncidentId: vi.id,
        from: vi.startedAt,
        to: endOf(vi),
      })),
      this.environment.STATUS_SUGGEST_RECENT_HOURS,
    );
    for (const vendorIncident of eligible) {
      const candidates = candidatesOf.get(vendorIncident.id);
      if (!candidates) continue;
      const id = vendorIncident.id;
      const vendorWindow = { from: vendorIncident.startedAt, to: endOf(vendorIncident) };
      const componentStatuses = worstComponentStatuses([
        ...(await this.vendorIncidents.listComponents(id)),
        ...(await this.vendorIncidents.listComponentStatusesOf([id])),
      ]);
      for (const candidate of candidates) {
        const best = bestSuggestion({
          paths: await this.links.dependencyPaths(candidate.id, vendorIncident.vendorId),
          vendorWindow,
          ourWindow: { from: candidate.startedAt, to: candidate.endedAt },
          componentStatuses,
          vendorName,
          vendorImpact: vendorIncident.impact,
          ourSeverity: candidate.severity,
        });
        if (!best) {
          if (
            candidate.suggested &&
            (await this.causes.withdrawSuggestedCause({
              incidentId: candidate.id,
              vendorIncidentId: id,
              reason: 'no impacted service of ours depends on this vendor any more',
            }))
          )
            this.logger.log(
              `withdrew the suggestion of ${vendorName} incident ${vendorIncident.externalId} as cause of ${candidate.reference}: it no longer qualifies`,
            );
          continue;
        }
        if (candidate.suggested) {
          if (
            await this.causes.rescoreSuggestedCause({
              incidentId: candidate.id,
              vendorIncidentId: id,
              vendorComponentIds: best.vendorComponentIds,
              score: best.score,
              reasons: best.reasons,
            })
          )
            this.logger.log(
              `re-scored ${vendorName} incident ${vendorIncident.externalId} as cause of ${candidate.reference} (score ${best.score})`,
            );
          continue;
        }
        const cause = await this.causes.suggestCause({
          incidentId: candidate.id,
          vendorIncidentId: id,
          vendorComponentIds: best.vendorComponentIds,
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

  /**
   * Suggests the stored vendor incidents that overlap one incident of ours, when its impacts
   * change (an incident opened after the vendor posted gets its suggestion without waiting for
   * the vendor's next update). Returns the ids of new suggestions.
   */
  async suggestForIncident(incidentId: string): Promise<string[]> {
    const byVendor = new Map<string, { name: string; incidents: VendorIncidentEntity[] }>();
    for (const { vendorIncident, vendorName } of await this.links.vendorIncidentsOverlapping(
      incidentId,
    )) {
      const entry = byVendor.get(vendorIncident.vendorId) ?? { name: vendorName, incidents: [] };
      entry.incidents.push(vendorIncident);
      byVendor.set(vendorIncident.vendorId, entry);
    }
    const created: string[] = [];
    for (const { name, incidents } of byVendor.values())
      created.push(...(await this.suggestFor(incidents, name)));
    return created;
  }
}
