import type { TrackerTarget, TrackerTargetBody } from '@rca/api-contract';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import { formatInZone, BROWSER_ZONE } from '../../time';
import { Empty, ErrorBox, Field, FormError, Loading, LoadMore } from '../../ui';
import { useTrackerTargetMutations, useTrackerTargets } from './queries';
import { WebhookSetupPanel } from './webhook-setup';

/** Admins: where each team's action items go (Redmine so far; docs/trackers.md). */
export function TrackerTargetsPage() {
  const { user } = useSession();
  const targets = useTrackerTargets();
  const mutations = useTrackerTargetMutations();
  const [rowError, setRowError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [rotating, setRotating] = useState<string | null>(null);
  const [webhook, setWebhook] = useState<string | null>(null);

  if (user && user.role !== 'admin')
    return (
      <Empty title="Trackers are for admins">
        <p>Ask an admin to connect your team&apos;s tracker.</p>
      </Empty>
    );

  const act = async (work: () => Promise<unknown>, done?: string) => {
    setRowError(null);
    setMessage('');
    try {
      await work();
      if (done) setMessage(done);
    } catch (caught) {
      setRowError(caught);
      targets.reload();
    }
  };

  return (
    <>
      <h1>Trackers</h1>
      <p className="muted">
        Action items get an issue in their team&apos;s tracker (&ldquo;Create in …&rdquo; on the
        postmortem, or every open item when the postmortem is approved). Title, status, priority and
        due date stay in step both ways; deleting on one side never deletes on the other. API keys
        are stored encrypted and never shown again.
      </p>
      <section className="card" aria-labelledby="tracker-targets-title">
        <h2 id="tracker-targets-title">Targets</h2>
        {targets.error && <ErrorBox error={targets.error} onRetry={targets.reload} />}
        {!targets.items && !targets.error && <Loading what="the tracker targets" />}
        <FormError error={rowError} shownFields={[]} onReload={targets.reload} />
        {message && (
          <p role="status" className="small">
            {message}
          </p>
        )}
        {targets.items && targets.items.length === 0 && (
          <p className="small muted">
            No tracker yet. Add your Redmine below: its URL, the project and an API key.
          </p>
        )}
        {targets.items && targets.items.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Tracker targets</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Team</th>
                  <th scope="col">Project</th>
                  <th scope="col">On approval</th>
                  <th scope="col">Last read</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {targets.items.map((target) => (
                  <tr key={target.id}>
                    <td>
                      {target.name}
                      <div className="small muted">{target.kind}</div>
                    </td>
                    <td>{target.team ?? 'every other team'}</td>
                    <td className="small">
                      <a href={target.baseUrl} rel="noreferrer noopener" target="_blank">
                        {target.baseUrl}
                      </a>
                      <div>
                        {target.project}
                        {target.issueType ? ` · ${target.issueType}` : ''}
                      </div>
                    </td>
                    <td>{target.createOnApproval ? 'create issues' : '—'}</td>
                    <td className="small">
                      {target.lastPolledAt
                        ? formatInZone(target.lastPolledAt, BROWSER_ZONE)
                        : 'not yet'}
                      {target.lastError && <div className="field-error">{target.lastError}</div>}
                    </td>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`${target.name} enabled`}
                        checked={target.enabled}
                        onChange={() =>
                          void act(() =>
                            mutations.update.mutateAsync({
                              target,
                              patch: { enabled: !target.enabled },
                            }),
                          )
                        }
                      />
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="link-button"
                        onClick={() =>
                          void act(async () => {
                            const result = await mutations.test.mutateAsync(target);
                            setMessage(
                              `${target.name}: ${result.ok ? '' : 'not reachable — '}${result.message}`,
                            );
                          })
                        }
                      >
                        Test {target.name}
                      </button>{' '}
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => setRotating(rotating === target.id ? null : target.id)}
                      >
                        Replace the API key
                      </button>{' '}
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={webhook === target.id}
                        onClick={() => setWebhook(webhook === target.id ? null : target.id)}
                      >
                        Webhook
                      </button>{' '}
                      <button
                        type="button"
                        className="link-button danger"
                        onClick={() => {
                          if (
                            window.confirm(
                              `Delete ${target.name}? Its issues stay in the tracker; the links here go.`,
                            )
                          )
                            void act(() => mutations.remove.mutateAsync(target));
                        }}
                      >
                        Delete {target.name}
                      </button>
                      {webhook === target.id && <WebhookSetupPanel target={target} />}
                      {rotating === target.id && (
                        <RotateKey
                          target={target}
                          onDone={() => {
                            setRotating(null);
                            setMessage(`New API key saved for ${target.name}.`);
                          }}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore list={targets} what="targets" />
      </section>
      <NewTrackerTarget />
    </>
  );
}

function RotateKey({ target, onDone }: { target: TrackerTarget; onDone: () => void }) {
  const { update } = useTrackerTargetMutations();
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { target, patch: { credentials: { apiKey: apiKey.trim() } } },
      { onSuccess: onDone, onError: setError },
    );
  };
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form className="form" onSubmit={submit} aria-label={`New API key for ${target.name}`}>
      <Field label="New API key" errors={errors['credentials.apiKey']}>
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            value={apiKey}
            onChange={(event) => setApiKey(event.currentTarget.value)}
          />
        )}
      </Field>
      <FormError error={error} shownFields={['credentials']} />
      <button type="submit" disabled={!apiKey.trim() || update.isPending}>
        Save the key
      </button>
    </form>
  );
}

