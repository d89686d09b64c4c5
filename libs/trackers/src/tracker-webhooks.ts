import { createHmac, timingSafeEqual } from 'node:crypto';

/** How each tracker signs its webhooks (the header, and what is HMAC'd with the secret). */
export const WEBHOOK_SIGNATURES: Record<string, { header: string; format: string } | undefined> = {
  // GitHub: "sha256=" + hex HMAC-SHA256 of the body (repository → Settings → Webhooks → Secret).
  github: { header: 'x-hub-signature-256', format: 'sha256=<hex HMAC-SHA256 of the body>' },
  // Jira Cloud admin webhooks with a secret: the same form in X-Hub-Signature.
  jira: { header: 'x-hub-signature', format: 'sha256=<hex HMAC-SHA256 of the body>' },
  // Linear: hex HMAC-SHA256 of the body in Linear-Signature.
  linear: { header: 'linear-signature', format: '<hex HMAC-SHA256 of the body>' },
  // Redmine has no webhooks of its own: the poll is the way back.
  redmine: undefined,
};

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Whether `body` was signed with `secret` as the tracker `kind` signs (constant-time compare).
 * A kind without webhooks, a missing header or a wrong signature: false.
 */
export function verifyWebhook(
  kind: string,
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
): boolean {
  const scheme = WEBHOOK_SIGNATURES[kind];
  if (!scheme) return false;
  const raw = headers[scheme.header];
  const given = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase();
  if (!given) return false;
  const hex = createHmac('sha256', secret).update(body).digest('hex');
  return equal(given, kind === 'linear' ? hex : `sha256=${hex}`);
}

/**
 * The ids a webhook payload names its issue by, whatever the tracker: GitHub `issue.number` and
 * `issue.id`, Jira `issue.id` and `issue.key`, Linear `data.id` and `data.identifier`. Each is
 * looked up among the linked issues; an unknown one is ignored.
 */
export function issueIdsOf(payload: unknown): string[] {
  if (!payload || typeof payload !== 'object') return [];
  const record = payload as Record<string, unknown>;
  const ids = new Set<string>();
  for (const holder of [record.issue, record.data]) {
    if (!holder || typeof holder !== 'object') continue;
    for (const field of ['number', 'id', 'key', 'identifier']) {
      const value = (holder as Record<string, unknown>)[field];
      if ((typeof value === 'string' && value.length <= 200) || typeof value === 'number')
        ids.add(String(value));
    }
  }
  return [...ids];
}
