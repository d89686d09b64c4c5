import { useState, type FormEvent } from 'react';
import type { VendorRcaStatus } from '@rca/api-contract';
import { ApiError } from '../../api';
import { useSession } from '../../session';
import { ErrorBox, Field, FormError } from '../../ui';
import { usePasteVendorReport, useVendorRcaStatus } from './queries';
import './vendor-rca.css';

/** "expected by 2025-11-25 (5 business days, America/Los_Angeles, US holidays) — overdue" */
export function vendorRcaSentence(item: VendorRcaStatus): string {
  const expected = item.expectedByDate
    ? `expected by ${item.expectedByDate} (${item.expectationText})`
    : 'no report promised';
  switch (item.state) {
    case 'published':
      return `${expected} — published ${item.report!.publishedAt.slice(0, 10)}`;
    case 'overdue':
      return `${expected} — overdue`;
    case 'awaited':
      return `${expected} — not yet published`;
    case 'untracked':
      return `${expected} — not yet published`;
  }
}

/**
 * On the postmortem page: the vendor's own report of each accepted vendor cause (expected by,
 * not yet published, overdue, or published with its link), and a form to paste the link when a
 * person finds it first. Shows nothing when no vendor incident is an accepted cause.
 */
export function VendorRcaStatusPanel({ incidentId }: { incidentId: string }) {
  const status = useVendorRcaStatus(incidentId);
  if (status.error) return <ErrorBox error={status.error} onRetry={() => void status.refetch()} />;
  if (!status.data || status.data.items.length === 0) return null;
  return (
    <section className="vendor-rca" aria-label="Vendor reports" data-testid="vendor-rca">
      {status.data.items.map((item) => (
        <VendorRcaLine key={item.causeId} item={item} />
      ))}
    </section>
  );
}

function VendorRcaLine({ item }: { item: VendorRcaStatus }) {
  const { user } = useSession();
  const canPaste = user?.role !== 'viewer';
  const [pasting, setPasting] = useState(false);
  return (
    <div className={`vendor-rca-line vendor-rca-${item.state}`}>
      <p data-testid="vendor-rca-line">
        <strong>{item.vendorName}&rsquo;s report:</strong> {vendorRcaSentence(item)}
        {item.report?.url && (
          <>
            {' '}
            <a href={item.report.url} target="_blank" rel="noopener noreferrer">
              {item.report.url}
            </a>
          </>
        )}
        {!item.report && canPaste && !pasting && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={() => setPasting(true)}>
              Paste its link
            </button>
          </>
        )}
      </p>
      {pasting && !item.report && <PasteForm item={item} onDone={() => setPasting(false)} />}
    </div>
  );
}

function PasteForm({ item, onDone }: { item: VendorRcaStatus; onDone: () => void }) {
  const paste = usePasteVendorReport();
  const [url, setUrl] = useState('');
  const [publishedOn, setPublishedOn] = useState('');
  const fields = paste.error instanceof ApiError ? paste.error.fieldErrors : {};
  function submit(event: FormEvent) {
    event.preventDefault();
    paste.mutate(
      {
        vendorIncidentId: item.vendorIncidentId,
        body: {
          url: url.trim(),
          ...(publishedOn ? { publishedAt: `${publishedOn}T12:00:00Z` } : {}),
        },
      },
      { onSuccess: onDone },
    );
  }
  return (
    <form
      className="form compact"
      onSubmit={submit}
      aria-label={`Paste ${item.vendorName}'s report`}
    >
      <div className="row">
        <Field label={`Link to ${item.vendorName}'s report`} errors={fields.url}>
          {(props) => (
            <input
              {...props}
              type="url"
              required
              placeholder="https://"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Published on" errors={fields.publishedAt} hint="Default: today">
          {(props) => (
            <input
              {...props}
              type="date"
              value={publishedOn}
              onChange={(e) => setPublishedOn(e.currentTarget.value)}
            />
          )}
        </Field>
      </div>
      <FormError error={paste.error} shownFields={['url', 'publishedAt']} />
      <div className="actions">
        <button type="submit" className="primary" disabled={paste.isPending}>
          {paste.isPending ? 'Saving…' : 'Attach report'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
