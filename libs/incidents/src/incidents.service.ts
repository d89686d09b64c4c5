import { Injectable } from '@nestjs/common';
import { CatalogRepository } from '@rca/catalog';
import {
  DomainError,
  IncidentEvents,
  InvalidInputError,
  NotFoundError,
  StaleVersionError,
} from '@rca/shared';
import { VendorIncidentRepository, VendorIncidentUpdateEntity } from '@rca/vendor-incidents';
import { EntityManager } from 'typeorm';
import { CauseEntity, CauseReason, CauseRole } from './cause.entity';
import { ImpactEntity } from './impact.entity';
import { checkInstants, incidentMetrics, isReopen, TRANSITIONS } from './incident-rules';
import { IncidentEntity, SEVERITY_DESCRIPTIONS } from './incident.entity';
import {
  CreateCauseDto,
  CreateImpactDto,
  CreateIncidentDto,
  CreateTimelineEventDto,
  ListIncidentsQueryDto,
  TransitionDto,
  UpdateCauseDto,
  UpdateImpactDto,
  UpdateIncidentDto,
  UpdateTimelineEventDto,
} from './incidents.dto';
import { IncidentsRepository } from './incidents.repository';
import { InstantInput, isValidZone, renderInZone, resolveInstant } from './instant';
import { TimelineEventEntity } from './timeline-event.entity';

const INSTANT_FIELDS = [
  'startedAt',
  'detectedAt',
  'acknowledgedAt',
  'mitigatedAt',
  'resolvedAt',
] as const;

function invalid(errors: { field: string; messages: string[] }[]): DomainError {
  return new DomainError(
    400,
    `Validation failed: ${errors.length} field${errors.length === 1 ? ' is' : 's are'} invalid`,
    undefined,
    errors,
  );
}

const optionalInstant = (
  value: InstantInput | null | undefined,
  field: string,
): Date | null | undefined =>
  value === undefined ? undefined : value === null ? null : resolveInstant(value, field).instant;

