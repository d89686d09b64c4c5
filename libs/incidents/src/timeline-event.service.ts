import type { Viewer } from '@rca/accounts';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, versionedWrite } from '@rca/shared';
import { VendorIncidentRepository, VendorIncidentUpdateEntity } from '@rca/vendor-incidents';
import { EntityManager } from 'typeorm';
import { IncidentActivityRepository } from './incident-activity.repository';
import { IncidentService } from './incident.service';
import { CreateTimelineEventDto, UpdateTimelineEventDto } from './incidents.dto';
import { isValidZone, renderInZone, resolveInstant } from './instant';
import { TimelineEventEntity } from './timeline-event.entity';
import { TimelineEventRepository } from './timeline-event.repository';

/** The incident's timeline: events as entered (with their zone), their revisions, vendor imports. */
@Injectable()
export class TimelineEventService {
  constructor(
    private readonly timeline: TimelineEventRepository,
    private readonly incidents: IncidentService,
    private readonly activity: IncidentActivityRepository,
    private readonly vendorIncidents: VendorIncidentRepository,
  ) {}

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
    viewer?: Viewer,
  ) {
    if (zone !== undefined && !isValidZone(zone)) {
      throw new InvalidInputError(
        'zone',
        `zone ${JSON.stringify(zone)} is not an IANA time zone (e.g. "Europe/Paris")`,
      );
    }
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    const page = await this.timeline.pageTimeline(incident.id, includeDeleted, cursor, limit);
    return {
      items: page.items.map((event) => this.timelineView(event, zone)),
      nextCursor: page.nextCursor,
    };
  }

  async createTimelineEvent(
    reference: string,
    input: CreateTimelineEventDto,
    actor: string,
    viewer?: Viewer,
    /** The caller's transaction (a Slack message recorded with its event), else a new one. */
    outer?: EntityManager,
  ) {
    const occurred = resolveInstant(input.occurredAt, 'occurredAt');
    const work = async (manager: EntityManager) => {
      const incident = await this.incidents.getIncident(reference, manager, viewer);
      const event = await this.timeline.insertTimelineEvent(
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
      await this.activity.log(
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
    };
    return outer ? work(outer) : this.timeline.transaction(work);
  }

  private async changeTimelineEvent(
    reference: string,
    id: string,
    version: number,
    actor: string,
    change: 'edited' | 'deleted',
    changes: Partial<TimelineEventEntity>,
    viewer?: Viewer,
  ) {
    return this.timeline.transaction(async (manager) => {
      const incident = await this.incidents.getIncident(reference, manager, viewer);
      const { after } = await versionedWrite<TimelineEventEntity>({
        manager,
        entity: 'Timeline event',
        id,
        expectedVersion: version,
        find: (tx) => this.timeline.findTimelineEvent(incident.id, id, tx),
        check: (before) => {
          if (before.deletedAt && change === 'deleted')
            throw new NotFoundError('Timeline event', id);
          if (before.deletedAt)
            throw new InvalidInputError('id', 'a deleted event cannot be edited');
        },
        write: (_before, tx) => this.timeline.updateTimelineEvent(id, version, changes, tx),
        log: async (before, after, tx) => {
          await this.timeline.insertRevision(
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
            tx,
          );
          await this.activity.log(
            {
              incidentId: incident.id,
              actor,
              action: `timeline_event.${change}`,
              subjectType: 'timeline_event',
              subjectId: id,
              before,
              after,
            },
            tx,
          );
        },
      });
      return this.timelineView(after!);
    });
  }

  updateTimelineEvent(
    reference: string,
    id: string,
    input: UpdateTimelineEventDto,
    actor: string,
    viewer?: Viewer,
  ) {
    const changes: Partial<TimelineEventEntity> = { kind: input.kind, body: input.body };
    if (input.occurredAt !== undefined) {
      const occurred = resolveInstant(input.occurredAt, 'occurredAt');
      Object.assign(changes, {
        occurredAt: occurred.instant,
        enteredZone: occurred.zone,
        enteredLocal: occurred.local,
      });
    }
    return this.changeTimelineEvent(reference, id, input.version, actor, 'edited', changes, viewer);
  }

  async deleteTimelineEvent(
    reference: string,
    id: string,
    version: number,
    actor: string,
    viewer?: Viewer,
  ): Promise<void> {
    await this.changeTimelineEvent(
      reference,
      id,
      version,
      actor,
      'deleted',
      { deletedAt: new Date() },
      viewer,
    );
  }

  async timelineEventHistory(reference: string, id: string, viewer?: Viewer) {
    const incident = await this.incidents.getIncident(reference, undefined, viewer);
    const event = await this.timeline.findTimelineEvent(incident.id, id);
    if (!event) throw new NotFoundError('Timeline event', id);
    return { current: this.timelineView(event), revisions: await this.timeline.listRevisions(id) };
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
      const event = await this.timeline.insertVendorUpdateEventIfNew(
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
        await this.activity.log(
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
    return manager ? work(manager) : this.timeline.transaction(work);
  }

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
    const outcome = await this.timeline.refreshVendorUpdateEvent(
      incidentId,
      vendorIncidentUpdateId,
      vendorUpdateEventBody(update, link),
      manager,
    );
    if (outcome.outcome !== 'none')
      await this.activity.log(
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
