import { TRACKER_KINDS, type TrackerTarget, type TrackerTargetBody } from '@rca/api-contract';
import { Fragment, useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import { formatInZone, BROWSER_ZONE } from '../../time';
import { Empty, ErrorBox, Field, FormError, Loading, LoadMore } from '../../ui';
import { useTrackerTargetMutations, useTrackerTargets } from './queries';
import { WebhookSetupPanel } from './webhook-setup';

type TrackerKind = TrackerTarget['kind'];

/** How the form asks for each tracker's settings (docs/trackers.md says the same per kind). */
const KINDS: Record<
  TrackerKind,
  {
    label: string;
    url: { label: string; hint: string; default: string };
    project: { label: string; hint?: string };
    issueType: { label: string; hint: string };
    key: { label: string; hint: string };
    /** Jira Cloud's account e-mail (basic auth with the API token). */
    username?: { label: string; hint: string };
    /** Status names for done / won't do, with the defaults; GitHub has states, not names. */
    statuses?: { done: string; wontDo: string };
    /** GitHub: the label that marks an open issue as in progress. */
    inProgressLabel?: boolean;
  }
> = {
  redmine: {
    label: 'Redmine',
    url: { label: 'Redmine URL', hint: 'https://redmine.example.com', default: '' },
    project: { label: 'Project identifier' },
    issueType: { label: 'Tracker (issue type)', hint: "Empty: the project's first" },
    key: {
      label: 'API key',
      hint: 'My account → API access key, of the account issues are written as',
    },
    statuses: { done: 'Closed', wontDo: 'Rejected' },
  },
  github: {
    label: 'GitHub Issues',
    url: {
      label: 'GitHub API URL',
      hint: 'GitHub Enterprise Server: https://github.example.com/api/v3',
      default: 'https://api.github.com',
    },
    project: { label: 'Repository', hint: 'owner/repo' },
    issueType: { label: 'Label for new issues', hint: 'Empty: no extra label' },
    key: {
      label: 'Token',
      hint: 'A fine-grained token with Issues: read and write on the repository',
    },
    inProgressLabel: true,
  },
  jira: {
    label: 'Jira',
    url: {
      label: 'Jira site URL',
      hint: 'Cloud: https://acme.atlassian.net; or your Data Center URL',
      default: '',
    },
    project: { label: 'Project key', hint: 'OPS' },
    issueType: { label: 'Issue type', hint: 'Empty: Task' },
    key: {
      label: 'API token or personal access token',
      hint: 'Cloud: an API token of that account. Data Center: a personal access token',
    },
    username: {
      label: 'Account e-mail (Jira Cloud)',
      hint: 'Leave empty on Data Center (the token is sent as a bearer token)',
    },
    statuses: { done: 'Done', wontDo: "Won't Do" },
  },
  linear: {
    label: 'Linear',
    url: {
      label: 'Linear API URL',
      hint: 'https://api.linear.app',
      default: 'https://api.linear.app',
    },
    project: { label: 'Team key', hint: 'ENG' },
    issueType: { label: 'Label for new issues', hint: 'Empty: no extra label' },
    key: { label: 'API key', hint: 'Settings → Security & access → Personal API keys' },
    statuses: { done: "the team's first completed state", wontDo: 'its first canceled state' },
  },
};

/** Admins: where each team's action items go (Redmine, GitHub, Jira, Linear; docs/trackers.md). */
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
        due date stay in step both ways; deleting on one side never deletes on the other.
        Credentials are stored encrypted and never shown again.
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
            No tracker yet. Add your Redmine, GitHub repository, Jira project or Linear team below:
            its address, the project and the credentials issues are written with.
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
                  <Fragment key={target.id}>
                    <tr>
                      <td>
                        {target.name}
                        <div className="small muted">
                          {KINDS[target.kind]?.label ?? target.kind}
                        </div>
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
                      <td className="row-actions stacked">
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
                          Replace the credentials
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
                      </td>
                    </tr>
                    {(webhook === target.id || rotating === target.id) && (
                      <tr>
                        <td colSpan={7}>
                          {webhook === target.id && <WebhookSetupPanel target={target} />}
                          {rotating === target.id && (
                            <RotateKey
                              target={target}
                              onDone={() => {
                                setRotating(null);
                                setMessage(`New credentials saved for ${target.name}.`);
                              }}
                            />
                          )}
                        </td>
                      </tr>
                    )}
                  </Fragment>
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
  const kind = KINDS[target.kind];
  const [apiKey, setApiKey] = useState('');
  const [username, setUsername] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        target,
        patch: {
          credentials: {
            apiKey: apiKey.trim(),
            ...(username.trim() ? { username: username.trim() } : {}),
          },
        },
      },
      { onSuccess: onDone, onError: setError },
    );
  };
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form className="form" onSubmit={submit} aria-label={`New credentials for ${target.name}`}>
      {kind?.username && (
        <Field
          label={kind.username.label}
          hint={kind.username.hint}
          value={username}
          onValue={setUsername}
          errors={errors['credentials.username']}
        />
      )}
      <Field label={`New ${kind?.key.label ?? 'API key'}`} errors={errors['credentials.apiKey']}>
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
        Save the credentials
      </button>
    </form>
  );
}

