import type { ActionItem, PostmortemTrackerLinks } from '@rca/api-contract';
import { useRequestIssue } from './queries';

/**
 * The action item's issue in its team's tracker: the key as a link (and its sync state), or
 * "Create in <tracker>" when a target serves the team. Nothing when no tracker is configured.
 */
export function TrackerIssue({
  item,
  links,
  canWrite,
  onError,
}: {
  item: ActionItem;
  links: PostmortemTrackerLinks | undefined;
  canWrite: boolean;
  onError: (error: unknown) => void;
}) {
  const requestIssue = useRequestIssue(item.postmortemId);
  const link = links?.items.find((candidate) => candidate.actionItemId === item.id);
  const target = links?.target;
  const ask = () => requestIssue.mutate(item.id, { onError });
  if (!link) {
    if (!target || !canWrite) return <span className="muted">—</span>;
    return (
      <button
        type="button"
        className="link-button"
        aria-label={`Create ${item.title} in ${target.name}`}
        disabled={requestIssue.isPending}
        onClick={ask}
      >
        Create in {target.name}
      </button>
    );
  }
  switch (link.state) {
    case 'creating':
      return <span className="muted">Creating in {target?.name ?? 'the tracker'}…</span>;
    case 'linked':
      return (
        <span title={link.lastError ?? (link.lastSyncedAt ? `Synced ${link.lastSyncedAt}` : '')}>
          <a href={link.url ?? undefined} rel="noreferrer noopener" target="_blank">
            {link.externalKey}
          </a>
          {link.lastError && (
            <span className="tag unlinked" title={link.lastError}>
              sync failing
            </span>
          )}
        </span>
      );
    case 'failed':
      return (
        <span>
          <span className="field-error" title={link.lastError ?? undefined}>
            Not created: {link.lastError}
          </span>{' '}
          {canWrite && (
            <button
              type="button"
              className="link-button"
              disabled={requestIssue.isPending}
              onClick={ask}
            >
              Try again
            </button>
          )}
        </span>
      );
    case 'deleted_remotely':
      return (
        <span className="muted" title="Deleted in the tracker; the action item is kept here">
          {link.externalKey} deleted there
        </span>
      );
    default:
      return <span className="muted">{link.externalKey ?? '—'}</span>;
  }
}
