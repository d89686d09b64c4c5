import { Injectable, Logger } from '@nestjs/common';
import type { Viewer } from '@rca/accounts';
import type { CreditMeasure, CreditMonth, EvidenceFormat } from '@rca/api-contract';
import { CatalogService } from '@rca/catalog';
import { NotificationService, NotificationTopic } from '@rca/notifications';
import {
  ConflictError,
  Environment,
  InvalidInputError,
  JobName,
  NotFoundError,
  Outbox,
  versionedWrite,
} from '@rca/shared';
import { VendorIncidentRepository } from '@rca/vendor-incidents';
import { EntityManager } from 'typeorm';
import { buildEvidencePack, EvidencePackSource, renderEvidencePack } from './evidence-pack';
import {
  availabilityPercent,
  claimDeadline,
  creditTier,
  dueThresholds,
  isValidZone,
  lastDayBefore,
  monthBounds,
  reminderThresholds,
} from './ledger-period';
import { CreditTier, SlaContractEntity } from './sla-contract.entity';
import { CreditMonthRow, VendorLedgerRepository } from './vendor-ledger.repository';

export interface ContractInput {
  vendor: string;
  name: string;
  targetPercent: number;
  componentIds: string[];
  tiers: CreditTier[];
  claimWindowCycles?: number;
  claimTo?: string;
  ownerUserId?: string | null;
  zone?: string;
}

export type ContractPatch = Partial<Omit<ContractInput, 'vendor'>>;

export const CREDIT_METHODS = {
  vendor_statuses:
    "The vendor's own component statuses: every minute at least one of the contract's components was in major or partial outage on the vendor's status page (each status lasts until the next one of that component, else the vendor's resolution), merged so a minute counts once.",
  our_impacts:
    "Our impact windows: every minute a service depending on one of the contract's components was in major or partial outage in an incident the vendor caused (accepted root cause or contributing factor; an open window ends at the incident's resolution, else now), merged so a minute counts once.",
} as const satisfies Record<CreditMeasure['method'], string>;
export type CreditMethod = keyof typeof CREDIT_METHODS;

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export const remindJobId = (contractId: string, day: string) => `sla-remind_${contractId}_${day}`;

/** SLA contracts, the monthly credits they earn, their evidence packs and claim reminders. */
@Injectable()
export class SlaCreditService {
  private readonly logger = new Logger(SlaCreditService.name);

  constructor(
    private readonly repository: VendorLedgerRepository,
    private readonly catalog: CatalogService,
    private readonly vendorIncidents: VendorIncidentRepository,
    private readonly notifications: NotificationService,
    private readonly outbox: Outbox,
    private readonly environment: Environment,
  ) {}

  private async checked(vendorId: string, input: ContractPatch): Promise<void> {
    if (input.zone !== undefined && !isValidZone(input.zone))
      throw new InvalidInputError('zone', `"${input.zone}" is not an IANA time zone`);
    if (input.componentIds !== undefined) {
      const known = await this.repository.componentsOfVendor(vendorId, input.componentIds);
      const unknown = input.componentIds.filter((id) => !known.includes(id));
      if (unknown.length)
        throw new InvalidInputError(
          'componentIds',
          `not components of this vendor: ${unknown.join(', ')}`,
        );
    }
    if (input.ownerUserId && !(await this.repository.user(input.ownerUserId)))
      throw new InvalidInputError('ownerUserId', `no user ${input.ownerUserId}`);
    if (input.tiers !== undefined && input.targetPercent !== undefined) {
      const above = input.tiers.find((tier) => tier.belowPercent > input.targetPercent!);
      if (above)
        throw new InvalidInputError(
          'tiers',
          `a tier below ${above.belowPercent} % is above the target ${input.targetPercent} %`,
        );
    }
  }

  async create(input: ContractInput): Promise<SlaContractEntity> {
    const vendor = await this.catalog.getVendor(input.vendor);
    await this.checked(vendor.id, input);
    if (await this.repository.findContractByName(vendor.id, input.name))
      throw new ConflictError(`${vendor.name} already has a contract named "${input.name}"`);
    return this.repository.insertContract({
      vendorId: vendor.id,
      name: input.name,
      targetPercent: input.targetPercent,
      componentIds: [...new Set(input.componentIds)],
      tiers: input.tiers,
      claimWindowCycles: input.claimWindowCycles ?? 2,
      claimTo: input.claimTo ?? '',
      ownerUserId: input.ownerUserId ?? null,
      zone: input.zone ?? 'UTC',
    });
  }

  list(): Promise<SlaContractEntity[]> {
    return this.repository.listContracts();
  }

  async get(id: string): Promise<SlaContractEntity> {
    const contract = await this.repository.findContract(id);
    if (!contract) throw new NotFoundError('SLA contract', id);
    return contract;
  }

