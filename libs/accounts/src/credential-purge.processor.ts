import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Environment, JobName, OnJob, QueueService } from '@rca/shared';
import { CredentialRepository } from './credential.repository';

export const PURGE_SESSIONS_SCHEDULER_ID = 'accounts-purge-sessions';
export const PURGE_SESSIONS_EVERY_MS = 3600_000;
/** Used or expired invitation links are kept this long, so a late click is still audited as `used` / `expired`. */
export const SPENT_INVITATION_RETENTION_MS = 7 * 24 * 3600_000;

/** Runs in workers: deletes expired sessions and spent one-time links every hour. */
@Injectable()
export class CredentialPurgeProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(CredentialPurgeProcessor.name);

  constructor(
    private readonly credentials: CredentialRepository,
    private readonly queues: QueueService,
    private readonly environment: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.upsertScheduler(
      PURGE_SESSIONS_SCHEDULER_ID,
      JobName.AccountsPurgeSessions,
      { every: PURGE_SESSIONS_EVERY_MS },
      {},
    );
  }

  @OnJob(JobName.AccountsPurgeSessions)
  async purge(): Promise<{ sessions: number; invitations: number }> {
    const now = new Date();
    const sessions = await this.credentials.deleteExpiredSessions(
      now,
      this.environment.SESSION_IDLE_TIMEOUT_SECONDS,
    );
    const invitations = await this.credentials.deleteSpentInvitations(
      new Date(now.getTime() - SPENT_INVITATION_RETENTION_MS),
    );
    if (sessions || invitations)
      this.logger.log({ sessions, invitations }, 'purged expired sessions and spent links');
    return { sessions, invitations };
  }
}
