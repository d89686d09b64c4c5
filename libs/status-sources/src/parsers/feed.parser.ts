import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DateTime } from 'luxon';
import { toSafeMarkdown } from './html-to-text';
import {
  CLOSED_STATUSES,
  Enumerated,
  INCIDENT_STATUSES,
  IncidentStatus,
  NormalisedFeed,
  NormalisedIncident,
  NormalisedUpdate,
  StatusFormat,
} from './normalised.model';
import { byInstant, derived, enumerated, isObject, Json } from './read';
import { StatusParseError, StatusParseErrorKind } from './status-parse.error';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  // Entities of a DOCTYPE are refused before parsing; only the XML built-ins are decoded.
  processEntities: true,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'entry' || name === 'item' || name === 'link',
});

/** The Statuspage update labels ("Update" means: a message that did not change the status). */
const LABELS: Record<string, IncidentStatus> = {
  investigating: 'investigating',
  identified: 'identified',
  monitoring: 'monitoring',
  resolved: 'resolved',
  postmortem: 'postmortem',
  scheduled: 'scheduled',
  'in progress': 'in_progress',
  verifying: 'verifying',
  completed: 'completed',
};

/** Zone abbreviations in Statuspage stamps → IANA zones (the zone decides DST, not the label). */
const ZONES: Record<string, string> = {
  UTC: 'UTC',
  GMT: 'UTC',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  BST: 'Europe/London',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function parseXmlDocument(text: string): Json {
  if (/<!DOCTYPE[\s\S]*?<!ENTITY/i.test(text))
    throw new StatusParseError(
      StatusParseErrorKind.Malformed,
      'XML with DOCTYPE entities is refused',
    );
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new StatusParseError(
      StatusParseErrorKind.Malformed,
      `malformed XML: ${valid.err.msg} (line ${valid.err.line})`,
    );
  try {
    const document = parser.parse(text) as unknown;
    if (!isObject(document)) throw new Error('empty document');
    return document;
  } catch (error) {
    throw new StatusParseError(
      StatusParseErrorKind.Malformed,
      `malformed XML: ${(error as Error).message}`,
    );
  }
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isObject(value) && '#text' in value) return text(value['#text']);
  if (Array.isArray(value)) return text(value[0]);
  return null;
}

function feedInstant(value: unknown, path: string, rfc822: boolean): string | null {
  const raw = text(value)?.trim();
  if (!raw) return null;
  let parsed = DateTime.fromISO(raw, { setZone: true });
  if (!parsed.isValid && rfc822) parsed = DateTime.fromRFC2822(raw, { setZone: true });
  if (!parsed.isValid) parsed = DateTime.fromHTTP(raw, { setZone: true });
  if (!parsed.isValid)
    throw new StatusParseError(
      StatusParseErrorKind.Invalid,
      `not a date: ${JSON.stringify(raw.slice(0, 60))}`,
      path,
    );
  return parsed.toUTC().toISO();
}

/** The entry date in its own offset (the stamp's year and month are read there). */
function localDate(raw: string | null, rfc822: boolean): DateTime | null {
  if (!raw) return null;
  let parsed = DateTime.fromISO(raw, { setZone: true });
  if (!parsed.isValid && rfc822) parsed = DateTime.fromRFC2822(raw, { setZone: true });
  if (!parsed.isValid) parsed = DateTime.fromHTTP(raw, { setZone: true });
  return parsed.isValid ? parsed : null;
}

function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

/**
 * The Statuspage history HTML: one <p> per update, newest first, with a stamp without a year.
 * Returns null when the HTML does not follow that shape (a generic feed item).
 */
