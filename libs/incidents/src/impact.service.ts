import type { Viewer } from '@rca/accounts';
import { Injectable } from '@nestjs/common';
import { CatalogRepository } from '@rca/catalog';
import { InvalidInputError, Outbox, versionedWrite } from '@rca/shared';
import { EntityManager } from 'typeorm';
import { ImpactEntity } from './impact.entity';
import { ImpactRepository } from './impact.repository';
import { IncidentActivityRepository } from './incident-activity.repository';
import { optionalInstant } from './incident-write';
import { IncidentService } from './incident.service';
import { CreateImpactDto, UpdateImpactDto } from './incidents.dto';
import { resolveInstant } from './instant';

/** Which services an incident hit, how hard and when. */
@Injectable()
export class ImpactService {
  constructor(
    private readonly impacts: ImpactRepository,
    private readonly incidents: IncidentService,
    private readonly activity: IncidentActivityRepository,
    private readonly catalog: CatalogRepository,
    private readonly outbox: Outbox,
  ) {}

  async listImpacts(reference: string, cursor?: string, limit?: number, viewer?: Viewer) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    const page = await this.impacts.pageImpacts(incident.id, cursor, limit);
    return {
      items: page.items.map((impact) => this.impactView(impact)),
      nextCursor: page.nextCursor,
    };
  }

  private checkWindow(from: Date, to: Date | null) {
    if (to && to.getTime() < from.getTime())
      throw new InvalidInputError(
        'to',
        `to (${to.toISOString()}) must not be before from (${from.toISOString()})`,
      );
  }

  private impactView(impact: ImpactEntity) {
    return { ...impact, from: impact.startedAt, to: impact.endedAt };
  }

  async createImpact(
    reference: string,
    input: CreateImpactDto,
    actor: string,
    manager?: EntityManager,
    viewer?: Viewer,
  ) {
    const from = resolveInstant(input.from, 'from').instant;
    const to = optionalInstant(input.to, 'to') ?? null;
    this.checkWindow(from, to);
    const work = async (manager: EntityManager) => {
      const incident = await this.incidents.getIncident(reference, manager, viewer);
      const service = await this.catalog.findService(input.service, manager);
      if (!service)
        throw new InvalidInputError(
          'service',
          `service ${JSON.stringify(input.service)} does not exist`,
        );
      const impact = await this.impacts.insertImpact(
        {
          incidentId: incident.id,
          serviceId: service.id,
          level: input.level,
          startedAt: from,
          endedAt: to,
          note: input.note ?? '',
        },
        manager,
      );
      await this.activity.log(
        {
          incidentId: incident.id,
          actor,
          action: 'impact.created',
          subjectType: 'impact',
          subjectId: impact.id,
          after: impact,
        },
        manager,
      );
      return this.impactView(impact);
    };
    // Inside a caller's transaction the caller decides what follows (a draft suggests its own cause).
    if (manager) return work(manager);
    return this.impacts.transaction(async (tx) => {
      const created = await work(tx);
      // An impact names our services, so the vendors that may have caused it.
      await this.outbox.emit(tx, 'incident.impacts-changed', { incidentId: created.incidentId });
      return created;
    });
  }

  async updateImpact(
    reference: string,
    id: string,
    input: UpdateImpactDto,
    actor: string,
    viewer?: Viewer,
  ) {
    return this.impacts.transaction(async (manager) => {
      const incident = await this.incidents.getIncident(reference, manager, viewer);
      const { after } = await versionedWrite<ImpactEntity>({
        manager,
        entity: 'Impact',
        id,
        expectedVersion: input.version,
        find: (tx) => this.impacts.findImpact(incident.id, id, tx),
        write: (before, tx) => {
          if ((input.from as unknown) === null)
            throw new InvalidInputError('from', 'from cannot be cleared');
          const changes: Partial<ImpactEntity> = {
            level: input.level,
            note: input.note,
            startedAt: optionalInstant(input.from, 'from') ?? undefined,
            endedAt: optionalInstant(input.to, 'to'),
          };
          this.checkWindow(
            changes.startedAt ?? before.startedAt,
            changes.endedAt === undefined ? before.endedAt : changes.endedAt,
          );
          return this.impacts.updateImpact(id, input.version, changes, tx);
        },
        log: async (before, after, tx) => {
          await this.activity.log(
            {
              incidentId: incident.id,
              actor,
              action: 'impact.updated',
              subjectType: 'impact',
              subjectId: id,
              before,
              after,
            },
            tx,
          );
          await this.outbox.emit(tx, 'incident.impacts-changed', { incidentId: incident.id });
        },
      });
      return this.impactView(after!);
    });
  }

  async deleteImpact(
    reference: string,
    id: string,
    version: number,
    actor: string,
    viewer?: Viewer,
  ): Promise<void> {
    await this.impacts.transaction(async (manager) => {
      const incident = await this.incidents.getIncident(reference, manager, viewer);
      await versionedWrite<ImpactEntity>({
        manager,
        entity: 'Impact',
        id,
        expectedVersion: version,
        find: (tx) => this.impacts.findImpact(incident.id, id, tx),
        write: (before, tx) => this.impacts.deleteImpact(id, version, tx),
        log: async (before, _after, tx) => {
          await this.activity.log(
            {
              incidentId: incident.id,
              actor,
              action: 'impact.deleted',
              subjectType: 'impact',
              subjectId: id,
              before,
            },
            tx,
          );
          // Suggestions scored on this impact are re-scored without it.
          await this.outbox.emit(tx, 'incident.impacts-changed', { incidentId: incident.id });
        },
      });
    });
  }
}
