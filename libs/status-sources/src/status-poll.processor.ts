import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, JobPayloads, OnJob, QueueService } from '@rca/shared';
import { Job, UnrecoverableError } from 'bullmq';
import { CauseSuggestionService } from './cause-suggestion.service';
import { PollOutcome, StatusPollService } from './status-poll.service';
import { StatusSourceScheduler } from './status-source.scheduler';
import { StatusSourcesService } from './status-sources.service';

export const STATUS_SCHEDULERS_RECONCILE_ID = 'status-sources-reconcile-schedulers';

/** Runs in workers: reconciles the schedulers at boot, performs each poll and incident-side suggestion lookups. */
@Injectable()
export class StatusPollProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly polls: StatusPollService,
    private readonly scheduler: StatusSourceScheduler,
    private readonly suggestions: CauseSuggestionService,
    private readonly sources: StatusSourcesService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.scheduler.reconcile();
    await this.queues.upsertScheduler(
      STATUS_SCHEDULERS_RECONCILE_ID,
      JobName.StatusSchedulersReconcile,
      { every: 60_000 },
      {},
    );
  }

  /** A source saved while Redis did not answer gets its poll schedule here. */
  @OnJob(JobName.StatusSchedulersReconcile)
  reconcileSchedulers() {
    return this.scheduler.reconcile();
  }

  /** cause.accepted: the vendor's updates so far join the incident's timeline (once each). */
  @OnJob(JobName.StatusImportCauseUpdates)
  async importCauseUpdates(job: Job<JobPayloads[JobName.StatusImportCauseUpdates]>) {
    return { imported: await this.sources.importAcceptedCauseUpdates(job.data.causeId) };
  }

  @OnJob(JobName.StatusSourcePoll)
  async poll(job: Job<{ sourceId?: unknown }>): Promise<PollOutcome> {
    const sourceId = job.data?.sourceId;
    if (typeof sourceId !== 'string' || !/^[0-9a-f-]{36}$/i.test(sourceId))
      throw new UnrecoverableError(
        `status poll job without a valid sourceId: ${JSON.stringify(sourceId)}`,
      );
    // Fetch and parse failures are recorded on the source and returned, not thrown.
    return this.polls.poll(sourceId);
  }

  @OnJob(JobName.StatusSuggestForIncident)
  async suggestForIncident(job: Job<{ incidentId?: unknown }>): Promise<{ suggestions: string[] }> {
    const incidentId = job.data?.incidentId;
    if (typeof incidentId !== 'string' || !/^[0-9a-f-]{36}$/i.test(incidentId))
      throw new UnrecoverableError(
        `suggestion job without a valid incidentId: ${JSON.stringify(incidentId)}`,
      );
    return { suggestions: await this.suggestions.suggestForIncident(incidentId) };
  }
}