function NewTrackerTarget() {
  const { create } = useTrackerTargetMutations();
  const [draft, setDraft] = useState({
    kind: 'redmine' as TrackerKind,
    username: '',
    inProgress: '',
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
  const kind = KINDS[draft.kind];
  const chooseKind = (next: TrackerKind) =>
    set({
      kind: next,
      // The address follows the kind while it is still the previous kind's default.
      baseUrl:
        !draft.baseUrl.trim() || draft.baseUrl === kind.url.default
          ? KINDS[next].url.default
          : draft.baseUrl,
    });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved('');
    const statuses = kind.inProgressLabel
      ? { ...(draft.inProgress.trim() ? { in_progress: draft.inProgress.trim() } : {}) }
      : {
          ...(draft.done.trim() ? { done: draft.done.trim() } : {}),
          ...(draft.wontDo.trim() ? { wont_do: draft.wontDo.trim() } : {}),
        };
    const body: TrackerTargetBody = {
      name: draft.name.trim(),
      kind: draft.kind,
      team: draft.team.trim() || null,
      baseUrl: draft.baseUrl.trim(),
      project: draft.project.trim(),
      issueType: draft.issueType.trim() || null,
      createOnApproval: draft.createOnApproval,
      ...(Object.keys(statuses).length ? { fieldMapping: { statuses } } : {}),
      credentials: {
        apiKey: draft.apiKey.trim(),
        ...(kind.username && draft.username.trim() ? { username: draft.username.trim() } : {}),
      },
    };
    create.mutate(body, {
      onSuccess: (target) => {
        setSaved(`Added ${target.name}. Test it from the table.`);
        setDraft({ ...draft, name: '', apiKey: '', username: '' });
      },
      onError: setError,
    });
  };

  return (
    <section className="card" aria-labelledby="new-tracker-title">
      <h2 id="new-tracker-title">Add a tracker</h2>
      <form className="form" onSubmit={submit} noValidate aria-label="Add a tracker target">
        <div className="row">
          <Field label="Tracker" errors={errors.kind}>
            {(props) => (
              <select
                {...props}
                value={draft.kind}
                onChange={(event) => chooseKind(event.currentTarget.value as TrackerKind)}
              >
                {TRACKER_KINDS.map((value) => (
                  <option key={value} value={value}>
                    {KINDS[value].label}
                  </option>
                ))}
              </select>
            )}
          </Field>
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
            label={kind.url.label}
            hint={kind.url.hint}
            value={draft.baseUrl}
            onValue={(baseUrl) => set({ baseUrl })}
            errors={errors.baseUrl}
          />
          <Field
            label={kind.project.label}
            hint={kind.project.hint}
            value={draft.project}
            onValue={(project) => set({ project })}
            errors={errors.project}
          />
          <Field
            label={kind.issueType.label}
            hint={kind.issueType.hint}
            value={draft.issueType}
            onValue={(issueType) => set({ issueType })}
            errors={errors.issueType}
          />
        </div>
        <div className="row">
          {kind.username && (
            <Field
              label={kind.username.label}
              hint={kind.username.hint}
              value={draft.username}
              onValue={(username) => set({ username })}
              errors={errors['credentials.username']}
            />
          )}
          <Field
            label={kind.key.label}
            hint={kind.key.hint}
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
          {kind.statuses && (
            <>
              <Field
                label="Status for done"
                hint={`Default: ${kind.statuses.done}`}
                value={draft.done}
                onValue={(done) => set({ done })}
              />
              <Field
                label="Status for won't do"
                hint={`Default: ${kind.statuses.wontDo}`}
                value={draft.wontDo}
                onValue={(wontDo) => set({ wontDo })}
              />
            </>
          )}
          {kind.inProgressLabel && (
            <Field
              label="Label for in progress"
              hint="Default: in progress (closed as completed: done; as not planned: won't do)"
              value={draft.inProgress}
              onValue={(inProgress) => set({ inProgress })}
            />
          )}
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
          shownFields={['kind', 'name', 'team', 'baseUrl', 'project', 'issueType', 'credentials']}
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
