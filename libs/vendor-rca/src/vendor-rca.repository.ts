import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { VendorRcaExpectationEntity } from './vendor-rca-expectation.entity';
import { VendorRcaWatchEntity } from './vendor-rca-watch.entity';

/** An accepted cause of ours that names a vendor incident, as the vendor-rca views need it. */
export interface AcceptedVendorCause {
  causeId: string;
  incidentId: string;
  reference: string;
  incidentTitle: string;
  vendorId: string;
  vendorName: string;
  vendorIncidentId: string;
  vendorIncidentTitle: string;
  vendorStartedAt: Date | null;
  vendorResolvedAt: Date | null;
  acceptedAt: Date;
}

const ACCEPTED_CAUSES = `
  SELECT c.id AS "causeId", c.incident_id AS "incidentId", i.reference, i.title AS "incidentTitle",
         v.id AS "vendorId", v.name AS "vendorName", vi.id AS "vendorIncidentId",
         vi.title AS "vendorIncidentTitle", vi.started_at AS "vendorStartedAt",
         vi.resolved_at AS "vendorResolvedAt", COALESCE(c.decided_at, c.updated_at) AS "acceptedAt"
    FROM cause c
    JOIN incident i ON i.id = c.incident_id
    JOIN vendor_incident vi ON vi.id = c.vendor_incident_id
    JOIN vendor v ON v.id = vi.vendor_id
   WHERE c.state = 'accepted'`;

