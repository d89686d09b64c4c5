import { useState } from 'react';
import type { PostmortemTemplate } from '@rca/api-contract';
import { ActionList } from '../../components/action-list';
import { useSession } from '../../session';
import { Empty } from '../../ui';
import { TemplateEditor } from './template-editor';
import {
  useBuiltinTemplate,
  useTemplateMutations,
  useTemplates,
  type TemplateBody,
} from './queries';

/** A template for every incident: no severity and no label to match. */
const catchAll = (template: PostmortemTemplate) =>
  template.severities.length === 0 && template.labels.length === 0;

/**
 * The template the draft uses when no more specific one matches: the highest-priority catch-all
 * (the list comes highest priority first), else the built-in one.
 */
export function defaultTemplate(templates: PostmortemTemplate[]): PostmortemTemplate | undefined {
  return templates.find(catchAll);
}

function scopeOf(template: PostmortemTemplate): string {
  const parts = [
    template.severities.length ? template.severities.join(', ') : 'every severity',
    template.labels.length ? `labels ${template.labels.join(', ')}` : 'any labels',
  ];
  return `${parts.join(' · ')} · priority ${template.priority}`;
}

/** Managers and admins: the templates the RCA draft is written from. */
export function TemplatesPage() {
  const { user } = useSession();
  const canWrite = user?.role === 'manager' || user?.role === 'admin';
  const templates = useTemplates();
  const builtin = useBuiltinTemplate();
  const mutations = useTemplateMutations();
  const [editing, setEditing] = useState<string | 'new'>();
  const items = templates.data?.items;
  const fallback = items ? defaultTemplate(items) : undefined;
  const editingTemplate = items?.find((template) => template.id === editing);

  const initial: TemplateBody = {
    name: '',
    severities: [],
    labels: [],
    priority: 0,
    sections: builtin.data?.sections ?? [],
  };

  function makeDefault(template: PostmortemTemplate) {
    // Catch-all, above every other catch-all: what an incident no specific template matches gets.
    const others = (items ?? []).filter((other) => other.id !== template.id && catchAll(other));
    const priority = Math.max(template.priority, ...others.map((other) => other.priority + 1));
    mutations.update.mutate({ template, patch: { severities: [], labels: [], priority } });
  }

  if (editing !== undefined && canWrite && (editing === 'new' ? builtin.data : editingTemplate))
    return (
      <>
        <h1>Postmortem templates</h1>
        <TemplateEditor
          key={editing === 'new' ? 'new' : `${editingTemplate!.id}@${editingTemplate!.version}`}
          template={editing === 'new' ? undefined : editingTemplate}
          initial={initial}
          mutations={mutations}
          onSaved={() => setEditing(undefined)}
          onCancel={() => {
            mutations.create.reset();
            mutations.update.reset();
            void templates.refetch();
            setEditing(undefined);
          }}
        />
      </>
    );

  return (
    <>
      <h1>Postmortem templates</h1>
      <p className="muted">
        The RCA draft is written from the highest-priority template matching the incident's severity
        and labels; without one, from the default (
        {fallback ? `“${fallback.name}”` : 'the built-in Google SRE template'}). Sections are Liquid
        over the incident record.
      </p>
      {canWrite && (
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={!builtin.data}
            onClick={() => {
              mutations.create.reset();
              setEditing('new');
            }}
          >
            New template
          </button>
        </div>
      )}
      <ActionList
        label="Templates"
        testId="template"
        items={items}
        loading={templates.isPending}
        error={templates.error}
        onRetry={() => void templates.refetch()}
        itemKey={(template) => template.id}
        empty={
          <Empty title="No template of your own yet">
            <p>
              Drafts use the built-in template (after Google's SRE example postmortem).
              {canWrite && ' "New template" starts from it.'}
            </p>
          </Empty>
        }
        columns={[
          {
            header: 'Template',
            cell: (template) => (
              <>
                {template.name}{' '}
                {template.id === fallback?.id && <span className="badge">Default</span>}
              </>
            ),
          },
          { header: 'Used for', cell: scopeOf },
          {
            header: 'Sections',
            cell: (template) =>
              template.sections
                .map((section) => `${section.title}${section.internal ? ' (internal)' : ''}`)
                .join(', '),
          },
        ]}
        actions={(template) =>
          canWrite
            ? [
                {
                  label: 'Edit',
                  ariaLabel: `Edit ${template.name}`,
                  onClick: () => {
                    mutations.update.reset();
                    setEditing(template.id);
                  },
                },
                ...(template.id === fallback?.id
                  ? []
                  : [
                      {
                        label: 'Set as default',
                        ariaLabel: `Set ${template.name} as default`,
                        disabled: mutations.update.isPending,
                        confirm: `Use “${template.name}” for every incident no other template matches? Its severities and labels are cleared.`,
                        onClick: () => makeDefault(template),
                      },
                    ]),
                {
                  label: 'Delete',
                  ariaLabel: `Delete ${template.name}`,
                  danger: true,
                  disabled: mutations.remove.isPending,
                  confirm: `Delete the template ${template.name}? Drafts already written keep their text.`,
                  onClick: () => mutations.remove.mutate(template),
                },
              ]
            : []
        }
        errors={[mutations.remove.error, editing ? null : mutations.update.error]}
      />
    </>
  );
}
