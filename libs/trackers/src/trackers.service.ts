import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Principal, Viewer } from '@rca/accounts';
import { ActionItemEntity, PostmortemService } from '@rca/postmortems';
import {
  ConflictError,
  CredentialsCipher,
  credentialsCipherFor,
  Environment,
  EventMap,
  FetchError,
  ForbiddenDestinationError,
  InvalidInputError,
  JobName,
  NotFoundError,
  OutboundHttpClient,
  Outbox,
  Page,
  classifyOutboundFailure,
  versionedWrite,
} from '@rca/shared';
import { EntityManager } from 'typeorm';
import { markerOf, RemoteIssue, TrackerConnector, TrackerRefusedError } from './connector';
import { mergeFields } from './merge';
import { createConnector, projectProblem } from './connectors';
import { SyncedFields, TrackerLinkEntity } from './tracker-link.entity';
import {
  TrackerCredentials,
  TrackerFieldMapping,
  TrackerKind,
  TrackerTargetEntity,
} from './tracker-target.entity';
import { TrackersRepository } from './trackers.repository';

export interface TrackerTargetInput {
  name: string;
  kind: TrackerKind;
  team?: string | null;
  baseUrl: string;
  project: string;
  issueType?: string | null;
  fieldMapping?: TrackerFieldMapping;
  createOnApproval?: boolean;
  enabled?: boolean;
  credentials: TrackerCredentials;
}

export type TrackerTargetView = Omit<TrackerTargetEntity, 'credentials'> & {
  hasCredentials: boolean;
};
export type TrackerLinkView = Omit<TrackerLinkEntity, 'target' | 'synced'>;

/** How long one sync may hold an item's link; a sync that dies frees it when this runs out. */
const SYNC_LEASE_SECONDS = 300;
/** How long a sync waits for another sync of the same item before it is tried again later. */
const SYNC_WAIT_MS = 15_000;
/** Issues read for changes per poll and target; more wait for the next round. */
const POLL_BATCH = 200;
/** A linked issue not read for this long is read on its own (a deletion shows in no change list). */
const STALE_LINK_MS = 60 * 60_000;
/** The poll reads changes from this far before its cursor: trackers store seconds. */
const CURSOR_OVERLAP_MS = 2_000;

const plainCredentials = ({ apiKey, username }: TrackerCredentials): Record<string, string> =>
  username?.trim() ? { apiKey, username: username.trim() } : { apiKey };

const fieldsOf = (item: ActionItemEntity): SyncedFields => ({
  title: item.title,
  status: item.status,
  priority: item.priority,
  dueDate: item.dueDate,
});

/** Another sync of the item is running: the job is tried again after it. */
export class TrackerSyncBusyError extends Error {
  constructor(actionItemId: string) {
    super(`another sync of action item ${actionItemId} is running; tried again shortly`);
    this.name = 'TrackerSyncBusyError';
  }
}

/**
 * Action items ↔ tracker issues (docs/trackers.md): a target per team, "create in tracker" per
 * item or on approval, edits on either side merged field by field (last writer wins, conflicts in
 * the item's activity), deletions never propagated — said on the other side instead.
 */
@Injectable()
export class TrackersService {
  private readonly logger = new Logger(TrackersService.name);
  private cipherInstance?: CredentialsCipher;

  constructor(
    private readonly repository: TrackersRepository,
    private readonly moduleRef: ModuleRef,
    private readonly http: OutboundHttpClient,
    private readonly outbox: Outbox,
    private readonly environment: Environment,
  ) {}

  // PostmortemsModule is not global; its service is looked up across modules.
  private get postmortems(): PostmortemService {
    return this.moduleRef.get(PostmortemService, { strict: false });
  }

  /** The export credentials' key (EXPORT_CREDENTIALS_KEY or DATA_DIR's key file) encrypts these too. */
  private get cipher(): CredentialsCipher {
    this.cipherInstance ??= credentialsCipherFor(this.environment);
    return this.cipherInstance;
  }

  connectorFor(target: TrackerTargetEntity): TrackerConnector {
    const credentials = this.cipher.decrypt(
      target.credentials,
      target.id,
    ) as Partial<TrackerCredentials>;
    return createConnector(target.kind, this.http, {
      baseUrl: target.baseUrl,
      project: target.project,
      issueType: target.issueType,
      mapping: target.fieldMapping ?? {},
      credentials: {
        apiKey: credentials.apiKey ?? '',
        username: credentials.username || undefined,
      },
    });
  }

