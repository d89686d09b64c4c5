import { useState, type FormEvent } from 'react';
import {
  SEVERITIES,
  TEMPLATE_SECTION_KEYS,
  type PostmortemTemplate,
  type TemplateSection,
  type TemplateSectionKey,
} from '@rca/api-contract';
import { MarkdownEditor } from '../../markdown-editor';
import { FormError, humanize, Field, fieldErrorsOf } from '../../ui';
import { TemplatePreviewPanel } from './template-preview';
import { useTemplateMutations, type TemplateBody } from './queries';

type Mutations = ReturnType<typeof useTemplateMutations>;

/** A section as edited here; `id` keeps each editor mounted while sections move. */
interface DraftSection extends TemplateSection {
  id: number;
}

let nextId = 1;
const withIds = (sections: TemplateSection[]): DraftSection[] =>
  sections.map((section) => ({ ...section, id: nextId++ }));

function SectionEditor({
  section,
  index,
  error,
  onChange,
  onRemove,
}: {
  section: DraftSection;
  index: number;
  error: unknown;
  onChange: (patch: Partial<TemplateSection>) => void;
  onRemove: () => void;
}) {
  const name = `sections[${index}]`;
  return (
    <fieldset className="template-section" aria-label={`Section ${section.title || section.key}`}>
      <legend>
        <code>{section.key}</code>
      </legend>
      <div className="row">
        <Field
          label="Section name"
          errors={fieldErrorsOf(error, `${name}.title`)}
          value={section.title}
          onValue={(title) => onChange({ title })}
        />
        <Field label="Audience" errors={fieldErrorsOf(error, `${name}.internal`)}>
          {(props) => (
            <select
              {...props}
              value={section.internal ? 'internal' : 'public'}
              onChange={(event) => onChange({ internal: event.target.value === 'internal' })}
            >
              <option value="public">Public (in every export)</option>
              <option value="internal">Internal (left out of public exports)</option>
            </select>
          )}
        </Field>
      </div>
      <Field
        label="Liquid body"
        errors={fieldErrorsOf(error, `${name}.body`)}
        hint="Liquid over the incident record: {{ incident.title }}, {{ timeline_table }}, {% for … %}"
      >
        {(props) => (
          <div {...props} className="template-body">
            <MarkdownEditor
              initial={section.body}
              label={`Liquid body of the ${section.key} section`}
              onChange={(body) => onChange({ body })}
            />
          </div>
        )}
      </Field>
      <div className="actions">
        <button
          type="button"
          className="link-button danger"
          aria-label={`Remove the section ${section.title || section.key}`}
          onClick={onRemove}
        >
          Remove section
        </button>
      </div>
    </fieldset>
  );
}

/**
 * Creates or edits one template: name, which incidents it is for (severities, labels, priority),
 * its sections (name, audience, Liquid body), and a preview against a real incident.
 */
export function TemplateEditor({
  template,
  initial,
  mutations,
  onSaved,
  onCancel,
}: {
  template?: PostmortemTemplate;
  /** Where a new template starts (the built-in one). */
  initial: TemplateBody;
  mutations: Mutations;
  onSaved: (template: PostmortemTemplate) => void;
  onCancel: () => void;
}) {
  const start = template ?? initial;
  const [name, setName] = useState(template?.name ?? '');
  const [severities, setSeverities] = useState<string[]>(start.severities);
  const [labels, setLabels] = useState(start.labels.join(', '));
  const [priority, setPriority] = useState(String(start.priority));
  const [sections, setSections] = useState<DraftSection[]>(() => withIds(start.sections));
  const [adding, setAdding] = useState<TemplateSectionKey | ''>('');
  const write = template ? mutations.update : mutations.create;

  const current = (): TemplateSection[] =>
    sections.map(({ key, title, body, internal }) => ({ key, title, body, internal }));
  const unused = TEMPLATE_SECTION_KEYS.filter((key) => !sections.some((s) => s.key === key));

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: TemplateBody = {
      name: name.trim(),
      severities,
      labels: labels
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean),
      priority: Number(priority),
      sections: current(),
    };
    if (template)
      mutations.update.mutate({ template, patch: body }, { onSuccess: (saved) => onSaved(saved) });
    else mutations.create.mutate(body, { onSuccess: (saved) => onSaved(saved) });
  }

  return (
    <div className="template-editor">
      <form
        className="form"
        onSubmit={submit}
        noValidate
        aria-label={template ? `Edit the template ${template.name}` : 'New template'}
      >
        <h2>{template ? `Edit “${template.name}”` : 'New template'}</h2>
        <FormError
          error={write.error}
          shownFields={['name', 'severities', 'labels', 'priority', 'sections']}
          onReload={template ? onCancel : undefined}
        />
        <div className="row">
          <Field
            label="Template name"
            errors={fieldErrorsOf(write.error, 'name')}
            value={name}
            onValue={setName}
          />
          <Field
            label="Priority"
            errors={fieldErrorsOf(write.error, 'priority')}
            type="number"
            hint="The highest-priority template that matches an incident drafts its RCA"
            value={priority}
            onValue={setPriority}
          />
          <Field
            label="Labels"
            errors={fieldErrorsOf(write.error, 'labels')}
            hint="Comma-separated; empty: any labels"
            value={labels}
            onValue={setLabels}
          />
        </div>
        <fieldset className="checkboxes">
          <legend>Severities (none ticked: every severity)</legend>
          {SEVERITIES.map((severity) => (
            <label key={severity} className="checkbox">
              <input
                type="checkbox"
                checked={severities.includes(severity)}
                onChange={(event) =>
                  setSeverities((list) =>
                    event.target.checked
                      ? [...list, severity]
                      : list.filter((item) => item !== severity),
                  )
                }
              />
              {severity}
            </label>
          ))}
        </fieldset>
        <h3>Sections</h3>
        {sections.map((section, index) => (
          <SectionEditor
            key={section.id}
            section={section}
            index={index}
            error={write.error}
            onChange={(patch) =>
              setSections((list) =>
                list.map((item) => (item.id === section.id ? { ...item, ...patch } : item)),
              )
            }
            onRemove={() => setSections((list) => list.filter((item) => item.id !== section.id))}
          />
        ))}
        {unused.length > 0 && (
          <div className="inline add-section">
            <label htmlFor="template-add-section">Add a section</label>
            <select
              id="template-add-section"
              value={adding}
              onChange={(event) => setAdding(event.target.value as TemplateSectionKey)}
            >
              <option value="">Choose…</option>
              {unused.map((key) => (
                <option key={key} value={key}>
                  {humanize(key)}
                </option>
              ))}
            </select>
            <button
              type="button"
              disabled={!adding}
              onClick={() => {
                if (!adding) return;
                setSections((list) => [
                  ...list,
                  ...withIds([{ key: adding, title: humanize(adding), body: '', internal: false }]),
                ]);
                setAdding('');
              }}
            >
              Add section
            </button>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={write.isPending}>
            {write.isPending ? 'Saving…' : template ? 'Save template' : 'Create template'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
      <TemplatePreviewPanel sections={current} />
    </div>
  );
}
