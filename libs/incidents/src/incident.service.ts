import { Injectable } from '@nestjs/common';
import { Principal, Viewer, VisibilityService } from '@rca/accounts';
import { CatalogRepository } from '@rca/catalog';
import { InvalidInputError, NotFoundError, Outbox, versionedWrite } from '@rca/shared';
import { EntityManager } from 'typeorm';
import { CauseRepository } from './cause.repository';
import { ImpactRepository } from './impact.repository';
import { IncidentActivityRepository } from './incident-activity.repository';
import { checkInstants, incidentMetrics, isReopen, TRANSITIONS } from './incident-rules';
import { invalid, optionalInstant } from './incident-write';
import { IncidentEntity, SEVERITY_DESCRIPTIONS } from './incident.entity';
import { IncidentRepository } from './incident.repository';
import {
  CreateIncidentDto,
  IncidentVisibilityDto,
  ListIncidentsQueryDto,
  TransitionDto,
  UpdateIncidentDto,
} from './incidents.dto';
import { resolveInstant } from './instant';

const INSTANT_FIELDS = [
  'startedAt',
  'detectedAt',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
] as const;

/** The incident itself: its record, lifecycle and activity log. */
@Injectable()
export class IncidentService {
  constructor(
    private readonly incidents: IncidentRepository,
    private readonly impacts: ImpactRepository,
    private readonly causes: CauseRepository,
    private readonly activity: IncidentActivityRepository,
    private readonly catalog: CatalogRepository,
    private readonly outbox: Outbox,
    private readonly visibility: VisibilityService,
  ) {}

  /**
   * The incident as `viewer` may see it (undefined: the system, which sees all). A private
   * incident of another team is a 404, exactly like one that does not exist.
   */
  async getIncident(
    reference: string,
    manager?: EntityManager,
    viewer?: Viewer,
  ): Promise<IncidentEntity> {
    const incident = await this.incidents.findIncident(reference, manager, viewer);
    if (!incident) throw new NotFoundError('Incident', reference);
    return incident;
  }

  /** The incident with impacts, causes, metrics and its owning team. */
  async getIncidentDetail(reference: string, viewer?: Viewer) {
    const found = await this.incidents.findIncident(reference, undefined, viewer, {
      withTeam: true,
    });
    if (!found) throw new NotFoundError('Incident', reference);
    const { owningTeam, ...incident } = found;
    const [impacts, causes] = await Promise.all([
      this.impacts.listImpacts(incident.id),
      this.causes.listCauses(incident.id),
    ]);
    return {
      ...incident,
      severityDescription: SEVERITY_DESCRIPTIONS[incident.severity],
      metrics: incidentMetrics(incident),
      impacts,
      causes,
      team: owningTeam ? { id: owningTeam.id, name: owningTeam.name } : null,
    };
  }

