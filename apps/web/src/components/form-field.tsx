import type { InputHTMLAttributes, ReactNode } from 'react';
import { ApiError } from '../api';
import { Field } from '../ui';

/** The API's 400 messages for one field of a form ("config.url" also counts for "config"). */
export function fieldErrorsOf(error: unknown, name: string): string[] | undefined {
  return error instanceof ApiError ? error.fieldErrors[name] : undefined;
}

type ControlProps = { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string };

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'children' | 'name'
>;

/**
 * One labelled form control with the messages the API's 400 gave for its field: `name` is the
 * field as the API names it, `error` the mutation's error. A plain text input by default
 * (`value`, `onValue`, any input attribute); `children` renders another control (select,
 * textarea, editor) with the id and ARIA attributes it must carry.
 */
export function FormField(
  props: {
    label: string;
    name: string;
    error: unknown;
    hint?: string;
    className?: string;
  } & (
    | { children: (control: ControlProps) => ReactNode; value?: never; onValue?: never }
    | ({ children?: never; value: string; onValue: (value: string) => void } & InputProps)
  ),
) {
  const { label, name, error, hint, className } = props;
  return (
    <Field label={label} errors={fieldErrorsOf(error, name)} hint={hint} className={className}>
      {(control) => {
        if (props.children) return props.children(control);
        const {
          label: _label,
          name: _name,
          error: _error,
          hint: _hint,
          className: _className,
          value,
          onValue,
          children: _children,
          ...inputProps
        } = props;
        return (
          <input
            {...inputProps}
            {...control}
            value={value}
            onChange={(event) => onValue(event.target.value)}
          />
        );
      }}
    </Field>
  );
}
