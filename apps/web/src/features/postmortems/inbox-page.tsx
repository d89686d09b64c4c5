import { Link, NavLink } from 'react-router';
import { formatInZone, formatDuration } from '../../time';
import type { ReactNode } from 'react';
import { ErrorBox, LoadMore, Loading, SeverityBadge, type LoadMoreList } from '../../ui';
import { OwnerName } from './action-items';
import { CommentBody } from './comments';
import { useInboxActionItems, useInboxCounts, useInboxMentions, useInboxReviews } from './queries';

const postmortemLink = (reference: string, section?: string) =>
  `/incidents/${encodeURIComponent(reference)}/postmortem${section ? `#section-${section}` : ''}`;

const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "Inbox 3" in the main navigation: what waits for me (reviews and open action items). */
export function InboxNavLink({ signedIn }: { signedIn: boolean }) {
  const counts = useInboxCounts(signedIn);
  const waiting = (counts.data?.reviews ?? 0) + (counts.data?.actionItems ?? 0);
  return (
    <NavLink
      to="/inbox"
      aria-label={waiting ? `Inbox, ${waiting} waiting for you` : 'Inbox'}
      title={
        counts.data
          ? `${counts.data.reviews} waiting for my review · ${counts.data.actionItems} open action items`
          : undefined
      }
    >
      Inbox{waiting > 0 && <span className="nav-count">{waiting}</span>}
    </NavLink>
  );
}

/** `/inbox`: postmortems waiting for my review, my open action items, and mentions of me. */
export function InboxPage() {
  const counts = useInboxCounts(true);
  return (
    <div className="inbox">
      <h1>Inbox</h1>
      <p className="muted">
        What waits for you. You are also told by e-mail when the server can send it.
      </p>
      <Reviews count={counts.data?.reviews} />
      <MyActionItems count={counts.data?.actionItems} />
      <Mentions count={counts.data?.mentions} />
    </div>
  );
}

/** One list of the inbox: its heading with the count, loading, errors, empty text and more pages. */
function InboxSection<T extends { id: string }>({
  id,
  title,
  count,
  list,
  what,
  empty,
  children,
}: {
  id: string;
  title: string;
  count?: number;
  list: LoadMoreList & { items: T[] | undefined; error: Error | undefined; reload: () => void };
  what: string;
  empty: string;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {title} {count !== undefined && <span className="count">{count}</span>}
      </h2>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      {!list.items && !list.error && <Loading what={what} />}
      {list.items && list.items.length === 0 && <p className="small muted">{empty}</p>}
      {list.items && list.items.length > 0 && children(list.items)}
      <LoadMore list={list} what={what} />
    </section>
  );
}

function Reviews({ count }: { count?: number }) {
  return (
    <InboxSection
      id="inbox-reviews"
      title="Waiting for my review"
      count={count}
      list={useInboxReviews()}
      what="reviews"
      empty="Nothing waits for your review."
    >
      {(items) => (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Postmortems waiting for my review</caption>
            <thead>
              <tr>
                <th scope="col">Postmortem</th>
                <th scope="col">Severity</th>
                <th scope="col">Submitted</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={postmortemLink(item.reference)}>
                      {item.title.startsWith(item.reference)
                        ? item.title
                        : `${item.reference}: ${item.title}`}
                    </Link>
                  </td>
                  <td>
                    <SeverityBadge severity={item.severity} />
                  </td>
                  <td>{item.submittedAt ? formatInZone(item.submittedAt, browserZone) : '—'}</td>
                  <td>{item.dueAt ? <DueIn dueAt={item.dueAt} /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </InboxSection>
  );
}

function DueIn({ dueAt }: { dueAt: string }) {
  const left = new Date(dueAt).getTime() - Date.now();
  return (
    <>
      <time dateTime={dueAt}>{formatInZone(dueAt, browserZone)}</time>{' '}
      <span className={`small ${left < 0 ? 'overdue' : 'muted'}`}>
        (
        {left < 0
          ? `overdue by ${formatDuration(-left / 1000)}`
          : `in ${formatDuration(left / 1000)}`}
        )
      </span>
    </>
  );
}

function MyActionItems({ count }: { count?: number }) {
  const today = new Date().toISOString().slice(0, 10);
  return (
    <InboxSection
      id="inbox-items"
      title="My action items"
      count={count}
      list={useInboxActionItems()}
      what="action items"
      empty="You own no open action items."
    >
      {(items) => (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Open action items I own</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Postmortem</th>
                <th scope="col">Priority</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>{item.title}</td>
                  <td>
                    <Link to={postmortemLink(item.reference, 'action_items')}>
                      {item.reference}
                    </Link>
                  </td>
                  <td>{item.priority}</td>
                  <td>
                    <OwnerName item={item} />
                  </td>
                  <td className={item.dueDate && item.dueDate < today ? 'overdue' : undefined}>
                    {item.dueDate ?? '—'}
                    {item.dueDate && item.dueDate < today && ' (overdue)'}
                  </td>
                  <td>{item.status === 'in_progress' ? 'In progress' : 'Open'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </InboxSection>
  );
}

function Mentions({ count }: { count?: number }) {
  return (
    <InboxSection
      id="inbox-mentions"
      title="Mentions"
      count={count}
      list={useInboxMentions()}
      what="mentions"
      empty="Nobody has mentioned you yet."
    >
      {(items) => (
        <ul className="activity">
          {items.map((item) => (
            <li key={item.id}>
              <strong>{item.authorName}</strong> on{' '}
              <Link to={postmortemLink(item.reference, item.sectionKey)}>
                {item.reference} · {item.sectionKey.replaceAll('_', ' ')}
              </Link>{' '}
              · <time dateTime={item.createdAt}>{formatInZone(item.createdAt, browserZone)}</time>
              <CommentBody comment={item} />
            </li>
          ))}
        </ul>
      )}
    </InboxSection>
  );
}
