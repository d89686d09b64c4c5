import { DependencyEntity, ServiceEntity, VendorComponentEntity, VendorEntity } from '@rca/catalog';
import { CauseEntity, ImpactEntity, IncidentEntity, TimelineEventEntity } from '@rca/incidents';
import { ExportRunEntity, ExportTargetEntity } from '@rca/exports';
import { StatusSourceEntity } from '@rca/status-sources';
import { JobHeartbeatEntity } from '@rca/system';
import {
  VendorIncidentComponentEntity,
  VendorIncidentEntity,
  VendorIncidentUpdateEntity,
} from '@rca/vendor-incidents';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  ApiTokenEntity,
  InvitationEntity,
  SessionEntity,
  TeamEntity,
  TeamMembershipEntity,
  UserEntity,
} from '@rca/accounts';
import type { Role, Scope } from '@rca/shared';
import * as argon2 from 'argon2';
import { DataSource } from 'typeorm';

/** Password every factory user gets unless told otherwise. */
export const TEST_PASSWORD = 'plum-orbit-candle-42';
let testPasswordHash: Promise<string> | undefined;

/**
 * Builds realistic rows by name, with overrides: `await factories.newHeartbeat({ name: 'x' })`.
 * Domains add their own builders here (newIncident, newService, …) so tests read as stories.
 * Builders that need a parent create one when none is given.
 */
export class Factories {
  private sequence = 0;

  constructor(private readonly dataSource: DataSource) {}

  protected next(): number {
    this.sequence += 1;
    return this.sequence;
  }

  private async insert<T extends object>(entity: new () => T, values: Partial<T>): Promise<T> {
    const repository = this.dataSource.getRepository(entity);
    return repository.save(repository.create(values as T));
  }

  async newHeartbeat(overrides: Partial<JobHeartbeatEntity> = {}): Promise<JobHeartbeatEntity> {
    return this.insert(JobHeartbeatEntity, {
      name: `test.job-${this.next()}`,
      lastRunAt: new Date(),
      workerId: 'test-worker:1',
      runs: 1,
      ...overrides,
    });
  }

  async newService(overrides: Partial<ServiceEntity> = {}): Promise<ServiceEntity> {
    const n = this.next();
    return this.insert(ServiceEntity, {
      slug: `service-${n}`,
      name: `Service ${n}`,
      ownerTeam: 'sre',
      tier: 2,
      description: '',
      ...overrides,
    });
  }

  async newVendor(overrides: Partial<VendorEntity> = {}): Promise<VendorEntity> {
    const n = this.next();
    return this.insert(VendorEntity, {
      slug: `vendor-${n}`,
      name: `Vendor ${n}`,
      website: null,
      statusPageUrl: null,
      ...overrides,
    });
  }

  async newVendorComponent(
    overrides: Partial<VendorComponentEntity> = {},
  ): Promise<VendorComponentEntity> {
    const vendorId = overrides.vendorId ?? (await this.newVendor()).id;
    return this.insert(VendorComponentEntity, {
      name: `Component ${this.next()}`,
      externalId: null,
      groupName: null,
      description: '',
      ...overrides,
      vendorId,
    });
  }

  /** A service → vendor component dependency by default; pass dependsOnServiceId for service → service. */
  async newDependency(overrides: Partial<DependencyEntity> = {}): Promise<DependencyEntity> {
    const serviceId = overrides.serviceId ?? (await this.newService()).id;
    const dependsOnServiceId = overrides.dependsOnServiceId ?? null;
    const vendorComponentId =
      overrides.vendorComponentId ??
      (dependsOnServiceId ? null : (await this.newVendorComponent()).id);
    return this.insert(DependencyEntity, {
      kind: 'cdn',
      criticality: 'high',
      hasFallback: false,
      notes: '',
      ...overrides,
      serviceId,
      vendorComponentId,
      dependsOnServiceId,
    });
  }

  /** An incident with the next INC-YYYY-NNNN reference of its start year. */
  async newIncident(overrides: Partial<IncidentEntity> = {}): Promise<IncidentEntity> {
    const startedAt = overrides.startedAt ?? new Date('2025-11-18T11:20:00Z');
    const year = startedAt.getUTCFullYear();
    const [row] = (await this.dataSource.query(
      `INSERT INTO incident_reference_counter (year, last_sequence) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_sequence = incident_reference_counter.last_sequence + 1
       RETURNING last_sequence`,
      [year],
    )) as Array<{ last_sequence: number }>;
    const sequence = row.last_sequence;
    return this.insert(IncidentEntity, {
      reference: `INC-${year}-${String(sequence).padStart(4, '0')}`,
      year,
      sequence,
      title: `Incident ${this.next()}`,
      summary: '',
      severity: 'SEV2',
      status: 'investigating',
      detectedAt: null,
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
      labels: [],
      regions: [],
      errorSignatures: [],
      createdBy: 'test',
      ...overrides,
      startedAt,
    });
  }