  async listIncidents(query: ListIncidentsQueryDto, viewer?: Viewer) {
    let serviceId: string | undefined;
    let vendorId: string | undefined;
    if (query.service) {
      const service = await this.catalog.findService(query.service);
      if (!service) return { items: [], nextCursor: null };
      serviceId = service.id;
    }
    if (query.vendor) {
      const vendor = await this.catalog.findVendor(query.vendor);
      if (!vendor) return { items: [], nextCursor: null };
      vendorId = vendor.id;
    }
    const page = await this.incidents.listIncidents(
      viewer,
      {
        status: query.status,
        severity: query.severity,
        serviceId,
        vendorId,
        from: query.from ? resolveInstant(query.from, 'from').instant : undefined,
        to: query.to ? resolveInstant(query.to, 'to').instant : undefined,
        q: query.q,
        label: query.label,
      },
      { by: query.sort ?? 'startedAt', order: query.order === 'asc' ? 'ASC' : 'DESC' },
      query.cursor,
      query.limit,
    );
    // The page's rows are this call's own objects: the metrics go on them in place instead of a
    // copy of every row (the list is the busiest read; each copy is garbage to collect).
    const items = page.items as Array<
      IncidentEntity & { metrics: ReturnType<typeof incidentMetrics> }
    >;
    for (const item of items) item.metrics = incidentMetrics(item);
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * Pass `manager` to create it inside the caller's transaction (e.g. a draft opened by the
   * status ingestion). `principal`: the person creating it, who must belong to the team they
   * give it to (admins may give it to any team).
   */
  async createIncident(
    input: CreateIncidentDto,
    actor: string,
    manager?: EntityManager,
    principal?: Principal,
  ): Promise<IncidentEntity> {
    const startedAt = resolveInstant(input.startedAt, 'startedAt').instant;
    const teamId = input.teamId ?? null;
    if (input.private && !teamId)
      throw new InvalidInputError('teamId', 'a private incident needs its owning team');
    if (teamId && principal) this.visibility.assertMayChangeVisibility(principal, [teamId]);
    if (teamId && !(await this.incidents.teamExists(teamId, manager)))
      throw new InvalidInputError('teamId', `no team has the id ${teamId}`);
    const status = input.status ?? 'investigating';
    const state = {
      status,
      startedAt,
      detectedAt: optionalInstant(input.detectedAt, 'detectedAt') ?? null,
      acknowledgedAt: optionalInstant(input.acknowledgedAt, 'acknowledgedAt') ?? null,
      mitigatedAt: optionalInstant(input.mitigatedAt, 'mitigatedAt') ?? null,
      resolvedAt: optionalInstant(input.resolvedAt, 'resolvedAt') ?? null,
      closedAt: null,
    };
    const errors = checkInstants(state);
    if (errors.length) throw invalid(errors);
    const work = async (manager: EntityManager) => {
      const year = startedAt.getUTCFullYear();
      const sequence = await this.incidents.nextSequence(year, manager);
      const incident = await this.incidents.insertIncident(
        {
          ...state,
          reference: `INC-${year}-${String(sequence).padStart(4, '0')}`,
          year,
          sequence,
          title: input.title,
          summary: input.summary ?? '',
          severity: input.severity,
          labels: input.labels ?? [],
          regions: input.regions ?? [],
          errorSignatures: input.errorSignatures ?? [],
          teamId,
          private: input.private ?? false,
          createdBy: actor,
        },
        manager,
      );
      await this.activity.log(
        {
          incidentId: incident.id,
          actor,
          action: 'incident.created',
          subjectType: 'incident',
          subjectId: incident.id,
          after: incident,
        },
        manager,
      );
      return incident;
    };
    return manager ? work(manager) : this.incidents.transaction(work);
  }

  async updateIncident(
    reference: string,
    input: UpdateIncidentDto,
    actor: string,
    viewer?: Viewer,
  ): Promise<IncidentEntity> {
    const { version, startedAt, detectedAt, acknowledgedAt, mitigatedAt, resolvedAt, ...fields } =
      input;
    if ((startedAt as unknown) === null)
      throw new InvalidInputError('startedAt', 'startedAt cannot be cleared');
    if ((resolvedAt as unknown) === null)
      throw new InvalidInputError(
        'resolvedAt',
        'resolvedAt cannot be cleared; reopen the incident instead',
      );
    const instants = {
      startedAt: optionalInstant(startedAt, 'startedAt') ?? undefined,
      detectedAt: optionalInstant(detectedAt, 'detectedAt'),
      acknowledgedAt: optionalInstant(acknowledgedAt, 'acknowledgedAt'),
      mitigatedAt: optionalInstant(mitigatedAt, 'mitigatedAt'),
      resolvedAt: optionalInstant(resolvedAt, 'resolvedAt') ?? undefined,
    };
    const { after } = await this.incidents.transaction((manager) =>
      versionedWrite<IncidentEntity>({
        manager,
        entity: 'Incident',
        id: reference,
        expectedVersion: version,
        find: (tx) => this.incidents.findIncident(reference, tx, viewer),
        write: (before, tx) => {
          const changes: Partial<IncidentEntity> = { ...fields };
          for (const key of INSTANT_FIELDS)
            if (instants[key] !== undefined)
              (changes as Record<string, unknown>)[key] = instants[key];
          const errors = checkInstants({ ...before, ...changes } as IncidentEntity);
          if (errors.length) throw invalid(errors);
          return this.incidents.updateIncident(before.id, version, changes, tx);
        },
        log: async (before, after, tx) => {
          await this.activity.log(
            {
              incidentId: before.id,
              actor,
              action: 'incident.updated',
              subjectType: 'incident',
              subjectId: before.id,
              before,
              after,
            },
            tx,
          );
          await this.emitChange(tx, before, after!);
        },
      }),
    );
    return after!;
  }

