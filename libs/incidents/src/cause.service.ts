import type { Viewer } from '@rca/accounts';
import { Injectable } from '@nestjs/common';
import { CatalogRepository } from '@rca/catalog';
import { InvalidInputError, NotFoundError, Outbox, versionedWrite } from '@rca/shared';
import { VendorIncidentRepository } from '@rca/vendor-incidents';
import { EntityManager } from 'typeorm';
import { CauseEntity, CauseReason, CauseRole } from './cause.entity';
import { CauseRepository } from './cause.repository';
import { IncidentActivityRepository } from './incident-activity.repository';
import { IncidentService } from './incident.service';
import { CreateCauseDto, UpdateCauseDto } from './incidents.dto';

/** Why an incident happened: vendor incidents suggested, accepted or rejected as its cause. */
@Injectable()
export class CauseService {
  constructor(
    private readonly causes: CauseRepository,
    private readonly incidents: IncidentService,
    private readonly activity: IncidentActivityRepository,
    private readonly catalog: CatalogRepository,
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly outbox: Outbox,
  ) {}

  async listCauses(reference: string, cursor?: string, limit?: number, viewer?: Viewer) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    return this.causes.pageCauses(incident.id, cursor, limit);
  }

  private async checkComponents(
    vendorId: string,
    ids: string[] | undefined,
    manager: EntityManager,
  ) {
    if (!ids?.length) return;
    const found = await this.catalog.findComponentsByIds(ids, manager);
    const missing = ids.filter(
      (id) => !found.some((component) => component.id === id && component.vendorId === vendorId),
    );
    if (missing.length)
      throw new InvalidInputError(
        'vendorComponentIds',
        `not components of this vendor: ${missing.join(', ')}`,
      );
  }

  async createCause(
    reference: string,
    input: CreateCauseDto,
    actor: string,
    viewer?: Viewer,
  ): Promise<CauseEntity> {
    return this.causes.transaction(async (manager) => {
      const incident = await this.incidents.getIncident(reference, manager, viewer);
      const vendor = await this.catalog.findVendor(input.vendor, manager);
      if (!vendor)
        throw new InvalidInputError(
          'vendor',
          `vendor ${JSON.stringify(input.vendor)} does not exist`,
        );
      if (input.vendorIncidentId) {
        const vendorIncident = await this.vendorIncidents.findById(input.vendorIncidentId, manager);
        if (!vendorIncident || vendorIncident.vendorId !== vendor.id) {
          throw new InvalidInputError(
            'vendorIncidentId',
            `vendor incident ${input.vendorIncidentId} does not exist for vendor ${vendor.slug}`,
          );
        }
      }
      await this.checkComponents(vendor.id, input.vendorComponentIds, manager);
      const state = input.state ?? 'accepted';
      const cause = await this.causes.insertCause(
        {
          incidentId: incident.id,
          vendorId: vendor.id,
          vendorIncidentId: input.vendorIncidentId ?? null,
          vendorComponentIds: input.vendorComponentIds ?? [],
          role: input.role ?? 'root_cause',
          state,
          explanation: input.explanation ?? '',
          score: input.score ?? null,
          reasons: [],
          createdBy: actor,
          decidedBy: state === 'suggested' ? null : actor,
          decidedAt: state === 'suggested' ? null : new Date(),
        },
        manager,
      );
      await this.activity.log(
        {
          incidentId: incident.id,
          actor,
          action: 'cause.created',
          subjectType: 'cause',
          subjectId: cause.id,
          after: cause,
        },
        manager,
      );
      if (cause.state === 'accepted' && cause.vendorIncidentId)
        await this.outbox.emit(manager, 'cause.accepted', {
          causeId: cause.id,
          incidentId: incident.id,
        });
      return cause;
    });
  }

  async updateCause(
    reference: string,
    id: string,
    input: UpdateCauseDto,
    actor: string,
    viewer?: Viewer,
  ): Promise<CauseEntity> {
    return this.causes.transaction(async (manager) => {
      const incident = await this.incidents.getIncident(reference, manager, viewer);
      const decided = (before: CauseEntity) => !!input.state && input.state !== before.state;
      const { after } = await versionedWrite<CauseEntity>({
        manager,
        entity: 'Cause',
        id,
        expectedVersion: input.version,
        find: (tx) => this.causes.findCause(incident.id, id, tx),
        write: async (before, tx) => {
          await this.checkComponents(before.vendorId, input.vendorComponentIds, tx);
          const changes: Partial<CauseEntity> = {
            role: input.role,
            state: input.state,
            explanation: input.explanation,
            vendorComponentIds: input.vendorComponentIds,
          };
          if (decided(before)) {
            changes.decidedBy = actor;
            changes.decidedAt = new Date();
          }
          return this.causes.updateCause(id, input.version, changes, tx);
        },
        log: async (before, after, tx) => {
          await this.activity.log(
            {
              incidentId: incident.id,
              actor,
              action: decided(before) ? `cause.${input.state}` : 'cause.updated',
              subjectType: 'cause',
              subjectId: id,
              before,
              after,
            },
            tx,
          );
          // Accepted by any route: the vendor's updates join the timeline (a job, once each).
          if (after!.state === 'accepted' && before.state !== 'accepted' && after!.vendorIncidentId)
            await this.outbox.emit(tx, 'cause.accepted', { causeId: id, incidentId: incident.id });
        },
      });
      return after!;
    });
  }

  /**
   * Accept or reject a cause known by its id alone (the suggestion endpoints): the same write,
   * log and follow-ups as PATCH …/causes/:id, by the signed-in caller.
   */
  async decideCause(
    causeId: string,
    version: number,
    state: 'accepted' | 'rejected',
    actor: string,
    viewer?: Viewer,
  ): Promise<CauseEntity> {
    const cause = await this.causes.findCauseById(causeId);
    if (!cause) throw new NotFoundError('Cause', causeId);
    // A cause of a private incident the caller cannot see is not found either.
    try {
      return await this.updateCause(cause.incidentId, causeId, { version, state }, actor, viewer);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('Cause', causeId);
      throw error;
    }
  }

  /**
   * For the status ingestion: suggests a vendor incident as the cause of an incident, once per
   * (incident, vendor incident) — a rejected suggestion is never made again. Pass the poll's
   * transaction as `manager` to write both together. Returns null when it already existed.
   */
  async suggestCause(
    input: {
      incidentId: string;
      vendorIncidentId: string;
      vendorComponentIds?: string[];
      score: number;
      reasons: CauseReason[];
      role?: CauseRole;
      explanation?: string;
    },
    manager?: EntityManager,
  ): Promise<CauseEntity | null> {
    const work = async (tx: EntityManager) => {
      const vendorIncident = await this.vendorIncidents.findById(input.vendorIncidentId, tx);
      if (!vendorIncident) throw new NotFoundError('Vendor incident', input.vendorIncidentId);
      const cause = await this.causes.insertCauseIfNew(
        {
          incidentId: input.incidentId,
          vendorId: vendorIncident.vendorId,
          vendorIncidentId: vendorIncident.id,
          vendorComponentIds: input.vendorComponentIds ?? [],
          role: input.role ?? 'root_cause',
          state: 'suggested',
          explanation: input.explanation ?? '',
          score: input.score,
          reasons: input.reasons,
          createdBy: 'system',
        },
        tx,
      );
      if (cause) {
        await this.activity.log(
          {
            incidentId: input.incidentId,
            actor: 'system',
            action: 'cause.suggested',
            subjectType: 'cause',
            subjectId: cause.id,
            after: cause,
          },
          tx,
        );
      }
      return cause;
    };
    return manager ? work(manager) : this.causes.transaction(work);
  }

  async deleteCause(
    reference: string,
    id: string,
    version: number,
    actor: string,
    viewer?: Viewer,
  ): Promise<void> {
    await this.causes.transaction(async (manager) => {
      const incident = await this.incidents.getIncident(reference, manager, viewer);
      await versionedWrite<CauseEntity>({
        manager,
        entity: 'Cause',
        id,
        expectedVersion: version,
        find: (tx) => this.causes.findCause(incident.id, id, tx),
        write: (_before, tx) => this.causes.deleteCause(id, version, tx),
        log: (before, _after, tx) =>
          this.activity.log(
            {
              incidentId: incident.id,
              actor,
              action: 'cause.deleted',
              subjectType: 'cause',
              subjectId: id,
              before,
            },
            tx,
          ),
      });
    });
  }

  /**
   * For the status ingestion: re-scores a cause that is still only suggested (an accepted or
   * rejected one keeps the person's decision). Returns whether it changed.
   */
  async rescoreSuggestedCause(
    input: {
      incidentId: string;
      vendorIncidentId: string;
      vendorComponentIds: string[];
      score: number;
      reasons: CauseReason[];
    },
    manager?: EntityManager,
  ): Promise<boolean> {
    const work = async (tx: EntityManager) => {
      const cause = await this.causes.findSuggestedForUpdate(
        input.incidentId,
        input.vendorIncidentId,
        tx,
      );
      if (
        !cause ||
        (cause.score === input.score &&
          JSON.stringify(cause.reasons) === JSON.stringify(input.reasons) &&
          JSON.stringify(cause.vendorComponentIds) === JSON.stringify(input.vendorComponentIds))
      )
        return false;
      await this.causes.updateCause(
        cause.id,
        cause.version,
        {
          score: input.score,
          reasons: input.reasons,
          vendorComponentIds: input.vendorComponentIds,
        },
        tx,
      );
      await this.activity.log(
        {
          incidentId: input.incidentId,
          actor: 'system',
          action: 'cause.rescored',
          subjectType: 'cause',
          subjectId: cause.id,
          after: { score: input.score, reasons: input.reasons },
        },
        tx,
      );
      return true;
    };
    return manager ? work(manager) : this.causes.transaction(work);
  }

  /**
   * A suggestion that no longer qualifies (the impact or dependency it was scored on is gone) is
   * withdrawn: deleted, with the activity log keeping what it was. Accepted and rejected causes
   * are people's decisions and are never touched. Returns whether one was withdrawn.
   */
  async withdrawSuggestedCause(
    input: { incidentId: string; vendorIncidentId: string; reason: string },
    manager?: EntityManager,
  ): Promise<boolean> {
    const work = async (tx: EntityManager) => {
      const cause = await this.causes.findSuggestedForUpdate(
        input.incidentId,
        input.vendorIncidentId,
        tx,
      );
      if (!cause) return false;
      await this.causes.deleteCause(cause.id, cause.version, tx);
      await this.activity.log(
        {
          incidentId: input.incidentId,
          actor: 'system',
          action: 'cause.withdrawn',
          subjectType: 'cause',
          subjectId: cause.id,
          before: { score: cause.score, reasons: cause.reasons, explanation: cause.explanation },
          after: { reason: input.reason },
        },
        tx,
      );
      return true;
    };
    return manager ? work(manager) : this.causes.transaction(work);
  }
}
