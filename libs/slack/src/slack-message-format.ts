import { resolveInstant, type InstantInput } from '@rca/incidents';
import { DateTime, IANAZone } from 'luxon';
import type { SlackMessage } from './slack-web-api';

const TS = /^(\d{1,12})\.(\d{6})$/;

export function isSlackTs(ts: unknown): ts is string {
  return typeof ts === 'string' && TS.test(ts);
}

/** A Slack ts ("1763464800.123456": Unix seconds . microseconds) as the ISO instant it names, in UTC with microseconds. */
export function slackTsToIso(ts: string): string {
  const match = TS.exec(ts);
  if (!match) throw new Error(`not a Slack message ts: ${ts}`);
  const seconds = Number(match[1]);
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return `${base}.${match[2]}Z`;
}

/** A Date for a Slack ts (JavaScript keeps milliseconds; the ts itself is stored beside it). */
export function slackTsToDate(ts: string): Date {
  return new Date(slackTsToIso(ts).slice(0, 23) + 'Z');
}

/** An instant as a Slack ts, for conversations.history's oldest/latest. */
export function dateToSlackTs(date: Date): string {
  const ms = date.getTime();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

/**
 * The instant of a message as the timeline takes it: the author's local wall time and IANA zone
 * when Slack gives the zone (the same instant, and the zone kept), else the UTC instant.
 */
export function occurredAtInput(ts: string, zone: string | null | undefined): InstantInput {
  const iso = slackTsToIso(ts);
  const date = slackTsToDate(ts);
  if (!zone || !IANAZone.isValidZone(zone)) return `${iso.slice(0, 23)}Z`;
  const local = DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS");
  // A repeated local hour (autumn fall-back) names two instants: take the one that is this one.
  for (const disambiguation of ['earlier', 'later'] as const) {
    const input = { local, zone, disambiguation };
    if (resolveInstant(input, 'occurredAt').instant.getTime() === date.getTime()) return input;
  }
  return `${iso.slice(0, 23)}Z`;
}

/** Every user id a message mentions (`<@U123>` or `<@U123|name>`). */
export function mentionedUserIds(text: string): string[] {
  return [
    ...new Set([...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((match) => match[1]!)),
  ];
}

function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeMarkdownLabel(text: string): string {
  return text.replace(/([[\]\\])/g, '\\$1');
}

/**
 * Slack's mrkdwn markup as the timeline's Markdown: user mentions as names (`@Ada Lovelace`),
 * channels as `#name`, links as Markdown links, files as links to their Slack permalinks.
 */
export function renderSlackMessage(
  message: Pick<SlackMessage, 'text' | 'files'>,
  names: ReadonlyMap<string, string>,
): string {
  const text = (message.text ?? '').replace(/<([^<>]+)>/g, (_whole, inner: string) => {
    const [target, label] = inner.split('|', 2) as [string, string | undefined];
    if (target.startsWith('@')) {
      const id = target.slice(1);
      return `@${names.get(id) ?? label ?? id}`;
    }
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!subteam^')) return label ?? '@team';
    if (target.startsWith('!')) return `@${(label ?? target.slice(1)).replace(/^@/, '')}`;
    const url = unescapeSlack(target);
    if (!/^(https?|mailto):/i.test(url)) return unescapeSlack(label ?? target);
    return label ? `[${escapeMarkdownLabel(unescapeSlack(label))}](${url})` : `<${url}>`;
  });
  const files = (message.files ?? [])
    .map((file) => {
      const url = file.permalink ?? file.url_private;
      const name = escapeMarkdownLabel(file.title || file.name || 'file');
      return url ? `- [${name}](${url})` : `- ${name}`;
    })
    .join('\n');
  const body = unescapeSlack(text).trim();
  return files ? `${body}${body ? '\n\n' : ''}Files:\n${files}` : body;
}

/** A person's name as the timeline shows it. */
export function displayName(
  user:
    | { name?: string; real_name?: string; profile?: { display_name?: string; real_name?: string } }
    | null
    | undefined,
  fallback: string,
): string {
  return (
    user?.profile?.real_name ||
    user?.real_name ||
    user?.profile?.display_name ||
    user?.name ||
    fallback
  );
}

/** Message subtypes that are not conversation (joins, topic changes, bots' housekeeping). */
const SKIPPED_SUBTYPES = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'channel_archive',
  'channel_unarchive',
  'group_join',
  'group_leave',
  'pinned_item',
  'unpinned_item',
]);

export function isConversation(message: SlackMessage): boolean {
  return isSlackTs(message.ts) && !SKIPPED_SUBTYPES.has(message.subtype ?? '');
}
