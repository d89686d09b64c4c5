import type { TrackerTarget } from '@rca/api-contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api';
import { ErrorBox, Loading } from '../../ui';

interface WebhookSetup {
  supported: boolean;
  url: string;
  secret: string | null;
  signatureHeader: string | null;
  note: string;
}

/** What to register in the tracker as its webhook (URL and secret), or why there is none. */
export function WebhookSetupPanel({ target }: { target: TrackerTarget }) {
  const setup = useQuery({
    queryKey: ['tracker-targets', target.id, 'webhook'],
    queryFn: ({ signal }) =>
      request<WebhookSetup>('GET', `/tracker-targets/${target.id}/webhook`, { signal }),
  });
  if (setup.error) return <ErrorBox error={setup.error} onRetry={() => void setup.refetch()} />;
  if (!setup.data) return <Loading what="the webhook settings" />;
  const { data } = setup;
  return (
    <div className="small" role="region" aria-label={`Webhook of ${target.name}`}>
      {data.supported ? (
        <dl className="facts">
          <div>
            <dt>Payload URL</dt>
            <dd>
              {/* Without PUBLIC_URL the server knows only the path: this page's origin is the one. */}
              <code>{new URL(data.url, window.location.origin).toString()}</code>
            </dd>
          </div>
          <div>
            <dt>Secret</dt>
            <dd>
              <code>{data.secret}</code>
            </dd>
          </div>
        </dl>
      ) : null}
      <p className="muted">{data.note}</p>
    </div>
  );
}
