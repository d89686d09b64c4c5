import {
  classifyOutboundFailure,
  FetchError,
  FetchErrorKind,
  isPermanentStatus,
  OutboundHttpClient,
  parseRetryAfter,
  webhookSignatureHeaders,
} from '@rca/shared';
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
  slackChannel?: string | null;
}

/**
 * Posts into a Slack channel with the Slack app's bot token; provided by libs/slack (its settings
 * hold the token). Throws PermanentDeliveryError when the app is not set up or Slack refuses for
 * good (channel_not_found, not_in_channel, invalid_auth…); other failures are retried.
 */
export abstract class SlackAppPoster {
  abstract post(channel: string, text: string): Promise<void>;
}

export interface SenderOptions {
  timeoutMs: number;
  /** The one outbound client: address policy (OUTBOUND_ALLOW_LOOPBACK) checked at connect time. */
  http: OutboundHttpClient;
  smtpUrl?: string;
  smtpFrom: string;
  /** Clock of the signature timestamp; tests pass their own. */
  now?: () => Date;
  /** The Slack app (libs/slack), when the product has it. */
  slackApp?: SlackAppPoster;
}

/** `data.calendar` of a message: an iCalendar invitation (METHOD and text) to attach to its e-mail. */
export interface CalendarAttachment {
  method: 'REQUEST' | 'CANCEL';
  content: string;
  filename: string;
}

function calendarOf(message: OutgoingMessage): CalendarAttachment | undefined {
  const calendar = message.data.calendar as CalendarAttachment | undefined;
  return calendar && typeof calendar.content === 'string' ? calendar : undefined;
}

/** A failure the receiver will answer the same way next time (4xx other than 408/409/425/429, a refused address, no SMTP configured). */
export class PermanentDeliveryError extends Error {}

/**
 * POSTs through the outbound client; failures through the one classifier: permanent ones become
 * PermanentDeliveryError, retryable ones keep the receiver's Retry-After for the queue's backoff.
 */
async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: SenderOptions,
) {
  let response;
  try {
    response = await options.http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'rca-desk', ...headers },
      body,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    const message = `POST ${(error as Error).message}`;
    if (classifyOutboundFailure(error).permanent) throw new PermanentDeliveryError(message);
    if (error instanceof FetchError) throw new FetchError(error.kind, message, error.details);
    throw new Error(message);
  }
  if (response.ok) return;
  const excerpt = response.body.slice(0, 200);
  const message = `POST ${new URL(url).host} answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
  if (isPermanentStatus(response.status)) throw new PermanentDeliveryError(message);
  throw new FetchError(
    response.status === 429 ? FetchErrorKind.RateLimited : FetchErrorKind.HttpStatus,
    message,
    { status: response.status, retryAfterMs: parseRetryAfter(response.headers['retry-after']) },
  );
}

/** Delivers one message to one channel; throws on failure (PermanentDeliveryError when retrying is useless). */
export async function sendToChannel(
  target: ChannelTarget,
  message: OutgoingMessage,
  options: SenderOptions,
): Promise<void> {
  switch (target.kind) {
    case ChannelKind.Webhook: {
      const body = JSON.stringify({
        id: message.id,
        topic: message.topic,
        subject: message.subject,
        text: message.text,
        data: message.data,
      });
      const headers: Record<string, string> = {
        ...webhookSignatureHeaders(target.secret, body, options.now?.() ?? new Date()),
        'x-rca-message-id': message.id,
      };
      return post(target.url!, body, headers, options);
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
      return post(target.url!, body, {}, options);
    }
    case ChannelKind.SlackApp: {
      if (!options.slackApp || !target.slackChannel)
        throw new PermanentDeliveryError(
          'the Slack app is not set up (Admin → Slack: signing secret and bot token)',
        );
      return options.slackApp.post(
        target.slackChannel,
        `*${message.subject}*\n${message.text}`.slice(0, 3900),
      );
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
          // A calendar invitation (a retrospective meeting) rides along as text/calendar.
          ...(calendarOf(message) ? { icalEvent: calendarOf(message) } : {}),
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
