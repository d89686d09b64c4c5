import { useId } from 'react';
import { ALL_ZONES } from './time';

/** A text input for an IANA zone with every zone of the browser as suggestions. */
export function ZoneInput(props: {
  id?: string;
  value: string;
  onChange: (zone: string) => void;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  'aria-label'?: string;
  name?: string;
}) {
  const listId = useId();
  const { onChange, ...rest } = props;
  return (
    <>
      <input
        {...rest}
        type="text"
        list={listId}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onChange(event.target.value.trim())}
      />
      <datalist id={listId}>
        {ALL_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
