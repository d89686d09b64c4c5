import { safeReportUrl, sanitiseVendorReportText, VendorReportSource } from '@rca/vendor-incidents';
import { NormalisedIncident } from './parsers';

/**
 * How a vendor's post-incident report (postmortem, RCA, incident report) is recognised on its
 * status page. The one place these heuristics live; vendor-report-detection.spec.ts holds the
 * texts they are checked against.
 */

/** Words with which an update announces a write-up. */
const ANNOUNCES =
  /\b(?:post[- ]?mortems?|post[- ](?:incident|event) (?:reports?|reviews?|analysis|summary|summaries)|root[- ]cause analysis|RCAs?|incident reports?|availability reports?|write[- ]?ups?|blog post|detailed (?:report|analysis|explanation|breakdown|account))\b/i;

/** Words saying the write-up is out now (not only promised). */
const PUBLISHED =
  /\b(?:is (?:now )?available|are (?:now )?available|(?:has|have) (?:now )?been (?:published|posted)|(?:we|we've|we have) (?:now )?published|can be (?:found|read)|read (?:it|more|the)|is (?:now )?posted|here)\b/i;

/** Links that are write-ups whatever the text around them says. */
const WRITE_UP_LINKS: RegExp[] = [
  // Cloudflare publishes its postmortems on its blog.
  /^https?:\/\/blog\.cloudflare\.com\/[^/?#]+/i,
  // AWS post-event summaries.
  /^https?:\/\/aws\.amazon\.com\/(?:[a-z-]+\/)?message\/[a-z0-9]+/i,
  // A path that names what it is.
  /\/(?:post-?mortems?|post-incident[-a-z]*|incident-reports?|rcas?|root-cause[-a-z]*)(?:[/\-_.?#]|$)/i,
];

/** Links to the status page itself (the incident's own page), which are not a write-up. */
const STATUS_PAGE_LINK =
  /^https?:\/\/(?:[^/]*\bstatus\b[^/]*|[^/]*status\.[^/]+|stspg\.io)(?:\/|$)/i;

const URL_IN_TEXT = /https?:\/\/[^\s<>()[\]"'`]+/gi;

/** The http(s) links of a text, in order, trailing punctuation removed. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)]
    .map((match) => match[0].replace(/[.,;:!?*_]+$/, ''))
    .filter((url) => safeReportUrl(url) !== null);
}

const hasPath = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search !== '';
};

/**
 * The link of a write-up that a text announces, or null: a link that is a write-up by its
 * address (blog.cloudflare.com/…, …/post-mortem/…), else, when the text uses the words of an
 * announcement ("post-mortem", "RCA", "incident report", …), its first link that is not the status
 * page itself (unless the text says it is out: "the RCA is now available at <incident page>") nor a
 * site's front page. A promise without a link ("we will publish an RCA") is none.
 */
export function announcedWriteUp(text: string): string | null {
  const links = linksIn(text);
  const byAddress = links.find((url) => WRITE_UP_LINKS.some((pattern) => pattern.test(url)));
  if (byAddress) return byAddress;
  if (!ANNOUNCES.test(text)) return null;
  // "The RCA is now available: <the incident's page>" links the status page on purpose.
  const published = PUBLISHED.test(text);
  return links.find((url) => hasPath(url) && (published || !STATUS_PAGE_LINK.test(url))) ?? null;
}

export interface DetectedVendorReport {
  source: VendorReportSource;
  url: string | null;
  publishedAt: Date;
  text: string;
  /** The vendor's id of the update that announced it (source `update`). */
  updateExternalId: string | null;
}

/**
 * The report a vendor incident shows, or null: a Statuspage postmortem (`postmortem_body`,
 * `postmortem_published_at`), else an update announcing a write-up with its link, else the
 * `postmortem` status (the write-up is on the incident's page). `seenAt` is the time used when
 * the vendor gives none.
 */
export function detectVendorReport(
  incident: NormalisedIncident,
  seenAt: Date,
): DetectedVendorReport | null {
  const announcing = [...incident.updates]
    .reverse()
    .map((update) => ({ update, url: announcedWriteUp(update.body) }))
    .find((candidate) => candidate.url !== null);
  const shortlink = safeReportUrl(incident.shortlink);
  const postmortem = incident.postmortem;
  if (postmortem && (postmortem.body.trim() !== '' || postmortem.publishedAt)) {
    const text = sanitiseVendorReportText(postmortem.body);
    return {
      source: 'statuspage_postmortem',
      url: announcedWriteUp(text) ?? linksIn(text)[0] ?? announcing?.url ?? shortlink,
      publishedAt: new Date(postmortem.publishedAt ?? incident.updatedAt ?? seenAt),
      text,
      updateExternalId: null,
    };
  }
  if (announcing)
    return {
      source: 'update',
      url: announcing.url,
      publishedAt: new Date(announcing.update.at),
      text: sanitiseVendorReportText(announcing.update.body),
      updateExternalId: announcing.update.externalId,
    };
  if (incident.status.value === 'postmortem')
    return {
      source: 'statuspage_status',
      url: shortlink,
      publishedAt: new Date(incident.updatedAt ?? seenAt),
      text: '',
      updateExternalId: null,
    };
  return null;
}
