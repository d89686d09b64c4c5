import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
} from 'react';
import { ApiError } from './api';

export interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data when `deps` change; aborts the previous request; `reload()` fetches again.
 * @deprecated Use a TanStack query in the feature's queries.ts. Only the postmortem pages still
 * use it; remove it with their last use.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ data: previous.data, loading: true }));
    loadRef
      .current(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ data, loading: false });
      })
      .catch((error: Error) => {
        if (!controller.signal.aborted) setState({ error, loading: false });
      });
    return () => controller.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((value) => value + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** What `LoadMore` needs of a paged list (features/exports/queries.ts gives it). */
export interface LoadMoreList {
  /** Every row loaded so far, undefined before the first page arrives. */
  items: Array<{ id: string }> | undefined;
  hasMore: boolean;
  loadingMore: boolean;
  moreError: unknown;
  loadMore: () => void;
}

/** "Showing 50" and a button for the next page of a paged list, with its errors. */
export function LoadMore({ list, what }: { list: LoadMoreList; what: string }) {
  if (!list.items || list.items.length === 0) return null;
  return (
    <div className="actions load-more">
      <span className="small muted">
        Showing {list.items.length} {what}
        {list.hasMore ? '' : ' (all)'}
      </span>
      {list.hasMore && (
        <button type="button" onClick={list.loadMore} disabled={list.loadingMore}>
          {list.loadingMore ? 'Loading…' : `Load more ${what}`}
        </button>
      )}
      {list.moreError !== undefined && <ErrorBox error={list.moreError} onRetry={list.loadMore} />}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const apiError = error instanceof ApiError ? error : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="error-box" role="alert">
      <p>
        <strong>{apiError ? `Error ${apiError.status}: ` : ''}</strong>
        {message}
      </p>
      {apiError?.body?.errors && apiError.body.errors.length > 0 && (
        <ul>
          {apiError.body.errors.map((entry) => (
            <li key={entry.field}>
              <code>{entry.field}</code>: {entry.messages.join('; ')}
            </li>
          ))}
        </ul>
      )}
      {apiError?.body?.correlationId && (
        <p className="muted small">Reference for support: {apiError.body.correlationId}</p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="empty" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** The API's 400 messages for one field of a form, by the name the API gives it. */
export function fieldErrorsOf(error: unknown, name: string): string[] | undefined {
  return error instanceof ApiError ? error.fieldErrors[name] : undefined;
}

/** The id and ARIA attributes a field's control must carry. */
export type FieldControlProps = {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
};

type TextInputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'children' | 'name'
>;

/**
 * One labelled form control with its error messages (the API's 400 for its field, see
 * `fieldErrorsOf`, or the form's own checks). A plain input by default (`value`, `onValue`, any
 * input attribute); `children` renders another control (select, textarea, editor) with the id
 * and ARIA attributes it must carry.
 */
export function Field(
  props: {
    label: string;
    errors?: string[];
    hint?: string;
    className?: string;
  } & (
    | { children: (control: FieldControlProps) => ReactNode; value?: never; onValue?: never }
    | ({ children?: never; value: string; onValue: (value: string) => void } & TextInputProps)
  ),
) {
  const id = useId();
  const { label, errors, hint, className } = props;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : '', errors?.length ? errorId : ''].filter(Boolean).join(' ');
  const control: FieldControlProps = {
    id,
    'aria-invalid': Boolean(errors?.length),
    'aria-describedby': describedBy || undefined,
  };
  let rendered: ReactNode;
  if (props.children) rendered = props.children(control);
  else {
    const {
      label: _label,
      errors: _errors,
      hint: _hint,
      className: _className,
      value,
      onValue,
      children: _children,
      ...inputProps
    } = props;
    rendered = (
      <input
        {...inputProps}
        {...control}
        value={value}
        onChange={(event) => onValue(event.target.value)}
      />
    );
  }
  return (
    <div className={`field ${errors?.length ? 'field-invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {rendered}
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {errors && errors.length > 0 && (
        <small id={errorId} className="field-error">
          {errors.join('; ')}
        </small>
      )}
    </div>
  );
}

/** Form-level error: the message, plus the field errors no field of the form displays. */
export function FormError({
  error,
  shownFields,
  onReload,
}: {
  error: unknown;
  shownFields: string[];
  /** Offered on a 409 (someone else saved first): load their version, then save again. */
  onReload?: () => void;
}) {
  if (!error) return null;
  if (!(error instanceof ApiError)) return <ErrorBox error={error} />;
  if (error.status === 409 && onReload) {
    return (
      <div className="error-box" role="alert">
        <p>{error.message}</p>
        <p>
          Your changes are still in the form. Load the latest version, check it, then save again.
        </p>
        <button type="button" onClick={onReload}>
          Load the latest version
        </button>
      </div>
    );
  }
  const all = error.body?.errors ?? [];
  const others = all.filter((entry) => !shownFields.includes(entry.field.split('.')[0]!));
  // Every message already stands next to its field: say so instead of repeating it here.
  const summary =
    error.status === 400 && all.length > 0 && others.length === 0
      ? `Not saved: check the ${all.length === 1 ? 'field' : 'fields'} marked above.`
      : error.message;
  return (
    <div className="error-box" role="alert">
      <p>{summary}</p>
      {others.length > 0 && (
        <ul>
          {others.map((entry) => (
            <li key={entry.field}>
              <code>{entry.field}</code>: {entry.messages.join('; ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`badge severity-${severity.toLowerCase()}`}>{severity}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{humanize(status)}</span>;
}

export function humanize(value: string): string {
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export { formatDuration } from './time';