/** Every query of the vendor-rca domain. It writes only its own two tables. */
@Injectable()
export class VendorRcaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // --- expectations ---------------------------------------------------------------------------

  findExpectation(vendorId: string, manager?: EntityManager) {
    return this.manager(manager).findOneBy(VendorRcaExpectationEntity, { vendorId });
  }

  findExpectations(vendorIds: string[]): Promise<VendorRcaExpectationEntity[]> {
    if (vendorIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(VendorRcaExpectationEntity, 'e')
      .where('e.vendor_id = ANY(:ids)', { ids: vendorIds })
      .getMany();
  }

  async saveExpectation(
    expectation: Omit<VendorRcaExpectationEntity, 'version' | 'updatedAt' | 'vendor'>,
    manager: EntityManager,
  ): Promise<VendorRcaExpectationEntity> {
    await manager.query(
      `INSERT INTO vendor_rca_expectation (vendor_id, business_days, zone, country, region, due_time, updated_by, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 1, now())
       ON CONFLICT (vendor_id) DO UPDATE
         SET business_days = EXCLUDED.business_days, zone = EXCLUDED.zone, country = EXCLUDED.country,
             region = EXCLUDED.region, due_time = EXCLUDED.due_time, updated_by = EXCLUDED.updated_by,
             version = vendor_rca_expectation.version + 1, updated_at = now()`,
      [
        expectation.vendorId,
        expectation.businessDays,
        expectation.zone,
        expectation.country,
        expectation.region,
        expectation.dueTime,
        expectation.updatedBy,
      ],
    );
    return (await this.findExpectation(expectation.vendorId, manager))!;
  }

  async deleteExpectation(vendorId: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.delete(VendorRcaExpectationEntity, { vendorId });
    return (result.affected ?? 0) > 0;
  }

  // --- accepted causes (read from the incidents and vendor-incidents tables) ------------------

  async acceptedCause(
    causeId: string,
    manager?: EntityManager,
  ): Promise<AcceptedVendorCause | null> {
    const rows = (await this.manager(manager).query(`${ACCEPTED_CAUSES} AND c.id = $1`, [
      causeId,
    ])) as AcceptedVendorCause[];
    return rows[0] ?? null;
  }

  acceptedCausesOfIncident(incidentId: string): Promise<AcceptedVendorCause[]> {
    return this.dataSource.query(
      `${ACCEPTED_CAUSES} AND c.incident_id = $1 ORDER BY v.name, vi.started_at`,
      [incidentId],
    );
  }

  acceptedCausesOfVendorIncident(
    vendorIncidentId: string,
    manager?: EntityManager,
  ): Promise<AcceptedVendorCause[]> {
    return this.manager(manager).query(`${ACCEPTED_CAUSES} AND c.vendor_incident_id = $1`, [
      vendorIncidentId,
    ]);
  }

  acceptedCausesOfVendor(vendorId: string, manager: EntityManager): Promise<AcceptedVendorCause[]> {
    return manager.query(`${ACCEPTED_CAUSES} AND vi.vendor_id = $1`, [vendorId]);
  }

  // --- watches --------------------------------------------------------------------------------

  findWatch(causeId: string, manager?: EntityManager) {
    return this.manager(manager).findOneBy(VendorRcaWatchEntity, { causeId });
  }

  findWatches(causeIds: string[]): Promise<VendorRcaWatchEntity[]> {
    if (causeIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(VendorRcaWatchEntity, 'w')
      .where('w.cause_id = ANY(:ids)', { ids: causeIds })
      .getMany();
  }

  /**
   * Creates or moves the watch of a cause. A moved expected instant clears the overdue notice,
   * so the owner hears of the new one once.
   */
  async upsertWatch(
    watch: Pick<
      VendorRcaWatchEntity,
      'causeId' | 'incidentId' | 'vendorIncidentId' | 'vendorId' | 'expectedBy'
    >,
    manager: EntityManager,
  ): Promise<VendorRcaWatchEntity> {
    await manager.query(
      `INSERT INTO vendor_rca_watch (cause_id, incident_id, vendor_incident_id, vendor_id, expected_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (cause_id) DO UPDATE
         SET vendor_incident_id = EXCLUDED.vendor_incident_id, vendor_id = EXCLUDED.vendor_id,
             expected_by = EXCLUDED.expected_by,
             overdue_notified_at = CASE WHEN vendor_rca_watch.expected_by IS NOT DISTINCT FROM EXCLUDED.expected_by
                                        THEN vendor_rca_watch.overdue_notified_at END,
             updated_at = now()`,
      [watch.causeId, watch.incidentId, watch.vendorIncidentId, watch.vendorId, watch.expectedBy],
    );
    return (await this.findWatch(watch.causeId, manager))!;
  }

  /** Marks the overdue notice of this expected instant sent; false when it was already (or the watch moved). */
  async claimOverdueNotice(
    causeId: string,
    expectedBy: Date,
    at: Date,
    manager: EntityManager,
  ): Promise<boolean> {
    const result = await manager.update(
      VendorRcaWatchEntity,
      { causeId, expectedBy, overdueNotifiedAt: IsNull() },
      { overdueNotifiedAt: at },
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Watches past their expected instant whose cause is still accepted and whose vendor incident
   * has no report, with the postmortem's owner: the managers' overdue list, oldest first.
   */
  overdue(now: Date, filters: { team?: string; owner?: string }, limit: number) {
    return this.dataSource.query(
      `SELECT w.cause_id AS "causeId", w.incident_id AS "incidentId", i.reference, i.title AS "incidentTitle",
              v.name AS "vendorName", vi.title AS "vendorIncidentTitle", w.expected_by AS "expectedBy",
              w.vendor_id AS "vendorId", p.id AS "postmortemId", p.owner, p.team,
              w.overdue_notified_at AS "notifiedAt"
         FROM vendor_rca_watch w
         JOIN cause c ON c.id = w.cause_id AND c.state = 'accepted' AND c.vendor_incident_id = w.vendor_incident_id
         JOIN incident i ON i.id = w.incident_id
         JOIN vendor_incident vi ON vi.id = w.vendor_incident_id
         JOIN vendor v ON v.id = w.vendor_id
         LEFT JOIN postmortem p ON p.incident_id = w.incident_id
        WHERE w.expected_by IS NOT NULL AND w.expected_by < $1
          AND NOT EXISTS (SELECT 1 FROM vendor_incident_report r WHERE r.vendor_incident_id = w.vendor_incident_id)
          AND ($2::text IS NULL OR p.team = $2) AND ($3::text IS NULL OR p.owner = $3)
        ORDER BY w.expected_by, w.cause_id
        LIMIT $4`,
      [now, filters.team ?? null, filters.owner ?? null, limit],
    ) as Promise<
      Array<{
        causeId: string;
        incidentId: string;
        reference: string;
        incidentTitle: string;
        vendorName: string;
        vendorIncidentTitle: string;
        expectedBy: Date;
        vendorId: string;
        postmortemId: string | null;
        owner: string | null;
        team: string | null;
        notifiedAt: Date | null;
      }>
    >;
  }
}
