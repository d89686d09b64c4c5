import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type {
  AiAssistStatus,
  AiSuggestion,
  AiSuggestionEvent,
  IncidentDetail,
} from '@rca/api-contract';
import { ApiError, postEventStream, request } from '../../api';
import { formatInZone } from '../../time';
import { sourceAnchor, splitCitations, suggestionDiff, type CitedPiece } from './ai-diff';

const KIND_WORDS = {
  T: 'Timeline',
  I: 'Impact',
  C: 'Cause',
  V: 'Vendor update',
  M: 'Metric',
} as const;

/** Whether AI is on; off (the default) means nothing of it is shown. */
export function useAiAssistStatus() {
  return useQuery({
    queryKey: ['ai-assist'],
    queryFn: ({ signal }) => request<AiAssistStatus>('GET', '/ai-assist', { signal }),
    staleTime: 60_000,
  });
}

type State =
  | { phase: 'idle' }
  | { phase: 'streaming'; text: string }
  | { phase: 'ready'; suggestion: AiSuggestion; against: string }
  | { phase: 'failed'; message: string };

/** A message for each failure the server names (codes, never message text). */
function failureMessage(code: string | undefined, message: string, retryAfter?: string | null) {
  const wait = retryAfter ? ` Try again in ${retryAfter} s.` : '';
  switch (code) {
    case 'AI_RATE_LIMITED':
      return `The AI endpoint is busy (rate-limited).${wait}`;
    case 'AI_LIMIT_REACHED':
      return `Today's AI budget is used up; it resets at 00:00 UTC.`;
    case 'AI_ENDPOINT_UNAVAILABLE':
      return `${message}${wait && !message.includes('again in') ? wait : ''}`;
    case 'AI_NO_CITATION':
      return 'The AI answer cited nothing in this incident record, so none of it is shown. Try again or write the section yourself.';
    case 'CANCELLED':
      return 'Stopped.';
    default:
      return message;
  }
}

function Cited({ text, known }: { text: string; known: ReadonlySet<string> }) {
  return (
    <>
      {splitCitations(text, known).map((piece: CitedPiece, index) =>
        'citation' in piece ? (
          <a key={index} className="citation" href={`#${sourceAnchor(piece.citation)}`}>
            [{piece.citation}]
          </a>
        ) : (
          <span key={index}>{piece.text}</span>
        ),
      )}
    </>
  );
}

/**
 * "Suggest with AI" for one section: streams the answer, then shows it as a diff against the
 * section's current text with its sources; applying it is the person's choice and goes through
 * the normal versioned save. Shown only when an admin enabled AI for this section.
 */
export function AiSuggestionPanel({
  postmortemId,
  incident,
  displayZone,
  sectionKey,
  sectionTitle,
  internal,
  current,
  editable,
  applying,
  onApply,
}: {
  postmortemId: string;
  incident: IncidentDetail;
  displayZone: string;
  sectionKey: string;
  sectionTitle: string;
  internal: boolean;
  current: string;
  editable: boolean;
  applying: boolean;
  onApply: (markdown: string) => void;
}) {
  const status = useAiAssistStatus();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const enabled =
    status.data?.enabled && (status.data.sections as string[]).includes(sectionKey) && editable;
  if (!enabled) return null;
  if (internal && !status.data!.allowInternalSections)
    return (
      <p className="small muted ai-note">
        AI suggestions are off for internal sections (an admin setting).
      </p>
    );

  const start = async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    const against = current;
    let text = '';
    setState({ phase: 'streaming', text });
    try {
      let finished = false;
      await postEventStream<AiSuggestionEvent>(
        `/postmortems/${postmortemId}/sections/${sectionKey}/ai-suggestion`,
        (event) => {
          if (event.type === 'delta') {
            text += event.text;
            setState({ phase: 'streaming', text });
          } else if (event.type === 'suggestion') {
            finished = true;
            setState({ phase: 'ready', suggestion: event.suggestion, against });
          } else {
            finished = true;
            setState({ phase: 'failed', message: failureMessage(event.code, event.message) });
          }
        },
        controller.signal,
      );
      if (!finished)
        setState({
          phase: 'failed',
          message: 'The suggestion stopped before it ended; nothing was kept.',
        });
    } catch (error) {
      if ((error as Error).name === 'AbortError') return setState({ phase: 'idle' });
      const apiError = error instanceof ApiError ? error : undefined;
      const retry = apiError?.body?.details?.retryAfterSeconds;
      setState({
        phase: 'failed',
        message: failureMessage(
          apiError?.body?.code,
          (error as Error).message,
          typeof retry === 'number' ? String(retry) : null,
        ),
      });
    }
  };

  return (
    <section className="ai-suggestion" aria-label={`AI suggestion for ${sectionTitle}`}>
      <div className="actions">
        <button
          type="button"
          className="button"
          onClick={() => void start()}
          disabled={state.phase === 'streaming'}
        >
          {state.phase === 'streaming' ? 'Suggesting…' : 'Suggest with AI'}
        </button>
        {state.phase === 'streaming' && (
          <button type="button" className="link-button" onClick={() => abort.current?.abort()}>
            Stop
          </button>
        )}
        <span className="small muted">
          Sends this incident&apos;s record (names and e-mails redacted) to the configured model.
        </span>
      </div>
      {state.phase === 'streaming' && (
        <pre className="diff-lines ai-stream" aria-live="polite">
          {state.text || 'Waiting for the model…'}
        </pre>
      )}
      {state.phase === 'failed' && (
        <div className="error-box" role="alert">
          <p>{state.message}</p>
        </div>
      )}
      {state.phase === 'ready' && (
        <SuggestionDiff
          suggestion={state.suggestion}
          against={state.against}
          current={current}
          incident={incident}
          displayZone={displayZone}
          applying={applying}
          onApply={() => {
            onApply(state.suggestion.markdown);
            setState({ phase: 'idle' });
          }}
          onDiscard={() => setState({ phase: 'idle' })}
        />
      )}
    </section>
  );
}

