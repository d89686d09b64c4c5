import { useState, type FormEvent } from 'react';
import {
  ApiError,
  EXPORT_TARGET_KINDS,
  EXPORT_VARIANTS,
  exportsApi,
  type ExportTarget,
  type ExportTargetKind,
  type ExportVariant,
} from '../api';
import { useSession } from '../session';
import { Empty, ErrorBox, Field, FormError, humanize, Loading, useResource } from '../ui';

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
  const targets = useResource((signal) => exportsApi.targets(signal), []);
  const [rowError, setRowError] = useState<unknown>(null);

  if (user && user.role !== 'admin')
    return (
      <Empty title="Export targets are for admins">
        <p>Ask an admin to add or change a wiki or webhook target.</p>
      </Empty>
    );

  const act = async (work: () => Promise<unknown>) => {
    setRowError(null);
    try {
      await work();
    } catch (caught) {
      setRowError(caught);
    }
    targets.reload();
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
        {!targets.data && !targets.error && <Loading what="the export targets" />}
        <FormError error={rowError} shownFields={[]} onReload={targets.reload} />
        {targets.data && targets.data.items.length === 0 && (
          <p className="small muted">No target yet. Add a wiki or a webhook below.</p>
        )}
        {targets.data && targets.data.items.length > 0 && (
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
                {targets.data.items.map((target) => (
                  <TargetRow
                    key={target.id}
                    target={target}
                    onToggle={() =>
                      void act(() => exportsApi.updateTarget(target, { enabled: !target.enabled }))
                    }
                    onDelete={() => {
                      if (window.confirm(`Delete the export target ${target.name}?`))
                        void act(() => exportsApi.deleteTarget(target));
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <NewTarget onCreated={targets.reload} />
    </>
  );
}

function TargetRow({
  target,
  onToggle,
  onDelete,
}: {
  target: ExportTarget;
  onToggle: () => void;
  onDelete: () => void;
}) {
  return (
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
        <button type="button" className="link-button" onClick={onDelete}>
          Delete {target.name}
        </button>
      </td>
    </tr>
  );
}

function NewTarget({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ExportTargetKind>('webhook');
  const [team, setTeam] = useState('');
  const [variant, setVariant] = useState<ExportVariant>('internal');
  const [patterns, setPatterns] = useState('');
  const [config, setConfig] = useState<Record<string, string>>({});
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState('');
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  const settings = KIND_SETTINGS[kind];

  const filled = (values: Record<string, string>, keys: Setting[]) =>
    Object.fromEntries(
      keys
        .map((setting) => [setting.key, (values[setting.key] ?? '').trim()] as const)
        .filter(([, value]) => value !== ''),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated('');
    try {
      const secrets = filled(credentials, settings.credentials);
      const target = await exportsApi.createTarget({
        name: name.trim(),
        kind,
        team: team.trim() || null,
        variant,
        redactPatterns: patterns
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        config: filled(config, settings.config),
        ...(Object.keys(secrets).length > 0 ? { credentials: secrets } : {}),
      });
      setCreated(`Created ${target.name}.`);
      setName('');
      setConfig({});
      setCredentials({});
      setPatterns('');
      onCreated();
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
          <Field label="Name" errors={errors.name}>
            {(props) => (
              <input {...props} value={name} onChange={(e) => setName(e.currentTarget.value)} />
            )}
          </Field>
          <Field label="Kind" errors={errors.kind}>
            {(props) => (
              <select
                {...props}
                value={kind}
                onChange={(e) => {
                  setKind(e.currentTarget.value as ExportTargetKind);
                  setConfig({});
                  setCredentials({});
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
          <Field label="Team" errors={errors.team} hint="empty: every team">
            {(props) => (
              <input {...props} value={team} onChange={(e) => setTeam(e.currentTarget.value)} />
            )}
          </Field>
          <Field label="Variant" errors={errors.variant}>
            {(props) => (
              <select
                {...props}
                value={variant}
                onChange={(e) => setVariant(e.currentTarget.value as ExportVariant)}
              >
                {EXPORT_VARIANTS.map((value) => (
                  <option key={value} value={value}>
                    {humanize(value)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {settings.config.map((setting) => (
            <Field
              key={`${kind}-${setting.key}`}
              label={setting.label}
              hint={setting.hint}
              errors={errors[`config.${setting.key}`]}
            >
              {(props) => (
                <input
                  {...props}
                  value={config[setting.key] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setConfig((previous) => ({ ...previous, [setting.key]: value }));
                  }}
                />
              )}
            </Field>
          ))}
          {settings.credentials.map((setting) => (
            <Field
              key={`${kind}-cred-${setting.key}`}
              label={setting.label}
              hint={setting.hint}
              errors={errors[`credentials.${setting.key}`]}
            >
              {(props) => (
                <input
                  {...props}
                  type="password"
                  autoComplete="new-password"
                  value={credentials[setting.key] ?? ''}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setCredentials((previous) => ({ ...previous, [setting.key]: value }));
                  }}
                />
              )}
            </Field>
          ))}
          <Field
            label="Redaction patterns"
            hint="public variant: one regular expression a line"
            errors={errors.redactPatterns}
          >
            {(props) => (
              <textarea
                {...props}
                rows={2}
                value={patterns}
                onChange={(e) => setPatterns(e.currentTarget.value)}
              />
            )}
          </Field>
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
