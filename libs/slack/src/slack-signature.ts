import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed more than 5 minutes from now is refused. */
export const SLACK_REPLAY_WINDOW_SECONDS = 5 * 60;

export type SignatureProblem =
  | 'missing-headers'
  | 'malformed-timestamp'
  | 'stale-timestamp'
  | 'malformed-signature'
  | 'signature-mismatch';

export interface SignedRequest {
  /** X-Slack-Request-Timestamp (Unix seconds). */
  timestamp: string | undefined;
  /** X-Slack-Signature (`v0=<64 hex>`). */
  signature: string | undefined;
  /** The body exactly as received, before any parsing. */
  rawBody: Buffer | undefined;
}

/** `v0=` + HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret. */
export function slackSignature(secret: string, timestamp: string, rawBody: Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Slack's v0 request signature (api.slack.com/authentication/verifying-requests-from-slack):
 * null when the request is authentic and fresh, else what is wrong with it. The comparison is in
 * constant time; a replay within the window is refused by the caller (the signature is stored).
 */
export function verifySlackSignature(
  request: SignedRequest,
  secret: string,
  nowMs = Date.now(),
): SignatureProblem | null {
  const { timestamp, signature, rawBody } = request;
  if (!timestamp || !signature || !rawBody) return 'missing-headers';
  if (!/^\d{1,12}$/.test(timestamp)) return 'malformed-timestamp';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SLACK_REPLAY_WINDOW_SECONDS)
    return 'stale-timestamp';
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return 'malformed-signature';
  const expected = Buffer.from(slackSignature(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? null
    : 'signature-mismatch';
}
