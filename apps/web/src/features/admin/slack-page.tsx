import { useState, type FormEvent } from 'react';
import { formatInZone, BROWSER_ZONE } from '../../time';
import { ErrorBox, Field, fieldErrorsOf, FormError, Loading } from '../../ui';
import { useCheckSlackConnection, useSaveSlackSettings, useSlackSettings } from '../slack/queries';

/** Admins: the Slack app's signing secret, bot token and workspace (docs/slack.md). */
export function SlackSettingsPage() {
  const settings = useSlackSettings();
  const save = useSaveSlackSettings();
  const check = useCheckSlackConnection();
  const [signingSecret, setSigningSecret] = useState('');
  const [botToken, setBotToken] = useState('');
  const [teamId, setTeamId] = useState<string | null>(null);
  if (settings.isPending) return <Loading what="Slack settings" />;
  if (settings.isError)
    return <ErrorBox error={settings.error} onRetry={() => void settings.refetch()} />;
  const current = settings.data;
  const team = teamId ?? current.teamId ?? '';
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      {
        version: current.version,
        ...(signingSecret ? { signingSecret } : {}),
        ...(botToken ? { botToken } : {}),
        teamId: team.trim() ? team.trim() : null,
      },
      {
        onSuccess: () => {
          setSigningSecret('');
          setBotToken('');
          setTeamId(null);
        },
      },
    );
  }
  const origin = window.location.origin;
  return (
    <>
      <h1>Slack app</h1>
      <p className="muted">
        Install the app from the manifest in docs/slack.md, then paste its secrets here. They are
        stored encrypted and never shown again.
      </p>
      <section className="card" aria-labelledby="slack-status">
        <h2 id="slack-status">Status</h2>
        <p role="status">
          {current.configured ? 'Configured' : 'Not configured'} · signing secret{' '}
          {current.signingSecretSet ? 'set' : 'not set'} · bot token{' '}
          {current.botTokenSet ? 'set' : 'not set'}
          {current.updatedAt && (
            <>
              {' '}
              · saved by {current.updatedBy} on {formatInZone(current.updatedAt, BROWSER_ZONE)}
            </>
          )}
        </p>
        {current.configured && (
          <p className="actions">
            <button
              type="button"
              className="secondary"
              disabled={check.isPending}
              onClick={() => check.mutate()}
            >
              Check connection
            </button>{' '}
            {check.data && (
              <span role="status">
                {check.data.ok
                  ? `Connected to ${check.data.team ?? check.data.teamId} (${check.data.teamId}) as bot ${check.data.botUserId}`
                  : `Slack refused: ${check.data.error}`}
              </span>
            )}
          </p>
        )}
        {check.error && <ErrorBox error={check.error} />}
        <p>
          Request URLs: slash command <code>{origin}/api/slack/commands</code>, interactivity{' '}
          <code>{origin}/api/slack/interactions</code>
        </p>
      </section>
      <form className="form" onSubmit={submit} aria-label="Slack app settings">
        <Field
          label="Signing secret"
          type="password"
          autoComplete="off"
          value={signingSecret}
          onValue={setSigningSecret}
          hint={
            current.signingSecretSet
              ? 'Leave empty to keep the stored one'
              : 'Basic Information → App Credentials'
          }
          errors={fieldErrorsOf(save.error, 'signingSecret')}
        />
        <Field
          label="Bot token"
          type="password"
          autoComplete="off"
          value={botToken}
          onValue={setBotToken}
          placeholder="xoxb-…"
          hint={
            current.botTokenSet
              ? 'Leave empty to keep the stored one'
              : 'OAuth & Permissions → Bot User OAuth Token'
          }
          errors={fieldErrorsOf(save.error, 'botToken')}
        />
        <Field
          label="Workspace id (optional)"
          value={team}
          onValue={setTeamId}
          placeholder="T0123ABCD"
          hint="Requests from any other workspace are refused"
          errors={fieldErrorsOf(save.error, 'teamId')}
        />
        <p className="actions">
          <button type="submit" disabled={save.isPending}>
            Save
          </button>
        </p>
        {save.isSuccess && <p role="status">Saved.</p>}
        <FormError
          error={save.error}
          shownFields={['signingSecret', 'botToken', 'teamId']}
          onReload={() => {
            save.reset();
            void settings.refetch();
          }}
        />
      </form>
    </>
  );
}
