import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  Page,
  Outbox,
  versionedWrite,
} from '@rca/shared';
import { EntityManager } from 'typeorm';
import { DeadlineSpec, validateDeadlineSpec } from './business-calendar';
import { DeadlinePolicyEntity } from './deadline-policy.entity';
import { DeadlinePolicyRepository } from './deadline-policy.repository';

export interface PolicyInput extends DeadlineSpec {
  severity: string;
  team?: string | null;
  reminderHoursBefore?: number[];
  escalationEveryHours?: number;
}

/** What applies to one postmortem: a stored policy, or the built-in default. */
export interface EffectivePolicy extends Required<DeadlineSpec> {
  id: string | null;
  reminderHoursBefore: number[];
  escalationEveryHours: number;
}

/** Without a stored policy: SEV1 and SEV2 RCAs are due in 5 business days, 17:00 New York, US holidays. */
export const DEFAULT_POLICY: Omit<EffectivePolicy, 'id'> & { severities: string[] } = {
  severities: ['SEV1', 'SEV2'],
  businessDays: 5,
  zone: 'America/New_York',
  country: 'US',
  region: null,
  customHolidays: [],
  dueTime: '17:00',
  reminderHoursBefore: [48, 24, 0],
  escalationEveryHours: 24,
};

@Injectable()
export class DeadlinePolicyService {
  constructor(
    private readonly repository: DeadlinePolicyRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Open postmortems the policy governs get their due instants again (a job, committed with the change). */
  private changed(manager: EntityManager, policy: DeadlinePolicyEntity): Promise<void> {
    return this.outbox.emit(manager, 'deadline-policy.changed', {
      severity: policy.severity,
      team: policy.team,
    });
  }

  private normalise(input: PolicyInput) {
    const spec = validateDeadlineSpec(input);
    const reminders = [...new Set(input.reminderHoursBefore ?? [48, 24, 0])].sort((a, b) => b - a);
    if (reminders.some((hours) => !Number.isInteger(hours) || hours < 0 || hours > 24 * 30))
      throw new InvalidInputError(
        'reminderHoursBefore',
        'each entry must be a whole number of hours between 0 and 720',
      );
    return {
      severity: input.severity,
      team: input.team ?? null,
      ...spec,
      reminderHoursBefore: reminders,
      escalationEveryHours: input.escalationEveryHours ?? 24,
    };
  }

  async create(input: PolicyInput): Promise<DeadlinePolicyEntity> {
    const values = this.normalise(input);
    if (await this.repository.findSame(values.severity, values.team))
      throw new ConflictError(
        `A deadline policy for ${values.severity}${values.team ? ` and team "${values.team}"` : ' (all teams)'} already exists; change it instead`,
      );
    return this.repository.transaction(async (manager) => {
      const policy = await this.repository.insert(values, manager);
      await this.changed(manager, policy);
      return policy;
    });
  }

  async get(id: string): Promise<DeadlinePolicyEntity> {
    const policy = await this.repository.findById(id);
    if (!policy) throw new NotFoundError('Deadline policy', id);
    return policy;
  }

  list(
    filters: { severity?: string; team?: string },
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<DeadlinePolicyEntity>> {
    return this.repository.list(filters, cursor, limit);
  }

  async update(
    id: string,
    version: number,
    patch: Partial<PolicyInput>,
  ): Promise<DeadlinePolicyEntity> {
    const current = await this.get(id);
    const values = this.normalise({ ...current, ...patch } as PolicyInput);
    const { after } = await this.repository.transaction((manager) =>
      versionedWrite<DeadlinePolicyEntity>({
        manager,
        entity: 'Deadline policy',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.findById(id, tx),
        write: (_before, tx) => this.repository.updateVersioned(id, version, values, tx),
        log: async (before, updated, tx) => {
          // A policy moved to another severity or team also changes the postmortems it left.
          if (before.severity !== updated!.severity || before.team !== updated!.team)
            await this.changed(tx, before);
          await this.changed(tx, updated!);
        },
      }),
    );
    return after!;
  }

  async delete(id: string): Promise<void> {
    const policy = await this.get(id);
    await this.repository.transaction(async (manager) => {
      await this.repository.delete(id, manager);
      await this.changed(manager, policy);
    });
  }

  /** The policy of a severity + team, or the built-in default, or null (no deadline). */
  async effective(severity: string, team: string | null): Promise<EffectivePolicy | null> {
    const stored = await this.repository.match(severity, team);
    if (stored)
      return {
        id: stored.id,
        businessDays: stored.businessDays,
        zone: stored.zone,
        country: stored.country,
        region: stored.region,
        customHolidays: stored.customHolidays,
        dueTime: stored.dueTime,
        reminderHoursBefore: stored.reminderHoursBefore,
        escalationEveryHours: stored.escalationEveryHours,
      };
    if (!DEFAULT_POLICY.severities.includes(severity)) return null;
    const { severities: _severities, ...rest } = DEFAULT_POLICY;
    return { id: null, ...rest };
  }
}