function NewTrackerTarget() {
  const { create } = useTrackerTargetMutations();
  const [draft, setDraft] = useState({
    name: '',
    team: '',
    baseUrl: '',
    project: '',
    issueType: '',
    apiKey: '',
    createOnApproval: false,
    done: '',
    wontDo: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const set = (patch: Partial<typeof draft>) => setDraft({ ...draft, ...patch });
  const errors = error instanceof ApiError ? error.fieldErrors : {};

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved('');
    const statuses = {
      ...(draft.done.trim() ? { done: draft.done.trim() } : {}),
      ...(draft.wontDo.trim() ? { wont_do: draft.wontDo.trim() } : {}),
    };
    const body: TrackerTargetBody = {
      name: draft.name.trim(),
      kind: 'redmine',
      team: draft.team.trim() || null,
      baseUrl: draft.baseUrl.trim(),
      project: draft.project.trim(),
      issueType: draft.issueType.trim() || null,
      createOnApproval: draft.createOnApproval,
      ...(Object.keys(statuses).length ? { fieldMapping: { statuses } } : {}),
      credentials: { apiKey: draft.apiKey.trim() },
    };
    create.mutate(body, {
      onSuccess: (target) => {
        setSaved(`Added ${target.name}. Test it from the table.`);
        setDraft({ ...draft, name: '', apiKey: '' });
      },
      onError: setError,
    });
  };

  return (
    <section className="card" aria-labelledby="new-tracker-title">
      <h2 id="new-tracker-title">Add a Redmine</h2>
      <form className="form" onSubmit={submit} noValidate aria-label="Add a tracker target">
        <div className="row">
          <Field
            label="Name"
            value={draft.name}
            onValue={(name) => set({ name })}
            errors={errors.name}
          />
          <Field
            label="Team"
            hint="Empty: the default for every team without its own"
            value={draft.team}
            onValue={(team) => set({ team })}
            errors={errors.team}
          />
        </div>
        <div className="row">
          <Field
            label="Redmine URL"
            hint="https://redmine.example.com"
            value={draft.baseUrl}
            onValue={(baseUrl) => set({ baseUrl })}
            errors={errors.baseUrl}
          />
          <Field
            label="Project identifier"
            value={draft.project}
            onValue={(project) => set({ project })}
            errors={errors.project}
          />
          <Field
            label="Tracker (issue type)"
            hint="Empty: the project's first"
            value={draft.issueType}
            onValue={(issueType) => set({ issueType })}
            errors={errors.issueType}
          />
        </div>
        <div className="row">
          <Field
            label="API key"
            hint="My account → API access key, of the account issues are written as"
            errors={errors['credentials.apiKey'] ?? errors.credentials}
          >
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="new-password"
                value={draft.apiKey}
                onChange={(event) => set({ apiKey: event.currentTarget.value })}
              />
            )}
          </Field>
          <Field
            label="Status for done"
            hint="Default: Closed"
            value={draft.done}
            onValue={(done) => set({ done })}
          />
          <Field
            label="Status for won't do"
            hint="Default: Rejected"
            value={draft.wontDo}
            onValue={(wontDo) => set({ wontDo })}
          />
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.createOnApproval}
            onChange={(event) => set({ createOnApproval: event.currentTarget.checked })}
          />{' '}
          Create an issue for every open action item when the postmortem is approved
        </label>
        <FormError
          error={error}
          shownFields={['name', 'team', 'baseUrl', 'project', 'issueType', 'credentials']}
        />
        {saved && (
          <p role="status" className="small">
            {saved}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={create.isPending}>
            Add the tracker
          </button>
        </div>
      </form>
    </section>
  );
}
