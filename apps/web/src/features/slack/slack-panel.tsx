import { useState, type FormEvent } from 'react';
import type { SlackImport, SlackMessage } from '@rca/api-contract';
import { MarkdownView } from '../../markdown-view';
import { formatInZone, localToIso, toLocalInput } from '../../time';
import { Empty, ErrorBox, Field, fieldErrorsOf, FormError, humanize, Loading } from '../../ui';
import { useProposedMessages, useSlackMutations, useSlackOverview } from './queries';

/** The window an import covers by default: the incident's start − 1 h to its resolution (or now). */
function defaultWindow(startedAt: string, resolvedAt: string | null, zone: string) {
  const from = new Date(Date.parse(startedAt) - 3_600_000).toISOString();
  const to = resolvedAt ?? new Date().toISOString();
  return { from: toLocalInput(from, zone), to: toLocalInput(to, zone) };
}

function ImportState({ item, zone }: { item: SlackImport; zone: string }) {
  return (
    <li>
      {humanize(item.origin)} of <code>{item.channelId}</code>, {formatInZone(item.fromAt, zone)} –{' '}
      {formatInZone(item.toAt, zone)}: <strong>{item.state}</strong>
      {item.state === 'done' && ` (${item.proposed} new)`}
      {item.error && <span className="field-error"> {item.error}</span>}
    </li>
  );
}

function ProposedMessage({
  message,
  zone,
  busy,
  onDecide,
}: {
  message: SlackMessage;
  zone: string;
  busy: boolean;
  onDecide: (decision: 'accept' | 'dismiss') => void;
}) {
  return (
    <li
      className="card proposed-message"
      aria-label={`Slack message by ${message.authorName ?? 'unknown'}`}
    >
      <p className="muted">
        <time dateTime={message.occurredAt}>{formatInZone(message.occurredAt, zone)}</time> ·{' '}
        <strong>{message.authorName ?? message.authorId ?? 'unknown'}</strong>
        {message.authorZone && <> ({message.authorZone})</>} · {humanize(message.origin)}
        {message.permalink && (
          <>
            {' '}
            · <a href={message.permalink}>View in Slack</a>
          </>
        )}
      </p>
      <MarkdownView source={message.body} />
      <p className="actions">
        <button type="button" disabled={busy} onClick={() => onDecide('accept')}>
          Accept
        </button>{' '}
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => onDecide('dismiss')}
        >
          Dismiss
        </button>
      </p>
    </li>
  );
}

/**
 * Slack on the incident page: linked channels, importing a channel window (history through the
 * app, or an export archive), and the proposed messages a person accepts into the timeline or
 * dismisses.
 */
export function SlackPanel({
  reference,
  startedAt,
  resolvedAt,
  zone,
  canWrite,
}: {
  reference: string;
  startedAt: string;
  resolvedAt: string | null;
  zone: string;
  canWrite: boolean;
}) {
  const overview = useSlackOverview(reference);
  // While a history import runs, its proposed messages are picked up as they arrive.
  const pending = overview.data?.imports.some((item) => item.state === 'pending') ?? false;
  const proposed = useProposedMessages(reference, pending);
  const mutations = useSlackMutations(reference);
  const initial = defaultWindow(startedAt, resolvedAt, zone);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [archive, setArchive] = useState<File | null>(null);
  const [channel, setChannel] = useState('');
  const channels = overview.data?.channels ?? [];
  const window = () => ({ from: localToIso(from, zone) ?? from, to: localToIso(to, zone) ?? to });

  function importHistory(event: FormEvent) {
    event.preventDefault();
    mutations.importHistory.mutate(window());
  }
  function importArchive(event: FormEvent) {
    event.preventDefault();
    if (!archive) return;
    mutations.importArchive.mutate({ file: archive, channel, ...window() });
  }
  const items = proposed.data?.items;
  return (
    <>
      {overview.isError && (
        <ErrorBox error={overview.error} onRetry={() => void overview.refetch()} />
      )}
      {overview.data && (
        <p>
          {channels.length === 0 ? (
            <>
              No channel is linked. In the incident channel, run <code>/rca link {reference}</code>.
            </>
          ) : (
            <>
              Linked channel{channels.length > 1 ? 's' : ''}:{' '}
              {channels.map((c) => (
                <code key={c.channelId}>#{c.channelName ?? c.channelId}</code>
              ))}
            </>
          )}
        </p>
      )}
      {canWrite && (
        <form className="form" onSubmit={importHistory} aria-label="Import a channel window">
          <div className="row">
            <Field
              label={`From (${zone})`}
              type="datetime-local"
              value={from}
              onValue={setFrom}
              errors={fieldErrorsOf(
                mutations.importHistory.error ?? mutations.importArchive.error,
                'from',
              )}
            />
            <Field
              label={`To (${zone})`}
              type="datetime-local"
              value={to}
              onValue={setTo}
              errors={fieldErrorsOf(
                mutations.importHistory.error ?? mutations.importArchive.error,
                'to',
              )}
            />
          </div>
          <p className="actions">
            <button
              type="submit"
              disabled={channels.length === 0 || mutations.importHistory.isPending}
            >
              Import the channel’s messages
            </button>
          </p>
          <FormError error={mutations.importHistory.error} shownFields={['from', 'to']} />
        </form>
      )}
      {canWrite && (
        <details className="add-form">
          <summary>Import from a Slack export (.zip)</summary>
          <form className="form" onSubmit={importArchive} aria-label="Import a Slack export">
            <div className="row">
              <Field label="Export archive">
                {(control) => (
                  <input
                    {...control}
                    type="file"
                    accept=".zip,application/zip"
                    onChange={(event) => setArchive(event.target.files?.[0] ?? null)}
                  />
                )}
              </Field>
              <Field
                label="Channel name"
                value={channel}
                onValue={setChannel}
                placeholder="inc-cloudflare"
              />
            </div>
            <p className="muted">Uses the window above.</p>
            <p className="actions">
              <button
                type="submit"
                disabled={!archive || !channel || mutations.importArchive.isPending}
              >
                Upload and import
              </button>
            </p>
            {mutations.importArchive.data && (
              <p role="status">
                {mutations.importArchive.data.found} messages found,{' '}
                {mutations.importArchive.data.proposed} new.
              </p>
            )}
            <FormError error={mutations.importArchive.error} shownFields={['from', 'to']} />
          </form>
        </details>
      )}
      {overview.data && overview.data.imports.length > 0 && (
        <ul className="muted" aria-label="Recent imports">
          {overview.data.imports.slice(0, 5).map((item) => (
            <ImportState key={item.id} item={item} zone={zone} />
          ))}
        </ul>
      )}
      <h3>Proposed timeline events{items ? ` (${items.length})` : ''}</h3>
      {proposed.isPending && <Loading what="proposed events" />}
      {proposed.isError && (
        <ErrorBox error={proposed.error} onRetry={() => void proposed.refetch()} />
      )}
      {mutations.decide.error && <FormError error={mutations.decide.error} shownFields={[]} />}
      {items && items.length === 0 && (
        <Empty title="Nothing proposed">
          Imported Slack messages wait here until someone accepts or dismisses them.
        </Empty>
      )}
      {items && items.length > 0 && (
        <ol className="proposed-messages">
          {items.map((message) => (
            <ProposedMessage
              key={message.id}
              message={message}
              zone={zone}
              busy={!canWrite || mutations.decide.isPending}
              onDecide={(decision) => mutations.decide.mutate({ id: message.id, decision })}
            />
          ))}
        </ol>
      )}
    </>
  );
}