  async newImpact(overrides: Partial<ImpactEntity> = {}): Promise<ImpactEntity> {
    const incident = overrides.incidentId
      ? await this.dataSource
          .getRepository(IncidentEntity)
          .findOneByOrFail({ id: overrides.incidentId })
      : await this.newIncident();
    const serviceId = overrides.serviceId ?? (await this.newService()).id;
    return this.insert(ImpactEntity, {
      level: 'major_outage',
      startedAt: incident.startedAt,
      endedAt: null,
      note: '',
      ...overrides,
      incidentId: incident.id,
      serviceId,
    });
  }

  async newTimelineEvent(
    overrides: Partial<TimelineEventEntity> = {},
  ): Promise<TimelineEventEntity> {
    const incidentId = overrides.incidentId ?? (await this.newIncident()).id;
    const occurredAt = overrides.occurredAt ?? new Date('2025-11-18T11:30:00Z');
    return this.insert(TimelineEventEntity, {
      enteredZone: 'UTC',
      enteredLocal: occurredAt.toISOString().slice(0, 19),
      kind: 'note',
      source: 'manual',
      body: `Event ${this.next()}`,
      author: 'test',
      vendorIncidentUpdateId: null,
      deletedAt: null,
      ...overrides,
      incidentId,
      occurredAt,
    });
  }

  async newVendorIncident(
    overrides: Partial<VendorIncidentEntity> = {},
  ): Promise<VendorIncidentEntity> {
    const vendorId = overrides.vendorId ?? (await this.newVendor()).id;
    const n = this.next();
    return this.insert(VendorIncidentEntity, {
      externalId: `ext-${n}`,
      kind: 'incident',
      title: `Vendor incident ${n}`,
      rawStatus: 'investigating',
      status: 'investigating',
      rawImpact: 'major',
      impact: 'major',
      startedAt: new Date('2025-11-18T11:48:00Z'),
      resolvedAt: null,
      vendorUpdatedAt: null,
      shortlink: null,
      rawPayload: null,
      ...overrides,
      vendorId,
    });
  }

  async newVendorIncidentUpdate(
    overrides: Partial<VendorIncidentUpdateEntity> = {},
  ): Promise<VendorIncidentUpdateEntity> {
    const vendorIncident = overrides.vendorIncidentId
      ? await this.dataSource
          .getRepository(VendorIncidentEntity)
          .findOneByOrFail({ id: overrides.vendorIncidentId })
      : await this.newVendorIncident();
    return this.insert(VendorIncidentUpdateEntity, {
      externalId: `upd-${this.next()}`,
      at: new Date('2025-11-18T11:48:00Z'),
      rawStatus: 'investigating',
      status: 'investigating',
      body: 'We are investigating.',
      ...overrides,
      vendorId: vendorIncident.vendorId,
      vendorIncidentId: vendorIncident.id,
    });
  }

  async newVendorIncidentComponent(
    overrides: Partial<VendorIncidentComponentEntity> = {},
  ): Promise<VendorIncidentComponentEntity> {
    const vendorIncident = overrides.vendorIncidentId
      ? await this.dataSource
          .getRepository(VendorIncidentEntity)
          .findOneByOrFail({ id: overrides.vendorIncidentId })
      : await this.newVendorIncident();
    const vendorComponentId =
      overrides.vendorComponentId ??
      (await this.newVendorComponent({ vendorId: vendorIncident.vendorId })).id;
    return this.insert(VendorIncidentComponentEntity, {
      rawStatus: 'major_outage',
      status: 'major_outage',
      ...overrides,
      vendorIncidentId: vendorIncident.id,
      vendorComponentId,
    });
  }

  async newCause(overrides: Partial<CauseEntity> = {}): Promise<CauseEntity> {
    const incidentId = overrides.incidentId ?? (await this.newIncident()).id;
    const vendorId = overrides.vendorId ?? (await this.newVendor()).id;
    return this.insert(CauseEntity, {
      vendorIncidentId: null,
      vendorComponentIds: [],
      role: 'root_cause',
      state: 'suggested',
      explanation: '',
      score: null,
      reasons: [],
      createdBy: 'test',
      decidedBy: null,
      decidedAt: null,
      ...overrides,
      incidentId,
      vendorId,
    });
  }

