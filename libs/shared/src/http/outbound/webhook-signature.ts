import { createHmac } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-rca-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-rca-timestamp';

/**
 * The one webhook signature (export pushes and notification deliveries): HMAC-SHA256 over
 * `${timestamp}.${body}`, hex, prefixed "sha256=". Receivers recompute it with the shared secret
 * and should refuse timestamps older than a few minutes (replay).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The timestamp header, and the signature header when there is a secret. */
export function webhookSignatureHeaders(
  secret: string | null | undefined,
  body: string,
  now: Date = new Date(),
): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
    ...(secret ? { [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) } : {}),
  };
}