@Injectable()
export class IncidentsService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly catalog: CatalogRepository,
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly events: IncidentEvents,
  ) {}

  // Incidents

  async getIncident(reference: string, manager?: EntityManager): Promise<IncidentEntity> {
    const incident = await this.incidents.findIncident(reference, manager);
    if (!incident) throw new NotFoundError('Incident', reference);
    return incident;
  }

  /** The incident with impacts, causes and metrics. */
  async getIncidentDetail(reference: string) {
    const incident = await this.getIncident(reference);
    const [impacts, causes] = await Promise.all([
      this.incidents.listImpacts(incident.id),
      this.incidents.listCauses(incident.id),
    ]);
    return {
      ...incident,
      severityDescription: SEVERITY_DESCRIPTIONS[incident.severity],
      metrics: incidentMetrics(incident),
      impacts,
      causes,
    };
  }

  async listIncidents(query: ListIncidentsQueryDto) {
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
    return {
      items: page.items.map((incident) => ({ ...incident, metrics: incidentMetrics(incident) })),
      nextCursor: page.nextCursor,
    };
  }

  /** Pass `manager` to create it inside the caller's transaction (e.g. a draft opened by the status ingestion). */
  async createIncident(
    input: CreateIncidentDto,
    actor: string,
    manager?: EntityManager,
  ): Promise<IncidentEntity> {
    const startedAt = resolveInstant(input.startedAt, 'startedAt').instant;
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
          createdBy: actor,
        },
        manager,
      );
      await this.incidents.log(
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

  private async stale(reference: string, expected: number): Promise<never> {
    const current = await this.incidents.findIncident(reference);
    throw new StaleVersionError('Incident', expected, current?.version ?? null, current);
  }

  async updateIncident(
    reference: string,
    input: UpdateIncidentDto,
    actor: string,
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
    let previous: IncidentEntity | undefined;
    const updated = await this.incidents.transaction(async (manager) => {
      const before = await this.getIncident(reference, manager);
      previous = before;
      if (before.version !== version) await this.stale(reference, version);
      const changes: Partial<IncidentEntity> = { ...fields };
      for (const key of INSTANT_FIELDS)
        if (instants[key] !== undefined) (changes as Record<string, unknown>)[key] = instants[key];
      const errors = checkInstants({ ...before, ...changes } as IncidentEntity);
      if (errors.length) throw invalid(errors);
      if (!(await this.incidents.updateIncident(before.id, version, changes, manager)))
        await this.stale(reference, version);
      const after = await this.getIncident(before.id, manager);
      await this.incidents.log(
        {
          incidentId: before.id,
          actor,
          action: 'incident.updated',
          subjectType: 'incident',
          subjectId: before.id,
          before,
          after,
        },
        manager,
      );
      return after;
    });
    await this.emitChange(previous!, updated);
    return updated;
  }

  /** Moves the incident through its lifecycle; resolved/closed → open is a reopen and is counted. */
  async transition(
    reference: string,
    input: TransitionDto,
    actor: string,
  ): Promise<IncidentEntity> {
    const at = input.at ? resolveInstant(input.at, 'at').instant : new Date();
    let previous: IncidentEntity | undefined;
    const moved = await this.incidents.transaction(async (manager) => {
      const before = await this.getIncident(reference, manager);
      previous = before;
      if (before.version !== input.version) await this.stale(reference, input.version);
      if (!TRANSITIONS[before.status].includes(input.to)) {
        throw new InvalidInputError(
          'to',
          `cannot move from ${before.status} to ${input.to}; allowed: ${TRANSITIONS[before.status].join(', ') || 'none'}`,
        );
      }
      const reopen = isReopen(before.status, input.to);
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
            field: error.field === 'resolvedAt' || error.field === 'closedAt' ? 'at' : error.field,
          })),
        );
      if (!(await this.incidents.updateIncident(before.id, input.version, changes, manager)))
        await this.stale(reference, input.version);
      const after = await this.getIncident(before.id, manager);
      await this.incidents.log(
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
            status: after.status,
            at: at.toISOString(),
            note: input.note ?? null,
            reopenCount: after.reopenCount,
            version: after.version,
          },
        },
        manager,
      );
      return after;
    });
    await this.emitChange(previous!, moved);
    return moved;
  }

  /** After commit: lets the postmortems domain draft the RCA and recompute its deadline. */
  private emitChange(before: IncidentEntity, after: IncidentEntity): Promise<void> {
    return this.events.changed({
      incidentId: after.id,
      status: after.status,
      previousStatus: before.status,
      resolvedAt: after.resolvedAt,
      previousResolvedAt: before.resolvedAt,
      version: after.version,
    });
  }

  listActivity(reference: string, cursor?: string, limit?: number) {
    return this.getIncident(reference).then((incident) =>
      this.incidents.listActivity(incident.id, cursor, limit),
    );
  }

  // Impacts

  async listImpacts(reference: string, cursor?: string, limit?: number) {
    const incident = await this.getIncident(reference);
    const page = await this.incidents.pageImpacts(incident.id, cursor, limit);
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
  ) {
    const from = resolveInstant(input.from, 'from').instant;
    const to = optionalInstant(input.to, 'to') ?? null;
    this.checkWindow(from, to);
    const work = async (manager: EntityManager) => {
      const incident = await this.getIncident(reference, manager);
      const service = await this.catalog.findService(input.service, manager);
      if (!service)
        throw new InvalidInputError(
          'service',
          `service ${JSON.stringify(input.service)} does not exist`,
        );
      const impact = await this.incidents.insertImpact(
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
      await this.incidents.log(
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
    const created = await this.incidents.transaction(work);
    await this.events.impactsChanged(created.incidentId);
    return created;
  }

  async updateImpact(reference: string, id: string, input: UpdateImpactDto, actor: string) {
    const updated = await this.incidents.transaction(async (manager) => {
      const incident = await this.getIncident(reference, manager);
      const before = await this.incidents.findImpact(incident.id, id, manager);
      if (!before) throw new NotFoundError('Impact', id);
      const staleImpact = async () => {
        const current = await this.incidents.findImpact(incident.id, id);
        throw new StaleVersionError('Impact', input.version, current?.version ?? null, current);
      };
      if (before.version !== input.version) await staleImpact();
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
      if (!(await this.incidents.updateImpact(id, input.version, changes, manager)))
        await staleImpact();
      const after = (await this.incidents.findImpact(incident.id, id, manager))!;
      await this.incidents.log(
        {
          incidentId: incident.id,
          actor,
          action: 'impact.updated',
          subjectType: 'impact',
          subjectId: id,
          before,
          after,
        },
        manager,
      );
      return this.impactView(after);
    });
    await this.events.impactsChanged(updated.incidentId);
    return updated;
  }

  async deleteImpact(reference: string, id: string, version: number, actor: string): Promise<void> {
    await this.incidents.transaction(async (manager) => {
      const incident = await this.getIncident(reference, manager);
      const before = await this.incidents.findImpact(incident.id, id, manager);
      if (!before) throw new NotFoundError('Impact', id);
      if (!(await this.incidents.deleteImpact(id, version, manager)))
        throw new StaleVersionError('Impact', version, before.version, before);
      await this.incidents.log(
        {
          incidentId: incident.id,
          actor,
          action: 'impact.deleted',
          subjectType: 'impact',
          subjectId: id,
          before,
        },
        manager,
      );
    });
  }

  // Timeline

  private timelineView(event: TimelineEventEntity, zone?: string) {
    return {
      ...event,
      entered: { local: event.enteredLocal, zone: event.enteredZone },
      ...(zone ? { inZone: renderInZone(event.occurredAt, zone) } : {}),
    };
  }

  async listTimeline(
    reference: string,
    zone: string | undefined,
    includeDeleted: boolean,
    cursor?: string,
    limit?: number,
  ) {
    if (zone !== undefined && !isValidZone(zone)) {
      throw new InvalidInputError(
        'zone',
        `zone ${JSON.stringify(zone)} is not an IANA time zone (e.g. "Europe/Paris")`,
      );
    }
    const incident = await this.getIncident(reference);
    const page = await this.incidents.pageTimeline(incident.id, includeDeleted, cursor, limit);
    return {
      items: page.items.map((event) => this.timelineView(event, zone)),
      nextCursor: page.nextCursor,
    };
  }

  async createTimelineEvent(reference: string, input: CreateTimelineEventDto, actor: string) {
    const occurred = resolveInstant(input.occurredAt, 'occurredAt');
    return this.incidents.transaction(async (manager) => {
      const incident = await this.getIncident(reference, manager);
      const event = await this.incidents.insertTimelineEvent(
        {
          incidentId: incident.id,
          occurredAt: occurred.instant,
          enteredZone: occurred.zone,
          enteredLocal: occurred.local,
          kind: input.kind,
          source: input.source ?? 'manual',
          body: input.body,
          author: input.author ?? actor,
        },
        manager,
      );
      await this.incidents.log(
        {
          incidentId: incident.id,
          actor,
          action: 'timeline_event.created',
          subjectType: 'timeline_event',
          subjectId: event.id,
          after: event,
        },
        manager,
      );
      return this.timelineView(event);
    });
  }

  private async changeTimelineEvent(
    reference: string,
    id: string,
    version: number,
    actor: string,
    change: 'edited' | 'deleted',
    changes: Partial<TimelineEventEntity>,
  ) {
    return this.incidents.transaction(async (manager) => {
      const incident = await this.getIncident(reference, manager);
      const before = await this.incidents.findTimelineEvent(incident.id, id, manager);
      if (!before || (before.deletedAt && change === 'deleted'))
        throw new NotFoundError('Timeline event', id);
      if (before.deletedAt) throw new InvalidInputError('id', 'a deleted event cannot be edited');
      const staleEvent = async () => {
        const current = await this.incidents.findTimelineEvent(incident.id, id);
        throw new StaleVersionError('Timeline event', version, current?.version ?? null, current);
      };
      if (before.version !== version) await staleEvent();
      if (!(await this.incidents.updateTimelineEvent(id, version, changes, manager)))
        await staleEvent();
      await this.incidents.insertRevision(
        {
          timelineEventId: id,
          version: before.version,
          occurredAt: before.occurredAt,
          enteredZone: before.enteredZone,
          enteredLocal: before.enteredLocal,
          kind: before.kind,
          body: before.body,
          author: before.author,
          change,
          changedBy: actor,
        },
        manager,
      );
      const after = (await this.incidents.findTimelineEvent(incident.id, id, manager))!;
      await this.incidents.log(
        {
          incidentId: incident.id,
          actor,
          action: `timeline_event.${change}`,
          subjectType: 'timeline_event',
          subjectId: id,
          before,
          after,
        },
        manager,
      );
      return this.timelineView(after);
    });
  }

  updateTimelineEvent(reference: string, id: string, input: UpdateTimelineEventDto, actor: string) {
    const changes: Partial<TimelineEventEntity> = { kind: input.kind, body: input.body };
    if (input.occurredAt !== undefined) {
      const occurred = resolveInstant(input.occurredAt, 'occurredAt');
      Object.assign(changes, {
        occurredAt: occurred.instant,
        enteredZone: occurred.zone,
        enteredLocal: occurred.local,
      });
    }
    return this.changeTimelineEvent(reference, id, input.version, actor, 'edited', changes);
  }

  async deleteTimelineEvent(
    reference: string,
    id: string,
    version: number,
    actor: string,
  ): Promise<void> {
    await this.changeTimelineEvent(reference, id, version, actor, 'deleted', {
      deletedAt: new Date(),
    });
  }

  async timelineEventHistory(reference: string, id: string) {
    const incident = await this.getIncident(reference);
    const event = await this.incidents.findTimelineEvent(incident.id, id);
    if (!event) throw new NotFoundError('Timeline event', id);
    return { current: this.timelineView(event), revisions: await this.incidents.listRevisions(id) };
  }

  // Causes

  async listCauses(reference: string, cursor?: string, limit?: number) {
    const incident = await this.getIncident(reference);
    return this.incidents.pageCauses(incident.id, cursor, limit);
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

  async createCause(reference: string, input: CreateCauseDto, actor: string): Promise<CauseEntity> {
    return this.incidents.transaction(async (manager) => {
      const incident = await this.getIncident(reference, manager);
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
      const cause = await this.incidents.insertCause(
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
      await this.incidents.log(
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
      return cause;
    });
  }

  async updateCause(
    reference: string,
    id: string,
    input: UpdateCauseDto,
    actor: string,
  ): Promise<CauseEntity> {
    return this.incidents.transaction(async (manager) => {
      const incident = await this.getIncident(reference, manager);
      const before = await this.incidents.findCause(incident.id, id, manager);
      if (!before) throw new NotFoundError('Cause', id);
      const staleCause = async () => {
        const current = await this.incidents.findCause(incident.id, id);
        throw new StaleVersionError('Cause', input.version, current?.version ?? null, current);
      };
      if (before.version !== input.version) await staleCause();
      await this.checkComponents(before.vendorId, input.vendorComponentIds, manager);
      const changes: Partial<CauseEntity> = {
        role: input.role,
        state: input.state,
        explanation: input.explanation,
        vendorComponentIds: input.vendorComponentIds,
      };
      if (input.state && input.state !== before.state) {
        changes.decidedBy = actor;
        changes.decidedAt = new Date();
      }
      if (!(await this.incidents.updateCause(id, input.version, changes, manager)))
        await staleCause();
      const after = (await this.incidents.findCause(incident.id, id, manager))!;
      const action =
        input.state && input.state !== before.state ? `cause.${input.state}` : 'cause.updated';
      await this.incidents.log(
        {
          incidentId: incident.id,
          actor,
          action,
          subjectType: 'cause',
          subjectId: id,
          before,
          after,
        },
        manager,
      );
      return after;
    });
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
      const cause = await this.incidents.insertCauseIfNew(
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
        await this.incidents.log(
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
    return manager ? work(manager) : this.incidents.transaction(work);
  }

  /**
   * For the status ingestion: puts a vendor update on an incident's timeline as a vendor_update
   * event (source vendor_import, linked to the update), exactly once. Returns null when it is
   * already there.
   */
  async appendVendorUpdate(
    incidentId: string,
    update: Pick<VendorIncidentUpdateEntity, 'id' | 'at' | 'status' | 'body'>,
    link: { vendorName: string; shortlink?: string | null },
    manager?: EntityManager,
  ): Promise<TimelineEventEntity | null> {
    const body = vendorUpdateEventBody(update, link);
    const work = async (tx: EntityManager) => {
      const event = await this.incidents.insertVendorUpdateEventIfNew(
        {
          incidentId,
          occurredAt: update.at,
          body,
          author: link.vendorName,
          vendorIncidentUpdateId: update.id,
        },
        tx,
      );
      if (event) {
        await this.incidents.log(
          {
            incidentId,
            actor: 'system',
            action: 'timeline_event.imported',
            subjectType: 'timeline_event',
            subjectId: event.id,
            after: event,
          },
          tx,
        );
      }
      return event;
    };
    return manager ? work(manager) : this.incidents.transaction(work);
  }

  async deleteCause(reference: string, id: string, version: number, actor: string): Promise<void> {
    await this.incidents.transaction(async (manager) => {
      const incident = await this.getIncident(reference, manager);
      const before = await this.incidents.findCause(incident.id, id, manager);
      if (!before) throw new NotFoundError('Cause', id);
      if (!(await this.incidents.deleteCause(id, version, manager)))
        throw new StaleVersionError('Cause', version, before.version, before);
      await this.incidents.log(
        {
          incidentId: incident.id,
          actor,
          action: 'cause.deleted',
          subjectType: 'cause',
          subjectId: id,
          before,
        },
        manager,
      );
    });
  }

  // Vendor record fidelity (issue 19): self-contained so it can move to the timeline-event
  // service when incidents.service.ts is split.

  /**
   * For the status ingestion: the vendor edited the text of an update already imported into
   * this incident's timeline. The event takes the new text unless a person edited it; then it
   * keeps the person's text and is flagged (`vendorTextChangedAt`). Returns what happened.
   */
  async refreshVendorUpdate(
    incidentId: string,
    vendorIncidentUpdateId: string,
    link: { vendorName: string; shortlink?: string | null },
    manager: EntityManager,
  ): Promise<'updated' | 'flagged' | 'none'> {
    const update = await this.vendorIncidents.findUpdateById(vendorIncidentUpdateId, manager);
    if (!update) return 'none';
    const outcome = await this.incidents.refreshVendorUpdateEvent(
      incidentId,
      vendorIncidentUpdateId,
      vendorUpdateEventBody(update, link),
      manager,
    );
    if (outcome.outcome !== 'none')
      await this.incidents.log(
        {
          incidentId,
          actor: 'system',
          action:
            outcome.outcome === 'updated'
              ? 'timeline_event.vendor_text_updated'
              : 'timeline_event.vendor_text_changed',
          subjectType: 'timeline_event',
          subjectId: outcome.eventId,
        },
        manager,
      );
    return outcome.outcome;
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
      const causeId = await this.incidents.rescoreSuggestedCause(input, tx);
      if (causeId)
        await this.incidents.log(
          {
            incidentId: input.incidentId,
            actor: 'system',
            action: 'cause.rescored',
            subjectType: 'cause',
            subjectId: causeId,
            after: { score: input.score, reasons: input.reasons },
          },
          tx,
        );
      return causeId !== null;
    };
    return manager ? work(manager) : this.incidents.transaction(work);
  }
}

/** The Markdown of an imported vendor update on a timeline. */
function vendorUpdateEventBody(
  update: Pick<VendorIncidentUpdateEntity, 'status' | 'body'>,
  link: { vendorName: string; shortlink?: string | null },
): string {
  return [
    `**${link.vendorName}: ${update.status}**`,
    update.body,
    link.shortlink ? `[Status page](${link.shortlink})` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
