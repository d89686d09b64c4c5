import { UsersService, Viewer } from '@rca/accounts';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Clock } from '@rca/deadlines';
import { renderMarkdown } from '@rca/markdown';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  Page,
  Outbox,
  StaleVersionError,
  versionedWrite,
} from '@rca/shared';
import { createTwoFilesPatch, diffWords } from 'diff';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import {
  ActionItemEntity,
  ActionItemPriority,
  ActionItemStatus,
  ActionItemType,
} from './action-item.entity';
import { ReviewChecklist, ReviewDecision } from './postmortem-review.entity';
import { PublicRedaction } from './public-redaction';
import { RcaDraftService } from './rca-draft.service';
import {
  PostmortemEntity,
  PostmortemSection,
  PostmortemStatus,
  SectionKey,
} from './postmortem.entity';
import {
  ActionItemFilters,
  PostmortemFilters,
  PostmortemRepository,
} from './postmortem.repository';

export interface SectionEdit {
  key: SectionKey;
  markdown?: string;
  internal?: boolean;
}

export interface PostmortemEdit {
  version: number;
  author: string;
  title?: string;
  owner?: string | null;
  team?: string | null;
  requiredReviewers?: string[];
  sections?: SectionEdit[];
}

export interface ReviewInput {
  version: number;
  reviewer: string;
  decision: ReviewDecision;
  checklist: ReviewChecklist;
  comment?: string;
}

export interface ActionItemInput {
  title: string;
  description?: string;
  /** The owner's e-mail (resolved to the user; a non-user is refused). */
  owner?: string | null;
  /** The owner's user id. */
  ownerId?: string | null;
  dueDate?: string | null;
  priority?: ActionItemPriority;
  type: ActionItemType;
  status?: ActionItemStatus;
  externalUrl?: string | null;
  /** The review meeting (of the same postmortem) it was decided in. */
  meetingId?: string | null;
}

/** An action item as the API answers it. */
export type ActionItemView = ActionItemEntity & {
  /** The linked owner's e-mail, or the unlinked free text. */
  owner: string | null;
  /** The linked owner's display name. */
  ownerName: string | null;
  /** True when `owner` is free text that matches no user (items from before owners were users). */
  ownerUnlinked: boolean;
};

const TRACKED_FIELDS = [
  'title',
  'description',
  'ownerId',
  'owner',
  'dueDate',
  'priority',
  'type',
  'status',
  'externalUrl',
  'meetingId',
] as const;

/** `{ field: { from, to } }` of what an edit changed. */
function changesOf(before: ActionItemEntity, after: ActionItemEntity) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of TRACKED_FIELDS)
    if ((before[field] ?? null) !== (after[field] ?? null))
      changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
  return changes;
}

const CHECKLIST_KEYS: Array<keyof ReviewChecklist> = [
  'keyDataCollected',
  'impactComplete',
  'rootCauseDeepEnough',
  'actionsAppropriate',
  'sharedWithStakeholders',
];

/** What a 409 on a postmortem carries besides the version. */
const staleView = (current: PostmortemEntity) => ({
  revision: current.revision,
  status: current.status,
  postmortem: current,
});

