import {
  ACTION_ITEM_PRIORITIES,
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  type ActionItem,
  type Postmortem,
} from '@rca/api-contract';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from './api';
import { ErrorBox, Field, FormError, humanize, Loading, useResource } from './ui';

/** The action items of one postmortem: change their status, add one. */
export function ActionItems({ postmortem }: { postmortem: Postmortem }) {
  const items = useResource(
    (signal) => api.postmortems.actionItems(postmortem.id, signal),
    [postmortem.id],
  );
  const [rowError, setRowError] = useState<unknown>(null);

  const changeStatus = async (item: ActionItem, status: ActionItem['status']) => {
    setRowError(null);
    try {
      await api.postmortems.updateActionItem(item, { status });
    } catch (caught) {
      setRowError(caught);
    }
    items.reload();
  };

  return (
    <section className="card" aria-labelledby="action-items-title">
      <h2 id="action-items-title">Action items</h2>
      {items.error && <ErrorBox error={items.error} onRetry={items.reload} />}
      {!items.data && !items.error && <Loading what="the action items" />}
      {items.data && items.data.items.length === 0 && (
        <p className="small muted">
          No action items yet. Add what will prevent, detect or mitigate this next time.
        </p>
      )}
      <FormError error={rowError} shownFields={[]} onReload={items.reload} />
      {items.data && items.data.items.length > 0 && (
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
              </tr>
            </thead>
            <tbody>
              {items.data.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    {item.externalUrl ? (
                      <a href={item.externalUrl} rel="noreferrer noopener" target="_blank">
                        {item.title}
                      </a>
                    ) : (
                      item.title
                    )}
                  </td>
                  <td>{item.type}</td>
                  <td>{item.priority}</td>
                  <td>{item.owner ?? '—'}</td>
                  <td>{item.dueDate ?? '—'}</td>
                  <td>
                    <select
                      aria-label={`Status of ${item.title}`}
                      value={item.status}
                      onChange={(event) =>
                        void changeStatus(item, event.currentTarget.value as ActionItem['status'])
                      }
                    >
                      {ACTION_ITEM_STATUSES.map((status) => (
                        <option key={status} value={status}>
                          {humanize(status)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <NewActionItem postmortemId={postmortem.id} onAdded={items.reload} />
    </section>
  );
}

function NewActionItem({ postmortemId, onAdded }: { postmortemId: string; onAdded: () => void }) {
  const [title, setTitle] = useState('');
  const [type, setType] = useState<ActionItem['type']>('prevent');
  const [priority, setPriority] = useState('P2');
  const [owner, setOwner] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errors = error instanceof ApiError ? error.fieldErrors : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.postmortems.addActionItem(postmortemId, {
        title: title.trim(),
        type,
        priority,
        owner: owner.trim() || undefined,
        dueDate: dueDate || undefined,
      });
      setTitle('');
      setOwner('');
      setDueDate('');
      onAdded();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Add an action item">
      <h3>Add an action item</h3>
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
        <Field label="Owner" errors={errors.owner}>
          {(props) => (
            <input
              {...props}
              value={owner}
              onChange={(event) => setOwner(event.currentTarget.value)}
            />
          )}
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
      <FormError error={error} shownFields={['title', 'type', 'priority', 'owner', 'dueDate']} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          Add action item
        </button>
      </div>
    </form>
  );
}
