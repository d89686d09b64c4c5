import type { Viewer } from '@rca/accounts';
import { Injectable, Logger } from '@nestjs/common';
import { computeDueInstant, DeadlinePolicyService } from '@rca/deadlines';
import { ConflictError, JobName, NotFoundError, Outbox } from '@rca/shared';
import { ActionItemEntity } from './action-item.entity';
import { buildDraftContext, renderSections } from './draft-renderer';
import { PostmortemEntity } from './postmortem.entity';
import { PostmortemRepository } from './postmortem.repository';
import { TemplateService } from './template.service';

export interface DraftResult {
  postmortemId: string;
  created: boolean;
  /** The same job (incident + template version + record version) already ran: nothing written. */
  skipped: boolean;
  templateKey: string;
  rewritten: string[];
  kept: string[];
  actionItemsCreated: number;
  durationMs: number;
}

/** Writes the generated sections of a postmortem from the incident record. */
@Injectable()
export class RcaDraftService {
  private readonly logger = new Logger(RcaDraftService.name);

  constructor(
    private readonly repository: PostmortemRepository,
    private readonly templates: TemplateService,
    private readonly policies: DeadlinePolicyService,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Enqueues the draft job of a resolved incident. The jobId is the idempotency key: incident,
   * template version and record version, so repeated resolve events enqueue it once.
   */
  async enqueue(incidentId: string): Promise<{ jobId: string } | null> {
    const snapshot = await this.repository.incidentSnapshot(incidentId);
    if (!snapshot) throw new NotFoundError('Incident', incidentId);
    const template = await this.templates.select(
      snapshot.incident.severity,
      snapshot.incident.labels,
    );
    const jobId = `rca-draft_${incidentId}_${template.key}_${snapshot.incident.version}`.replace(
      /:/g,
      '_',
    );
    await this.repository.transaction((manager) =>
      this.outbox.enqueue(manager, JobName.RcaDraft, { incidentId }, { jobId }),
    );
    return { jobId };
  }

  /**
   * Creates the postmortem if there is none and (re)writes every section whose origin is still
   * "generated"; sections a person edited are kept and reported. `force` regenerates even when
   * this exact draft was already written (on-demand regeneration).
   */
  async generate(
    incidentId: string,
    options: { force?: boolean; author?: string; viewer?: Viewer } = {},
  ): Promise<DraftResult> {
    const started = performance.now();
    const snapshot = await this.repository.incidentSnapshot(incidentId, options.viewer);
    if (!snapshot) throw new NotFoundError('Incident', incidentId);
    const { incident } = snapshot;
    const template = await this.templates.select(incident.severity, incident.labels);
    const team = snapshot.impacts.find((impact) => impact.team)?.team ?? null;
    const policy = await this.policies.effective(incident.severity, team);
    const runKey = { incidentId, templateKey: template.key, incidentVersion: incident.version };

    const outcome = await this.repository.transaction(async (manager) => {
      const existing = await this.repository.findByIncident(incidentId, manager, true);
      if (!options.force && (await this.repository.findRun(manager, runKey)))
        return {
          postmortem: existing!,
          created: false,
          skipped: true,
          rewritten: [],
          kept: [],
          stubs: 0,
        };
      const displayZone =
        existing?.displayZone && existing.displayZone !== 'UTC'
          ? existing.displayZone
          : (policy?.zone ?? 'UTC');
      const generated = await renderSections(
        template.sections,
        buildDraftContext(snapshot, displayZone),
      );
      let postmortem: PostmortemEntity;
      let rewritten: string[] = [];
      let kept: string[] = [];
      const created = !existing;
      if (!existing) {
        postmortem = await this.repository.insert(manager, {
          incidentId,
          title: `${incident.reference}: ${incident.title}`,
          status: 'draft',
          sections: generated,
          templateKey: template.key,
          revision: 1,
          severity: incident.severity,
          team,
          resolvedAt: incident.resolvedAt,
          displayZone,
          // Set in the same transaction so the document never appears without its deadline;
          // reminders are scheduled by the deadline scheduler after commit.
          dueAt:
            policy && incident.resolvedAt ? computeDueInstant(incident.resolvedAt, policy) : null,
          deadlinePolicyId: policy?.id ?? null,
        });
        rewritten = generated.map((section) => section.key);
        await this.repository.insertRevision(manager, {
          postmortemId: postmortem.id,
          number: 1,
          author: options.author ?? 'system',
          reason: `generated from ${template.name}`,
          changedSections: rewritten,
          status: 'draft',
          title: postmortem.title,
          sections: generated,
        });
      } else {
        if (existing.status !== 'draft') {
          if (options.force)
            throw new ConflictError(
              `Postmortem is ${existing.status}; regeneration only rewrites drafts`,
              { status: existing.status },
            );
          return {
            postmortem: existing,
            created: false,
            skipped: true,
            rewritten: [],
            kept: [],
            stubs: 0,
          };
        }
        const byKey = new Map(generated.map((section) => [section.key, section]));
        const sections = existing.sections.map((section) => {
          const fresh = byKey.get(section.key);
          if (section.origin === 'edited') {
            kept.push(section.key);
            return section;
          }
          if (!fresh || fresh.markdown === section.markdown) return section;
          rewritten.push(section.key);
          return { ...section, markdown: fresh.markdown, title: fresh.title };
        });
        // Sections the template has that the document lacks (template changed) are added.
        for (const section of generated)
          if (!existing.sections.some((candidate) => candidate.key === section.key)) {
            sections.push(section);
            rewritten.push(section.key);
          }
        kept = [...new Set(kept)];
        const changes: Partial<PostmortemEntity> = {
          severity: incident.severity,
          resolvedAt: incident.resolvedAt,
          templateKey: template.key,
        };
        if (rewritten.length) {
          const number = existing.revision + 1;
          await this.repository.updateVersioned(manager, existing.id, existing.version, {
            ...changes,
            sections,
            revision: number,
          });
          await this.repository.insertRevision(manager, {
            postmortemId: existing.id,
            number,
            author: options.author ?? 'system',
            reason: `regenerated from ${template.name}`,
            changedSections: rewritten,
            status: existing.status,
            title: existing.title,
            sections,
          });
        } else {
          await this.repository.updateVersioned(manager, existing.id, existing.version, changes);
        }
        postmortem = (await this.repository.findById(existing.id, manager))!;
      }
      const stubs = await this.repository.insertActionItemStubs(
        manager,
        snapshot.singlePoints.map((dependency): Partial<ActionItemEntity> => ({
          postmortemId: postmortem.id,
          title: `Add a fallback for ${dependency.vendor} ${dependency.component} (${dependency.service})`,
          description: `${dependency.service} depends on ${dependency.vendor} ${dependency.component} (${dependency.kind}, ${dependency.criticality}) without a fallback, and this incident touched it.`,
          type: 'prevent',
          priority: dependency.criticality === 'critical' ? 'P1' : 'P2',
          status: 'open',
          sourceKey: `dependency:${dependency.id}`,
        })),
      );
      await this.repository.insertRun(manager, {
        ...runKey,
        postmortemId: postmortem.id,
        rewrittenSections: rewritten,
        keptSections: kept,
        durationMs: Math.round(performance.now() - started),
      });
      // The deadline and reminders follow from the draft: written with it, so a crash between
      // this commit and anything after it loses nothing.
      await this.outbox.emit(manager, 'postmortem.drafted', {
        postmortemId: postmortem.id,
        created,
      });
      return { postmortem, created, skipped: false, rewritten, kept, stubs };
    });
    const result: DraftResult = {
      postmortemId: outcome.postmortem.id,
      created: outcome.created,
      skipped: outcome.skipped,
      templateKey: template.key,
      rewritten: outcome.rewritten,
      kept: outcome.kept,
      actionItemsCreated: outcome.stubs,
      durationMs: Math.round(performance.now() - started),
    };
    this.logger.log({ incidentId, ...result }, 'rca draft');
    return result;
  }
}
