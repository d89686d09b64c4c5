import { Fragment, type ReactNode } from 'react';
import { ErrorBox, Loading } from '../ui';

export interface ItemAction {
  label: string;
  onClick: () => void;
  /** The accessible name, e.g. "Delete Chat web" (the visible label is the verb alone). */
  ariaLabel?: string;
  danger?: boolean;
  disabled?: boolean;
  /** Asked first with window.confirm; nothing happens on Cancel. */
  confirm?: string;
}

export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
  className?: string;
}

/** The action buttons of one row or card; they wrap rather than widen the row. */
export function ItemActions({ actions, label }: { actions: ItemAction[]; label?: string }) {
  if (actions.length === 0) return null;
  return (
    <div className="item-actions" role="group" aria-label={label ?? 'Actions'}>
      {actions.map((action) => (
        <button
          key={action.label}
          type="button"
          className={`link-button ${action.danger ? 'danger' : ''}`}
          aria-label={action.ariaLabel}
          disabled={action.disabled}
          onClick={() => {
            if (action.confirm && !window.confirm(action.confirm)) return;
            action.onClick();
          }}
        >
          {action.label}
        </button>
      ))}
    </div>
  );
}

/**
 * A list of records with per-item actions (edit, delete, …), its loading and error states, the
 * empty state, and the errors of the actions below it. A table when `columns` are given, else
 * cards drawn by `render`. `editing` swaps one item for its editor (`renderEditor`).
 */
export function ActionList<T>({
  label,
  items,
  loading,
  error,
  onRetry,
  empty,
  itemKey,
  columns,
  render,
  actions,
  editing,
  renderEditor,
  errors = [],
  testId,
}: {
  label: string;
  items: T[] | undefined;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty?: ReactNode;
  itemKey: (item: T) => string;
  columns?: Array<Column<T>>;
  render?: (item: T) => ReactNode;
  actions?: (item: T) => ItemAction[];
  editing?: string;
  renderEditor?: (item: T) => ReactNode;
  /** Errors of the actions (a refused delete, a stale version), shown under the list. */
  errors?: unknown[];
  testId?: string;
}) {
  const failures = errors.filter((entry) => entry !== null && entry !== undefined);
  const withActions = Boolean(actions) && (items ?? []).some((item) => actions!(item).length > 0);
  let body: ReactNode = null;
  if (error) body = <ErrorBox error={error} onRetry={onRetry} />;
  else if (items === undefined)
    body = loading === false ? null : <Loading what={label.toLowerCase()} />;
  else if (items.length === 0) body = empty ?? null;
  else if (columns)
    body = (
      <div className="table-wrap">
        <table aria-label={label}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.header} scope="col" className={column.className}>
                  {column.header}
                </th>
              ))}
              {withActions && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const key = itemKey(item);
              if (editing === key && renderEditor)
                return (
                  <tr key={key}>
                    <td colSpan={columns.length + (withActions ? 1 : 0)}>{renderEditor(item)}</td>
                  </tr>
                );
              return (
                <tr key={key} data-testid={testId}>
                  {columns.map((column) => (
                    <td key={column.header} className={column.className}>
                      {column.cell(item)}
                    </td>
                  ))}
                  {withActions && (
                    <td className="actions-cell">
                      <ItemActions actions={actions!(item)} />
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  else
    body = (
      <ul className="action-list" aria-label={label}>
        {items.map((item) => {
          const key = itemKey(item);
          return (
            <li key={key} className="card" data-testid={testId}>
              {editing === key && renderEditor ? (
                renderEditor(item)
              ) : (
                <Fragment>
                  {render?.(item)}
                  {actions && <ItemActions actions={actions(item)} />}
                </Fragment>
              )}
            </li>
          );
        })}
      </ul>
    );
  return (
    <>
      {body}
      {failures.map((failure, index) => (
        <ErrorBox key={index} error={failure} />
      ))}
    </>
  );
}
