import { UsersService, Viewer } from '@rca/accounts';
import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  PostmortemEntity,
  PostmortemService,
  PublicRedaction,
  RedactionTally,
} from '@rca/postmortems';
import {
  classifyOutboundFailure,
  ConflictError,
  credentialsCipherFor,
  CredentialsCipher,
  Environment,
  InvalidInputError,
  JobName,
  Outbox,
  NotFoundError,
  OutboundHttpClient,
  Page,
  QueueService,
  StaleVersionError,
  versionedWrite,
  retryWhileDatabaseDown,
} from '@rca/shared';
import { UnrecoverableError } from 'bullmq';
import { EntityManager } from 'typeorm';
import { CONNECTORS, forbiddenDestination, PermanentPushError } from './connectors';
import {
  ExportFormat,
  ExportOutput,
  ExportSource,
  ExportVariant,
  peopleOf,
  publicRedactor,
  renderExport,
} from './exporter';
import { ExportRunEntity, ExportRunTrigger } from './export-run.entity';
import { ExportTargetEntity, ExportTargetKind } from './export-target.entity';
import { ExportsRepository, RunFilters } from './exports.repository';

/** Settings and credentials each kind of target takes (anything else is refused). */
export const TARGET_SETTINGS: Record<
  ExportTargetKind,
  { config: string[]; required: string[]; credentials: string[]; requiredCredentials: string[] }
> = {
  git: {
    config: ['url', 'branch', 'folder', 'authorName', 'authorEmail', 'pageUrlPrefix'],
    required: ['url'],
    credentials: ['username', 'token'],
    requiredCredentials: [],
  },
  webhook: { config: ['url'], required: ['url'], credentials: ['secret'], requiredCredentials: [] },
  // Confluence Cloud (REST v2, e-mail + API token); `api: datacenter` below for Data Center.
  confluence: {
    config: ['api', 'baseUrl', 'spaceId', 'spaceKey', 'parentId'],
    required: ['baseUrl', 'spaceId'],
    credentials: ['email', 'apiToken'],
    requiredCredentials: ['email', 'apiToken'],
  },
  mediawiki: {
    config: ['apiUrl', 'pagePrefix'],
    required: ['apiUrl'],
    credentials: ['username', 'password'],
    requiredCredentials: ['username', 'password'],
  },
};

/** The settings of a target, given its kind and config (Confluence Data Center differs from Cloud). */
export function settingsFor(kind: ExportTargetKind, config: Record<string, string>) {
  const settings = TARGET_SETTINGS[kind];
  if (kind === 'confluence' && config.api === 'datacenter')
    return {
      ...settings,
      required: ['baseUrl', 'spaceKey'],
      credentials: ['token'],
      requiredCredentials: ['token'],
    };
  return settings;
}

export interface TargetInput {
  name: string;
  kind: ExportTargetKind;
  team?: string | null;
  enabled?: boolean;
  variant?: ExportVariant;
  redactPatterns?: string[];
  config: Record<string, string>;
  credentials?: Record<string, string> | null;
}

/** A target as the API shows it: credentials never leave the server, only their names. */
export type TargetView = Omit<ExportTargetEntity, 'credentials'> & { credentialKeys: string[] };

function checkPatterns(field: string, patterns: string[]): void {
  patterns.forEach((pattern, index) => {
    try {
      new RegExp(pattern, 'gi');
    } catch (error) {
      throw new InvalidInputError(
        `${field}[${index}]`,
        `not a valid regular expression: ${(error as Error).message}`,
      );
    }
  });
}

@Injectable()
export class ExportsService implements OnModuleInit, PublicRedaction {
  private cipherInstance?: CredentialsCipher;
  private readonly globalPatterns: string[];

  constructor(
    private readonly repository: ExportsRepository,
    private readonly queues: QueueService,
    private readonly outbox: Outbox,
    private readonly environment: Environment,
    private readonly moduleRef: ModuleRef,
    private readonly people: UsersService,
    private readonly http: OutboundHttpClient,
  ) {
    this.globalPatterns = ExportsService.parseGlobalPatterns(environment.EXPORT_REDACT_PATTERNS);
  }

  static parseGlobalPatterns(value: string | undefined): string[] {
    if (!value) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error('EXPORT_REDACT_PATTERNS must be a JSON array of regular expressions');
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string'))
      throw new Error('EXPORT_REDACT_PATTERNS must be a JSON array of strings');
    checkPatterns('EXPORT_REDACT_PATTERNS', parsed);
    return parsed;
  }