  /** Moves the incident through its lifecycle; resolved/closed → open is a reopen and is counted. */
  async transition(
    reference: string,
    input: TransitionDto,
    actor: string,
    viewer?: Viewer,
  ): Promise<IncidentEntity> {
    const at = input.at ? resolveInstant(input.at, 'at').instant : new Date();
    let reopen = false;
    const { after } = await this.incidents.transaction((manager) =>
      versionedWrite<IncidentEntity>({
        manager,
        entity: 'Incident',
        id: reference,
        expectedVersion: input.version,
        find: (tx) => this.incidents.findIncident(reference, tx, viewer),
        write: (before, tx) => {
          if (!TRANSITIONS[before.status].includes(input.to)) {
            throw new InvalidInputError(
              'to',
              `cannot move from ${before.status} to ${input.to}; allowed: ${TRANSITIONS[before.status].join(', ') || 'none'}`,
            );
          }
          reopen = isReopen(before.status, input.to);
          const changes: Partial<IncidentEntity> = { status: input.to };
          if (input.to === 'resolved' && before.status !== 'closed') changes.resolvedAt = at;
          if (input.to === 'closed') changes.closedAt = at;
          if (input.to === 'monitoring' && !before.mitigatedAt) changes.mitigatedAt = at;
          if (reopen) {
            changes.resolvedAt = null;
            changes.closedAt = null;
            changes.reopenCount = before.reopenCount + 1;
          }
          const errors = checkInstants({ ...before, ...changes } as IncidentEntity);
          if (errors.length)
            throw invalid(
              errors.map((error) => ({
                ...error,
                field:
                  error.field === 'resolvedAt' || error.field === 'closedAt' ? 'at' : error.field,
              })),
            );
          return this.incidents.updateIncident(before.id, input.version, changes, tx);
        },
        log: async (before, after, tx) => {
          await this.activity.log(
            {
              incidentId: before.id,
              actor,
              action: reopen ? 'incident.reopened' : 'incident.transitioned',
              subjectType: 'incident',
              subjectId: before.id,
              before: {
                status: before.status,
                resolvedAt: before.resolvedAt,
                closedAt: before.closedAt,
                version: before.version,
              },
              after: {
                status: after!.status,
                at: at.toISOString(),
                note: input.note ?? null,
                reopenCount: after!.reopenCount,
                version: after!.version,
              },
            },
            tx,
          );
          await this.emitChange(tx, before, after!);
        },
      }),
    );
    return after!;
  }

  /**
   * Makes the incident private to its team or public again, or gives it to another team: a
   * versioned write, logged as `incident.visibility_changed` with the state before and after.
   * Admins, and responders (or above) of the owning team, may do it (docs/accounts.md).
   */
  async setVisibility(
    reference: string,
    input: IncidentVisibilityDto,
    actor: string,
    principal: Principal,
  ): Promise<IncidentEntity> {
    const { after } = await this.incidents.transaction((manager) =>
      versionedWrite<IncidentEntity>({
        manager,
        entity: 'Incident',
        id: reference,
        expectedVersion: input.version,
        find: (tx) => this.incidents.findIncident(reference, tx, principal),
        write: async (before, tx) => {
          const teamId = input.teamId === undefined ? before.teamId : input.teamId;
          if (input.private && !teamId)
            throw new InvalidInputError('teamId', 'a private incident needs its owning team');
          this.visibility.assertMayChangeVisibility(principal, [
            ...(before.teamId ? [before.teamId] : []),
            ...(teamId && teamId !== before.teamId ? [teamId] : []),
          ]);
          if (teamId && teamId !== before.teamId && !(await this.incidents.teamExists(teamId, tx)))
            throw new InvalidInputError('teamId', `no team has the id ${teamId}`);
          return this.incidents.updateIncident(
            before.id,
            input.version,
            { private: input.private, teamId },
            tx,
          );
        },
        log: async (before, after, tx) => {
          await this.activity.log(
            {
              incidentId: before.id,
              actor,
              action: 'incident.visibility_changed',
              subjectType: 'incident',
              subjectId: before.id,
              before: { private: before.private, teamId: before.teamId, version: before.version },
              after: { private: after!.private, teamId: after!.teamId, version: after!.version },
            },
            tx,
          );
        },
      }),
    );
    return after!;
  }

  /** In the change's transaction: the RCA draft and its deadline follow (EVENT_SUBSCRIBERS). */
  private emitChange(
    manager: EntityManager,
    before: IncidentEntity,
    after: IncidentEntity,
  ): Promise<void> {
    return this.outbox.emit(manager, 'incident.changed', {
      incidentId: after.id,
      status: after.status,
      previousStatus: before.status,
      resolvedAt: after.resolvedAt?.toISOString() ?? null,
      previousResolvedAt: before.resolvedAt?.toISOString() ?? null,
      version: after.version,
    });
  }

  listActivity(reference: string, cursor?: string, limit?: number, viewer?: Viewer) {
    return this.getIncident(reference, undefined, viewer).then((incident) =>
      this.activity.listActivity(incident.id, cursor, limit),
    );
  }
}
