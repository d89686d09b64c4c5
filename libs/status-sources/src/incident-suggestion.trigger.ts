import { Injectable, OnModuleInit } from '@nestjs/common';
import { IncidentEvents, JobName, QueueService } from '@rca/shared';

/**
 * When the impacts of one of our incidents change, a job looks for stored vendor incidents that
 * overlap it (see CauseSuggestionService.suggestForIncident). Best effort: if the queue cannot
 * take the job, the change is still saved (the listener's error is logged) and the vendor's next
 * update suggests it.
 */
@Injectable()
export class IncidentSuggestionTrigger implements OnModuleInit {
  constructor(
    private readonly events: IncidentEvents,
    private readonly queues: QueueService,
  ) {}

  onModuleInit(): void {
    this.events.onImpactsChanged(async (incidentId) => {
      // One waiting job per incident: a burst of impact edits runs the lookup once.
      await this.queues.add(
        JobName.StatusSuggestForIncident,
        { incidentId },
        { jobId: `suggest-for-incident_${incidentId}` },
      );
    });
  }
}