  async update(id: string, version: number, patch: ContractPatch): Promise<SlaContractEntity> {
    const current = await this.get(id);
    await this.checked(current.vendorId, {
      ...patch,
      targetPercent: patch.targetPercent ?? current.targetPercent,
      tiers: patch.tiers ?? current.tiers,
    });
    await this.repository.transaction((manager) =>
      versionedWrite<SlaContractEntity>({
        manager,
        entity: 'SLA contract',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.findContract(id, tx),
        write: {
          table: 'sla_contract',
          changes: {
            ...patch,
            componentIds: patch.componentIds ? [...new Set(patch.componentIds)] : undefined,
          },
          json: ['tiers'],
        },
      }),
    );
    return this.get(id);
  }

  async remove(id: string, version: number): Promise<void> {
    await this.repository.transaction((manager) =>
      versionedWrite<SlaContractEntity>({
        manager,
        entity: 'SLA contract',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.findContract(id, tx),
        write: { table: 'sla_contract', delete: true },
      }),
    );
  }

  private measure(
    contract: SlaContractEntity,
    method: CreditMethod,
    minutes: number,
    monthMinutes: number,
    intervals: Array<[string, string]>,
  ): CreditMeasure {
    const availability = availabilityPercent(minutes, monthMinutes);
    return {
      method,
      description: CREDIT_METHODS[method],
      unavailableMinutes: round(minutes),
      availabilityPercent: round(availability, 4),
      targetMissed: availability < contract.targetPercent,
      tier: creditTier(availability, contract.tiers),
      intervals: intervals.map(([from, to]) => ({
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        minutes: round((Date.parse(to) - Date.parse(from)) / 60_000),
      })),
    };
  }

  private creditMonth(contract: SlaContractEntity, row: CreditMonthRow, now: Date): CreditMonth {
    const vendorStatuses = this.measure(
      contract,
      'vendor_statuses',
      row.vendorMinutes,
      row.monthMinutes,
      row.vendorIntervals,
    );
    const ourImpacts = this.measure(
      contract,
      'our_impacts',
      row.ourMinutes,
      row.monthMinutes,
      row.ourIntervals,
    );
    const vendorCredit = vendorStatuses.tier?.creditPercent ?? 0;
    const ourCredit = ourImpacts.tier?.creditPercent ?? 0;
    const deadline = claimDeadline(row.month, contract.claimWindowCycles, contract.zone);
    return {
      contractId: contract.id,
      month: row.month,
      monthMinutes: round(row.monthMinutes),
      targetPercent: contract.targetPercent,
      vendorStatuses,
      ourImpacts,
      creditPercent: Math.max(vendorCredit, ourCredit),
      basis:
        vendorCredit === 0 && ourCredit === 0
          ? null
          : vendorCredit >= ourCredit
            ? 'vendor_statuses'
            : 'our_impacts',
      claimDeadline: deadline.toISOString(),
      claimBy: lastDayBefore(deadline, contract.zone),
      claimWindowOpen: now.getTime() < deadline.getTime(),
    };
  }

  /**
   * Every billing month with unavailability on the contract's components, newest first. Our
   * impact windows count only incidents the viewer may see (a private one: its team, admins).
   */
  async credits(id: string, viewer: Viewer, now = new Date()): Promise<CreditMonth[]> {
    const contract = await this.get(id);
    const rows = await this.repository.creditMonths(contract, now, null, viewer);
    return rows.map((row) => this.creditMonth(contract, row, now));
  }

  async credit(
    id: string,
    month: string,
    viewer: Viewer,
    now = new Date(),
  ): Promise<{ contract: SlaContractEntity; credit: CreditMonth }> {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new InvalidInputError('month', 'must be YYYY-MM');
    const contract = await this.get(id);
    const [row] = await this.repository.creditMonths(contract, now, month, viewer);
    const empty: CreditMonthRow = {
      month,
      monthMinutes:
        (monthBounds(month, contract.zone).to.getTime() -
          monthBounds(month, contract.zone).from.getTime()) /
        60_000,
      vendorMinutes: 0,
      ourMinutes: 0,
      vendorIntervals: [],
      ourIntervals: [],
    };
    return { contract, credit: this.creditMonth(contract, row ?? empty, now) };
  }

