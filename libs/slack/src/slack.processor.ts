import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads, OnJob } from '@rca/shared';
import { Job, UnrecoverableError } from 'bullmq';
import { SlackImportService } from './slack-import.service';
import { SlackRequestService } from './slack-request.service';
import { SlackApiError } from './slack-web-api';
import { SlackError } from './slack.errors';

/** A Slack answer no retry can change (invalid_auth, channel_not_found, …), or no settings. */
function permanent(error: unknown): never {
  if ((error instanceof SlackApiError && error.permanent) || error instanceof SlackError)
    throw new UnrecoverableError((error as Error).message);
  throw error;
}

@Injectable()
export class SlackProcessor {
  constructor(
    private readonly requests: SlackRequestService,
    private readonly imports: SlackImportService,
  ) {}

  @OnJob(JobName.SlackHandleRequest)
  async handleRequest(job: Job<JobPayloads[JobName.SlackHandleRequest]>) {
    return { outcome: await this.requests.handle(job.data.requestId).catch(permanent) };
  }

  @OnJob(JobName.SlackImportHistory)
  async importHistory(job: Job<JobPayloads[JobName.SlackImportHistory]>) {
    try {
      return await this.imports.runHistoryImport(job.data.importId);
    } catch (error) {
      // The last attempt: the import says it failed instead of staying pending for ever.
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (
        last ||
        (error instanceof SlackApiError && error.permanent) ||
        error instanceof SlackError
      )
        await this.imports.markFailed(job.data.importId, error);
      return permanent(error);
    }
  }
}