  // PostmortemsModule is not global; its service is looked up once, across modules.
  private postmortems!: PostmortemService;

  onModuleInit(): void {
    this.postmortems = this.moduleRef.get(PostmortemService, { strict: false });
  }

  /** postmortem.workflow-changed: publishing pushes to every target of the team (and every team-less one). */
  async onWorkflowChanged(change: {
    postmortemId: string;
    to: string;
    revision: number;
  }): Promise<number> {
    if (change.to !== 'published') return 0;
    const postmortem = await this.postmortems.get(change.postmortemId);
    // Reopened (or published again) since: the revision published then is not the document now.
    if (postmortem.status !== 'published' || postmortem.revision !== change.revision) return 0;
    return (await this.pushToAll(postmortem, 'publish')).length;
  }

  /**
   * The reconciler: a run still pending long after its last change, whose job BullMQ no longer
   * holds (retries ran out during an outage, Redis lost it, the relay's job was removed), gets a
   * new job.
   */
  async reconcile(): Promise<number> {
    const quiet = new Date(Date.now() - this.environment.RECONCILE_STUCK_AFTER_SECONDS * 1000);
    let requeued = 0;
    for (const run of await this.repository.quietPendingRuns(quiet, 500)) {
      if (await this.queues.isLive(JobName.ExportPush, run.jobId)) continue;
      await this.repository.transaction((manager) => this.queuePush(manager, run.id, true));
      requeued += 1;
    }
    return requeued;
  }

  /** Writes the run's push job to the outbox; `fresh`: a new BullMQ id (the old job may sit in the failed set). */
  private async queuePush(manager: EntityManager, runId: string, fresh: boolean): Promise<void> {
    const jobId = fresh ? `export-${runId}-${Date.now()}` : `export-${runId}`;
    await this.repository.updateRun(runId, { jobId }, manager);
    await this.outbox.enqueue(manager, JobName.ExportPush, { runId }, { jobId });
  }

  private get cipher(): CredentialsCipher {
    this.cipherInstance ??= credentialsCipherFor(this.environment);
    return this.cipherInstance;
  }

  // --- pull --------------------------------------------------------------------------------

  /** PublicRedaction: the public variant's rules (without a target's own patterns) for the preview. */
  async publicRedactorFor(
    postmortemId: string,
    tally?: RedactionTally,
  ): Promise<(text: string) => string> {
    return publicRedactor(await this.source(postmortemId), this.globalPatterns, tally);
  }

  private async source(postmortemId: string, viewer?: Viewer): Promise<ExportSource> {
    const source = await this.repository.loadSource(postmortemId, viewer);
    if (!source) throw new NotFoundError('Postmortem', postmortemId);
    return this.withPeopleNames(source);
  }

  /** People are named on the record by e-mail; their display names are redacted too. */
  private async withPeopleNames(loaded: ExportSource): Promise<ExportSource> {
    // Action items link their owner by user id: every format shows the owner's name.
    const owners = await this.people.peopleByIds(
      loaded.actionItems.map((item) => item.ownerId).filter((id): id is string => !!id),
    );
    const source: ExportSource = {
      ...loaded,
      actionItems: loaded.actionItems.map((item) => ({
        ...item,
        owner: (item.ownerId && owners.get(item.ownerId)?.displayName) || item.owner,
      })),
    };
    return { ...source, peopleNames: await this.people.displayNamesOf(peopleOf(source)) };
  }

  async export(
    postmortemId: string,
    format: ExportFormat,
    variant: ExportVariant,
    viewer?: Viewer,
  ): Promise<ExportOutput> {
    return renderExport(await this.source(postmortemId, viewer), format, {
      variant,
      redactPatterns: this.globalPatterns,
    });
  }

  // --- targets -----------------------------------------------------------------------------

  toView(target: ExportTargetEntity): TargetView {
    const { credentials, ...rest } = target;
    let credentialKeys: string[] = [];
    if (credentials) {
      try {
        credentialKeys = Object.keys(this.cipher.decrypt(credentials, target.id));
      } catch {
        credentialKeys = ['<unreadable>'];
      }
    }
    return { ...rest, credentialKeys };
  }

