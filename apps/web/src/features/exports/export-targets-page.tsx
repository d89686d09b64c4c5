import { useState, type FormEvent, type ReactNode } from 'react';
import {
  EXPORT_TARGET_KINDS,
  EXPORT_VARIANTS,
  type ExportTarget,
  type ExportTargetKind,
  type ExportVariant,
} from '@rca/api-contract';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import { Empty, ErrorBox, Field, FormError, humanize, Loading, LoadMore } from '../../ui';
import { useExportMutations, useExportTargets } from './queries';

interface Setting {
  key: string;
  label: string;
  hint?: string;
}

/** The settings each kind of target takes (docs/exports.md); credentials are write-only. */
const KIND_SETTINGS: Record<ExportTargetKind, { config: Setting[]; credentials: Setting[] }> = {
  webhook: {
    config: [{ key: 'url', label: 'URL', hint: 'http(s); receives the JSON export by POST' }],
    credentials: [{ key: 'secret', label: 'Signing secret', hint: 'HMAC-SHA256 key (optional)' }],
  },
  git: {
    config: [
      { key: 'url', label: 'Repository URL', hint: 'https://, ssh://, git@host: or a path' },
      { key: 'branch', label: 'Branch', hint: 'default master' },
      { key: 'folder', label: 'Folder' },
      { key: 'authorName', label: 'Commit author name' },
      { key: 'authorEmail', label: 'Commit author e-mail' },
      { key: 'pageUrlPrefix', label: 'Page URL prefix' },
    ],
    credentials: [
      { key: 'username', label: 'User name' },
      { key: 'token', label: 'Token' },
    ],
  },
  confluence: {
    config: [
      { key: 'api', label: 'API', hint: 'cloud (default) or datacenter' },
      { key: 'baseUrl', label: 'Base URL', hint: 'https://<site>.atlassian.net' },
      { key: 'spaceId', label: 'Space id (Cloud)' },
      { key: 'spaceKey', label: 'Space key (Data Center)' },
      { key: 'parentId', label: 'Parent page id' },
    ],
    credentials: [
      { key: 'email', label: 'Account e-mail (Cloud)' },
      { key: 'apiToken', label: 'API token (Cloud)' },
      { key: 'token', label: 'Personal access token (Data Center)' },
    ],
  },
  mediawiki: {
    config: [
      { key: 'apiUrl', label: 'API URL', hint: 'https://wiki.example.com/api.php' },
      { key: 'pagePrefix', label: 'Page prefix' },
    ],
    credentials: [
      { key: 'username', label: 'Bot user name', hint: 'User@app' },
      { key: 'password', label: 'Bot password' },
    ],
  },
};

