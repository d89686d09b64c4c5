import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  type ActionItem,
  type Postmortem,
} from '@rca/api-contract';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api';
import { formatInZone } from '../../time';
import { ErrorBox, Field, FormError, humanize, Loading } from '../../ui';
import { ownerFields, PeoplePicker, pickedFrom, type PickedPerson } from './people-picker';
import { useActionItemActivity, useActionItemMutations, useActionItems } from './queries';

/** The owner as a person reads it: their name, or the free text of an unlinked owner. */
export function OwnerName({ item }: { item: ActionItem }) {
  if (item.ownerName) return <span title={item.owner ?? undefined}>{item.ownerName}</span>;
  if (item.ownerUnlinked)
    return (
      <span>
        {item.owner}{' '}
        <span
          className="tag unlinked"
          title="Not a user of RCA desk: edit the item and pick its owner"
        >
          unlinked
        </span>
      </span>
    );
  return <span className="muted">—</span>;
}

/** The action items of one postmortem: add, edit in place, delete, change the status. */
export function ActionItems({
  postmortem,
  canWrite,
}: {
  postmortem: Postmortem;
  canWrite: boolean;
}) {
  const items = useActionItems(postmortem.id);
  const { update, remove } = useActionItemMutations(postmortem.id);
  const [editing, setEditing] = useState<string | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);

  const changeStatus = (item: ActionItem, status: ActionItem['status']) => {
    setRowError(null);
    update.mutate({ item, patch: { status } }, { onError: setRowError });
  };
  const deleteItem = (item: ActionItem) => {
    if (!window.confirm(`Delete the action item "${item.title}"?`)) return;
    setRowError(null);
    remove.mutate(item, { onError: setRowError });
  };

  const list = items.data?.items;
  return (
    <section className="card" aria-labelledby="action-items-title">
      <h2 id="action-items-title">Action items</h2>
      {items.error && <ErrorBox error={items.error} onRetry={() => void items.refetch()} />}
      {!items.data && !items.error && <Loading what="the action items" />}
      {list && list.length === 0 && (
        <p className="small muted">
          No action items yet. Add what will prevent, detect or mitigate this next time.
        </p>
      )}
      <FormError error={rowError} shownFields={[]} onReload={() => void items.refetch()} />
      {list && list.length > 0 && (
        <div className="table-wrap">
          <table className="action-items">
            <caption className="visually-hidden">Action items</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Type</th>
                <th scope="col">Priority</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                {canWrite && <th scope="col">Change</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((item) =>
                editing === item.id ? (
                  <tr key={item.id}>
                    <td colSpan={canWrite ? 7 : 6}>
                      <ActionItemForm
                        postmortemId={postmortem.id}
                        item={item}
                        onDone={() => setEditing(null)}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={item.id}>
                    <td>
                      {item.externalUrl ? (
                        <a href={item.externalUrl} rel="noreferrer noopener" target="_blank">
                          {item.title}
                        </a>
                      ) : (
                        item.title
                      )}
                      {item.meetingId && (
                        <>
                          {' '}
                          <span className="tag" title="Decided in the review meeting">
                            review meeting
                          </span>
                        </>
                      )}
                    </td>
                    <td>{item.type}</td>
                    <td>{item.priority}</td>
                    <td>
                      <OwnerName item={item} />
                    </td>
                    <td>{item.dueDate ?? '—'}</td>
                    <td>
                      <select
                        aria-label={`Status of ${item.title}`}
                        value={item.status}
                        disabled={!canWrite}
                        onChange={(event) =>
                          changeStatus(item, event.currentTarget.value as ActionItem['status'])
                        }
                      >
                        {ACTION_ITEM_STATUSES.map((status) => (
                          <option key={status} value={status}>
                            {humanize(status)}
                          </option>
                        ))}
                      </select>
                    </td>
                    {canWrite && (
                      <td className="row-actions">
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Edit ${item.title}`}
                          onClick={() => setEditing(item.id)}
                        >
                          Edit
                        </button>{' '}
                        <button
                          type="button"
                          className="link-button danger"
                          aria-label={`Delete ${item.title}`}
                          disabled={remove.isPending}
                          onClick={() => deleteItem(item)}
                        >
                          Delete
                        </button>
                      </td>
                    )}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      {canWrite && <ActionItemForm postmortemId={postmortem.id} />}
      <ActionItemActivityList postmortem={postmortem} />
    </section>
  );
}

/** Adds an item (with `meetingId`: one decided in that review meeting), or (with `item`) edits it in place. */
export function ActionItemForm({
  postmortemId,
  item,
  meetingId,
  onDone,
}: {
  postmortemId: string;
  item?: ActionItem;
  meetingId?: string;
  onDone?: () => void;
}) {
  const { add, update } = useActionItemMutations(postmortemId);
  const [title, setTitle] = useState(item?.title ?? '');
  const [type, setType] = useState<ActionItem['type']>(item?.type ?? 'prevent');
  const [priority, setPriority] = useState<string>(item?.priority ?? 'P2');
  const [owner, setOwner] = useState<PickedPerson>(
    item
      ? pickedFrom(item.ownerId, item.ownerName ? `${item.ownerName} <${item.owner}>` : item.owner)
      : pickedFrom(null, ''),
  );
  const [dueDate, setDueDate] = useState(item?.dueDate ?? '');
  const [error, setError] = useState<unknown>(null);
  const busy = add.isPending || update.isPending;
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  const ownerErrors = [...(errors.owner ?? []), ...(errors.ownerId ?? [])];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (item) {
      const patch = {
        ...(title.trim() !== item.title ? { title: title.trim() } : {}),
        ...(type !== item.type ? { type } : {}),
        ...(priority !== item.priority ? { priority } : {}),
        ...((dueDate || null) !== (item.dueDate ?? null) ? { dueDate: dueDate || null } : {}),
        // An unchanged owner (picked, or the unlinked text) is not sent again.
        ...(owner.id !== (item.ownerId ?? null) ||
        (!owner.id && owner.text.trim() !== (item.ownerUnlinked ? (item.owner ?? '') : ''))
          ? ownerFields(owner)
          : {}),
      };
      update.mutate({ item, patch }, { onSuccess: () => onDone?.(), onError: setError });
      return;
    }
    add.mutate(
      {
        title: title.trim(),
        type,
        priority,
        ...(owner.id || owner.text.trim() ? ownerFields(owner) : {}),
        dueDate: dueDate || undefined,
        ...(meetingId ? { meetingId } : {}),
      },
      {
        onSuccess: () => {
          setTitle('');
          setOwner(pickedFrom(null, ''));
          setDueDate('');
        },
        onError: setError,
      },
    );
  };

  return (
    <form
      className="form"
      onSubmit={submit}
      noValidate
      aria-label={
        item
          ? `Edit the action item ${item.title}`
          : meetingId
            ? 'Add an action item decided in the meeting'
            : 'Add an action item'
      }
    >
      {!item && <h3>{meetingId ? 'Add an action item decided here' : 'Add an action item'}</h3>}
      <div className="row">
        <Field label="Action" errors={errors.title}>
          {(props) => (
            <input
              {...props}
              value={title}
              onChange={(event) => setTitle(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Type" errors={errors.type}>
          {(props) => (
            <select
              {...props}
              value={type}
              onChange={(event) => setType(event.currentTarget.value as ActionItem['type'])}
            >
              {ACTION_ITEM_TYPES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Priority" errors={errors.priority}>
          {(props) => (
            <select
              {...props}
              value={priority}
              onChange={(event) => setPriority(event.currentTarget.value)}
            >
              {ACTION_ITEM_PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Owner"
          hint="A user of RCA desk: type a name or e-mail and pick them."
          errors={ownerErrors.length ? ownerErrors : undefined}
        >
          {(props) => <PeoplePicker value={owner} onChange={setOwner} inputProps={props} />}
        </Field>
        <Field label="Due date" errors={errors.dueDate}>
          {(props) => (
            <input
              {...props}
              type="date"
              value={dueDate}
              onChange={(event) => setDueDate(event.currentTarget.value)}
            />
          )}
        </Field>
      </div>
      <FormError
        error={error}
        shownFields={['title', 'type', 'priority', 'owner', 'ownerId', 'dueDate']}
      />
      <div className="actions">
        <button type="submit" className={item ? 'button primary' : undefined} disabled={busy}>
          {item ? 'Save the action item' : 'Add action item'}
        </button>
        {item && (
          <button type="button" onClick={onDone} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

const describeChange = (field: string, change: { from: unknown; to: unknown }) =>
  field === 'ownerId'
    ? 'owner'
    : `${humanize(field).toLowerCase()} ${String(change.from ?? '—')} → ${String(change.to ?? '—')}`;

/** Who created, changed and deleted the items (newest first). */
function ActionItemActivityList({ postmortem }: { postmortem: Postmortem }) {
  const activity = useActionItemActivity(postmortem.id);
  const entries = activity.data?.pages.flatMap((page) => page.items) ?? [];
  if (entries.length === 0) return null;
  return (
    <details className="activity-log">
      <summary>
        Action item activity ({entries.length}
        {activity.hasNextPage ? '+' : ''})
      </summary>
      <ul className="activity">
        {entries.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.createdAt}>
              {formatInZone(entry.createdAt, postmortem.displayZone)}
            </time>{' '}
            · {entry.actor} {entry.action} <em>{entry.title}</em>
            {entry.action === 'updated' && (
              <span className="small muted">
                {' '}
                (
                {Object.entries(entry.changes)
                  .filter(([field]) => field !== 'owner' || !('ownerId' in entry.changes))
                  .map(([field, change]) => describeChange(field, change))
                  .join('; ')}
                )
              </span>
            )}
          </li>
        ))}
      </ul>
      {activity.hasNextPage && (
        <button
          type="button"
          onClick={() => void activity.fetchNextPage()}
          disabled={activity.isFetchingNextPage}
        >
          Show earlier activity
        </button>
      )}
    </details>
  );
}
