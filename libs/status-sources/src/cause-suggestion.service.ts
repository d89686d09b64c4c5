import { Injectable, Logger } from '@nestjs/common';
import { IncidentsService } from '@rca/incidents';
import { Environment } from '@rca/shared';
import { VendorIncidentRepository } from '@rca/vendor-incidents';
import { AutoDraftService } from './auto-draft.service';
import { affectedComponentIds, bestSuggestion } from './suggestion-score';
import { VendorLinkRepository } from './vendor-link.repository';

@Injectable()
export class CauseSuggestionService {
  private readonly logger = new Logger(CauseSuggestionService.name);

  constructor(
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly links: VendorLinkRepository,
    private readonly environment: Environment,
    private readonly incidents: IncidentsService,
    private readonly autoDraft: AutoDraftService,
  ) {}

  /** Suggests causes for these vendor incidents; returns the ids of new suggestions. */
  async suggestFor(vendorIncidentIds: string[], vendorName: string): Promise<string[]> {
    const created: string[] = [];
    for (const id of vendorIncidentIds) {
      const vendorIncident = await this.vendorIncidents.findById(id);
      if (!vendorIncident || vendorIncident.kind !== 'incident' || !vendorIncident.startedAt)
        continue;
      if (vendorIncident.impact === 'none') continue;
      const vendorWindow = {
        from: vendorIncident.startedAt,
        to: vendorIncident.resolvedAt ?? new Date(),
      };
      const affected = affectedComponentIds(
        vendorIncident,
        await this.vendorIncidents.listComponents(id),
      );
      const candidates = await this.links.candidateIncidents(
        id,
        vendorWindow.from,
        vendorWindow.to,
        this.environment.STATUS_SUGGEST_RECENT_HOURS,
      );
      for (const candidate of candidates) {
        const best = bestSuggestion({
          paths: await this.links.dependencyPaths(candidate.id, vendorIncident.vendorId),
          vendorWindow,
          ourWindow: { from: candidate.startedAt, to: candidate.endedAt },
          affectedComponentIds: affected,
          vendorName,
        });
        if (!best) continue;
        const cause = await this.incidents.suggestCause({
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
    // Drafts for outages no open incident covers (STATUS_AUTO_DRAFT_INCIDENTS). Called here until
    // StatusPollService calls draftFor itself, right after suggestFor.
    await this.autoDraft.draftFor(vendorIncidentIds, vendorName);
    return created;
  }
}
