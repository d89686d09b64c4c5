import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  describeVendorRcaExpectation,
  type OverdueVendorRca,
  type VendorRcaStatus,
} from '@rca/api-contract';
import { CatalogService } from '@rca/catalog';
import type { Viewer } from '@rca/accounts';
import { IncidentService } from '@rca/incidents';
import { Clock, computeDueInstant, DeadlineSpec, validateDeadlineSpec } from '@rca/deadlines';
import { NotificationService, NotificationTopic } from '@rca/notifications';
import { PostmortemService } from '@rca/postmortems';
import { JobName, NotFoundError, Outbox } from '@rca/shared';
import {
  safeReportUrl,
  sanitiseVendorReportText,
  VendorIncidentReportEntity,
  VendorIncidentRepository,
} from '@rca/vendor-incidents';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { VendorRcaExpectationEntity } from './vendor-rca-expectation.entity';
import { VendorRcaError, VendorRcaErrorCode } from './vendor-rca.errors';
import { AcceptedVendorCause, VendorRcaRepository } from './vendor-rca.repository';

export const VENDOR_RCA_DEFAULT_DUE_TIME = '23:59';

export interface ExpectationInput {
  businessDays: number;
  zone: string;
  country?: string | null;
  region?: string | null;
  dueTime?: string;
}

/** The delayed overdue check of one cause and expected instant: planning it twice adds one job. */
export function overdueJobId(causeId: string, expectedBy: Date): string {
  return `vendor-rca-overdue_${causeId}_${expectedBy.getTime()}`;
}

const specOf = (expectation: VendorRcaExpectationEntity): DeadlineSpec => ({
  businessDays: expectation.businessDays,
  zone: expectation.zone,
  country: expectation.country,
  region: expectation.region,
  dueTime: expectation.dueTime,
});

/**
 * The vendor's post-incident report, tracked to its promise: the expectation per vendor, the
 * watch of each accepted vendor cause (planned when the cause is accepted), the report joining
 * our postmortem once found, and the overdue notice when it is not.
 */
@Injectable()
export class VendorRcaService {
  private readonly logger = new Logger(VendorRcaService.name);