@Injectable()
export class PostmortemService {
  constructor(
    private readonly repository: PostmortemRepository,
    private readonly clock: Clock,
    private readonly people: UsersService,
    private readonly outbox: Outbox,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * Attaches a vendor's post-incident report to the supporting information of an incident's
   * postmortem (kept per incident, so a draft written later has it too), then rewrites the
   * draft's generated sections so "Root cause" cites it; sections a person edited are kept, and a
   * postmortem past draft is not rewritten. Safe to call twice: the second call changes nothing.
   */
  async attachVendorReport(report: {
    incidentId: string;
    vendorIncidentId: string;
    vendorName: string;
    url: string | null;
    publishedAt: Date;
    text: string;
  }): Promise<{ attached: boolean; postmortem: PostmortemEntity | null; rewritten: string[] }> {
    const attached = await this.repository.upsertVendorReport(report);
    const existing = await this.repository.findByIncident(report.incidentId);
    if (!existing || existing.status !== 'draft')
      return { attached, postmortem: existing, rewritten: [] };
    const draft = await this.moduleRef
      .get(RcaDraftService, { strict: false })
      .generate(report.incidentId, { force: true, author: 'system' });
    return {
      attached,
      postmortem: await this.repository.findById(draft.postmortemId),
      rewritten: draft.rewritten,
    };
  }

  /** The vendor reports attached to an incident's postmortem, oldest first. */
  vendorReports(incidentId: string) {
    return this.repository.vendorReportsOf(incidentId);
  }

  /**
   * The postmortem as `viewer` may see it (undefined: the system). It follows its incident: one of
   * a private incident of another team is a 404, like one that does not exist.
   */
  async get(id: string, viewer?: Viewer): Promise<PostmortemEntity> {
    const postmortem = await this.repository.findById(id, undefined, viewer);
    if (!postmortem) throw new NotFoundError('Postmortem', id);
    return postmortem;
  }

  async getByIncident(incidentId: string, viewer?: Viewer): Promise<PostmortemEntity> {
    const postmortem = await this.repository.findByIncident(incidentId, undefined, false, viewer);
    if (!postmortem) throw new NotFoundError('Postmortem of incident', incidentId);
    return postmortem;
  }

  list(
    filters: PostmortemFilters,
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
  ) {
    return this.repository.list(filters, cursor, limit, viewer);
  }

  private async stale(id: string, expected: number): Promise<never> {
    const current = await this.get(id);
    throw new StaleVersionError('Postmortem', expected, current.version, staleView(current));
  }

  /**
   * A save: conditional on the version, records a revision naming the changed sections. Only
   * drafts are editable; a published postmortem must be reopened first.
   */
  async edit(id: string, edit: PostmortemEdit, viewer?: Viewer): Promise<PostmortemEntity> {
    const current = await this.get(id, viewer);
    if (current.version !== edit.version) await this.stale(id, edit.version);
    if (current.status === 'published')
      throw new ConflictError(
        'Published postmortems are immutable; reopen it (POST …/reopen) to start a new revision',
        {
          status: current.status,
        },
      );
    if (current.status !== 'draft')
      throw new ConflictError(
        `Postmortem is ${current.status}; only drafts can be edited (a reviewer can request changes)`,
        {
          status: current.status,
        },
      );
    if (edit.requiredReviewers?.length)
      await this.people.assertPeopleExist('requiredReviewers', edit.requiredReviewers);
    if (edit.owner) await this.people.assertPeopleExist('owner', [edit.owner]);
    const sections = current.sections.map((section) => ({ ...section }));
    const changed = new Set<string>();
    for (const [index, change] of (edit.sections ?? []).entries()) {
      const section = sections.find((candidate) => candidate.key === change.key);
      if (!section)
        throw new InvalidInputError(
          `sections[${index}].key`,
          `this postmortem has no "${change.key}" section`,
        );
      if (change.markdown !== undefined && change.markdown !== section.markdown) {
        section.markdown = change.markdown;
        section.origin = 'edited';
        changed.add(section.key);
      }
      if (change.internal !== undefined && change.internal !== section.internal) {
        section.internal = change.internal;
        changed.add(section.key);
      }
    }
    const values: Partial<PostmortemEntity> = { sections };
    if (edit.title !== undefined && edit.title !== current.title) {
      values.title = edit.title;
      changed.add('title');
    }
    if (edit.owner !== undefined) values.owner = edit.owner;
    if (edit.team !== undefined) values.team = edit.team;
    if (edit.requiredReviewers !== undefined)
      values.requiredReviewers = [...new Set(edit.requiredReviewers)];
    return this.save(current, edit.version, values, {
      author: edit.author,
      reason: 'edit',
      changed: [...changed],
    });
  }

  /** Writes the row and a revision in one transaction; 409 when the version moved meanwhile. */
  private async save(
    current: PostmortemEntity,
    expectedVersion: number,
    values: Partial<PostmortemEntity>,
    revision: { author: string; reason: string; changed: string[] },
    extra?: (manager: EntityManager, next: PostmortemEntity) => Promise<void>,
  ): Promise<PostmortemEntity> {
    const saved = await this.repository.transaction(async (manager) => {
      const { after } = await versionedWrite<PostmortemEntity>({
        manager,
        entity: 'Postmortem',
        id: current.id,
        expectedVersion,
        find: (tx) => this.repository.findById(current.id, tx),
        write: (before, tx) =>
          this.repository.updateVersioned(tx, before.id, expectedVersion, {
            ...values,
            revision: before.revision + 1,
          }),
        view: staleView,
        log: async (_before, next, tx) => {
          await this.repository.insertRevision(tx, {
            postmortemId: current.id,
            number: next!.revision,
            author: revision.author,
            reason: revision.reason,
            changedSections: revision.changed,
            status: next!.status,
            title: next!.title,
            sections: next!.sections,
          });
          if (extra) await extra(tx, next!);
          // Publishing pushes to the wikis and ends the reminders; reopening plans them again.
          if (values.status && values.status !== current.status)
            await this.outbox.emit(tx, 'postmortem.workflow-changed', {
              postmortemId: current.id,
              from: current.status,
              to: values.status,
              revision: next!.revision,
            });
        },
      });
      return after!;
    });
    return saved;
  }

  private async transition(
    id: string,
    version: number,
    author: string,
    from: PostmortemStatus[],
    to: PostmortemStatus,
    extra: Partial<PostmortemEntity> = {},
    viewer?: Viewer,
  ): Promise<PostmortemEntity> {
    const current = await this.get(id, viewer);
    if (current.version !== version) await this.stale(id, version);
    if (!from.includes(current.status))
      throw new ConflictError(
        `Cannot move a postmortem from ${current.status} to ${to}; allowed from ${from.join(' or ')} (draft → in_review → approved → published)`,
        { status: current.status },
      );
    return this.save(
      current,
      version,
      { status: to, ...extra },
      { author, reason: `${current.status} → ${to}`, changed: [] },
    );
  }

  async submit(
    id: string,
    version: number,
    author: string,
    viewer?: Viewer,
  ): Promise<PostmortemEntity> {
    const current = await this.get(id, viewer);
    if (current.requiredReviewers.length === 0 && current.status === 'draft')
      throw new InvalidInputError(
        'requiredReviewers',
        'assign at least one reviewer before submitting for review',
      );
    return this.transition(id, version, author, ['draft'], 'in_review', {}, viewer);
  }

  /** Records a review with its checklist; changes requested → draft; every required reviewer approved → approved. */
  async review(
    id: string,
    input: ReviewInput,
    viewer?: Viewer,
  ): Promise<{ postmortem: PostmortemEntity; approvalsMissing: string[] }> {
    const current = await this.get(id, viewer);
    if (current.version !== input.version) await this.stale(id, input.version);
    if (current.status !== 'in_review')
      throw new ConflictError(
        `Postmortem is ${current.status}; reviews are recorded only while in_review`,
        { status: current.status },
      );
    if (!current.requiredReviewers.includes(input.reviewer))
      throw new InvalidInputError(
        'reviewer',
        `"${input.reviewer}" is not a reviewer of this postmortem (assigned: ${current.requiredReviewers.join(', ') || 'none'})`,
      );
    const missingChecks = CHECKLIST_KEYS.filter((key) => !input.checklist[key]);
    if (input.decision === 'approved' && missingChecks.length)
      throw new InvalidInputError(
        'checklist',
        `an approval needs every checklist item; not checked: ${missingChecks.join(', ')}`,
      );
    // Approvals count within the current review round: since the last submission (content cannot change in review).
    const previous = await this.repository.reviewsOf(id, await this.repository.lastSubmission(id));
    const approvedBy = new Set(
      previous.filter((review) => review.decision === 'approved').map((review) => review.reviewer),
    );
    if (input.decision === 'approved') approvedBy.add(input.reviewer);
    const missing = current.requiredReviewers.filter((reviewer) => !approvedBy.has(reviewer));
    const status: PostmortemStatus =
      input.decision === 'changes_requested'
        ? 'draft'
        : missing.length === 0
          ? 'approved'
          : 'in_review';
    const postmortem = await this.save(
      current,
      input.version,
      { status },
      { author: input.reviewer, reason: `review: ${input.decision}`, changed: [] },
      async (manager) => {
        await this.repository.insertReview(manager, {
          postmortemId: id,
          revision: current.revision,
          reviewer: input.reviewer,
          decision: input.decision,
          checklist: input.checklist,
          comment: input.comment ?? '',
        });
      },
    );
    return { postmortem, approvalsMissing: status === 'approved' ? [] : missing };
  }

  async reviews(id: string, viewer?: Viewer) {
    await this.get(id, viewer);
    return this.repository.reviewsOf(id);
  }

  async publish(
    id: string,
    version: number,
    author: string,
    viewer?: Viewer,
  ): Promise<PostmortemEntity> {
    const current = await this.get(id, viewer);
    const now = this.clock.now();
    return this.transition(
      id,
      version,
      author,
      ['approved'],
      'published',
      {
        publishedAt: now,
        publishedOnTime: current.dueAt ? now.getTime() <= current.dueAt.getTime() : null,
      },
      viewer,
    );
  }

  /** A new revision on top of a published document: back to draft, the published revisions stay readable. */
  reopen(id: string, version: number, author: string, viewer?: Viewer): Promise<PostmortemEntity> {
    return this.transition(id, version, author, ['published'], 'draft', {}, viewer);
  }

  // --- revisions and diffs -----------------------------------------------------------------

  async revisions(
    id: string,
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
  ) {
    await this.get(id, viewer);
    return this.repository.listRevisions(id, cursor, limit);
  }

  async revision(id: string, number: number, viewer?: Viewer) {
    const revision = await this.repository.findRevision(id, number, viewer);
    if (!revision) throw new NotFoundError(`Revision ${number} of postmortem`, id);
    return revision;
  }

  /** Per-section diff between two revisions, unified (patch text) or word-level (change list). */
  async diff(id: string, from: number, to: number, mode: 'unified' | 'words', viewer?: Viewer) {
    const [before, after] = await Promise.all([
      this.revision(id, from, viewer),
      this.revision(id, to, viewer),
    ]);
    const keys = [
      ...new Set([...before.sections.map((s) => s.key), ...after.sections.map((s) => s.key)]),
    ];
    const sections = keys.flatMap((key): Array<Record<string, unknown>> => {
      const a = before.sections.find((section) => section.key === key);
      const b = after.sections.find((section) => section.key === key);
      const oldText = a?.markdown ?? '';
      const newText = b?.markdown ?? '';
      const internalChanged = (a?.internal ?? null) !== (b?.internal ?? null);
      if (oldText === newText && !internalChanged) return [];
      const base = {
        key,
        title: b?.title ?? a?.title ?? key,
        internal: { from: a?.internal ?? null, to: b?.internal ?? null },
      };
      if (mode === 'words')
        return [
          {
            ...base,
            changes: diffWords(oldText, newText).map((part) => ({
              value: part.value,
              added: !!part.added,
              removed: !!part.removed,
            })),
          },
        ];
      return [
        {
          ...base,
          patch: createTwoFilesPatch(
            `r${from}/${key}.md`,
            `r${to}/${key}.md`,
            oldText,
            newText,
            '',
            '',
            { context: 3 },
          ),
        },
      ];
    });
    return { from, to, mode, titleChanged: before.title !== after.title, sections };
  }

  // --- rendering ---------------------------------------------------------------------------

  async rendered(id: string, audience: 'internal' | 'public', viewer?: Viewer) {
    const postmortem = await this.get(id, viewer);
    // The public audience reads what a public export shows: same rules, from libs/exports. When
    // they are missing the lookup throws, so nothing unredacted is shown.
    const redact =
      audience === 'public'
        ? await this.moduleRef
            .get(PublicRedaction, { strict: false })
            .publicRedactorFor(postmortem.id)
        : (text: string) => text;
    const sections = postmortem.sections
      .filter((section) => audience === 'internal' || !section.internal)
      .map((section) => ({
        key: section.key,
        title: redact(section.title),
        internal: section.internal,
        html: renderMarkdown(section.markdown, {
          headingIdPrefix: `pm-${section.key}-`,
          redact: audience === 'public' ? redact : undefined,
        }),
      }));
    const escape = (text: string) =>
      text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
    const html = [
      `<h1 id="pm-title">${escape(redact(postmortem.title))}</h1>`,
      ...sections.map(
        (section) =>
          `<section data-section="${section.key}"><h2 id="pm-${section.key}">${escape(section.title)}</h2>\n${section.html}</section>`,
      ),
    ].join('\n');
    return {
      id,
      revision: postmortem.revision,
      status: postmortem.status,
      audience,
      html,
      sections,
    };
  }

  // --- action items ------------------------------------------------------------------------

  private checkDueDate(dueDate: string | null | undefined, zone: string): void {
    if (!dueDate) return;
    const day = DateTime.fromISO(dueDate, { zone });
    if (!day.isValid)
      throw new InvalidInputError('dueDate', `"${dueDate}" is not a date YYYY-MM-DD`);
    const today = DateTime.fromJSDate(this.clock.now(), { zone }).toISODate()!;
    if (dueDate < today)
      throw new InvalidInputError(
        'dueDate',
        `${dueDate} is in the past (today is ${today} in ${zone})`,
      );
  }

  /** A meeting an action item names must be one of its own postmortem's. */
  private async checkMeeting(postmortemId: string, meetingId: string | null | undefined) {
    if (!meetingId) return;
    if (!(await this.repository.meetingBelongsTo(meetingId, postmortemId)))
      throw new InvalidInputError(
        'meetingId',
        `meeting ${meetingId} is not a review meeting of this postmortem`,
      );
  }

  /** The owner an input names: `ownerId` (a user id) or `owner` (an e-mail); null clears it. */
  private async resolveOwner(
    input: Pick<ActionItemInput, 'owner' | 'ownerId'>,
  ): Promise<{ ownerId: string | null; owner: null } | undefined> {
    if (input.ownerId) {
      const person = await this.people.personById('ownerId', input.ownerId);
      if (!person.active)
        throw new InvalidInputError('ownerId', `${person.email} is disabled — pick someone else`);
      return { ownerId: person.id, owner: null };
    }
    if (input.owner) {
      const person = await this.people.personByEmail('owner', input.owner);
      return { ownerId: person.id, owner: null };
    }
    if (input.ownerId === null || input.owner === null) return { ownerId: null, owner: null };
    return undefined;
  }

  /** Items as the API shows them: the owner's name and e-mail, or the unlinked text. */
  async withOwners(items: ActionItemEntity[]): Promise<ActionItemView[]> {
    const people = await this.people.peopleByIds(
      items.map((item) => item.ownerId).filter((id): id is string => !!id),
    );
    return items.map((item) => {
      const person = item.ownerId ? people.get(item.ownerId) : undefined;
      return {
        ...item,
        owner: person ? person.email : item.owner,
        ownerName: person ? person.displayName : null,
        ownerUnlinked: !item.ownerId && !!item.owner,
      };
    });
  }

  private async viewOf(item: ActionItemEntity): Promise<ActionItemView> {
    const [view] = await this.withOwners([item]);
    return view!;
  }

  async addActionItem(
    postmortemId: string,
    input: ActionItemInput,
    actor: string,
    viewer?: Viewer,
  ): Promise<ActionItemView> {
    const postmortem = await this.get(postmortemId, viewer);
    this.checkDueDate(input.dueDate, postmortem.displayZone);
    await this.checkMeeting(postmortemId, input.meetingId);
    const owner = (await this.resolveOwner(input)) ?? { ownerId: null, owner: null };
    const item = await this.repository.transaction(async (manager) => {
      const created = await this.repository.insertActionItem(manager, {
        postmortemId,
        title: input.title,
        description: input.description ?? '',
        ...owner,
        dueDate: input.dueDate ?? null,
        priority: input.priority ?? 'P2',
        type: input.type,
        status: input.status ?? 'open',
        externalUrl: input.externalUrl ?? null,
        meetingId: input.meetingId ?? null,
        closedAt: input.status === 'done' || input.status === 'wont_do' ? this.clock.now() : null,
      });
      await this.repository.insertActionItemActivity(manager, {
        postmortemId,
        actionItemId: created.id,
        title: created.title,
        action: 'created',
        actor,
        changes: {},
      });
      return created;
    });
    return this.viewOf(item);
  }

  async getActionItem(id: string, viewer?: Viewer): Promise<ActionItemEntity> {
    const item = await this.repository.findActionItem(id, undefined, viewer);
    if (!item) throw new NotFoundError('Action item', id);
    return item;
  }

  /** A versioned edit of any field (owner by `ownerId` or `owner` e-mail); logged in the item's activity. */
  async updateActionItem(
    id: string,
    version: number,
    patch: Partial<ActionItemInput>,
    actor: string,
    viewer?: Viewer,
    /** `fromTracker`: the edit comes from the item's tracker issue, which needs no news of it. */
    options: { fromTracker?: boolean } = {},
  ): Promise<ActionItemView> {
    const current = await this.getActionItem(id, viewer);
    const postmortem = await this.get(current.postmortemId);
    if (patch.dueDate !== undefined && patch.dueDate !== current.dueDate)
      this.checkDueDate(patch.dueDate, postmortem.displayZone);
    await this.checkMeeting(current.postmortemId, patch.meetingId);
    const { owner: _owner, ownerId: _ownerId, ...rest } = patch;
    const values: Partial<ActionItemEntity> = { ...rest, ...(await this.resolveOwner(patch)) };
    if (values.title !== undefined && !values.title.trim())
      throw new InvalidInputError('title', 'an action item needs a title');
    if (patch.status && patch.status !== current.status)
      values.closedAt =
        patch.status === 'done' || patch.status === 'wont_do' ? this.clock.now() : null;
    const { after } = await this.repository.transaction((manager) =>
      versionedWrite<ActionItemEntity>({
        manager,
        entity: 'Action item',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.findActionItem(id, tx),
        write: (_before, tx) => this.repository.updateActionItemVersioned(id, version, values, tx),
        log: async (before, next, tx) => {
          const changes = changesOf(before, next!);
          if (Object.keys(changes).length) {
            await this.repository.insertActionItemActivity(tx, {
              postmortemId: before.postmortemId,
              actionItemId: id,
              title: next!.title,
              action: 'updated',
              actor,
              changes,
            });
            // Its issue in a tracker follows (libs/trackers).
            if (!options.fromTracker)
              await this.outbox.emit(tx, 'action-item.changed', {
                actionItemId: id,
                postmortemId: before.postmortemId,
              });
          }
        },
      }),
    );
    return this.viewOf(after!);
  }

  /** A versioned delete; the activity log keeps what was deleted and by whom. */
  async deleteActionItem(
    id: string,
    version: number,
    actor: string,
    viewer?: Viewer,
  ): Promise<void> {
    // One of a postmortem the caller may not see is a 404, like one that does not exist.
    await this.getActionItem(id, viewer);
    await this.repository.transaction((manager) =>
      versionedWrite<ActionItemEntity>({
        manager,
        entity: 'Action item',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.findActionItem(id, tx),
        write: { table: 'action_item', delete: true },
        log: async (before, _after, tx) => {
          await this.repository.insertActionItemActivity(tx, {
            postmortemId: before.postmortemId,
            actionItemId: id,
            title: before.title,
            action: 'deleted',
            actor,
            changes: {},
          });
          await this.outbox.emit(tx, 'action-item.changed', {
            actionItemId: id,
            postmortemId: before.postmortemId,
          });
        },
      }),
    );
  }

  /** The reference of the postmortem's incident, for links to it. */
  referenceOf(postmortemId: string): Promise<string | null> {
    return this.repository.incidentReferenceOf(postmortemId);
  }

  /** The item, or null when it is gone (the system's read: no visibility check). */
  async findActionItem(id: string): Promise<ActionItemEntity | null> {
    return this.repository.findActionItem(id);
  }

  /** An entry in the item's activity written by another domain (its tracker issue was linked…). */
  async noteActionItem(entry: {
    postmortemId: string;
    actionItemId: string;
    title: string;
    action: 'linked' | 'conflict' | 'unlinked';
    actor: string;
    changes: Record<string, { from: unknown; to: unknown }>;
  }): Promise<void> {
    await this.repository.transaction((manager) =>
      this.repository.insertActionItemActivity(manager, entry),
    );
  }

  async actionItemActivity(postmortemId: string, cursor?: string, limit?: number, viewer?: Viewer) {
    await this.get(postmortemId, viewer);
    return this.repository.listActionItemActivity(postmortemId, cursor, limit);
  }

  async listActionItems(
    filters: ActionItemFilters & { ownerEmail?: string },
    cursor: string | undefined,
    limit: number | undefined,
    viewer?: Viewer,
    options: { ofPostmortem?: boolean } = {},
  ): Promise<Page<ActionItemView>> {
    const { ownerEmail, ...rest } = filters;
    if (ownerEmail) {
      // An owner filter by e-mail: the linked user's items, and unlinked ones with that text.
      const person = await this.people.personByEmail('owner', ownerEmail).catch(() => undefined);
      rest.owner = ownerEmail;
      rest.ownerId = person?.id;
    }
    const result = await this.repository.listActionItems(rest, cursor, limit, viewer);
    // GET /postmortems/:id/action-items: a postmortem the caller may not see is a 404, not an
    // empty list (looked up only when the page is empty, so a normal read costs nothing more).
    if (options.ofPostmortem && rest.postmortemId && result.items.length === 0)
      await this.get(rest.postmortemId, viewer);
    return { ...result, items: await this.withOwners(result.items) };
  }

  sectionsOf(postmortem: PostmortemEntity): PostmortemSection[] {
    return postmortem.sections;
  }
}