function SuggestionDiff({
  suggestion,
  against,
  current,
  incident,
  displayZone,
  applying,
  onApply,
  onDiscard,
}: {
  suggestion: AiSuggestion;
  against: string;
  current: string;
  incident: IncidentDetail;
  displayZone: string;
  applying: boolean;
  onApply: () => void;
  onDiscard: () => void;
}) {
  const known = new Set(suggestion.citations.map((citation) => citation.label));
  const parts = suggestionDiff(against, suggestion.markdown);
  // Never over edits made meanwhile: the diff was computed against the text then.
  const editedSince = current !== against;
  return (
    <div className="ai-diff">
      <h4>
        Suggestion{' '}
        <span className="small muted">({suggestion.model}, every sentence cites the record)</span>
      </h4>
      <div className="diff-lines" data-testid="ai-diff">
        {parts.map((part, index) =>
          part.kind === 'removed' ? (
            <del key={index} className="diff-removed">
              {part.text}
            </del>
          ) : part.kind === 'added' ? (
            <ins key={index} className="diff-added">
              <Cited text={part.text} known={known} />
            </ins>
          ) : (
            <span key={index}>
              <Cited text={part.text} known={known} />
            </span>
          ),
        )}
      </div>
      {(suggestion.dropped.length > 0 || suggestion.codeBlocksDropped > 0) && (
        <details className="small">
          <summary>
            {suggestion.dropped.length} sentence{suggestion.dropped.length === 1 ? '' : 's'} left
            out for citing nothing in this record
            {suggestion.codeBlocksDropped
              ? `, ${suggestion.codeBlocksDropped} code block(s) removed`
              : ''}
          </summary>
          <ul>
            {suggestion.dropped.map((sentence, index) => (
              <li key={index}>
                <s>{sentence.text}</s>{' '}
                {sentence.invalid.length > 0 && (
                  <span className="muted">(not in this record: {sentence.invalid.join(', ')})</span>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      <h4>Sources</h4>
      <ol className="ai-sources">
        {suggestion.citations.map((citation) => (
          <li key={citation.label} id={sourceAnchor(citation.label)}>
            <strong>[{citation.label}]</strong> {KIND_WORDS[citation.kind]}
            {citation.at && (
              <>
                {' '}
                <time dateTime={citation.at}>{formatInZone(citation.at, displayZone)}</time>
              </>
            )}
            : {citation.text.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, '')}{' '}
            {citation.kind === 'T' && (
              <a
                href={`/incidents/${encodeURIComponent(incident.reference)}#event-${citation.refId}`}
              >
                in the timeline
              </a>
            )}
          </li>
        ))}
      </ol>
      {editedSince && (
        <p className="small warning" role="status">
          The section changed since this suggestion was made; ask again to apply it.
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button primary"
          onClick={onApply}
          disabled={editedSince || applying}
        >
          {applying ? 'Applying…' : 'Apply suggestion'}
        </button>
        <button type="button" className="button" onClick={onDiscard}>
          Discard
        </button>
        <span className="small muted">
          Applying saves this section as a new revision (it then counts as edited by you).
        </span>
      </div>
    </div>
  );
}