  constructor(
    private readonly repository: VendorRcaRepository,
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly catalog: CatalogService,
    private readonly moduleRef: ModuleRef,
    private readonly notifications: NotificationService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The postmortems domain (a module composed beside this one in libs/app). */
  private get postmortems(): PostmortemService {
    return this.moduleRef.get(PostmortemService, { strict: false });
  }

  // --- expectations ---------------------------------------------------------------------------

  /** A vendor's expectation; null when it promises nothing. */
  async getExpectation(vendorIdOrSlug: string): Promise<VendorRcaExpectationEntity | null> {
    const vendor = await this.catalog.getVendor(vendorIdOrSlug);
    return this.repository.findExpectation(vendor.id);
  }

  /**
   * Sets a vendor's expectation (validated by the deadlines calendar, 400 naming the field) and
   * re-plans the watches of its accepted causes in the same transaction.
   */
  async setExpectation(
    vendorIdOrSlug: string,
    input: ExpectationInput,
    actor: string,
  ): Promise<VendorRcaExpectationEntity> {
    const vendor = await this.catalog.getVendor(vendorIdOrSlug);
    const valid = validateDeadlineSpec({
      businessDays: input.businessDays,
      zone: input.zone,
      country: input.country ?? null,
      region: input.region ?? null,
      dueTime: input.dueTime ?? VENDOR_RCA_DEFAULT_DUE_TIME,
    });
    return this.repository.transaction(async (manager) => {
      const saved = await this.repository.saveExpectation(
        {
          vendorId: vendor.id,
          businessDays: valid.businessDays,
          zone: valid.zone,
          country: valid.country,
          region: valid.region,
          dueTime: valid.dueTime,
          updatedBy: actor,
        },
        manager,
      );
      for (const cause of await this.repository.acceptedCausesOfVendor(vendor.id, manager))
        await this.planIn(manager, cause, saved);
      return saved;
    });
  }

  /** Removes the expectation: nothing of this vendor is awaited or overdue any more. */
  async deleteExpectation(vendorIdOrSlug: string): Promise<void> {
    const vendor = await this.catalog.getVendor(vendorIdOrSlug);
    await this.repository.transaction(async (manager) => {
      if (!(await this.repository.deleteExpectation(vendor.id, manager)))
        throw new NotFoundError('RCA expectation of vendor', vendorIdOrSlug);
      for (const cause of await this.repository.acceptedCausesOfVendor(vendor.id, manager))
        await this.planIn(manager, cause, null);
    });
  }

  /** When the report of a cause's vendor incident is expected: N business days after it resolved (else started). */
  expectedBy(
    cause: AcceptedVendorCause,
    expectation: VendorRcaExpectationEntity | null,
  ): Date | null {
    if (!expectation) return null;
    const from = cause.vendorResolvedAt ?? cause.vendorStartedAt ?? cause.acceptedAt;
    return computeDueInstant(new Date(from), specOf(expectation));
  }

  /** Writes the watch and, when a report is awaited, its delayed overdue check (same transaction). */
  private async planIn(
    manager: EntityManager,
    cause: AcceptedVendorCause,
    expectation: VendorRcaExpectationEntity | null,
  ): Promise<Date | null> {
    const expectedBy = this.expectedBy(cause, expectation);
    await this.repository.upsertWatch(
      {
        causeId: cause.causeId,
        incidentId: cause.incidentId,
        vendorIncidentId: cause.vendorIncidentId,
        vendorId: cause.vendorId,
        expectedBy,
      },
      manager,
    );
    if (expectedBy && !(await this.vendorIncidents.findReport(cause.vendorIncidentId, manager)))
      await this.outbox.enqueue(
        manager,
        JobName.VendorRcaOverdue,
        { causeId: cause.causeId, expectedBy: expectedBy.toISOString() },
        {
          jobId: overdueJobId(cause.causeId, expectedBy),
          delayMs: expectedBy.getTime() - this.clock.now().getTime(),
        },
      );
    return expectedBy;
  }

  // --- jobs -----------------------------------------------------------------------------------

  /** cause.accepted: the report is awaited (or, found already, joins the postmortem now). */
  async plan(causeId: string): Promise<'planned' | 'attached' | 'not-accepted'> {
    const cause = await this.repository.acceptedCause(causeId);
    if (!cause) return 'not-accepted';
    const expectation = await this.repository.findExpectation(cause.vendorId);
    await this.repository.transaction((manager) => this.planIn(manager, cause, expectation));
    const report = await this.vendorIncidents.findReport(cause.vendorIncidentId);
    if (!report) return 'planned';
    await this.attach(cause, report);
    return 'attached';
  }

  /** vendor-report.found: the report joins the postmortem of every incident the vendor incident caused. */
  async reportFound(vendorIncidentId: string): Promise<{ incidents: string[] }> {
    const report = await this.vendorIncidents.findReport(vendorIncidentId);
    if (!report) return { incidents: [] };
    const causes = await this.repository.acceptedCausesOfVendorIncident(vendorIncidentId);
    for (const cause of causes) await this.attach(cause, report);
    return { incidents: causes.map((cause) => cause.incidentId) };
  }

  /** Attaches the report through the postmortems domain and tells the owner (once per incident and report). */
  private async attach(cause: AcceptedVendorCause, report: VendorIncidentReportEntity) {
    const { postmortem } = await this.postmortems.attachVendorReport({
      incidentId: cause.incidentId,
      vendorIncidentId: cause.vendorIncidentId,
      vendorName: cause.vendorName,
      url: report.url,
      publishedAt: report.publishedAt,
      text: report.text,
    });
    const date = report.publishedAt.toISOString().slice(0, 10);
    await this.notifications.notify({
      key: `vendor-rca:found:${cause.incidentId}:${cause.vendorIncidentId}`,
      topic: NotificationTopic.Workflow,
      team: postmortem?.team ?? null,
      subject: `${cause.vendorName} published its report: ${cause.reference}`,
      text: `${cause.vendorName}'s report of ${date} on "${cause.vendorIncidentTitle}"${
        report.url ? ` (${report.url})` : ''
      } is attached to the postmortem of ${cause.reference}: ${cause.incidentTitle}.${
        postmortem?.owner ? ` Owner: ${postmortem.owner}.` : ''
      }`,
      data: {
        incidentId: cause.incidentId,
        postmortemId: postmortem?.id ?? null,
        vendorIncidentId: cause.vendorIncidentId,
        url: report.url,
        publishedAt: report.publishedAt.toISOString(),
        owner: postmortem?.owner ?? null,
      },
    });
  }

  /** The delayed check at the expected instant: tells the owner once, unless the report came first. */
  async overdue(job: {
    causeId: string;
    expectedBy: string;
  }): Promise<'notified' | 'published' | 'stale' | 'moved' | 'early' | 'duplicate'> {
    const cause = await this.repository.acceptedCause(job.causeId);
    const watch = await this.repository.findWatch(job.causeId);
    if (!cause || !watch || watch.expectedBy?.toISOString() !== job.expectedBy) return 'stale';
    if (await this.vendorIncidents.findReport(cause.vendorIncidentId)) return 'published';
    const expectation = await this.repository.findExpectation(cause.vendorId);
    // Planned from the vendor incident's start, it has resolved since: the expectation moves.
    const current = this.expectedBy(cause, expectation);
    if (current?.getTime() !== watch.expectedBy.getTime()) {
      await this.repository.transaction((manager) => this.planIn(manager, cause, expectation));
      return 'moved';
    }
    const expectedBy = watch.expectedBy;
    if (this.clock.now() < expectedBy) return 'early';
    const postmortem = await this.postmortemOf(cause.incidentId);
    const sent = await this.repository.transaction(async (manager) => {
      if (
        !(await this.repository.claimOverdueNotice(
          cause.causeId,
          expectedBy,
          this.clock.now(),
          manager,
        ))
      )
        return false;
      await this.notifications.notify(
        {
          key: `vendor-rca:overdue:${cause.causeId}:${expectedBy.getTime()}`,
          topic: NotificationTopic.Reminder,
          team: postmortem?.team ?? null,
          subject: `${cause.vendorName}'s report is overdue: ${cause.reference}`,
          text: `${cause.vendorName} has not published its report on "${cause.vendorIncidentTitle}", expected by ${expectedBy
            .toISOString()
            .replace('T', ' ')
            .slice(0, 16)} UTC${
            expectation ? ` (${describeVendorRcaExpectation(expectation)})` : ''
          }. Postmortem: ${cause.reference}: ${cause.incidentTitle}.${
            postmortem?.owner ? ` Owner: ${postmortem.owner}.` : ''
          }`,
          data: {
            incidentId: cause.incidentId,
            postmortemId: postmortem?.id ?? null,
            vendorIncidentId: cause.vendorIncidentId,
            expectedBy: job.expectedBy,
            owner: postmortem?.owner ?? null,
          },
        },
        undefined,
        manager,
      );
      return true;
    });
    if (!sent) return 'duplicate';
    this.logger.log(
      { causeId: cause.causeId, expectedBy: job.expectedBy },
      'vendor report overdue',
    );
    return 'notified';
  }

  private async postmortemOf(incidentId: string) {
    try {
      return await this.postmortems.getByIncident(incidentId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  // --- reads and the pasted link --------------------------------------------------------------

  /** The state of each accepted vendor cause's report, for the postmortem page. */
  async statusOfIncident(incidentId: string, viewer?: Viewer): Promise<VendorRcaStatus[]> {
    // A private incident of another team is a 404, as on every route under an incident.
    await this.moduleRef
      .get(IncidentService, { strict: false })
      .getIncident(incidentId, undefined, viewer);
    const causes = await this.repository.acceptedCausesOfIncident(incidentId);
    const expectations = new Map(
      (await this.repository.findExpectations([...new Set(causes.map((c) => c.vendorId))])).map(
        (e) => [e.vendorId, e],
      ),
    );
    const reports = new Map(
      (await this.vendorIncidents.findReports(causes.map((c) => c.vendorIncidentId))).map((r) => [
        r.vendorIncidentId,
        r,
      ]),
    );
    const now = this.clock.now();
    return causes.map((cause) => {
      const expectation = expectations.get(cause.vendorId) ?? null;
      const report = reports.get(cause.vendorIncidentId) ?? null;
      const expectedBy = this.expectedBy(cause, expectation);
      return {
        causeId: cause.causeId,
        vendorId: cause.vendorId,
        vendorName: cause.vendorName,
        vendorIncidentId: cause.vendorIncidentId,
        vendorIncidentTitle: cause.vendorIncidentTitle,
        expectation: expectation
          ? {
              vendorId: expectation.vendorId,
              businessDays: expectation.businessDays,
              zone: expectation.zone,
              country: expectation.country,
              region: expectation.region,
              dueTime: expectation.dueTime,
            }
          : null,
        expectationText: expectation ? describeVendorRcaExpectation(expectation) : null,
        expectedBy: expectedBy?.toISOString() ?? null,
        expectedByDate:
          expectedBy && expectation
            ? DateTime.fromJSDate(expectedBy, { zone: expectation.zone }).toISODate()
            : null,
        state: report
          ? 'published'
          : !expectedBy
            ? 'untracked'
            : now > expectedBy
              ? 'overdue'
              : 'awaited',
        report: report ? toReportView(report) : null,
      };
    });
  }

  /**
   * A link a person pastes: recorded as the vendor incident's report with the same event as a
   * detected one. A vendor incident that has a report keeps it (409 VENDOR_REPORT_EXISTS).
   */
  async paste(
    vendorIncidentId: string,
    input: { url: string; publishedAt?: string; text?: string },
    actor: string,
  ) {
    const vendorIncident = await this.vendorIncidents.findById(vendorIncidentId);
    if (!vendorIncident) throw new NotFoundError('Vendor incident', vendorIncidentId);
    const report = await this.repository.transaction(async (manager) => {
      const [inserted] = await this.vendorIncidents.insertReportsIfNew(
        [
          {
            vendorId: vendorIncident.vendorId,
            vendorIncidentId,
            source: 'pasted',
            url: safeReportUrl(input.url),
            publishedAt: input.publishedAt ? new Date(input.publishedAt) : this.clock.now(),
            text: sanitiseVendorReportText(input.text),
            pastedBy: actor,
          },
        ],
        manager,
      );
      if (!inserted) {
        const current = await this.vendorIncidents.findReport(vendorIncidentId, manager);
        throw new VendorRcaError(
          VendorRcaErrorCode.ReportExists,
          409,
          'This vendor incident already has its report',
          { current: current ? toReportView(current) : null },
        );
      }
      await this.outbox.emit(manager, 'vendor-report.found', {
        vendorIncidentId,
        reportId: inserted.id,
      });
      return inserted;
    });
    return toReportView(report);
  }

  /** Vendor reports past their expected instant: the managers' deadlines page. */
  async overdueList(
    filters: { team?: string; owner?: string },
    limit: number,
  ): Promise<OverdueVendorRca[]> {
    const rows = await this.repository.overdue(this.clock.now(), filters, limit);
    const expectations = new Map(
      (await this.repository.findExpectations([...new Set(rows.map((r) => r.vendorId))])).map(
        (e) => [e.vendorId, e],
      ),
    );
    return rows.map((row) => {
      const expectation = expectations.get(row.vendorId);
      return {
        causeId: row.causeId,
        incidentId: row.incidentId,
        reference: row.reference,
        incidentTitle: row.incidentTitle,
        vendorName: row.vendorName,
        vendorIncidentTitle: row.vendorIncidentTitle,
        expectedBy: new Date(row.expectedBy).toISOString(),
        expectationText: expectation ? describeVendorRcaExpectation(expectation) : '',
        postmortemId: row.postmortemId,
        owner: row.owner,
        team: row.team,
        notifiedAt: row.notifiedAt ? new Date(row.notifiedAt).toISOString() : null,
      };
    });
  }
}

export function toReportView(report: VendorIncidentReportEntity) {
  return {
    id: report.id,
    vendorIncidentId: report.vendorIncidentId,
    source: report.source,
    url: report.url,
    publishedAt: report.publishedAt.toISOString(),
    text: report.text,
    pastedBy: report.pastedBy,
  };
}