  private check(input: TargetInput, creating: boolean): void {
    const settings = settingsFor(input.kind, input.config);
    if (
      input.kind === 'confluence' &&
      input.config.api &&
      !['cloud', 'datacenter'].includes(input.config.api)
    )
      throw new InvalidInputError('config.api', 'must be "cloud" (default) or "datacenter"');
    for (const key of Object.keys(input.config))
      if (!settings.config.includes(key))
        throw new InvalidInputError(
          `config.${key}`,
          `a ${input.kind} target takes only ${settings.config.join(', ')}`,
        );
    for (const key of settings.required)
      if (!input.config[key])
        throw new InvalidInputError(`config.${key}`, `a ${input.kind} target needs ${key}`);
    for (const [key, value] of Object.entries(input.config)) {
      if (typeof value !== 'string')
        throw new InvalidInputError(`config.${key}`, 'must be a string');
      const httpUrl =
        ['baseUrl', 'apiUrl', 'pageUrlPrefix'].includes(key) ||
        (key === 'url' && input.kind !== 'git');
      if (httpUrl) {
        let url: URL;
        try {
          url = new URL(value);
        } catch {
          throw new InvalidInputError(`config.${key}`, 'must be an absolute http(s) URL');
        }
        if (!['http:', 'https:'].includes(url.protocol))
          throw new InvalidInputError(`config.${key}`, 'must be an http(s) URL');
        if (url.username || url.password)
          throw new InvalidInputError(
            `config.${key}`,
            'must not contain credentials; use the credentials field',
          );
      }
    }
    if (input.kind === 'git' && input.config.url) {
      const url = input.config.url;
      if (/^-/.test(url) || !/^(https:\/\/|ssh:\/\/|git@[^:]+:|file:\/\/|\/)/.test(url))
        throw new InvalidInputError(
          'config.url',
          'must be an https://, ssh://, git@host: or file:// repository URL (or an absolute path)',
        );
      if (/^https:\/\/[^/]*@/.test(url))
        throw new InvalidInputError(
          'config.url',
          'must not contain credentials; use credentials.token',
        );
      if (input.config.branch && !/^[A-Za-z0-9._/-]{1,100}$/.test(input.config.branch))
        throw new InvalidInputError('config.branch', 'must be a plain branch name');
      if (
        input.config.folder &&
        (/\.\./.test(input.config.folder) || !/^[A-Za-z0-9._/ -]{1,100}$/.test(input.config.folder))
      )
        throw new InvalidInputError('config.folder', 'must be a relative folder without ".."');
    }
    if (input.credentials) {
      for (const [key, value] of Object.entries(input.credentials)) {
        if (!settings.credentials.includes(key))
          throw new InvalidInputError(
            `credentials.${key}`,
            `a ${input.kind} target takes only ${settings.credentials.join(', ') || 'no'} credentials`,
          );
        if (typeof value !== 'string' || !value)
          throw new InvalidInputError(`credentials.${key}`, 'must be a non-empty string');
      }
    }
    if (creating)
      for (const key of settings.requiredCredentials)
        if (!input.credentials?.[key])
          throw new InvalidInputError(`credentials.${key}`, `a ${input.kind} target needs ${key}`);
    checkPatterns('redactPatterns', input.redactPatterns ?? []);
  }

  /** The address policy, at save time too: an internal destination is a 400 on its field. */
  private async checkDestination(kind: ExportTargetKind, config: Record<string, string>) {
    const refused = await forbiddenDestination(kind, config, this.http);
    if (refused) throw new InvalidInputError(`config.${refused.key}`, refused.reason);
  }

  async createTarget(input: TargetInput): Promise<TargetView> {
    this.check(input, true);
    await this.checkDestination(input.kind, input.config);
    if (await this.repository.findTargetByName(input.name))
      throw new ConflictError(`An export target named "${input.name}" already exists`);
    // The id is chosen here so the credentials are encrypted (bound to it) in the same insert.
    const id = randomUUID();
    const target = await this.repository.createTarget({
      id,
      name: input.name,
      kind: input.kind,
      team: input.team ?? null,
      enabled: input.enabled ?? true,
      variant: input.variant ?? 'internal',
      redactPatterns: input.redactPatterns ?? [],
      config: input.config,
      credentials:
        input.credentials && Object.keys(input.credentials).length
          ? this.cipher.encrypt(input.credentials, id)
          : null,
    });
    return this.toView(await this.getTarget(target.id));
  }

  async getTarget(id: string): Promise<ExportTargetEntity> {
    const target = await this.repository.findTarget(id);
    if (!target) throw new NotFoundError('Export target', id);
    return target;
  }

