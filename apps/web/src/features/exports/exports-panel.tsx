import {
  EXPORT_FORMATS,
  EXPORT_VARIANTS,
  type ExportRun,
  type Postmortem,
} from '@rca/api-contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { exportUrl } from '../../api';
import { useSession } from '../../session';
import { ErrorBox, humanize, Loading, LoadMore } from '../../ui';
import { useAllExportTargets, useExportMutations, useExportRuns } from './queries';

const FORMAT_LABELS: Record<string, string> = {
  markdown: 'Markdown',
  html: 'HTML page',
  confluence: 'Confluence storage',
  mediawiki: 'MediaWiki',
  json: 'JSON',
};

/**
 * The exports of one postmortem: downloads in every format and variant, the targets (admins),
 * "Push now" (managers and admins) with the progress of the runs, and the push history.
 */
export function ExportsPanel({ postmortem }: { postmortem: Postmortem }) {
  const { user } = useSession();
  const isAdmin = user?.role === 'admin';
  const canPush = user?.role === 'manager' || user?.role === 'admin';
  // While a run is pending, the history is read again every second (see useExportRuns).
  const runs = useExportRuns(postmortem.id, postmortem.version);
  const targets = useAllExportTargets(isAdmin);
  const { push } = useExportMutations();
  const [targetId, setTargetId] = useState('');
  const pushError = push.error;
  const pushing = push.isPending;
  const queued = push.data?.map((run) => run.id) ?? null;
  const pending = (runs.items ?? []).some((run) => run.status === 'pending');

  const applicable = (targets.data ?? []).filter(
    (target) => target.team === null || target.team === postmortem.team,
  );
  const targetName = (run: ExportRun) =>
    targets.data?.find((target) => target.id === run.targetId)?.name ??
    `${run.targetKind} ${run.targetId.slice(0, 8)}`;

  const pushNow = () =>
    push.mutate({
      postmortemId: postmortem.id,
      body: { targetId: targetId || undefined, force: true },
    });

  const latest = (runs.items ?? []).filter((run) => queued?.includes(run.id));

  return (
    <section className="card exports" aria-labelledby="exports-title">
      <h2 id="exports-title">Exports</h2>

      <h3>Download</h3>
      <p className="small muted">
        The public variant leaves out internal sections and redacts e-mail addresses and the names
        of the people on the record.
      </p>
      <div className="table-wrap">
        <table className="export-downloads">
          <caption className="visually-hidden">Downloads</caption>
          <thead>
            <tr>
              <th scope="col">Format</th>
              {EXPORT_VARIANTS.map((variant) => (
                <th scope="col" key={variant}>
                  {humanize(variant)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {EXPORT_FORMATS.map((format) => (
              <tr key={format}>
                <th scope="row">{FORMAT_LABELS[format]}</th>
                {EXPORT_VARIANTS.map((variant) => (
                  <td key={variant}>
                    <a
                      href={exportUrl(postmortem.id, format, variant)}
                      download
                      aria-label={`Download ${FORMAT_LABELS[format]} (${variant})`}
                    >
                      {format} · {variant}
                    </a>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Targets</h3>
      {!isAdmin && (
        <p className="small muted">
          Export targets are managed by admins; the history below shows every push.
        </p>
      )}
      {isAdmin && targets.error && (
        <ErrorBox error={targets.error} onRetry={() => void targets.refetch()} />
      )}
      {isAdmin && !targets.data && !targets.error && <Loading what="the export targets" />}
      {isAdmin && targets.data && applicable.length === 0 && (
        <p className="small muted">
          No target applies to this postmortem. Add one on the{' '}
          <Link to="/export-targets">export targets</Link> page.
        </p>
      )}
      {isAdmin && applicable.length > 0 && (
        <ul className="export-targets-list">
          {applicable.map((target) => (
            <li key={target.id}>
              <strong>{target.name}</strong> ({target.kind}, {target.variant}
              {target.team ? `, team ${target.team}` : ', every team'})
              {!target.enabled && <span className="badge">disabled</span>}
            </li>
          ))}
        </ul>
      )}
      {canPush && (
        <div className="actions">
          {isAdmin && applicable.length > 0 && (
            <label>
              Push to{' '}
              <select value={targetId} onChange={(event) => setTargetId(event.currentTarget.value)}>
                <option value="">every enabled target</option>
                {applicable
                  .filter((target) => target.enabled)
                  .map((target) => (
                    <option key={target.id} value={target.id}>
                      {target.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <button type="button" onClick={pushNow} disabled={pushing || pending}>
            {pushing ? 'Queuing…' : 'Push now'}
          </button>
        </div>
      )}
      {pushError !== null && <ErrorBox error={pushError} />}
      {queued === null ? null : (
        <div className="export-progress" role="status" aria-live="polite">
          {queued.length === 0 && 'No enabled target applies: nothing was pushed.'}
          {latest.map((run) => (
            <p key={run.id}>
              {targetName(run)}: {run.status === 'pending' && `pushing… (attempt ${run.attempts})`}
              {run.status === 'succeeded' &&
                `succeeded after ${run.attempts} attempt${run.attempts === 1 ? '' : 's'}`}
              {run.status === 'failed' &&
                `failed after ${run.attempts} attempt${run.attempts === 1 ? '' : 's'}: ${run.error ?? ''}`}
              {run.externalUrl && (
                <>
                  {' '}
                  <a href={run.externalUrl} rel="noreferrer noopener" target="_blank">
                    Open the page
                  </a>
                </>
              )}
            </p>
          ))}
        </div>
      )}

      <h3>Push history</h3>
      {runs.error && <ErrorBox error={runs.error} onRetry={runs.reload} />}
      {!runs.items && !runs.error && <Loading what="the push history" />}
      {runs.items && runs.items.length === 0 && (
        <p className="small muted">
          Not pushed anywhere yet. Publishing pushes to every enabled target of the team.
        </p>
      )}
      {runs.items && runs.items.length > 0 && (
        <div className="table-wrap">
          <table className="export-history">
            <caption className="visually-hidden">Push history</caption>
            <thead>
              <tr>
                <th scope="col">Target</th>
                <th scope="col">Revision</th>
                <th scope="col">Outcome</th>
                <th scope="col">Attempts</th>
                <th scope="col">External page</th>
                <th scope="col">Checksum</th>
                <th scope="col">Time</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {runs.items.map((run) => (
                <tr key={run.id} className={`run-${run.status}`}>
                  <td>{targetName(run)}</td>
                  <td>{run.revision}</td>
                  <td>
                    <span className={`badge run-status-${run.status}`}>{humanize(run.status)}</span>
                    {run.trigger === 'publish' && <span className="small muted"> on publish</span>}
                  </td>
                  <td>{run.attempts}</td>
                  <td>
                    {run.externalUrl ? (
                      <a href={run.externalUrl} rel="noreferrer noopener" target="_blank">
                        {run.externalId ?? run.externalUrl}
                      </a>
                    ) : (
                      (run.externalId ?? '—')
                    )}
                    {run.externalRevision && (
                      <span className="small muted"> @ {run.externalRevision.slice(0, 12)}</span>
                    )}
                  </td>
                  <td>
                    {run.checksum ? (
                      <code title={run.checksum}>{run.checksum.slice(0, 10)}</code>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <time dateTime={run.finishedAt ?? run.createdAt}>
                      {new Date(run.finishedAt ?? run.createdAt).toLocaleString()}
                    </time>
                  </td>
                  <td className="run-error">{run.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LoadMore list={runs} what="pushes" />
    </section>
  );
}
