import type { Postmortem, PostmortemDiff, ReviewChecklist } from '@rca/api-contract';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../session';
import { formatInZone } from '../../time';
import { ErrorBox, Field, FormError, humanize, Loading } from '../../ui';
import { placeholderSections } from './placeholders';
import { useDiff, useReviews, useRevisions, useWorkflowMutations } from './queries';

/** The SRE book's postmortem review checklist (an approval needs every item). */
const CHECKLIST: Array<[keyof ReviewChecklist, string]> = [
  ['keyDataCollected', 'Key incident data collected for posterity'],
  ['impactComplete', 'Impact assessments complete'],
  ['rootCauseDeepEnough', 'Root cause sufficiently deep'],
  ['actionsAppropriate', 'Action plan appropriate, bug priorities right'],
  ['sharedWithStakeholders', 'Outcome shared with relevant stakeholders'],
];

const EMPTY_CHECKLIST: ReviewChecklist = {
  keyDataCollected: false,
  impactComplete: false,
  rootCauseDeepEnough: false,
  actionsAppropriate: false,
  sharedWithStakeholders: false,
};

/** Submit, review, publish, reopen (each enabled by the status), regenerate, and the reviews. */
export function PostmortemWorkflow({
  postmortem,
  unsaved,
  onChanged,
}: {
  postmortem: Postmortem;
  unsaved: boolean;
  onChanged: () => void;
}) {
  const { user } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [checklist, setChecklist] = useState<ReviewChecklist>(EMPTY_CHECKLIST);
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState('');
  const reviews = useReviews(postmortem);
  const workflow = useWorkflowMutations(postmortem);
  const busy =
    workflow.move.isPending || workflow.review.isPending || workflow.regenerate.isPending;
  const status = postmortem.status;
  const isReviewer = Boolean(user?.email && postmortem.requiredReviewers.includes(user.email));

  const start = () => {
    setError(null);
    setOutcome('');
  };
  const move = (action: 'submit' | 'publish' | 'reopen') => {
    start();
    workflow.move.mutate(action, {
      onSuccess: () =>
        setOutcome(
          action === 'submit'
            ? `Submitted. ${postmortem.requiredReviewers.join(', ')} ${postmortem.requiredReviewers.length === 1 ? 'was' : 'were'} told a review waits for them.`
            : '',
        ),
      onError: setError,
    });
  };
  const regenerate = () => {
    start();
    workflow.regenerate.mutate(undefined, { onSuccess: onChanged, onError: setError });
  };
  const review = (decision: 'approved' | 'changes_requested') => (event?: FormEvent) => {
    event?.preventDefault();
    start();
    workflow.review.mutate(
      { decision, checklist, comment: comment.trim() || undefined },
      {
        onSuccess: (result) =>
          setOutcome(
            result.approvalsMissing.length
              ? `Recorded. Still waiting for: ${result.approvalsMissing.join(', ')}.`
              : `Recorded: ${humanize(result.postmortem.status)}.`,
          ),
        onError: setError,
      },
    );
  };

  return (
    <section className="card pm-workflow" aria-labelledby="workflow-title">
      <h2 id="workflow-title">Review and publication</h2>
      <p className="small">
        draft → in review → approved (every required reviewer) → published. Now:{' '}
        <strong>{humanize(status)}</strong>.
        {postmortem.requiredReviewers.length > 0
          ? ` Required reviewers: ${postmortem.requiredReviewers.join(', ')}.`
          : ' Name at least one required reviewer before submitting.'}
      </p>
      {unsaved && <p className="small">Save your changes before moving the postmortem on.</p>}
      <div className="actions">
        <button
          type="button"
          disabled={busy || unsaved || status !== 'draft'}
          onClick={() => void move('submit')}
        >
          Submit for review
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy || status !== 'approved'}
          onClick={() => {
            const empty = placeholderSections(postmortem.sections);
            if (
              empty.length === 0 ||
              window.confirm(
                `These sections still have no content of their own: ${empty.join(', ')}. Publish anyway?`,
              )
            )
              void move('publish');
          }}
        >
          Publish
        </button>
        <button
          type="button"
          disabled={busy || status !== 'published'}
          onClick={() => void move('reopen')}
        >
          Reopen
        </button>
        <button type="button" disabled={busy || unsaved || status !== 'draft'} onClick={regenerate}>
          Draft the RCA again (generated sections)
        </button>
      </div>

      {status === 'in_review' && (
        <form className="form review-form" onSubmit={review('approved')} aria-label="Review">
          <fieldset>
            <legend>Review checklist</legend>
            {CHECKLIST.map(([key, label]) => (
              <label key={key} className="check checklist-item">
                <input
                  type="checkbox"
                  checked={checklist[key]}
                  onChange={(event) =>
                    setChecklist({ ...checklist, [key]: event.currentTarget.checked })
                  }
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
          <Field label="Comment">
            {(props) => (
              <textarea
                {...props}
                rows={3}
                value={comment}
                onChange={(event) => setComment(event.currentTarget.value)}
              />
            )}
          </Field>
          {!isReviewer && (
            <p className="small muted">
              You are not a required reviewer of this postmortem; the server will refuse your
              review.
            </p>
          )}
          <div className="actions">
            <button
              type="submit"
              className="button primary"
              disabled={busy || CHECKLIST.some(([key]) => !checklist[key])}
            >
              Approve
            </button>
            <button type="button" disabled={busy} onClick={() => review('changes_requested')()}>
              Request changes
            </button>
          </div>
        </form>
      )}
      {/* A 409 here means someone moved or saved it since this page loaded: reload it. */}
      <FormError error={error} shownFields={[]} onReload={onChanged} />
      {outcome && (
        <p className="notice" role="status">
          {outcome}
        </p>
      )}

      <h3>Reviews</h3>
      {reviews.error && <ErrorBox error={reviews.error} onRetry={() => void reviews.refetch()} />}
      {reviews.data && reviews.data.length === 0 && (
        <p className="small muted">No reviews yet. Submit the postmortem to ask for them.</p>
      )}
      {reviews.data && reviews.data.length > 0 && (
        <ul className="activity">
          {reviews.data.map((entry) => (
            <li key={entry.id}>
              <strong>{entry.reviewer}</strong> {humanize(entry.decision).toLowerCase()} revision{' '}
              {entry.revision} ·{' '}
              <time dateTime={entry.createdAt}>
                {formatInZone(entry.createdAt, postmortem.displayZone)}
              </time>
              {entry.comment && <p className="small">{entry.comment}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Revision history, and the diff between two of them. */
export function PostmortemHistory({ postmortem }: { postmortem: Postmortem }) {
  const revisions = useRevisions(postmortem);
  const diffQuery = useDiff();
  const [from, setFrom] = useState(Math.max(1, postmortem.revision - 1));
  const [to, setTo] = useState(postmortem.revision);
  const [diff, setDiff] = useState<PostmortemDiff | null>(null);
  const [error, setError] = useState<unknown>(null);

  const compare = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    diffQuery.mutate(
      { id: postmortem.id, from, to },
      {
        onSuccess: setDiff,
        onError: (caught) => {
          setDiff(null);
          setError(caught);
        },
      },
    );
  };

  const numbers = (revisions.data?.items ?? []).map((revision) => revision.number);
  return (
    <section className="card pm-history" aria-labelledby="history-title">
      <h2 id="history-title">Revision history</h2>
      {revisions.error && (
        <ErrorBox error={revisions.error} onRetry={() => void revisions.refetch()} />
      )}
      {!revisions.data && !revisions.error && <Loading what="the revisions" />}
      {revisions.data && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Revisions</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Sections changed</th>
              </tr>
            </thead>
            <tbody>
              {revisions.data.items.map((revision) => (
                <tr key={revision.id}>
                  <td>{revision.number}</td>
                  <td>
                    <time dateTime={revision.createdAt}>
                      {formatInZone(revision.createdAt, postmortem.displayZone)}
                    </time>
                  </td>
                  <td>{revision.author}</td>
                  <td>
                    {humanize(revision.reason)} ({humanize(revision.status).toLowerCase()})
                  </td>
                  <td>{revision.changedSections.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {numbers.length > 1 && (
        <form className="inline diff-form" onSubmit={compare} aria-label="Compare revisions">
          <label>
            From{' '}
            <select
              aria-label="From revision"
              value={from}
              onChange={(event) => setFrom(Number(event.currentTarget.value))}
            >
              {numbers.map((number) => (
                <option key={number} value={number}>
                  {number}
                </option>
              ))}
            </select>
          </label>{' '}
          <label>
            to{' '}
            <select
              aria-label="To revision"
              value={to}
              onChange={(event) => setTo(Number(event.currentTarget.value))}
            >
              {numbers.map((number) => (
                <option key={number} value={number}>
                  {number}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit">Show the differences</button>
        </form>
      )}
      <FormError error={error} shownFields={[]} />
      {diff && <DiffView diff={diff} />}
    </section>
  );
}

type Row = { left: string | null; right: string | null; kind: 'same' | 'changed' | 'hunk' };

/** Pairs the lines of a unified patch into before | after rows (removed beside added). */
export function sideBySide(lines: string[]): Row[] {
  const rows: Row[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    for (let index = 0; index < Math.max(removed.length, added.length); index++)
      rows.push({ left: removed[index] ?? null, right: added[index] ?? null, kind: 'changed' });
    removed = [];
    added = [];
  };
  for (const line of lines) {
    if (line.startsWith('-')) removed.push(line.slice(1));
    else if (line.startsWith('+')) added.push(line.slice(1));
    else {
      flush();
      if (line.startsWith('@@')) rows.push({ left: line, right: line, kind: 'hunk' });
      else if (line.startsWith(' '))
        rows.push({ left: line.slice(1), right: line.slice(1), kind: 'same' });
    }
  }
  flush();
  return rows;
}

/** The API's per-section patch, side by side (before | after) or unified. */
function DiffView({ diff }: { diff: PostmortemDiff }) {
  const [layout, setLayout] = useState<'side' | 'unified'>('side');
  if (diff.sections.length === 0 && !diff.titleChanged)
    return (
      <p role="status">
        Revisions {diff.from} and {diff.to} are the same.
      </p>
    );
  return (
    <div className="diff" aria-label={`Changes from revision ${diff.from} to ${diff.to}`}>
      <fieldset className="diff-layout">
        <legend className="visually-hidden">Diff layout</legend>
        <label className="check">
          <input
            type="radio"
            name="diff-layout"
            checked={layout === 'side'}
            onChange={() => setLayout('side')}
          />{' '}
          Side by side
        </label>
        <label className="check">
          <input
            type="radio"
            name="diff-layout"
            checked={layout === 'unified'}
            onChange={() => setLayout('unified')}
          />{' '}
          Unified
        </label>
      </fieldset>
      {diff.titleChanged && <p>The title changed.</p>}
      {diff.sections.map((section) => {
        // Drop the patch header (Index / === / --- / +++); keep hunks.
        const lines = (section.patch ?? '')
          .split('\n')
          .filter((line) => line !== '' && !/^(Index:|====|--- |\+\+\+ |\\ No newline)/.test(line));
        return (
          <section key={section.key} aria-label={`Changes in ${section.title}`}>
            <h3>{section.title}</h3>
            {section.internal.from !== section.internal.to && (
              <p className="small">
                Internal: {String(section.internal.from)} → {String(section.internal.to)}
              </p>
            )}
            {layout === 'side' ? (
              <div className="table-wrap">
                <table className="diff-table">
                  <caption className="visually-hidden">
                    {section.title}: revision {diff.from} beside revision {diff.to}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">Revision {diff.from}</th>
                      <th scope="col">Revision {diff.to}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {sideBySide(lines).map((row, index) => (
                      <tr key={index} className={`diff-${row.kind}`}>
                        <td
                          className={
                            row.kind === 'changed' && row.left !== null ? 'diff-removed' : undefined
                          }
                        >
                          {row.left}
                        </td>
                        <td
                          className={
                            row.kind === 'changed' && row.right !== null ? 'diff-added' : undefined
                          }
                        >
                          {row.right}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <pre className="diff-lines">
                {lines.map((line, index) => (
                  <span
                    key={index}
                    className={
                      line.startsWith('+')
                        ? 'diff-added'
                        : line.startsWith('-')
                          ? 'diff-removed'
                          : line.startsWith('@@')
                            ? 'diff-hunk'
                            : undefined
                    }
                  >
                    {line}
                    {'\n'}
                  </span>
                ))}
              </pre>
            )}
          </section>
        );
      })}
    </div>
  );
}