  /** The evidence pack of one contract-month in markdown, HTML or JSON, as the viewer may see it. */
  async evidencePack(
    id: string,
    month: string,
    format: EvidenceFormat,
    viewer: Viewer,
    now = new Date(),
  ) {
    const { contract, credit } = await this.credit(id, month, viewer, now);
    const vendor = await this.catalog.getVendor(contract.vendorId);
    const { from, to } = monthBounds(month, contract.zone);
    const vendorIncidentIds = await this.repository.creditVendorIncidentIds(
      contract,
      from,
      to,
      now,
      viewer,
    );
    const [incidents, updates, statuses, impacts, components, owner] = await Promise.all([
      Promise.all(
        vendorIncidentIds.map((vendorIncidentId) =>
          this.vendorIncidents.findById(vendorIncidentId),
        ),
      ),
      this.vendorIncidents.listUpdatesOf(vendorIncidentIds),
      this.vendorIncidents.listComponentStatusesOf(vendorIncidentIds),
      this.repository.creditImpacts(contract, from, to, now, viewer),
      this.repository.componentNames(contract.componentIds),
      contract.ownerUserId ? this.repository.user(contract.ownerUserId) : Promise.resolve(null),
    ]);
    const source: EvidencePackSource = {
      contract,
      vendor: { name: vendor.name, slug: vendor.slug, statusPageUrl: vendor.statusPageUrl },
      components,
      owner: owner ? `${owner.displayName}${owner.email ? ` <${owner.email}>` : ''}` : null,
      credit,
      vendorIncidents: incidents
        .filter((incident): incident is NonNullable<typeof incident> => !!incident)
        .map((incident) => ({
          id: incident.id,
          title: incident.title,
          status: incident.status,
          impact: incident.impact,
          startedAt: incident.startedAt,
          resolvedAt: incident.resolvedAt,
          shortlink: incident.shortlink,
          updates: updates
            .filter((update) => update.vendorIncidentId === incident.id)
            .map((update) => ({ at: update.at, status: update.status, body: update.body })),
          componentStatuses: statuses
            .filter(
              (status) =>
                status.vendorIncidentId === incident.id &&
                contract.componentIds.includes(status.vendorComponentId),
            )
            .map((status) => ({
              at: status.at,
              component: status.componentName,
              status: status.status,
              rawStatus: status.rawStatus,
            })),
        })),
      impacts,
      generatedAt: now,
    };
    return renderEvidencePack(buildEvidencePack(source), source, format);
  }

  // ---- reminders (daily scan → one job per contract → one reminder per contract, month and threshold) ----

  /** The daily scan: one remind job per contract, through the outbox, with an id per contract and day. */
  async scan(now = new Date()): Promise<number> {
    const contracts = await this.repository.listContracts();
    const day = now.toISOString().slice(0, 10);
    await this.repository.transaction(async (manager) => {
      for (const contract of contracts) {
        if (!contract.ownerUserId) continue;
        await this.outbox.enqueue(
          manager,
          JobName.SlaCreditRemind,
          { contractId: contract.id, day },
          { jobId: remindJobId(contract.id, day) },
        );
      }
    });
    return contracts.length;
  }

  /**
   * Reminds the contract owner of every credit whose claim window closes within a threshold
   * (SLA_CLAIM_REMINDER_DAYS). A reminder row per contract, month and threshold is written with
   * the message in one transaction, so a second run (or a second job) sends nothing.
   */
  async remind(contractId: string, now = new Date()): Promise<number> {
    const contract = await this.repository.findContract(contractId);
    if (!contract?.ownerUserId) return 0;
    const owner = await this.repository.user(contract.ownerUserId);
    if (!owner) return 0;
    const vendor = await this.catalog.getVendor(contract.vendorId);
    const thresholds = reminderThresholds(this.environment.SLA_CLAIM_REMINDER_DAYS);
    let sent = 0;
    // The system's view (every incident): the owner is told the credit the contract earns.
    for (const credit of await this.credits(contract.id, undefined, now)) {
      if (credit.creditPercent === 0 || !credit.claimWindowOpen) continue;
      const deadline = new Date(credit.claimDeadline);
      const due = dueThresholds(now, deadline, thresholds);
      if (!due.length) continue;
      const sentNow = await this.repository.transaction(async (manager: EntityManager) => {
        const recorded: number[] = [];
        for (const thresholdDays of due) {
          if (
            await this.repository.recordReminder(
              {
                contractId: contract.id,
                month: credit.month,
                thresholdDays,
                claimDeadline: deadline,
              },
              manager,
            )
          )
            recorded.push(thresholdDays);
        }
        if (!recorded.length) return false;
        const tightest = Math.min(...recorded);
        const daysLeft = Math.max(0, Math.ceil((deadline.getTime() - now.getTime()) / 86_400_000));
        await this.notifications.notify(
          {
            key: `sla-claim:${contract.id}:${credit.month}:${tightest}`,
            topic: NotificationTopic.Reminder,
            subject: `Claim the ${vendor.name} SLA credit for ${credit.month} by ${credit.claimBy}`,
            text: `${vendor.name} missed its ${contract.targetPercent} % target in ${credit.month} (${contract.name}): ${credit.creditPercent} % credit by ${credit.basis === 'our_impacts' ? 'our impact windows' : "the vendor's own statuses"}. The claim window closes in ${daysLeft} day(s), on ${credit.claimBy} (${contract.zone}). Claims go to: ${contract.claimTo || 'see the contract'}. Owner: ${owner.displayName}${owner.email ? ` <${owner.email}>` : ''}.`,
            data: {
              contractId: contract.id,
              month: credit.month,
              creditPercent: credit.creditPercent,
              claimDeadline: credit.claimDeadline,
              owner: owner.email,
              thresholdDays: tightest,
            },
          },
          undefined,
          manager,
        );
        return true;
      });
      if (sentNow) {
        sent += 1;
        this.logger.log(
          { contractId: contract.id, month: credit.month },
          'SLA claim reminder sent',
        );
      }
    }
    return sent;
  }
}
