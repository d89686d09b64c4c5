import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, Page, versionedWrite, ConflictError } from '@rca/shared';
import { DeadlinePolicyService } from '@rca/deadlines';
import { BUILTIN_TEMPLATE_KEY, DEFAULT_TEMPLATE_SECTIONS } from './default-template';
import {
  buildDraftContext,
  checkTemplateLimits,
  checkTemplateSyntax,
  renderSections,
} from './draft-renderer';
import { PostmortemTemplateEntity, TemplateSection } from './postmortem-template.entity';
import { SECTION_KEYS } from './postmortem.entity';
import { PostmortemRepository } from './postmortem.repository';

export interface TemplateInput {
  name: string;
  severities?: string[];
  labels?: string[];
  priority?: number;
  sections: TemplateSection[];
}

export interface SelectedTemplate {
  /** "<id>@<version>", or the built-in key. Part of the draft job's idempotency key. */
  key: string;
  name: string;
  sections: TemplateSection[];
}

@Injectable()
export class TemplateService {
  constructor(
    private readonly repository: PostmortemRepository,
    private readonly policies: DeadlinePolicyService,
  ) {}

  private async check(sections: TemplateSection[]): Promise<void> {
    const seen = new Set<string>();
    for (const [index, section] of sections.entries()) {
      if (!(SECTION_KEYS as readonly string[]).includes(section.key))
        throw new InvalidInputError(
          `sections[${index}].key`,
          `must be one of ${SECTION_KEYS.join(', ')}`,
        );
      if (seen.has(section.key))
        throw new InvalidInputError(`sections[${index}].key`, `"${section.key}" appears twice`);
      seen.add(section.key);
      const problem = checkTemplateSyntax(section.body);
      if (problem)
        throw new InvalidInputError(
          `sections[${index}].body`,
          `is not a valid Liquid template: ${problem}`,
        );
      const overLimit = await checkTemplateLimits(section.key, section.body);
      if (overLimit) throw new InvalidInputError(`sections[${index}].body`, overLimit);
    }
  }

  /** The stored template with the highest priority matching severity and labels, else the built-in one. */
  async select(severity: string, labels: string[]): Promise<SelectedTemplate> {
    for (const template of await this.repository.templates()) {
      const severityMatches =
        template.severities.length === 0 || template.severities.includes(severity);
      const labelMatches =
        template.labels.length === 0 || template.labels.some((label) => labels.includes(label));
      if (severityMatches && labelMatches)
        return {
          key: `${template.id}@${template.version}`,
          name: template.name,
          sections: template.sections,
        };
    }
    return {
      key: BUILTIN_TEMPLATE_KEY,
      name: 'Google SRE (built-in)',
      sections: DEFAULT_TEMPLATE_SECTIONS,
    };
  }

  /**
   * Renders sections against an incident's record exactly as the draft job would (same context,
   * same Liquid limits, same zone choice: the deadline policy's), writing nothing. Sections as being
   * edited, else a stored template, else the built-in one. A section over a limit answers 422
   * TEMPLATE_LIMIT naming the section.
   */
  async preview(input: {
    incidentId: string;
    templateId?: string;
    sections?: TemplateSection[];
  }): Promise<{
    incidentId: string;
    reference: string;
    displayZone: string;
    sections: Array<{ key: string; title: string; markdown: string; internal: boolean }>;
  }> {
    const sections =
      input.sections ??
      (input.templateId ? (await this.get(input.templateId)).sections : DEFAULT_TEMPLATE_SECTIONS);
    if (input.sections) this.checkSyntax(input.sections);
    const snapshot = await this.repository.incidentSnapshot(input.incidentId);
    if (!snapshot) throw new NotFoundError('Incident', input.incidentId);
    const team = snapshot.impacts.find((impact) => impact.team)?.team ?? null;
    const policy = await this.policies.effective(snapshot.incident.severity, team);
    const displayZone = policy?.zone ?? 'UTC';
    const rendered = await renderSections(sections, buildDraftContext(snapshot, displayZone));
    return {
      incidentId: snapshot.incident.id,
      reference: snapshot.incident.reference,
      displayZone,
      sections: rendered.map(({ key, title, markdown, internal }) => ({
        key,
        title,
        markdown,
        internal,
      })),
    };
  }

  /** Keys and Liquid syntax only: a preview reports limits from the real record instead. */
  private checkSyntax(sections: TemplateSection[]): void {
    for (const [index, section] of sections.entries()) {
      const problem = checkTemplateSyntax(section.body);
      if (problem)
        throw new InvalidInputError(
          `sections[${index}].body`,
          `is not a valid Liquid template: ${problem}`,
        );
    }
  }

  builtin() {
    return {
      key: BUILTIN_TEMPLATE_KEY,
      name: 'Google SRE (built-in)',
      sections: DEFAULT_TEMPLATE_SECTIONS,
    };
  }

  async create(input: TemplateInput): Promise<PostmortemTemplateEntity> {
    await this.check(input.sections);
    if (await this.repository.findTemplateByName(input.name))
      throw new ConflictError(`A template named "${input.name}" already exists`);
    return this.repository.insertTemplate({
      name: input.name,
      severities: input.severities ?? [],
      labels: input.labels ?? [],
      priority: input.priority ?? 0,
      sections: input.sections,
    });
  }

  async get(id: string): Promise<PostmortemTemplateEntity> {
    const template = await this.repository.findTemplate(id);
    if (!template) throw new NotFoundError('Template', id);
    return template;
  }

  list(
    cursor: string | undefined,
    limit: number | undefined,
  ): Promise<Page<PostmortemTemplateEntity>> {
    return this.repository.listTemplates(cursor, limit);
  }

  async update(
    id: string,
    version: number,
    patch: Partial<TemplateInput>,
  ): Promise<PostmortemTemplateEntity> {
    await this.get(id);
    if (patch.sections) await this.check(patch.sections);
    const { after } = await this.repository.transaction((manager) =>
      versionedWrite<PostmortemTemplateEntity>({
        manager,
        entity: 'Template',
        id,
        expectedVersion: version,
        find: (tx) => this.repository.findTemplate(id, tx),
        write: (_before, tx) => this.repository.updateTemplateVersioned(id, version, patch, tx),
      }),
    );
    return after!;
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repository.deleteTemplate(id))) throw new NotFoundError('Template', id);
  }
}