function statuspageUpdates(
  html: string,
  incidentId: string,
  published: DateTime | null,
  path: string,
  warn: (m: string) => void,
): NormalisedUpdate[] | null {
  const paragraphs = [
    ...html.matchAll(/<p>\s*<small>([\s\S]*?)<\/small>\s*<br\s*\/?>([\s\S]*?)<\/p>/gi),
  ];
  if (paragraphs.length === 0) return null;
  const updates: NormalisedUpdate[] = [];
  paragraphs.forEach((match, index) => {
    const stamp = stripTags(match[1]);
    const rest = match[2];
    const label = /^\s*<strong>([\s\S]*?)<\/strong>\s*-?\s*/i.exec(rest);
    const labelText = label ? stripTags(label[1]) : null;
    const bodyHtml = label ? rest.slice(label[0].length) : rest;
    const at = stampInstant(stamp, published, `${path}.update[${index}]`, warn);
    const status: Enumerated<IncidentStatus> =
      labelText === null
        ? { value: 'unknown', raw: null, unknown: false }
        : labelText.toLowerCase() === 'update'
          ? { value: 'unknown', raw: labelText, unknown: false }
          : enumerated(
              labelText.toLowerCase(),
              INCIDENT_STATUSES,
              `${path}.update[${index}].label`,
              warn,
              LABELS,
            );
    if (status.raw !== null && labelText) status.raw = labelText;
    const body = toSafeMarkdown(bodyHtml);
    updates.push({
      externalId: `${incidentId}:${shortHash(stamp, labelText ?? '', body)}`,
      at,
      status,
      body,
      components: [],
    });
  });
  return updates;
}

/** "Nov 14, 14:07 PST" + the entry's published instant → UTC ISO instant. */
function stampInstant(
  stamp: string,
  published: DateTime | null,
  path: string,
  warn: (m: string) => void,
): string {
  const match =
    /^([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})\s*,?\s+(\d{1,2}):(\d{2})\s*([A-Za-z]{2,5})?/.exec(stamp);
  if (!match || !published)
    throw new StatusParseError(
      StatusParseErrorKind.Invalid,
      `unreadable update stamp ${JSON.stringify(stamp.slice(0, 60))}`,
      path,
    );
  const month = MONTHS.indexOf(match[1].toLowerCase()) + 1;
  if (month === 0)
    throw new StatusParseError(
      StatusParseErrorKind.Invalid,
      `unknown month in ${JSON.stringify(stamp)}`,
      path,
    );
  // No year in the stamp: take the entry's, one year back when the month lies after the entry's.
  const year = month > published.month ? published.year - 1 : published.year;
  const abbreviation = match[5]?.toUpperCase();
  let zone: string | undefined = abbreviation ? ZONES[abbreviation] : undefined;
  if (!zone) {
    zone = published.zoneName ?? 'UTC';
    warn(
      `${path}: unknown zone abbreviation ${JSON.stringify(abbreviation ?? '')}; used the entry's offset`,
    );
  }
  const local = DateTime.fromObject(
    { year, month, day: Number(match[2]), hour: Number(match[3]), minute: Number(match[4]) },
    { zone },
  );
  if (!local.isValid)
    throw new StatusParseError(
      StatusParseErrorKind.Invalid,
      `impossible stamp ${JSON.stringify(stamp)}`,
      path,
    );
  return local.toUTC().toISO() as string;
}

