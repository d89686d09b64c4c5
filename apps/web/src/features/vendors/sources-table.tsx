import { useState } from 'react';
import type { PollNowResult, StatusSource, Vendor } from '@rca/api-contract';
import { ActionList } from '../../components/action-list';
import { BROWSER_ZONE, formatInZone } from '../../time';
import { FormError } from '../../ui';
import { useSourceMutations } from './queries';
import { SourceForm } from './source-form';

export const when = (iso: string | null | undefined) =>
  iso ? formatInZone(iso, BROWSER_ZONE) : '—';

function HealthBadge({ source }: { source: StatusSource }) {
  if (!source.enabled) return <span className="badge health-off">Disabled</span>;
  if (source.health.degraded) return <span className="badge health-degraded">Degraded</span>;
  if (!source.health.lastPolledAt) return <span className="badge">Not polled yet</span>;
  if (source.health.consecutiveFailures > 0)
    return <span className="badge health-failing">Failing</span>;
  return <span className="badge health-ok">Healthy</span>;
}

/** One line saying what a "Poll now" did. */
export function pollSummary(result: PollNowResult): string {
  switch (result.outcome) {
    case 'imported': {
      const c = result.changes;
      if (!c) return 'Imported.';
      const parts = [
        c.newIncidents.length && `${c.newIncidents.length} new incident(s)`,
        c.newUpdates && `${c.newUpdates} new update(s)`,
        c.editedUpdates && `${c.editedUpdates} edited update(s)`,
        c.leftPage.length && `${c.leftPage.length} left the page`,
        c.componentChanges && `${c.componentChanges} component change(s)`,
        result.suggestions?.length && `${result.suggestions.length} new suggestion(s)`,
      ].filter(Boolean);
      return `Imported in ${result.latencyMs ?? '?'} ms: ${parts.length ? parts.join(', ') : 'changes to existing incidents'}.`;
    }
    case 'unchanged':
    case 'not_modified':
      return `No change on the page (${result.latencyMs ?? '?'} ms).`;
    case 'stale':
      return 'The page answered with an older version than the last import; nothing imported.';
    case 'failed':
      return `Failed: ${result.kind ?? 'error'} — ${result.message ?? ''}`;
    case 'skipped':
      return `Skipped: ${result.reason ?? ''}`;
  }
}

/**
 * A vendor's status sources with their health. Five columns, the format and interval under the
 * URL and the counters under the badge, and the admin's actions wrapping in the last column, so
 * the table fits a 1280 px screen without scrolling sideways.
 */
export function SourcesTable({
  vendor,
  sources,
  isAdmin,
}: {
  vendor: Vendor;
  sources: StatusSource[];
  isAdmin: boolean;
}) {
  const mutations = useSourceMutations();
  const [editing, setEditing] = useState<string>();
  const [polled, setPolled] = useState<Record<string, PollNowResult>>({});
  const pollingId = mutations.pollNow.isPending ? mutations.pollNow.variables?.id : undefined;
  const failure =
    mutations.pollNow.error ?? mutations.setEnabled.error ?? mutations.remove.error ?? null;
  if (sources.length === 0)
    return (
      <p className="muted small">
        No status source yet.{' '}
        {isAdmin
          ? 'Add the URL of its status page below.'
          : 'An admin can add the URL of its status page.'}
      </p>
    );
  return (
    <>
      {failure !== null && (
        <FormError
          error={failure}
          shownFields={[]}
          onReload={() => {
            mutations.pollNow.reset();
            mutations.setEnabled.reset();
            mutations.remove.reset();
          }}
        />
      )}
      <ActionList
        label={`${vendor.name} status sources`}
        items={sources}
        itemKey={(source) => source.id}
        editing={editing}
        renderEditor={(source) => (
          <SourceForm vendor={vendor} source={source} onDone={() => setEditing(undefined)} />
        )}
        columns={[
          {
            header: 'Source',
            className: 'url-cell',
            cell: (source) => (
              <>
                <code>{source.url}</code>
                <br />
                <span className="small">
                  {source.format}
                  {source.format === 'auto' && source.detectedFormat
                    ? ` (${source.detectedFormat})`
                    : ''}
                  , every {source.pollIntervalSeconds} s
                </span>
              </>
            ),
          },
          {
            header: 'Health',
            cell: (source) => (
              <>
                <HealthBadge source={source} />
                <br />
                <span className="small nowrap">
                  {source.health.consecutiveFailures} failure
                  {source.health.consecutiveFailures === 1 ? '' : 's'} in a row
                </span>
                <br />
                <span className="small nowrap">
                  latency{' '}
                  {source.health.lastLatencyMs === null ? '—' : `${source.health.lastLatencyMs} ms`}
                </span>
              </>
            ),
          },
          {
            header: 'Last poll / success',
            className: 'poll-cell',
            cell: (source) => (
              <>
                <span className="nowrap">polled {when(source.health.lastPolledAt)}</span>
                <br />
                <span className="nowrap">success {when(source.health.lastSuccessAt)}</span>
                {polled[source.id] && (
                  <p className="small" role="status" data-testid="poll-outcome">
                    {pollSummary(polled[source.id]!)}
                  </p>
                )}
              </>
            ),
          },
          {
            header: 'Last error',
            className: 'error-cell',
            cell: (source) =>
              source.health.lastErrorKind ? (
                <>
                  <code>{source.health.lastErrorKind}</code> {source.health.lastErrorMessage}
                  <br />
                  <span className="muted small">{when(source.health.lastErrorAt)}</span>
                </>
              ) : (
                '—'
              ),
          },
        ]}
        actions={(source) =>
          isAdmin
            ? [
                {
                  label: pollingId === source.id ? 'Polling…' : 'Poll now',
                  ariaLabel: `Poll ${source.url} now`,
                  disabled: pollingId === source.id,
                  onClick: () =>
                    mutations.pollNow.mutate(source, {
                      onSuccess: (result) =>
                        setPolled((results) => ({ ...results, [source.id]: result })),
                    }),
                },
                {
                  label: source.enabled ? 'Disable' : 'Enable',
                  ariaLabel: `${source.enabled ? 'Disable' : 'Enable'} ${source.url}`,
                  disabled: mutations.setEnabled.isPending,
                  onClick: () => mutations.setEnabled.mutate(source),
                },
                {
                  label: 'Edit',
                  ariaLabel: `Edit ${source.url}`,
                  onClick: () => setEditing(source.id),
                },
                {
                  label: 'Delete',
                  ariaLabel: `Delete ${source.url}`,
                  danger: true,
                  disabled: mutations.remove.isPending,
                  confirm: `Delete the status source ${source.url}? Its imported incidents stay; polling stops.`,
                  onClick: () => mutations.remove.mutate(source),
                },
              ]
            : []
        }
      />
    </>
  );
}
