import type { Person, Postmortem, PostmortemComment } from '@rca/api-contract';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../../api';
import { formatInZone } from '../../time';
import { ErrorBox, FormError } from '../../ui';
import { personLabel } from './people-picker';
import { mentionAt, MENTION_PATTERN } from './mentions';
import { useAddComment, useComments, usePeople } from './queries';

/** A comment's text with each `@e-mail` shown as the person's name. */
export function CommentBody({
  comment,
}: {
  comment: Pick<PostmortemComment, 'body' | 'mentions'>;
}) {
  const byEmail = new Map(comment.mentions.map((person) => [person.email.toLowerCase(), person]));
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of comment.body.matchAll(MENTION_PATTERN)) {
    const person = byEmail.get(match[1]!.toLowerCase());
    if (!person) continue;
    parts.push(comment.body.slice(last, match.index));
    parts.push(
      <span key={match.index} className="mention" title={person.email}>
        @{person.displayName}
      </span>,
    );
    last = match.index! + match[0].length;
  }
  parts.push(comment.body.slice(last));
  return <p className="comment-body">{parts}</p>;
}

/** The comment thread of one section; `@` in the box suggests people to mention. */
export function SectionComments({
  postmortem,
  sectionKey,
  sectionTitle,
}: {
  postmortem: Postmortem;
  sectionKey: string;
  sectionTitle: string;
}) {
  const comments = useComments(postmortem.id, sectionKey);
  const add = useAddComment(postmortem.id, sectionKey);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const mention = mentionAt(text, caret);
  const people = usePeople(mention?.query ?? '', mention !== null);
  const options = mention ? (people.data?.items ?? []) : [];
  const errors = add.error instanceof ApiError ? add.error.fieldErrors : {};
  const list = comments.data?.pages.flatMap((page) => page.items) ?? [];

  const pick = (person: Person) => {
    if (!mention) return;
    const inserted = `@${person.email} `;
    const next = text.slice(0, mention.start) + inserted + text.slice(caret);
    const position = mention.start + inserted.length;
    setText(next);
    setCaret(position);
    setActive(0);
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(position, position);
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    add.mutate(text, {
      onSuccess: () => {
        setText('');
        setCaret(0);
      },
    });
  };

  return (
    <section className="card pm-comments" aria-label={`Discussion: ${sectionTitle}`}>
      <h3>
        Comments on {sectionTitle} {list.length > 0 && <span className="count">{list.length}</span>}
      </h3>
      {comments.error && (
        <ErrorBox error={comments.error} onRetry={() => void comments.refetch()} />
      )}
      {list.length === 0 && !comments.isPending && (
        <p className="small muted">No comments on this section yet.</p>
      )}
      {list.length > 0 && (
        <ol className="comment-list">
          {list.map((comment) => (
            <li key={comment.id}>
              <p className="small">
                <strong>{comment.authorName}</strong> ·{' '}
                <time dateTime={comment.createdAt}>
                  {formatInZone(comment.createdAt, postmortem.displayZone)}
                </time>
              </p>
              <CommentBody comment={comment} />
            </li>
          ))}
        </ol>
      )}
      {comments.hasNextPage && (
        <button
          type="button"
          onClick={() => void comments.fetchNextPage()}
          disabled={comments.isFetchingNextPage}
        >
          Show more comments
        </button>
      )}
      <form
        className="form comment-form"
        onSubmit={submit}
        aria-label={`Post to the discussion of ${sectionTitle}`}
      >
        <label htmlFor={`comment-${sectionKey}`}>Your message</label>
        <div className="people-picker">
          <textarea
            id={`comment-${sectionKey}`}
            ref={box}
            rows={3}
            value={text}
            aria-describedby={`comment-${sectionKey}-hint`}
            aria-invalid={Boolean(errors.body)}
            onChange={(event) => {
              setText(event.currentTarget.value);
              setCaret(event.currentTarget.selectionStart ?? event.currentTarget.value.length);
              setActive(0);
            }}
            onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
            onKeyDown={(event) => {
              if (!options.length) return;
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                setActive((index) => (index + 1) % options.length);
              } else if (event.key === 'ArrowUp') {
                event.preventDefault();
                setActive((index) => (index - 1 + options.length) % options.length);
              } else if (event.key === 'Enter' || event.key === 'Tab') {
                event.preventDefault();
                pick(options[active]!);
              }
            }}
          />
          {options.length > 0 && (
            <ul className="people-options" role="listbox" aria-label="Mention someone">
              {options.map((person, index) => (
                <li
                  key={person.id}
                  role="option"
                  aria-selected={index === active}
                  className={index === active ? 'active' : undefined}
                  onMouseDown={(event) => {
                    event.preventDefault();
                    pick(person);
                  }}
                >
                  {personLabel(person)}
                </li>
              ))}
            </ul>
          )}
        </div>
        <small id={`comment-${sectionKey}-hint`} className="hint">
          Type @ and a name to mention someone: they are told in their inbox and by e-mail. Comments
          stay in RCA desk; exports leave them out.
        </small>
        {errors.body && <small className="field-error">{errors.body.join('; ')}</small>}
        <FormError error={add.error} shownFields={['body']} />
        <div className="actions">
          <button type="submit" disabled={add.isPending || !text.trim()}>
            {add.isPending ? 'Posting…' : 'Post comment'}
          </button>
        </div>
      </form>
    </section>
  );
}