function incidentFromEntry(args: {
  path: string;
  link: string | null;
  fallbackId: string | null;
  title: string | null;
  html: string;
  published: string | null;
  publishedLocal: DateTime | null;
  warn: (m: string) => void;
}): NormalisedIncident {
  const { path, link, title, html, warn } = args;
  const linkId = link ? /\/incidents\/([^/?#]+)\/?$/.exec(link)?.[1] : undefined;
  const externalId = linkId ?? args.fallbackId ?? link;
  if (!externalId)
    throw new StatusParseError(StatusParseErrorKind.Invalid, 'entry has neither link nor id', path);
  if (!title) throw new StatusParseError(StatusParseErrorKind.Invalid, 'entry has no title', path);
  let updates = statuspageUpdates(html, externalId, args.publishedLocal, path, warn);
  if (updates === null) {
    // A generic feed item: one update with the whole text.
    const body = toSafeMarkdown(html);
    const at = args.published;
    if (!at) throw new StatusParseError(StatusParseErrorKind.Invalid, 'entry has no date', path);
    const resolved = /\[resolved\]|operating normally|\bresolved\b/i.test(title);
    updates = [
      {
        externalId: `${externalId}:${shortHash(at, body)}`,
        at,
        status: resolved ? derived('resolved') : { value: 'unknown', raw: null, unknown: false },
        body,
        components: [],
      },
    ];
  }
  updates = byInstant(updates);
  const latestWithStatus = [...updates].reverse().find((u) => u.status.value !== 'unknown');
  const status: Enumerated<IncidentStatus> = latestWithStatus
    ? { ...latestWithStatus.status }
    : { value: 'unknown', raw: null, unknown: false };
  const maintenance = updates.some((u) =>
    ['scheduled', 'in_progress', 'verifying', 'completed'].includes(u.status.value),
  );
  const resolvedUpdate = CLOSED_STATUSES.has(status.value)
    ? updates.find((u) => CLOSED_STATUSES.has(u.status.value))
    : undefined;
  return {
    externalId,
    kind: maintenance ? 'maintenance' : 'incident',
    title: stripTags(title),
    status,
    impact: { value: 'unknown', raw: null, unknown: false },
    startedAt: updates[0]?.at ?? args.published,
    resolvedAt: resolvedUpdate?.at ?? null,
    updatedAt: updates[updates.length - 1]?.at ?? args.published,
    shortlink: link,
    updates,
    components: [],
  };
}

function alternateLink(links: unknown): string | null {
  if (!Array.isArray(links)) return text(links);
  const candidates = links.filter(isObject);
  const alternate =
    candidates.find((l) => l['@rel'] === 'alternate' || l['@rel'] === undefined) ?? candidates[0];
  const href = alternate?.['@href'];
  if (typeof href === 'string') return href;
  return text(links[0]);
}

export function parseAtom(document: Json): NormalisedFeed {
  const feed = document.feed;
  if (!isObject(feed))
    throw new StatusParseError(
      StatusParseErrorKind.Unsupported,
      'not an Atom feed: no <feed> root',
    );
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const entries = Array.isArray(feed.entry) ? feed.entry : [];
  const incidents = entries.map((raw, index) => {
    const path = `feed.entry[${index}]`;
    if (!isObject(raw))
      throw new StatusParseError(StatusParseErrorKind.Invalid, 'expected an element', path);
    const published = feedInstant(raw.published ?? raw.updated, `${path}.published`, false);
    const publishedRaw = text(raw.published ?? raw.updated)?.trim() ?? null;
    return incidentFromEntry({
      path,
      link: alternateLink(raw.link),
      fallbackId: text(raw.id),
      title: text(raw.title),
      html: text(raw.content) ?? text(raw.summary) ?? '',
      published,
      publishedLocal: localDate(publishedRaw, false),
      warn,
    });
  });
  return {
    format: StatusFormat.Atom,
    page: {
      id: text(feed.id),
      name: text(feed.title)?.replace(/\s*-\s*Incident History$/i, '') ?? null,
      url: alternateLink(feed.link),
      updatedAt: feedInstant(feed.updated, 'feed.updated', false),
    },
    indicator: null,
    components: [],
    incidents,
    warnings,
  };
}

export function parseRss(document: Json): NormalisedFeed {
  const rss = document.rss;
  const channel = isObject(rss) ? rss.channel : undefined;
  if (!isObject(channel))
    throw new StatusParseError(
      StatusParseErrorKind.Unsupported,
      'not an RSS feed: no <rss><channel>',
    );
  const warnings: string[] = [];
  const warn = (m: string) => warnings.push(m);
  const items = Array.isArray(channel.item) ? channel.item : [];
  const incidents = items.map((raw, index) => {
    const path = `rss.channel.item[${index}]`;
    if (!isObject(raw))
      throw new StatusParseError(StatusParseErrorKind.Invalid, 'expected an element', path);
    return incidentFromEntry({
      path,
      link: alternateLink(raw.link),
      fallbackId: text(raw.guid),
      title: text(raw.title),
      html: text(raw.description) ?? '',
      published: feedInstant(raw.pubDate, `${path}.pubDate`, true),
      publishedLocal: localDate(text(raw.pubDate)?.trim() ?? null, true),
      warn,
    });
  });
  return {
    format: StatusFormat.Rss,
    page: {
      id: null,
      name: text(channel.title)?.replace(/\s*-\s*Incident History$/i, '') ?? null,
      url: alternateLink(channel.link),
      updatedAt: feedInstant(channel.pubDate ?? channel.lastBuildDate, 'rss.channel.pubDate', true),
    },
    indicator: null,
    components: [],
    incidents,
    warnings,
  };
}