  // --- targets (admins) -------------------------------------------------------------------------

  toView({ credentials, ...target }: TrackerTargetEntity): TrackerTargetView {
    return { ...target, hasCredentials: Boolean(credentials) };
  }

  async listTargets(cursor?: string, limit?: number): Promise<Page<TrackerTargetView>> {
    const page = await this.repository.listTargets(cursor, limit);
    return { ...page, items: page.items.map((target) => this.toView(target)) };
  }

  async getTarget(id: string): Promise<TrackerTargetEntity> {
    const target = await this.repository.findTarget(id);
    if (!target) throw new NotFoundError('Tracker target', id);
    return target;
  }

  private async checkTarget(
    values: {
      name?: string;
      team?: string | null;
      baseUrl?: string;
      kind: TrackerKind;
      project?: string;
    },
    exceptId?: string,
  ): Promise<void> {
    const problem =
      values.project === undefined ? null : projectProblem(values.kind, values.project.trim());
    if (problem) throw new InvalidInputError('project', problem);
    if (values.baseUrl !== undefined) {
      try {
        await this.http.checkUrl(values.baseUrl);
      } catch (error) {
        if (error instanceof ForbiddenDestinationError)
          throw new InvalidInputError('baseUrl', error.message);
        throw error;
      }
    }
    if (values.name !== undefined) {
      const named = await this.repository.findTargetByName(values.name);
      if (named && named.id !== exceptId)
        throw new InvalidInputError('name', `a tracker target named "${values.name}" exists`);
    }
    if (values.team !== undefined) {
      const taken = await this.repository.teamTaken(values.team ?? null, exceptId);
      if (taken)
        throw new InvalidInputError(
          'team',
          values.team
            ? `team ${values.team} already has the tracker target "${taken.name}"`
            : `"${taken.name}" is already the default target (no team)`,
        );
    }
  }

  async createTarget(input: TrackerTargetInput): Promise<TrackerTargetView> {
    await this.checkTarget({
      name: input.name,
      team: input.team ?? null,
      baseUrl: input.baseUrl,
      kind: input.kind,
      project: input.project,
    });
    const id = randomUUID();
    const target = await this.repository.insertTarget({
      id,
      name: input.name.trim(),
      kind: input.kind,
      team: input.team ?? null,
      baseUrl: input.baseUrl.replace(/\/+$/, ''),
      project: input.project.trim(),
      issueType: input.issueType?.trim() || null,
      fieldMapping: input.fieldMapping ?? {},
      createOnApproval: input.createOnApproval ?? false,
      enabled: input.enabled ?? true,
      credentials: this.cipher.encrypt(plainCredentials(input.credentials), id),
    });
    return this.toView(target);
  }

  async updateTarget(
    id: string,
    version: number,
    patch: Partial<Omit<TrackerTargetInput, 'kind'>>,
  ): Promise<TrackerTargetView> {
    const current = await this.getTarget(id);
    await this.checkTarget(
      {
        name: patch.name,
        team: patch.team,
        baseUrl: patch.baseUrl,
        kind: current.kind,
        project: patch.project,
      },
      id,
    );
    const { credentials, ...rest } = patch;
    const values: Partial<TrackerTargetEntity> = {
      ...rest,
      ...(rest.baseUrl ? { baseUrl: rest.baseUrl.replace(/\/+$/, '') } : {}),
      ...(credentials
        ? { credentials: this.cipher.encrypt(plainCredentials(credentials), id) }
        : {}),
    };
    const { after } = await this.repository.transaction((manager) =>
      versionedWrite<TrackerTargetEntity>({
        manager,
        entity: 'Tracker target',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.findTarget(id, tx),
        view: (current) => this.toView(current),
        write: (_before, tx) => this.repository.updateTarget(tx, id, version, values),
      }),
    );
    return this.toView(after!);
  }

  async deleteTarget(id: string): Promise<void> {
    if (!(await this.repository.deleteTarget(id))) throw new NotFoundError('Tracker target', id);
  }