  async updateTarget(
    id: string,
    version: number,
    patch: Partial<Omit<TargetInput, 'kind'>>,
  ): Promise<TargetView> {
    const current = await this.getTarget(id);
    if (current.version !== version)
      throw new StaleVersionError('Export target', version, current.version, {
        target: this.toView(current),
      });
    const merged: TargetInput = {
      name: patch.name ?? current.name,
      kind: current.kind,
      config: patch.config ?? current.config,
      credentials: patch.credentials ?? null,
      redactPatterns: patch.redactPatterns ?? current.redactPatterns,
    };
    this.check(merged, false);
    if (patch.config !== undefined) await this.checkDestination(current.kind, merged.config);
    const required = settingsFor(current.kind, merged.config).requiredCredentials;
    if (patch.credentials === null && required.length)
      throw new InvalidInputError(
        'credentials',
        `a ${current.kind} target needs ${required.join(' and ')}; replace them instead of removing them`,
      );
    if (
      patch.name &&
      patch.name !== current.name &&
      (await this.repository.findTargetByName(patch.name))
    )
      throw new ConflictError(`An export target named "${patch.name}" already exists`);
    const values: Partial<ExportTargetEntity> = {};
    if (patch.name !== undefined) values.name = patch.name;
    if (patch.team !== undefined) values.team = patch.team;
    if (patch.enabled !== undefined) values.enabled = patch.enabled;
    if (patch.variant !== undefined) values.variant = patch.variant;
    if (patch.redactPatterns !== undefined) values.redactPatterns = patch.redactPatterns;
    if (patch.config !== undefined) values.config = patch.config;
    // null removes the credentials; an object replaces them; undefined keeps them.
    if (patch.credentials === null) values.credentials = null;
    else if (patch.credentials) values.credentials = this.cipher.encrypt(patch.credentials, id);
    const { after } = await this.repository.transaction((manager) =>
      versionedWrite<ExportTargetEntity>({
        manager,
        entity: 'Export target',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.findTarget(id, tx),
        write: (_before, tx) => this.repository.updateTargetVersioned(id, version, values, tx),
        view: (now) => ({ target: this.toView(now) }),
      }),
    );
    return this.toView(after!);
  }

  async deleteTarget(id: string): Promise<void> {
    if (!(await this.repository.deleteTarget(id))) throw new NotFoundError('Export target', id);
  }