  /** A person who can sign in with TEST_PASSWORD (or `password`). */
  async newUser(
    overrides: Partial<UserEntity> & { password?: string; teams?: TeamEntity[] } = {},
  ): Promise<UserEntity> {
    const { password, teams, ...fields } = overrides;
    const n = this.next();
    testPasswordHash ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id });
    const repository = this.dataSource.getRepository(UserEntity);
    const user = await repository.save(
      repository.create({
        id: randomUUID(),
        email: `user${n}-${randomBytes(3).toString('hex')}@example.com`,
        displayName: `Test User ${n}`,
        kind: 'human',
        role: 'viewer' as Role,
        passwordHash: password
          ? await argon2.hash(password, { type: argon2.argon2id })
          : await testPasswordHash,
        ...fields,
      }),
    );
    if (teams?.length)
      await this.dataSource
        .getRepository(TeamMembershipEntity)
        .insert(teams.map((team) => ({ teamId: team.id, userId: user.id })));
    return user;
  }

  async newTeam(overrides: Partial<TeamEntity> = {}): Promise<TeamEntity> {
    const repository = this.dataSource.getRepository(TeamEntity);
    return repository.save(
      repository.create({
        id: randomUUID(),
        name: `team-${this.next()}-${randomBytes(3).toString('hex')}`,
        ...overrides,
      }),
    );
  }

  /** An API token for `user`; returns the secret to send as `Authorization: Bearer …`. */
  async newToken(
    user: UserEntity,
    scopes: Scope[],
    overrides: Partial<ApiTokenEntity> = {},
  ): Promise<{ token: ApiTokenEntity; secret: string }> {
    const secret = `rca_${randomBytes(32).toString('base64url')}`;
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    const token = await repository.save(
      repository.create({
        id: randomUUID(),
        userId: user.id,
        name: `token ${this.next()}`,
        tokenPrefix: secret.slice(0, 10),
        tokenHash: createHash('sha256').update(secret).digest('hex'),
        scopes,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        createdByUserId: user.id,
        ...overrides,
      }),
    );
    return { token, secret };
  }

  /** A browser session of `user`, last seen now and ending in 12 hours unless told otherwise. */
  async newSession(
    user: UserEntity,
    overrides: Partial<SessionEntity> = {},
  ): Promise<SessionEntity> {
    const now = Date.now();
    return this.insert(SessionEntity, {
      id: randomUUID(),
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      method: 'password',
      lastSeenAt: new Date(now),
      expiresAt: new Date(now + 12 * 3600_000),
      ip: '127.0.0.1',
      userAgent: 'factory',
      ...overrides,
    });
  }

  /** An open invitation (7 days) for a new viewer. */
  async newInvitation(overrides: Partial<InvitationEntity> = {}): Promise<InvitationEntity> {
    return this.insert(InvitationEntity, {
      id: randomUUID(),
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      purpose: 'invite',
      email: `invitee${this.next()}-${randomBytes(3).toString('hex')}@example.com`,
      role: 'viewer' as Role,
      teamIds: [],
      expiresAt: new Date(Date.now() + 7 * 24 * 3600_000),
      acceptedAt: null,
      createdByUserId: null,
      ...overrides,
    });
  }

  /** A status source (enabled, auto format) of a new vendor unless one is given. */
  async newStatusSource(overrides: Partial<StatusSourceEntity> = {}): Promise<StatusSourceEntity> {
    const vendorId = overrides.vendorId ?? (await this.newVendor()).id;
    return this.insert(StatusSourceEntity, {
      url: `https://status-${this.next()}.example.com/api/v2/summary.json`,
      format: 'auto',
      pollIntervalSeconds: 60,
      enabled: true,
      ...overrides,
      vendorId,
    });
  }

  /** An enabled webhook export target for every team, without credentials. */
  async newExportTarget(overrides: Partial<ExportTargetEntity> = {}): Promise<ExportTargetEntity> {
    const n = this.next();
    return this.insert(ExportTargetEntity, {
      name: `Export target ${n}`,
      kind: 'webhook',
      team: null,
      enabled: true,
      variant: 'internal',
      redactPatterns: [],
      config: { url: `https://hooks-${n}.example.com/rca` },
      credentials: null,
      ...overrides,
    });
  }

  /**
   * A succeeded push of revision 1 of the given postmortem (there is no postmortem builder: pass
   * its id) to a new export target unless one is given.
   */
  async newExportRun(
    overrides: Partial<ExportRunEntity> & { postmortemId: string },
  ): Promise<ExportRunEntity> {
    const target = overrides.targetId
      ? { id: overrides.targetId, kind: overrides.targetKind ?? 'webhook' }
      : await this.newExportTarget();
    const revision = overrides.revision ?? 1;
    return this.insert(ExportRunEntity, {
      idempotencyKey: `${overrides.postmortemId}:r${revision}:${target.id}:${this.next()}`,
      targetKind: target.kind,
      revision,
      trigger: 'manual',
      status: 'succeeded',
      attempts: 1,
      externalId: 'receiver',
      checksum: createHash('sha256').update(String(this.next())).digest('hex'),
      finishedAt: new Date(),
      ...overrides,
      targetId: target.id,
    });
  }
}
