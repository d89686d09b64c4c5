import {
  AddressPolicy,
  assertPublicDestination as checkDestination,
  ForbiddenDestinationError,
} from '@rca/shared';
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import { ChannelKind } from './notification-channel.entity';

export interface OutgoingMessage {
  id: string;
  topic: string;
  subject: string;
  text: string;
  data: Record<string, unknown>;
}

export interface ChannelTarget {
  kind: ChannelKind;
  url: string | null;
  secret: string | null;
  emailTo: string[];
}

export interface SenderOptions {
  timeoutMs: number;
  /** Let webhooks reach loopback (tests and local use); private and metadata addresses stay refused. */
  allowLoopback?: boolean;
  smtpUrl?: string;
  smtpFrom: string;
  /** Clock of the signature timestamp; tests pass their own. */
  now?: () => Date;
}

/** A failure the receiver will answer the same way next time (4xx other than 408/429, no SMTP configured). */
export class PermanentDeliveryError extends Error {}

export const SIGNATURE_HEADER = 'x-rca-signature';
export const TIMESTAMP_HEADER = 'x-rca-timestamp';

/**
 * HMAC-SHA256 over `${timestamp}.${body}`, hex, prefixed "sha256=". Receivers recompute it with
 * the shared secret and should refuse timestamps older than a few minutes (replay).
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Webhook URLs are typed by people: internal addresses are refused for good (shared policy). */
async function assertPublicDestination(url: string, policy: AddressPolicy): Promise<void> {
  try {
    await checkDestination(url, policy);
  } catch (error) {
    const message = `POST ${(error as Error).message}`;
    if (error instanceof ForbiddenDestinationError) throw new PermanentDeliveryError(message);
    throw new Error(message);
  }
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  policy: AddressPolicy,
) {
  await assertPublicDestination(url, policy);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'rca-desk', ...headers },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(
      `POST ${new URL(url).host} failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
    );
  }
  const excerpt = (await response.text().catch(() => '')).slice(0, 200);
  if (response.ok) return;
  const message = `POST ${new URL(url).host} answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
  if (response.status >= 400 && response.status < 500 && ![408, 425, 429].includes(response.status))
    throw new PermanentDeliveryError(message);
  throw new Error(message);
}

/** Delivers one message to one channel; throws on failure (PermanentDeliveryError when retrying is useless). */
export async function sendToChannel(
  target: ChannelTarget,
  message: OutgoingMessage,
  options: SenderOptions,
): Promise<void> {
  switch (target.kind) {
    case ChannelKind.Webhook: {
      const timestamp = String(Math.floor((options.now?.() ?? new Date()).getTime() / 1000));
      const body = JSON.stringify({
        id: message.id,
        topic: message.topic,
        subject: message.subject,
        text: message.text,
        data: message.data,
      });
      const headers: Record<string, string> = {
        [TIMESTAMP_HEADER]: timestamp,
        'x-rca-message-id': message.id,
      };
      if (target.secret) headers[SIGNATURE_HEADER] = signWebhook(target.secret, timestamp, body);
      return post(target.url!, body, headers, options.timeoutMs, {
        allowLoopback: options.allowLoopback ?? false,
      });
    }
    case ChannelKind.Slack: {
      // Slack incoming-webhook format: mrkdwn text plus a section block.
      const body = JSON.stringify({
        text: `*${message.subject}*\n${message.text}`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: message.subject.slice(0, 150) } },
          { type: 'section', text: { type: 'mrkdwn', text: message.text.slice(0, 2900) } },
        ],
      });
      return post(target.url!, body, {}, options.timeoutMs, {
        allowLoopback: options.allowLoopback ?? false,
      });
    }
    case ChannelKind.Email: {
      if (!options.smtpUrl)
        throw new PermanentDeliveryError(
          'SMTP_URL is not configured; e-mail channels cannot deliver',
        );
      const smtp = new URL(options.smtpUrl);
      const transport = nodemailer.createTransport({
        host: smtp.hostname,
        port: smtp.port ? Number(smtp.port) : smtp.protocol === 'smtps:' ? 465 : 587,
        secure: smtp.protocol === 'smtps:',
        auth: smtp.username
          ? { user: decodeURIComponent(smtp.username), pass: decodeURIComponent(smtp.password) }
          : undefined,
        // Plain smtp:// on loopback or an internal relay: upgrade to TLS only when offered.
        ignoreTLS: smtp.searchParams.get('ignoreTLS') === 'true',
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
      });
      try {
        await transport.sendMail({
          from: options.smtpFrom,
          to: target.emailTo,
          subject: message.subject,
          text: message.text,
          headers: { 'X-RCA-Message-Id': message.id },
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const text = `SMTP: ${(error as Error).message}`;
        if (code && code >= 500 && code < 600) throw new PermanentDeliveryError(text);
        throw new Error(text);
      } finally {
        transport.close();
      }
      return;
    }
    default:
      throw new PermanentDeliveryError(`unknown channel kind ${String(target.kind)}`);
  }
}
