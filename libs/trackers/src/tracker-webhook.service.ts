import { Injectable } from '@nestjs/common';
import {
  credentialsCipherFor,
  DomainError,
  Environment,
  JobName,
  NotFoundError,
  Outbox,
} from '@rca/shared';
import { TrackersRepository } from './trackers.repository';
import { issueIdsOf, verifyWebhook, WEBHOOK_SIGNATURES } from './tracker-webhooks';

/** What an admin pastes into the tracker's webhook settings. */
export interface TrackerWebhookSetup {
  supported: boolean;
  url: string;
  secret: string | null;
  signatureHeader: string | null;
  note: string;
}

/**
 * The trackers' webhooks (docs/trackers.md): a signed call names an issue; its linked item is
 * synced by a job (the sync reads the issue itself, so a replayed or forged-but-signed call can
 * only cause a harmless extra sync). The secret is derived from the credentials key per target.
 */
@Injectable()
export class TrackerWebhookService {
  constructor(
    private readonly repository: TrackersRepository,
    private readonly outbox: Outbox,
    private readonly environment: Environment,
  ) {}

  private secretOf(targetId: string): string {
    return credentialsCipherFor(this.environment).derive(`tracker-webhook:${targetId}`);
  }

  async setup(targetId: string): Promise<TrackerWebhookSetup> {
    const target = await this.repository.findTarget(targetId);
    if (!target) throw new NotFoundError('Tracker target', targetId);
    const scheme = WEBHOOK_SIGNATURES[target.kind];
    const base = (this.environment.PUBLIC_URL ?? '').replace(/\/$/, '');
    return {
      supported: Boolean(scheme),
      url: `${base}/api/tracker-webhooks/${target.id}`,
      secret: scheme ? this.secretOf(target.id) : null,
      signatureHeader: scheme?.header ?? null,
      note: scheme
        ? `Send issue events as JSON to the URL, signed with the secret (${scheme.header}: ${scheme.format}). Changes arrive at once; the poll still runs every TRACKER_POLL_SECONDS.`
        : `${target.kind} has no webhooks: changes there are read by the poll every TRACKER_POLL_SECONDS.`,
    };
  }

  /** A call of the tracker: 401 unless signed with the target's secret; its issue's item is synced. */
  async receive(
    targetId: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer | undefined,
  ): Promise<{ queued: number }> {
    const target = await this.repository.findTarget(targetId);
    // An unknown target and a bad signature answer alike: the URL reveals nothing.
    if (
      !target ||
      !target.enabled ||
      !body ||
      !verifyWebhook(target.kind, this.secretOf(target.id), headers, body)
    )
      throw new DomainError(401, 'the webhook is not signed with this target’s secret');
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      throw new DomainError(
        400,
        'the webhook body is not JSON',
        undefined,
        undefined,
        'INVALID_JSON',
      );
    }
    let queued = 0;
    await this.repository.transaction(async (manager) => {
      for (const id of issueIdsOf(payload)) {
        const link = await this.repository.findLinkByExternal(target.id, id, manager);
        if (!link) continue;
        await this.outbox.enqueue(manager, JobName.TrackersSync, {
          actionItemId: link.actionItemId,
        });
        queued += 1;
      }
    });
    return { queued };
  }
}
