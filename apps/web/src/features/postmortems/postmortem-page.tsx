import type { IncidentDetail, Postmortem } from '@rca/api-contract';
import { renderMarkdown } from '@rca/markdown';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../api';
import { ExportsPanel } from '../../exports-panel';
import { MarkdownEditor } from '../../markdown-editor';
import { AiSuggestionPanel } from './ai-suggestion';
import { useSession } from '../../session';
import { formatInZone } from '../../time';
import {
  ErrorBox,
  Field,
  fieldErrorsOf,
  FormError,
  humanize,
  Loading,
  SeverityBadge,
} from '../../ui';
import { describePolicy } from '../deadlines/policy-text';
import { ActionItems } from './action-items';
import { MeetingsPanel } from './meetings';
import { PeopleListPicker, PeoplePicker } from './people-picker';
import { SectionComments } from './comments';
import { PostmortemHistory, PostmortemWorkflow } from './postmortem-workflow';
import {
  useCommentCounts,
  useIncidentOf,
  usePolicyInForce,
  usePostmortemOf,
  useReloadPostmortem,
} from './queries';
import { useUnsavedChangesWarning } from './unsaved-changes';
import { VendorRcaStatusPanel } from '../vendor-rca/vendor-rca-status';

/** `/incidents/:reference/postmortem`: the RCA document of one incident. */
export function PostmortemPage() {
  const { reference = '' } = useParams();
  const incident = useIncidentOf(reference);
  const incidentId = incident.data?.id;
  const postmortem = usePostmortemOf(incidentId);
  const reload = useReloadPostmortem(incidentId ?? '');

  if (incident.error)
    return <ErrorBox error={incident.error} onRetry={() => void incident.refetch()} />;
  if (!incident.data) return <Loading what="the incident" />;
  if (postmortem.error)
    return <ErrorBox error={postmortem.error} onRetry={() => void postmortem.refetch()} />;
  if (postmortem.data === undefined) return <Loading what="the postmortem" />;

  const breadcrumb = (
    <p className="breadcrumb">
      <Link to="/incidents">Incidents</Link> /{' '}
      <Link to={`/incidents/${encodeURIComponent(incident.data.reference)}`}>
        {incident.data.reference}
      </Link>{' '}
      / Postmortem
    </p>
  );
  if (postmortem.data === null)
    return (
      <>
        {breadcrumb}
        <NoPostmortem incident={incident.data} onDrafted={() => void reload()} />
      </>
    );
  return (
    <>
      {breadcrumb}
      <PostmortemEditor
        // A reload (after a workflow step or a draft) starts from the server's document.
        key={`${postmortem.data.id}@${postmortem.data.version}`}
        incident={incident.data}
        initial={postmortem.data}
        onReload={() => void reload()}
      />
    </>
  );
}

function NoPostmortem({
  incident,
  onDrafted,
}: {
  incident: IncidentDetail;
  onDrafted: () => void;
}) {
  const draft = useMutation({
    mutationFn: () => api.postmortems.draft(incident.id),
    onSuccess: onDrafted,
  });
  return (
    <section className="empty" aria-label="No postmortem yet">
      <h1>Postmortem of {incident.reference}</h1>
      <p>
        There is no postmortem for this incident yet. It is drafted automatically when the incident
        is resolved; you can also draft it now from the record (impacts, timeline, accepted causes).
      </p>
      <FormError error={draft.error} shownFields={[]} />
      <button
        type="button"
        className="button primary"
        onClick={() => draft.mutate()}
        disabled={draft.isPending || draft.isSuccess}
      >
        {draft.isPending ? 'Drafting…' : 'Draft the RCA'}
      </button>
    </section>
  );
}

/** "Due 2026-12-09 17:00 — 5 business days after resolution, due 17:00 America/New_York, US holidays". */
function DeadlineLine({ postmortem }: { postmortem: Postmortem }) {
  const inForce = usePolicyInForce(postmortem);
  const policy = inForce.data?.policy;
  if (!postmortem.dueAt)
    return (
      <>
        {postmortem.resolvedAt
          ? 'No deadline applies to this severity.'
          : 'No deadline until the incident is resolved.'}
      </>
    );
  return (
    <span className="pm-deadline">
      Due{' '}
      <time dateTime={postmortem.dueAt}>
        {formatInZone(postmortem.dueAt, postmortem.displayZone)}
      </time>{' '}
      ({postmortem.displayZone}){policy && <> — {describePolicy(policy)}</>}
    </span>
  );
}

