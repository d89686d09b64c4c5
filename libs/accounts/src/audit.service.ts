import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditFilter, AuditRepository } from './audit.repository';
import type { ClientInfo, Principal } from './principal';

export interface AuditInput {
  action: string;
  outcome?: 'success' | 'failure';
  /** The caller, when known. */
  actor?: Pick<Principal, 'userId' | 'email' | 'displayName'> | null;
  /** Free-text actor when there is no user (e.g. the email someone tried, `cli`). */
  actorLabel?: string | null;
  target?: { type: string; id: string } | null;
  client?: Partial<ClientInfo> | null;
  details?: Record<string, unknown>;
}

/**
 * The security audit log. Other domains call `record()` for their security events
 * (export target changed, postmortem approved/published, …). Rows are never updated or deleted.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly repository: AuditRepository) {}

  async record(input: AuditInput, manager?: EntityManager): Promise<void> {
    const event: Partial<AuditEventEntity> = {
      action: input.action,
      outcome: input.outcome ?? 'success',
      actorUserId: input.actor?.userId ?? null,
      actorLabel: input.actorLabel ?? input.actor?.email ?? input.actor?.displayName ?? null,
      targetType: input.target?.type ?? null,
      targetId: input.target?.id ?? null,
      ip: input.client?.ip ?? null,
      userAgent: input.client?.userAgent ?? null,
      requestId: input.client?.requestId ?? null,
      details: input.details ?? {},
    };
    try {
      await this.repository.insert(event, manager);
    } catch (error) {
      // Inside a caller's transaction the failure must abort it; outside, never hide it.
      this.logger.error({ err: error, event }, 'Could not write audit event');
      throw error;
    }
  }

  list(filter: AuditFilter): Promise<AuditEventEntity[]> {
    return this.repository.list(filter);
  }
}
