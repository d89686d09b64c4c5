import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AiAssistCallEntity } from './ai-assist-call.entity';
import { AiAssistSettingsEntity } from './ai-assist-settings.entity';
import { IncidentRecordInput } from './incident-record';

export const SETTINGS_ID = 'default';

/** Every query of AI assistance. It writes only its own two tables; it reads the incident record. */
@Injectable()
export class AiAssistRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  settings(manager: EntityManager = this.dataSource.manager) {
    return manager.findOne(AiAssistSettingsEntity, { where: { id: SETTINGS_ID } });
  }

  async insertSettings(manager: EntityManager, values: Partial<AiAssistSettingsEntity>) {
    await manager.insert(AiAssistSettingsEntity, { ...values, id: SETTINGS_ID, version: 1 });
  }

  insertCall(call: Partial<AiAssistCallEntity>) {
    return this.dataSource.manager.insert(AiAssistCallEntity, call);
  }

  /** Tokens and dollars the calls of one UTC day used. */
  async usage(day: string): Promise<{ tokens: number; costUsd: number; calls: number }> {
    const [row] = await this.dataSource.query(
      `SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0)::bigint AS tokens,
              COALESCE(SUM(cost_usd), 0)::float8 AS "costUsd", COUNT(*)::int AS calls
         FROM ai_assist_call WHERE day = $1`,
      [day],
    );
    return { tokens: Number(row.tokens), costUsd: Number(row.costUsd), calls: row.calls };
  }

  /** The record of one incident (visibility is checked by the caller, on its postmortem). */
  async incidentRecord(incidentId: string): Promise<IncidentRecordInput | null> {
    const [incident] = await this.dataSource.query(
      `SELECT id, reference, title, summary, severity, started_at AS "startedAt", detected_at AS "detectedAt",
              acknowledged_at AS "acknowledgedAt", mitigated_at AS "mitigatedAt", resolved_at AS "resolvedAt"
         FROM incident WHERE id = $1`,
      [incidentId],
    );
    if (!incident) return null;
    const [events, impacts, causes, updates] = await Promise.all([
      this.dataSource.query(
        `SELECT id, occurred_at AS "occurredAt", kind, source, body
           FROM timeline_event WHERE incident_id = $1 AND deleted_at IS NULL
          ORDER BY occurred_at, created_at, id`,
        [incidentId],
      ),
      this.dataSource.query(
        `SELECT i.id, s.name AS service, i.level, i.started_at AS "startedAt", i.ended_at AS "endedAt", i.note
           FROM impact i JOIN service s ON s.id = i.service_id
          WHERE i.incident_id = $1 ORDER BY i.started_at, s.name, i.id`,
        [incidentId],
      ),
      this.dataSource.query(
        `SELECT c.id, v.name AS vendor, c.role, c.explanation, vi.title AS "vendorIncidentTitle"
           FROM cause c JOIN vendor v ON v.id = c.vendor_id
           LEFT JOIN vendor_incident vi ON vi.id = c.vendor_incident_id
          WHERE c.incident_id = $1 AND c.state = 'accepted'
          ORDER BY CASE c.role WHEN 'root_cause' THEN 0 WHEN 'trigger' THEN 1 ELSE 2 END, v.name, c.id`,
        [incidentId],
      ),
      this.dataSource.query(
        `SELECT u.id, v.name AS vendor, u.at, u.status, u.body
           FROM vendor_incident_update u
           JOIN vendor_incident vi ON vi.id = u.vendor_incident_id
           JOIN vendor v ON v.id = vi.vendor_id
          WHERE u.vendor_incident_id IN
                (SELECT vendor_incident_id FROM cause WHERE incident_id = $1 AND state = 'accepted')
          ORDER BY u.at, u.id`,
        [incidentId],
      ),
    ]);
    return { incident, events, impacts, causes, updates };
  }
}