type Texts = Record<string, string>;
type Flags = Record<string, boolean>;

interface Conflict {
  theirs: Postmortem;
  /** Sections both sides changed: which text to keep. */
  choices: Record<string, 'mine' | 'theirs'>;
}

const textsOf = (pm: Postmortem): Texts =>
  Object.fromEntries(pm.sections.map((section) => [section.key, section.markdown]));
const flagsOf = (pm: Postmortem): Flags =>
  Object.fromEntries(pm.sections.map((section) => [section.key, section.internal]));
const splitList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);

function PostmortemEditor({
  incident,
  initial,
  onReload,
}: {
  incident: IncidentDetail;
  initial: Postmortem;
  onReload: () => void;
}) {
  const [base, setBase] = useState(initial);
  const [texts, setTexts] = useState<Texts>(() => textsOf(initial));
  const [flags, setFlags] = useState<Flags>(() => flagsOf(initial));
  const [owner, setOwner] = useState(initial.owner ?? '');
  const [chosenReviewers, setChosenReviewers] = useState(initial.requiredReviewers);
  // E-mails typed and not picked yet count too: saving sends them (the server refuses non-users).
  const [reviewerText, setReviewerText] = useState('');
  const reviewers = [...new Set([...chosenReviewers, ...splitList(reviewerText)])];
  // A link to a section (an e-mail about a mention: …/postmortem#section-root_cause) opens it.
  const [selected, setSelected] = useState(() => {
    const fromHash = window.location.hash.replace(/^#section-/, '');
    return (
      initial.sections.find((candidate) => candidate.key === fromHash)?.key ??
      initial.sections[0]?.key ??
      ''
    );
  });
  const commentCounts = useCommentCounts(initial.id);
  const [editorGeneration, setEditorGeneration] = useState(0);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState('');
  const formRef = useRef<HTMLFormElement>(null);

  // Ctrl+S / Cmd+S saves (also from inside the editor), instead of the browser's "Save page".
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 's') return;
      event.preventDefault();
      const button = formRef.current?.querySelector<HTMLButtonElement>('button[type="submit"]');
      if (button && !button.disabled) formRef.current?.requestSubmit(button);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const { user } = useSession();
  // Viewers read; responders and up write (the API answers 403 otherwise).
  const canWrite = Boolean(user && user.role !== 'viewer');
  const editable = base.status === 'draft' && canWrite;
  const section = base.sections.find((candidate) => candidate.key === selected);
  const changed = (pm: Postmortem, key: string, t = texts, f = flags) => {
    const original = pm.sections.find((candidate) => candidate.key === key);
    return !original || original.markdown !== t[key] || original.internal !== f[key];
  };
  const dirty = base.sections.filter((candidate) => changed(base, candidate.key));
  const metaChanged =
    (base.owner ?? '') !== owner.trim() || base.requiredReviewers.join(',') !== reviewers.join(',');
  useUnsavedChangesWarning(editable && (dirty.length > 0 || metaChanged));
  const preview = useMemo(() => renderMarkdown(texts[selected] ?? ''), [texts, selected]);

  const save = async (against: Postmortem, t: Texts, f: Flags) => {
    setSaving(true);
    setError(null);
    setNotice('');
    try {
      const sections = against.sections
        .filter((candidate) => changed(against, candidate.key, t, f))
        .map((candidate) => ({
          key: candidate.key,
          markdown: t[candidate.key],
          internal: f[candidate.key],
        }));
      const saved = await api.postmortems.save(against.id, {
        version: against.version,
        ...(sections.length ? { sections } : {}),
        ...(owner.trim() && owner.trim() !== (against.owner ?? '') ? { owner: owner.trim() } : {}),
        ...(reviewers.join(',') !== against.requiredReviewers.join(',')
          ? { requiredReviewers: reviewers }
          : {}),
      });
      setBase(saved);
      setChosenReviewers(saved.requiredReviewers);
      setReviewerText('');
      setConflict(null);
      setNotice(`Saved as revision ${saved.revision}.`);
    } catch (caught) {
      const current = (caught instanceof ApiError ? caught.body?.details?.current : undefined) as
        { postmortem?: Postmortem } | undefined;
      if (caught instanceof ApiError && caught.status === 409 && current?.postmortem) {
        const theirs = current.postmortem;
        const choices: Conflict['choices'] = {};
        for (const candidate of theirs.sections) {
          if (changed(against, candidate.key, t, f) && changed(theirs, candidate.key, t, f))
            choices[candidate.key] = 'mine';
        }
        setConflict({ theirs, choices });
      } else {
        setError(caught);
      }
    } finally {
      setSaving(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(base, texts, flags);
  };

  /** Rebase on their version: their text where I changed nothing, my choice where both did. */
  const saveMerged = () => {
    if (!conflict) return;
    const { theirs, choices } = conflict;
    const theirTexts = textsOf(theirs);
    const theirFlags = flagsOf(theirs);
    const mergedTexts: Texts = {};
    const mergedFlags: Flags = {};
    for (const candidate of theirs.sections) {
      const key = candidate.key;
      const mine = changed(base, key) && choices[key] !== 'theirs';
      mergedTexts[key] = mine ? texts[key]! : theirTexts[key]!;
      mergedFlags[key] = mine ? flags[key]! : theirFlags[key]!;
    }
    setBase(theirs);
    setTexts(mergedTexts);
    setFlags(mergedFlags);
    setEditorGeneration((value) => value + 1);
    void save(theirs, mergedTexts, mergedFlags);
  };

  /**
   * A suggestion the person chose to apply: this section alone, saved through the normal
   * versioned save against the version on screen (a 409 opens the conflict panel as usual).
   */
  const applySuggestion = (key: string, markdown: string) => {
    const t = { ...textsOf(base), [key]: markdown };
    setTexts((previous) => ({ ...previous, [key]: markdown }));
    setEditorGeneration((value) => value + 1);
    void save(base, t, flagsOf(base));
  };

  const discardMine = () => {
    if (!conflict) return;
    setBase(conflict.theirs);
    setTexts(textsOf(conflict.theirs));
    setFlags(flagsOf(conflict.theirs));
    setEditorGeneration((value) => value + 1);
    setConflict(null);
    setNotice(`Loaded revision ${conflict.theirs.revision}; your changes were dropped.`);
  };

  return (
    <>
      <header className="incident-head">
        <h1>{base.title}</h1>
        <p className="badges">
          <SeverityBadge severity={base.severity} />{' '}
          <span className={`badge pm-status-${base.status}`}>{humanize(base.status)}</span>
          <span className="muted small">
            Revision {base.revision} · version {base.version} · template {base.templateKey}
          </span>
        </p>
        <p className="small">
          <DeadlineLine postmortem={base} />
          {base.publishedAt && (
            <>
              {' '}
              · Published{' '}
              <time dateTime={base.publishedAt}>
                {formatInZone(base.publishedAt, base.displayZone)}
              </time>
            </>
          )}{' '}
          · Incident{' '}
          <Link to={`/incidents/${encodeURIComponent(incident.reference)}`}>
            {incident.reference}
          </Link>
        </p>
      </header>
      <VendorRcaStatusPanel incidentId={incident.id} />

      {conflict && (
        <ConflictPanel
          base={base}
          texts={texts}
          flags={flags}
          conflict={conflict}
          onChoose={(key, choice) =>
            setConflict({ ...conflict, choices: { ...conflict.choices, [key]: choice } })
          }
          onSave={saveMerged}
          onDiscard={discardMine}
          saving={saving}
        />
      )}

      <form ref={formRef} className="pm-editor" onSubmit={submit} aria-label="Postmortem document">
        <nav className="pm-outline" aria-label="Outline">
          <h2>Outline</h2>
          <ol>
            {base.sections.map((candidate) => (
              <li key={candidate.key}>
                <button
                  type="button"
                  className={`link-button ${candidate.key === selected ? 'current' : ''}`}
                  aria-current={candidate.key === selected ? 'true' : undefined}
                  onClick={() => setSelected(candidate.key)}
                >
                  {candidate.title}
                </button>{' '}
                <span className={`tag origin-${candidate.origin}`}>{candidate.origin}</span>
                {flags[candidate.key] && <span className="tag internal">internal</span>}
                {changed(base, candidate.key) && <span className="tag unsaved">unsaved</span>}
                {(commentCounts.data?.[candidate.key] ?? 0) > 0 && (
                  <span
                    className="tag comments"
                    title={`${commentCounts.data![candidate.key]} comments`}
                  >
                    {commentCounts.data![candidate.key]} 💬
                  </span>
                )}
              </li>
            ))}
          </ol>
        </nav>

        <div className="pm-section">
          {section && (
            <>
              <h2>{section.title}</h2>
              <p className="small muted">
                {section.origin === 'generated'
                  ? 'Generated from the incident record: "Draft the RCA again" rewrites it until someone edits it.'
                  : 'Edited by a person: regenerating the draft keeps it.'}
              </p>
              <label className="check">
                <input
                  type="checkbox"
                  checked={Boolean(flags[section.key])}
                  disabled={!editable}
                  onChange={(event) =>
                    setFlags({ ...flags, [section.key]: event.currentTarget.checked })
                  }
                />{' '}
                Internal (left out of public exports)
              </label>
              <AiSuggestionPanel
                key={`ai-${section.key}`}
                postmortemId={base.id}
                incident={incident}
                displayZone={base.displayZone}
                sectionKey={section.key}
                sectionTitle={section.title}
                internal={Boolean(flags[section.key])}
                current={texts[section.key] ?? ''}
                editable={editable && !conflict}
                applying={saving}
                onApply={(markdown) => applySuggestion(section.key, markdown)}
              />
              <div className="pm-panes">
                <div>
                  <h3 id="pm-source-title">Markdown</h3>
                  <MarkdownEditor
                    key={`${section.key}#${editorGeneration}`}
                    initial={texts[section.key] ?? ''}
                    label={`${section.title} (Markdown)`}
                    readOnly={!editable}
                    onChange={(text) =>
                      setTexts((previous) => ({ ...previous, [section.key]: text }))
                    }
                  />
                </div>
                <div>
                  <h3>Preview</h3>
                  <div
                    className="markdown-preview"
                    aria-label={`${section.title} preview`}
                    role="region"
                    dangerouslySetInnerHTML={{ __html: preview }}
                  />
                </div>
              </div>
            </>
          )}

          <div className="form">
            <div className="row">
              <Field
                label="Owner (e-mail)"
                hint="A user of RCA desk: type a name or e-mail and pick them."
                errors={fieldErrorsOf(error, 'owner')}
              >
                {(props) => (
                  <PeoplePicker
                    value={{ id: null, text: owner }}
                    onChange={(next) => setOwner(next.text)}
                    onPick={(person) => setOwner(person.email)}
                    inputProps={{ ...props, disabled: !editable }}
                  />
                )}
              </Field>
              <Field
                label="Required reviewers"
                hint="Users who must each approve before publishing: pick them by name or e-mail."
                errors={fieldErrorsOf(error, 'requiredReviewers')}
              >
                {(props) => (
                  <PeopleListPicker
                    label="Chosen reviewers"
                    emails={chosenReviewers}
                    onEmails={setChosenReviewers}
                    text={reviewerText}
                    onText={setReviewerText}
                    inputProps={{ ...props, disabled: !editable }}
                  />
                )}
              </Field>
            </div>
            <FormError error={error} shownFields={['owner', 'requiredReviewers']} />
            {notice && (
              <p className="notice" role="status">
                {notice}
              </p>
            )}
            <div className="actions">
              <button
                type="submit"
                className="button primary"
                disabled={
                  !editable || saving || Boolean(conflict) || (!dirty.length && !metaChanged)
                }
                title="Save (Ctrl+S or ⌘S)"
              >
                {saving ? 'Saving…' : 'Save'}
              </button>
              {!canWrite && (
                <span className="small muted">You can read this postmortem (viewer role).</span>
              )}
              {canWrite && !editable && (
                <span className="small muted">
                  Only drafts can be edited
                  {base.status === 'in_review' ? ': a reviewer can request changes.' : '.'}
                </span>
              )}
              {editable && dirty.length > 0 && (
                <span className="small muted">
                  Unsaved: {dirty.map((candidate) => candidate.title).join(', ')}
                </span>
              )}
            </div>
          </div>
        </div>
      </form>

      {section && (
        <SectionComments
          key={section.key}
          postmortem={base}
          sectionKey={section.key}
          sectionTitle={section.title}
        />
      )}

      <PostmortemWorkflow
        postmortem={base}
        unsaved={dirty.length > 0 || metaChanged}
        onChanged={onReload}
      />
      <MeetingsPanel postmortem={base} canWrite={canWrite} />
      <ActionItems postmortem={base} canWrite={canWrite} />
      <ExportsPanel postmortem={base} />
      <PostmortemHistory postmortem={base} />
    </>
  );
}

function ConflictPanel({
  base,
  texts,
  flags,
  conflict,
  onChoose,
  onSave,
  onDiscard,
  saving,
}: {
  base: Postmortem;
  texts: Texts;
  flags: Flags;
  conflict: Conflict;
  onChoose: (key: string, choice: 'mine' | 'theirs') => void;
  onSave: () => void;
  onDiscard: () => void;
  saving: boolean;
}) {
  const { theirs, choices } = conflict;
  const both = theirs.sections.filter((candidate) => candidate.key in choices);
  const onlyTheirs = theirs.sections.filter((candidate) => {
    const original = base.sections.find((other) => other.key === candidate.key);
    return (
      !(candidate.key in choices) &&
      original &&
      (original.markdown !== candidate.markdown || original.internal !== candidate.internal)
    );
  });
  return (
    <section className="conflict" role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title">Someone saved first</h2>
      <p>
        Revision {theirs.revision} (version {theirs.version}) was saved while you were editing
        revision {base.revision}. Nothing of yours is lost: choose, per section, which text to keep,
        then save again.
      </p>
      {onlyTheirs.length > 0 && (
        <p className="small">
          Their changes to sections you did not touch are taken as they are:{' '}
          {onlyTheirs.map((candidate) => candidate.title).join(', ')}.
        </p>
      )}
      {both.map((candidate) => (
        <fieldset key={candidate.key} className="conflict-section">
          <legend>{candidate.title}</legend>
          <div className="pm-panes">
            <div>
              <h3>Yours{flags[candidate.key] ? ' (internal)' : ''}</h3>
              <pre className="conflict-text" aria-label={`${candidate.title}: yours`}>
                {texts[candidate.key]}
              </pre>
            </div>
            <div>
              <h3>
                Current, revision {theirs.revision}
                {candidate.internal ? ' (internal)' : ''}
              </h3>
              <pre className="conflict-text" aria-label={`${candidate.title}: current`}>
                {candidate.markdown}
              </pre>
            </div>
          </div>
          <label className="check">
            <input
              type="radio"
              name={`choice-${candidate.key}`}
              checked={choices[candidate.key] === 'mine'}
              onChange={() => onChoose(candidate.key, 'mine')}
            />{' '}
            Keep mine
          </label>{' '}
          <label className="check">
            <input
              type="radio"
              name={`choice-${candidate.key}`}
              checked={choices[candidate.key] === 'theirs'}
              onChange={() => onChoose(candidate.key, 'theirs')}
            />{' '}
            Take theirs
          </label>
        </fieldset>
      ))}
      <div className="actions">
        <button type="button" className="button primary" onClick={onSave} disabled={saving}>
          Save the merged version
        </button>
        <button type="button" onClick={onDiscard} disabled={saving}>
          Drop my changes and load theirs
        </button>
      </div>
    </section>
  );
}