  /** Reads the project with the stored credentials: `{ ok, message }` for the admin. */
  async testTarget(id: string): Promise<{ ok: boolean; message: string }> {
    const target = await this.getTarget(id);
    try {
      return { ok: true, message: await this.connectorFor(target).check() };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  // --- links ------------------------------------------------------------------------------------

  private linkView({
    target: _target,
    synced: _synced,
    ...link
  }: TrackerLinkEntity): TrackerLinkView {
    return link;
  }

  /** The target a postmortem's items go to, and the links of its items. */
  async linksOf(postmortemId: string, viewer?: Viewer) {
    const postmortem = await this.postmortems.get(postmortemId, viewer);
    const target = await this.repository.targetForTeam(postmortem.team);
    const links = await this.repository.linksOfPostmortem(postmortemId);
    return {
      target: target ? { id: target.id, name: target.name, kind: target.kind } : null,
      items: links.map((link) => this.linkView(link)),
    };
  }

  /**
   * "Create in tracker": claims the item's link and queues its sync (which creates the issue).
   * Asking again returns the same link (a failed one is tried again); never a second issue.
   */
  async requestIssue(actionItemId: string, principal: Principal): Promise<TrackerLinkView> {
    const item = await this.postmortems.getActionItem(actionItemId, principal);
    const postmortem = await this.postmortems.get(item.postmortemId);
    const target = await this.repository.targetForTeam(postmortem.team);
    if (!target)
      throw new ConflictError(
        `no tracker target serves ${postmortem.team ? `team ${postmortem.team}` : 'postmortems without a team'} — an admin adds one under Trackers`,
      );
    const link = await this.repository.transaction(async (manager) => {
      const claimed = await this.repository.claimLink(manager, {
        actionItemId,
        postmortemId: item.postmortemId,
        targetId: target.id,
        requestedBy: principal.email ?? principal.displayName,
      });
      const retry = !claimed.created && claimed.link.state === 'failed';
      if (retry)
        await this.repository.updateLink(manager, claimed.link.id, {
          state: 'creating',
          lastError: null,
        });
      if (claimed.created || retry || claimed.link.state === 'linked')
        await this.outbox.enqueue(manager, JobName.TrackersSync, { actionItemId });
      return (await this.repository.findLinkByItem(actionItemId, manager))!;
    });
    return this.linkView(link);
  }

  /** Approval: every open item of the postmortem gets an issue when its target says so. */
  async onWorkflowChanged(event: EventMap['postmortem.workflow-changed']): Promise<number> {
    if (event.to !== 'approved') return 0;
    const postmortem = await this.postmortems.get(event.postmortemId);
    const target = await this.repository.targetForTeam(postmortem.team);
    if (!target?.createOnApproval) return 0;
    let claimed = 0;
    let cursor: string | undefined;
    do {
      const page = await this.postmortems.listActionItems(
        { postmortemId: postmortem.id },
        cursor,
        100,
      );
      for (const item of page.items) {
        if (item.status === 'done' || item.status === 'wont_do') continue;
        await this.repository.transaction(async (manager) => {
          const result = await this.repository.claimLink(manager, {
            actionItemId: item.id,
            postmortemId: postmortem.id,
            targetId: target.id,
            requestedBy: 'approval',
          });
          if (result.created) {
            claimed += 1;
            await this.outbox.enqueue(manager, JobName.TrackersSync, { actionItemId: item.id });
          }
        });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return claimed;
  }

  private actorOf(target: TrackerTargetEntity) {
    return `${target.name} (tracker sync)`;
  }

  private async descriptionOf(item: ActionItemEntity): Promise<string> {
    const reference = await this.postmortems.referenceOf(item.postmortemId);
    const base = (this.environment.PUBLIC_URL ?? '').replace(/\/$/, '');
    const link =
      reference && base ? `${base}/incidents/${encodeURIComponent(reference)}/postmortem` : '';
    return [
      item.description,
      `Action item of ${reference ?? 'a postmortem'} in RCA desk${link ? `: ${link}` : ''}.`,
      markerOf(item.id),
    ]
      .filter(Boolean)
      .join('\n\n');
  }

  /**
   * Brings one item and its issue in step (the `trackers.sync` job; safe to run twice): creates
   * the issue of a claimed link (adopting one a cut-off run created), merges edits of both sides,
   * and records a deletion on either side without repeating it on the other. One sync of an item
   * at a time (a lease on its link); while another holds it, `whenBusy` says whether to throw
   * {@link TrackerSyncBusyError} (the job is retried) or to skip (the poll: that sync reads it).
   * No transaction is held across the tracker's calls; every step is safe to repeat.
   */
  async sync(actionItemId: string, whenBusy: 'throw' | 'skip' = 'throw'): Promise<string> {
    let claimed = await this.repository.claimSync(actionItemId, SYNC_LEASE_SECONDS);
    // A sync takes a few calls of the tracker: wait a little for it before giving up.
    const giveUpAt = Date.now() + SYNC_WAIT_MS;
    while (claimed === 'busy' && whenBusy === 'throw' && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      claimed = await this.repository.claimSync(actionItemId, SYNC_LEASE_SECONDS);
    }
    if (!claimed) return 'not linked';
    if (claimed === 'busy') {
      if (whenBusy === 'skip') return 'busy';
      throw new TrackerSyncBusyError(actionItemId);
    }
    try {
      return await this.syncClaimed(claimed);
    } finally {
      await this.repository.releaseSync(claimed.id);
    }
  }

  private async syncClaimed(link: TrackerLinkEntity): Promise<string> {
    const manager = this.repository.manager;
    const target = link.target;
    if (!target || !target.enabled) return 'target disabled';
    if (!['creating', 'linked'].includes(link.state)) return `nothing to do (${link.state})`;
    const connector = this.connectorFor(target);
    const actor = this.actorOf(target);
    const item = await this.postmortems.findActionItem(link.actionItemId);
    try {
      if (!item) {
        if (link.state === 'linked' && link.externalId)
          await connector.comment(
            link.externalId,
            'This action item was deleted in RCA desk. The issue is left as it is; close it here if it is no longer needed.',
          );
        await this.repository.updateLink(manager, link.id, {
          state: 'detached',
          lastError: null,
        });
        return 'detached';
      }
      if (link.state === 'creating')
        return await this.create(manager, link, target, connector, item);
      return await this.merge(manager, link, target, connector, item, actor);
    } catch (error) {
      // Only the tracker's answers are recorded on the link; a database error ends the job.
      if (
        !(error instanceof TrackerRefusedError) &&
        !(error instanceof FetchError) &&
        !(error instanceof ForbiddenDestinationError)
      )
        throw error;
      const message = (error as Error).message.slice(0, 2000);
      const permanent =
        error instanceof TrackerRefusedError || classifyOutboundFailure(error).permanent;
      // Kept until a later run succeeds, also for a failure the queue retries (rate limit, 5xx).
      await this.repository.updateLink(manager, link.id, {
        lastError: message,
        ...(permanent && link.state === 'creating' ? { state: 'failed' as const } : {}),
      });
      if (permanent) return `refused: ${message}`;
      throw error;
    }
  }

  private async create(
    manager: EntityManager,
    link: TrackerLinkEntity,
    target: TrackerTargetEntity,
    connector: TrackerConnector,
    item: ActionItemEntity,
  ): Promise<string> {
    // A run cut off after the tracker created the issue left its marker there: adopt it.
    const since = new Date(link.createdAt.getTime() - 5 * 60_000);
    const issue =
      (await connector.findByMarker(markerOf(item.id), since)) ??
      (await connector.create(fieldsOf(item), await this.descriptionOf(item)));
    await this.repository.updateLink(manager, link.id, {
      state: 'linked',
      externalId: issue.externalId,
      externalKey: issue.key,
      url: issue.url,
      synced: issue.fields,
      remoteUpdatedAt: issue.updatedAt,
      lastSyncedAt: new Date(),
      lastError: null,
    });
    await this.postmortems.noteActionItem({
      postmortemId: item.postmortemId,
      actionItemId: item.id,
      title: item.title,
      action: 'linked',
      actor: this.actorOf(target),
      changes: { tracker: { from: null, to: `${target.name} ${issue.key}` } },
    });
    // The tracker may have refused or adjusted a field (an unmapped priority): merge right away.
    await this.merge(
      manager,
      { ...link, synced: fieldsOf(item), state: 'linked' },
      target,
      connector,
      item,
      this.actorOf(target),
      issue,
    );
    return `created ${issue.key}`;
  }

  private async merge(
    manager: EntityManager,
    link: TrackerLinkEntity,
    target: TrackerTargetEntity,
    connector: TrackerConnector,
    item: ActionItemEntity,
    actor: string,
    known?: RemoteIssue,
  ): Promise<string> {
    const remote = known ?? (await connector.get(link.externalId!));
    if (!remote) {
      await this.repository.updateLink(manager, link.id, {
        state: 'deleted_remotely',
        lastSyncedAt: new Date(),
        lastError: null,
      });
      await this.postmortems.noteActionItem({
        postmortemId: item.postmortemId,
        actionItemId: item.id,
        title: item.title,
        action: 'unlinked',
        actor,
        changes: { tracker: { from: `${target.name} ${link.externalKey}`, to: null } },
      });
      return 'deleted in the tracker; the action item is kept';
    }
    const base = link.synced ?? remote.fields;
    // A field the tracker has no place for reads as unchanged there: ours stays and is not sent.
    const theirs = { ...remote.fields };
    for (const field of connector.unsupportedFields ?? [])
      Object.assign(theirs, { [field]: base[field] });
    const result = mergeFields(base, fieldsOf(item), theirs, item.updatedAt, remote.updatedAt);
    let remoteUpdatedAt = remote.updatedAt;
    for (const field of connector.unsupportedFields ?? []) delete result.toRemote[field];
    if (Object.keys(result.toRemote).length) {
      await connector.update(remote.externalId, result.toRemote);
      remoteUpdatedAt = (await connector.get(remote.externalId))?.updatedAt ?? remoteUpdatedAt;
    }
    const localPatch: Record<string, unknown> = { ...result.toLocal };
    if (item.externalUrl !== remote.url) localPatch.externalUrl = remote.url;
    if (Object.keys(localPatch).length)
      // A concurrent edit here makes this a 409: the job is retried and merges again.
      await this.postmortems.updateActionItem(item.id, item.version, localPatch, actor, undefined, {
        fromTracker: true,
      });
    if (result.conflicts.length)
      await this.postmortems.noteActionItem({
        postmortemId: item.postmortemId,
        actionItemId: item.id,
        title: item.title,
        action: 'conflict',
        actor,
        changes: Object.fromEntries(
          result.conflicts.map((conflict) => [
            conflict.field,
            conflict.winner === 'theirs'
              ? { from: conflict.ours, to: conflict.theirs }
              : { from: conflict.theirs, to: conflict.ours },
          ]),
        ),
      });
    await this.repository.updateLink(manager, link.id, {
      synced: result.merged,
      remoteUpdatedAt,
      lastSyncedAt: new Date(),
      lastError: null,
    });
    const sent = Object.keys(result.toRemote);
    const taken = Object.keys(result.toLocal);
    return sent.length || taken.length || result.conflicts.length
      ? `sent ${sent.join(', ') || 'nothing'}; took ${taken.join(', ') || 'nothing'}; ${result.conflicts.length} conflict(s)`
      : 'in step';
  }

  /**
   * The poll (`trackers.poll`, every TRACKER_POLL_SECONDS): per enabled target, the issues changed
   * since its cursor that are linked here are synced; linked issues not read for an hour are read
   * on their own (a deletion there shows in no change list). A tracker that fails is recorded on
   * the target and the next round tries again.
   */
  async poll(): Promise<{ targets: number; synced: number; failed: number }> {
    let synced = 0;
    let failed = 0;
    const targets = await this.repository.enabledTargets();
    for (const target of targets) {
      try {
        const connector = this.connectorFor(target);
        const since = target.pollCursor
          ? new Date(target.pollCursor.getTime() - CURSOR_OVERLAP_MS)
          : null;
        const changed = await connector.changedSince(since, POLL_BATCH);
        let cursor = target.pollCursor;
        for (const issue of changed) {
          if (!cursor || issue.updatedAt > cursor) cursor = issue.updatedAt;
          const link = await this.repository.findLinkByExternal(target.id, issue.externalId);
          if (!link || link.state !== 'linked') continue;
          if (link.remoteUpdatedAt && issue.updatedAt <= link.remoteUpdatedAt) continue;
          await this.sync(link.actionItemId, 'skip');
          synced += 1;
        }
        for (const link of await this.repository.staleLinks(
          target.id,
          new Date(Date.now() - STALE_LINK_MS),
          20,
        )) {
          await this.sync(link.actionItemId, 'skip');
          synced += 1;
        }
        await this.repository.setPollState(target.id, {
          pollCursor: cursor,
          lastPolledAt: new Date(),
          lastError: null,
        });
      } catch (error) {
        failed += 1;
        this.logger.warn({ targetId: target.id, err: error }, 'tracker poll failed');
        await this.repository.setPollState(target.id, {
          lastPolledAt: new Date(),
          lastError: (error as Error).message.slice(0, 2000),
        });
      }
    }
    return { targets: targets.length, synced, failed };
  }
}