/** Admins: the export targets (wikis, webhooks) postmortems are pushed to. */
export function ExportTargetsPage() {
  const { user } = useSession();
  const targets = useExportTargets();
  const mutations = useExportMutations();
  const [rowError, setRowError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState('');

  if (user && user.role !== 'admin')
    return (
      <Empty title="Export targets are for admins">
        <p>Ask an admin to add or change a wiki or webhook target.</p>
      </Empty>
    );

  const act = async (work: () => Promise<unknown>) => {
    setRowError(null);
    setSaved('');
    try {
      await work();
    } catch (caught) {
      setRowError(caught);
      targets.reload();
    }
  };

  return (
    <>
      <h1>Export targets</h1>
      <p className="muted">
        Published postmortems are pushed to every enabled target of their team (and every target
        without a team). Credentials are stored encrypted and never shown again.
      </p>
      <section className="card" aria-labelledby="targets-title">
        <h2 id="targets-title">Targets</h2>
        {targets.error && <ErrorBox error={targets.error} onRetry={targets.reload} />}
        {!targets.items && !targets.error && <Loading what="the export targets" />}
        <FormError error={rowError} shownFields={[]} onReload={targets.reload} />
        {saved && (
          <p role="status" className="small">
            {saved}
          </p>
        )}
        {targets.items && targets.items.length === 0 && (
          <p className="small muted">No target yet. Add a wiki or a webhook below.</p>
        )}
        {targets.items && targets.items.length > 0 && (
          <div className="table-wrap">
            <table className="export-target-table">
              <caption className="visually-hidden">Export targets</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Team</th>
                  <th scope="col">Variant</th>
                  <th scope="col">Settings</th>
                  <th scope="col">Credentials</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {targets.items.map((target) => (
                  <TargetRow
                    key={target.id}
                    target={target}
                    editing={editing === target.id}
                    onEdit={() => {
                      setSaved('');
                      setEditing(editing === target.id ? null : target.id);
                    }}
                    onToggle={() =>
                      void act(() =>
                        mutations.updateTarget.mutateAsync({
                          target,
                          patch: { enabled: !target.enabled },
                        }),
                      )
                    }
                    onDelete={() => {
                      if (window.confirm(`Delete the export target ${target.name}?`))
                        void act(() => mutations.deleteTarget.mutateAsync(target));
                    }}
                    onSaved={(updated) => {
                      setEditing(null);
                      setSaved(`Saved ${updated.name}.`);
                    }}
                    onReload={targets.reload}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore list={targets} what="targets" />
      </section>
      <NewTarget />
    </>
  );
}

function TargetRow({
  target,
  editing,
  onEdit,
  onToggle,
  onDelete,
  onSaved,
  onReload,
}: {
  target: ExportTarget;
  editing: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onDelete: () => void;
  onSaved: (target: ExportTarget) => void;
  onReload: () => void;
}) {
  return (
    <>
      <tr>
        <td>{target.name}</td>
        <td>{target.kind}</td>
        <td>{target.team ?? 'every team'}</td>
        <td>{target.variant}</td>
        <td className="small">
          {Object.entries(target.config).map(([key, value]) => (
            <div key={key}>
              {key}: <code>{value}</code>
            </div>
          ))}
        </td>
        <td className="small">
          {target.credentialKeys.length > 0 ? target.credentialKeys.join(', ') : '—'}
        </td>
        <td>
          <input
            type="checkbox"
            aria-label={`${target.name} enabled`}
            checked={target.enabled}
            onChange={onToggle}
          />
        </td>
        <td>
          <button type="button" className="link-button" onClick={onEdit} aria-expanded={editing}>
            Edit {target.name}
          </button>{' '}
          <button type="button" className="link-button" onClick={onDelete}>
            Delete {target.name}
          </button>
        </td>
      </tr>
      {editing && (
        <tr className="export-target-edit">
          <td colSpan={8}>
            <EditTarget target={target} onSaved={onSaved} onCancel={onEdit} onReload={onReload} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The non-empty values of the given settings, trimmed. */
function filled(values: Record<string, string>, keys: Setting[]) {
  return Object.fromEntries(
    keys
      .map((setting) => [setting.key, (values[setting.key] ?? '').trim()] as const)
      .filter(([, value]) => value !== ''),
  );
}

const patternList = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Inputs for a kind's settings (plain) or credentials (write-only: never prefilled). */
function SettingFields({
  kind,
  settings,
  values,
  onChange,
  errors,
  prefix,
  secret = false,
  hint,
}: {
  kind: ExportTargetKind;
  settings: Setting[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
  errors: Record<string, string[]>;
  prefix: 'config' | 'credentials';
  secret?: boolean;
  hint?: (setting: Setting) => string | undefined;
}) {
  return (
    <>
      {settings.map((setting) => (
        <Field
          key={`${kind}-${prefix}-${setting.key}`}
          label={setting.label}
          hint={hint?.(setting) ?? setting.hint}
          errors={errors[`${prefix}.${setting.key}`]}
        >
          {(props) => (
            <input
              {...props}
              {...(secret ? { type: 'password', autoComplete: 'new-password' } : {})}
              value={values[setting.key] ?? ''}
              onChange={(e) => onChange({ ...values, [setting.key]: e.currentTarget.value })}
            />
          )}
        </Field>
      ))}
    </>
  );
}

/** What both target forms edit; the kind and `enabled` are each form's own. */
interface TargetDraft {
  name: string;
  team: string;
  variant: ExportVariant;
  patterns: string;
  config: Record<string, string>;
  credentials: Record<string, string>;
}

/** The request body fields both forms send, from a draft and its kind's settings. */
function draftBody(draft: TargetDraft, settings: { config: Setting[]; credentials: Setting[] }) {
  const secrets = filled(draft.credentials, settings.credentials);
  return {
    name: draft.name.trim(),
    team: draft.team.trim() || null,
    variant: draft.variant,
    redactPatterns: patternList(draft.patterns),
    config: filled(draft.config, settings.config),
    ...(Object.keys(secrets).length > 0 ? { credentials: secrets } : {}),
  };
}

/**
 * The fields both target forms show, in order: name, `afterName` (the new form's kind), team,
 * variant, `afterVariant` (the edit form's enabled box), the kind's settings and credentials,
 * redaction patterns.
 */
function TargetFields({
  kind,
  draft,
  onChange,
  errors,
  afterName,
  afterVariant,
  credentialHint,
}: {
  kind: ExportTargetKind;
  draft: TargetDraft;
  onChange: (draft: TargetDraft) => void;
  errors: Record<string, string[]>;
  afterName?: ReactNode;
  afterVariant?: ReactNode;
  credentialHint?: (setting: Setting) => string | undefined;
}) {
  const settings = KIND_SETTINGS[kind];
  const set = <K extends keyof TargetDraft>(key: K, value: TargetDraft[K]) =>
    onChange({ ...draft, [key]: value });
  return (
    <>
      <Field label="Name" errors={errors.name}>
        {(props) => (
          <input
            {...props}
            value={draft.name}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
        )}
      </Field>
      {afterName}
      <Field label="Team" errors={errors.team} hint="empty: every team">
        {(props) => (
          <input
            {...props}
            value={draft.team}
            onChange={(e) => set('team', e.currentTarget.value)}
          />
        )}
      </Field>
      <Field label="Variant" errors={errors.variant}>
        {(props) => (
          <select
            {...props}
            value={draft.variant}
            onChange={(e) => set('variant', e.currentTarget.value as ExportVariant)}
          >
            {EXPORT_VARIANTS.map((value) => (
              <option key={value} value={value}>
                {humanize(value)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {afterVariant}
      <SettingFields
        kind={kind}
        settings={settings.config}
        values={draft.config}
        onChange={(config) => set('config', config)}
        errors={errors}
        prefix="config"
      />
      <SettingFields
        kind={kind}
        settings={settings.credentials}
        values={draft.credentials}
        onChange={(credentials) => set('credentials', credentials)}
        errors={errors}
        prefix="credentials"
        secret
        hint={credentialHint}
      />
      <Field
        label="Redaction patterns"
        hint="public variant: one regular expression a line"
        errors={errors.redactPatterns}
      >
        {(props) => (
          <textarea
            {...props}
            rows={2}
            value={draft.patterns}
            onChange={(e) => set('patterns', e.currentTarget.value)}
          />
        )}
      </Field>
    </>
  );
}

/**
 * Edits a target with its version (a 409 when someone saved first). The kind cannot change;
 * credentials are write-only: all blank keeps the stored ones, any typed replaces the stored set.
 */
function EditTarget({
  target,
  onSaved,
  onCancel,
  onReload,
}: {
  target: ExportTarget;
  onSaved: (target: ExportTarget) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const [draft, setDraft] = useState<TargetDraft>({
    name: target.name,
    team: target.team ?? '',
    variant: target.variant,
    patterns: target.redactPatterns.join('\n'),
    config: target.config,
    credentials: {},
  });
  const [enabled, setEnabled] = useState(target.enabled);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  // Only a stale version is cured by reloading; another 409 (a taken name) is shown as it is.
  const stale =
    error instanceof ApiError &&
    error.status === 409 &&
    error.body?.details?.currentVersion !== undefined;
  const settings = KIND_SETTINGS[target.kind];
  const { updateTarget } = useExportMutations();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await updateTarget.mutateAsync({
        target,
        patch: { ...draftBody(draft, settings), enabled },
      });
      onSaved(updated);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const stored = new Set(target.credentialKeys);
  return (
    <form
      className="form"
      onSubmit={submit}
      aria-label={`Edit export target ${target.name}`}
      noValidate
    >
      <FormError
        error={error}
        shownFields={['name', 'team', 'enabled', 'variant', 'redactPatterns', 'config']}
        onReload={
          stale
            ? () => {
                setError(null);
                onReload();
              }
            : undefined
        }
      />
      <p className="small muted">
        {humanize(target.kind)} target, version {target.version}. Credentials are never shown: leave
        them all blank to keep the stored ones; typing any replaces the stored set.
      </p>
      <div className="row">
        <TargetFields
          kind={target.kind}
          draft={draft}
          onChange={setDraft}
          errors={errors}
          afterVariant={
            <Field label="Enabled" errors={errors.enabled}>
              {(props) => (
                <input
                  {...props}
                  type="checkbox"
                  checked={enabled}
                  onChange={(e) => setEnabled(e.currentTarget.checked)}
                />
              )}
            </Field>
          }
          credentialHint={(setting) =>
            stored.has(setting.key) ? 'stored; blank keeps it' : (setting.hint ?? 'not set')
          }
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function NewTarget() {
  const { createTarget } = useExportMutations();
  const [kind, setKind] = useState<ExportTargetKind>('webhook');
  const [draft, setDraft] = useState<TargetDraft>({
    name: '',
    team: '',
    variant: 'internal',
    patterns: '',
    config: {},
    credentials: {},
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState('');
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  const settings = KIND_SETTINGS[kind];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated('');
    try {
      const target = await createTarget.mutateAsync({ ...draftBody(draft, settings), kind });
      setCreated(`Created ${target.name}.`);
      setDraft({ ...draft, name: '', patterns: '', config: {}, credentials: {} });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const shown = [
    'name',
    'kind',
    'team',
    'variant',
    'redactPatterns',
    ...settings.config.map((setting) => `config.${setting.key}`),
    ...settings.credentials.map((setting) => `credentials.${setting.key}`),
  ];

  return (
    <section className="card" aria-labelledby="new-target-title">
      <h2 id="new-target-title">Add a target</h2>
      <form className="form" onSubmit={submit} aria-label="New export target" noValidate>
        <FormError error={error} shownFields={shown} />
        <div className="row">
          <TargetFields
            kind={kind}
            draft={draft}
            onChange={setDraft}
            errors={errors}
            afterName={
              <Field label="Kind" errors={errors.kind}>
                {(props) => (
                  <select
                    {...props}
                    value={kind}
                    onChange={(e) => {
                      setKind(e.currentTarget.value as ExportTargetKind);
                      setDraft({ ...draft, config: {}, credentials: {} });
                    }}
                  >
                    {EXPORT_TARGET_KINDS.map((value) => (
                      <option key={value} value={value}>
                        {humanize(value)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            }
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Adding…' : 'Add target'}
          </button>
          {created && (
            <span role="status" className="small">
              {created}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
