import type { Person } from '@rca/api-contract';
import { useEffect, useId, useState, type InputHTMLAttributes } from 'react';
import { usePeople } from './queries';

/** What the picker holds: a picked person (by id), or what was typed (sent as an e-mail). */
export interface PickedPerson {
  id: string | null;
  text: string;
}

export const pickedFrom = (id: string | null | undefined, label: string | null | undefined) => ({
  id: id ?? null,
  text: label ?? '',
});

/** A person as the picker shows them. */
export const personLabel = (person: Pick<Person, 'displayName' | 'email'>) =>
  `${person.displayName} <${person.email}>`;

/** The owner / reviewer field of the API for what the picker holds. */
export function ownerFields(value: PickedPerson): {
  ownerId?: string | null;
  owner?: string | null;
} {
  if (value.id) return { ownerId: value.id };
  const text = value.text.trim();
  return text ? { owner: text } : { ownerId: null };
}

/**
 * A text field that suggests people of the product as one types (name or e-mail) — pick one with
 * the mouse or the arrow keys and Enter. A typed e-mail that was not picked is sent as it is and
 * the server refuses it when it is nobody's.
 */
export function PeoplePicker({
  value,
  onChange,
  onPick,
  inputProps,
}: {
  value: PickedPerson;
  onChange: (value: PickedPerson) => void;
  /** Called instead of `onChange` when a person is picked (for fields that store an e-mail). */
  onPick?: (person: Person) => void;
  inputProps: InputHTMLAttributes<HTMLInputElement> & { id?: string };
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [query, setQuery] = useState('');
  // Ask the server once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(value.id ? '' : value.text.trim()), 150);
    return () => clearTimeout(timer);
  }, [value]);
  const people = usePeople(query, open && !value.id);
  const typed = value.text.trim();
  // Suggestions show only for what is in the field now: while typing pauses, the answer for an
  // earlier query would drop a list over the form's buttons and turn a click on "Add" into a pick.
  // A typed e-mail that is exactly someone's needs no list (the server resolves it).
  const settled = query === typed;
  const found = settled ? (people.data?.items ?? []) : [];
  const exact = found.some((person) => person.email.toLowerCase() === typed.toLowerCase());
  const options = open && !value.id && !exact ? found : [];

  const pick = (person: Person) => {
    if (onPick) onPick(person);
    else onChange({ id: person.id, text: personLabel(person) });
    setOpen(false);
  };

  return (
    <div className="people-picker">
      <input
        {...inputProps}
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-activedescendant={options[active] ? `${listId}-${active}` : undefined}
        value={value.text}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onChange={(event) => {
          onChange({ id: null, text: event.currentTarget.value });
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(event) => {
          if (!options.length) return;
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setActive((index) => (index + 1) % options.length);
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((index) => (index - 1 + options.length) % options.length);
          } else if (event.key === 'Enter') {
            event.preventDefault();
            pick(options[active]!);
          } else if (event.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {options.length > 0 && (
        <ul className="people-options" role="listbox" id={listId} aria-label="People">
          {options.map((person, index) => (
            <li
              key={person.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(person);
              }}
            >
              <strong>{person.displayName}</strong> <span className="muted">{person.email}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Several people by e-mail (a postmortem's required reviewers): the chosen ones as removable
 * chips, and a picker to add one. What is typed and not picked yet (e-mails separated by commas)
 * is the caller's, so that saving includes it.
 */
export function PeopleListPicker({
  emails,
  onEmails,
  text,
  onText,
  inputProps,
  label,
}: {
  emails: string[];
  onEmails: (emails: string[]) => void;
  text: string;
  onText: (text: string) => void;
  inputProps: InputHTMLAttributes<HTMLInputElement> & { id?: string };
  /** Who the chips are, for screen readers ("Required reviewers"). */
  label: string;
}) {
  const disabled = Boolean(inputProps.disabled);
  return (
    <div className="people-list-picker">
      {emails.length > 0 && (
        <ul className="chips" aria-label={label}>
          {emails.map((email) => (
            <li key={email} className="chip">
              {email}
              {!disabled && (
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove ${email}`}
                  onClick={() => onEmails(emails.filter((other) => other !== email))}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <PeoplePicker
        value={{ id: null, text }}
        onChange={(next) => onText(next.text)}
        onPick={(person) => {
          if (!emails.includes(person.email)) onEmails([...emails, person.email]);
          onText('');
        }}
        inputProps={{ placeholder: emails.length ? 'Add another' : undefined, ...inputProps }}
      />
    </div>
  );
}