  async listTargets(
    filters: { kind?: ExportTargetKind; team?: string; enabled?: boolean },
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<TargetView>> {
    const result = await this.repository.listTargets(filters, cursor, limit);
    return { ...result, items: result.items.map((target) => this.toView(target)) };
  }

  // --- push --------------------------------------------------------------------------------

  /**
   * Records a run for (postmortem revision, target) and enqueues it. Idempotent: the same
   * revision and target give the same run; a failed run is queued again; `force` makes a new run.
   */
  async enqueue(
    postmortem: Pick<PostmortemEntity, 'id' | 'revision'>,
    target: ExportTargetEntity,
    trigger: ExportRunTrigger,
    force = false,
  ): Promise<ExportRunEntity> {
    const base = `${postmortem.id}:r${postmortem.revision}:${target.id}`;
    let key = base;
    if (force) key = `${base}:${(await this.repository.countRunsWithKeyPrefix(base)) + 1}`;
    // The run and its job commit together: Redis down or not, the push is not lost.
    const { run, again } = await this.repository.transaction(async (manager) => {
      const { run, created } = await this.repository.insertRunIfNew(
        {
          idempotencyKey: key,
          targetId: target.id,
          targetKind: target.kind,
          postmortemId: postmortem.id,
          revision: postmortem.revision,
          trigger,
        },
        manager,
      );
      const requeued = !created && (await this.repository.requeueFailedRun(run.id, manager));
      // A requeued run needs a fresh job id: the failed job is still kept by BullMQ.
      if (created || requeued) await this.queuePush(manager, run.id, requeued);
      return { run, again: !created && !requeued && run.status === 'pending' };
    });
    // Asked again while still pending: if BullMQ gave up on its job (an outage outlasted the
    // retries), queue it again now rather than at the reconciler's next pass. Redis down: the
    // reconciler will.
    // A job still in the outbox is not lost, only not relayed yet: queueing a second one would
    // push the same run twice, concurrently.
    if (
      again &&
      !(await this.outbox.awaitingRelay(this.repository.manager, run.jobId)) &&
      !(await this.queues.isLive(JobName.ExportPush, run.jobId).catch(() => true))
    )
      await this.repository.transaction((manager) => this.queuePush(manager, run.id, true));
    return (await this.repository.findRun(run.id))!;
  }

  async pushToAll(
    postmortem: PostmortemEntity,
    trigger: ExportRunTrigger,
  ): Promise<ExportRunEntity[]> {
    const targets = await this.repository.enabledTargetsFor(postmortem.team);
    const runs: ExportRunEntity[] = [];
    for (const target of targets) runs.push(await this.enqueue(postmortem, target, trigger));
    return runs;
  }

  /** POST /postmortems/:id/exports: one target, or every target of the postmortem's team. */
  async pushNow(
    postmortemId: string,
    targetId: string | undefined,
    force: boolean,
    viewer?: Viewer,
  ): Promise<ExportRunEntity[]> {
    const postmortem = await this.postmortems.get(postmortemId, viewer);
    if (!targetId) return this.pushToAll(postmortem, 'manual');
    const target = await this.getTarget(targetId);
    if (!target.enabled)
      throw new ConflictError(`Export target "${target.name}" is disabled`, { targetId });
    return [await this.enqueue(postmortem, target, 'manual', force)];
  }

  /**
   * One attempt of a run (the exports job). Records the outcome; transient failures are rethrown
   * so BullMQ retries with backoff; permanent ones, or the last attempt, mark the run failed.
   */
  async push(runId: string, attempt: { number: number; max: number }): Promise<string> {
    const run = await this.repository.findRun(runId);
    if (!run) throw new UnrecoverableError(`export run ${runId} does not exist`);
    if (run.status !== 'pending') return run.status;
    // Counted before the receiver is called: an attempt cut off by a crash shows in the history.
    await this.repository.updateRun(run.id, { attempts: run.attempts + 1 });
    const fail = async (message: string, final: boolean) => {
      await retryWhileDatabaseDown(`export run ${run.id}`, () =>
        this.repository.updateRun(run.id, {
          error: message,
          ...(final ? { status: 'failed' as const, finishedAt: new Date() } : {}),
        }),
      );
    };
    const target = await this.repository.findTarget(run.targetId);
    if (!target || !target.enabled) {
      const message = target ? 'target is disabled' : 'target was deleted';
      await fail(message, true);
      throw new UnrecoverableError(message);
    }
    const connector = CONNECTORS[target.kind];
    try {
      if (!connector) throw new PermanentPushError(`no connector for ${target.kind} targets`);
      const loaded = await this.repository.loadSource(run.postmortemId);
      if (!loaded) throw new PermanentPushError('postmortem was deleted');
      const source = await this.withPeopleNames(loaded);
      const credentials = target.credentials
        ? this.cipher.decrypt(target.credentials, target.id)
        : {};
      const previous = await this.repository.lastSuccess(target.id, run.postmortemId);
      const options = {
        variant: target.variant,
        redactPatterns: [...this.globalPatterns, ...target.redactPatterns],
      };
      const result = await connector({
        target,
        credentials,
        previous,
        postmortem: {
          id: source.postmortem.id,
          title: source.postmortem.title,
          reference: source.incident?.reference ?? null,
        },
        render: (format) => renderExport(source, format, options),
        idempotencyKey: run.idempotencyKey,
        timeoutMs: this.environment.EXPORT_TIMEOUT_MS,
        http: this.http,
      });
      // The receiver has the document: record it even if the database blinks right now, or the
      // retry would push it again.
      await retryWhileDatabaseDown(`export run ${run.id}`, () =>
        this.repository.updateRun(run.id, {
          ...result,
          status: 'succeeded',
          finishedAt: new Date(),
        }),
      );
      return 'succeeded';
    } catch (error) {
      const message = (error as Error).message;
      const permanent =
        error instanceof PermanentPushError ||
        classifyOutboundFailure(error).permanent ||
        /cannot be decrypted/.test(message);
      const final = permanent || attempt.number >= attempt.max;
      await fail(message, final);
      if (permanent) throw new UnrecoverableError(message);
      throw error;
    }
  }

  listRuns(
    filters: RunFilters,
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
  ) {
    return this.repository.listRuns(filters, cursor, limit, viewer);
  }

  async getRun(id: string, viewer?: Viewer): Promise<ExportRunEntity> {
    const run = await this.repository.findRun(id, viewer);
    if (!run) throw new NotFoundError('Export run', id);
    return run;
  }
}
