import sanitizeHtml from 'sanitize-html';
import { VENDOR_REPORT_TEXT_LIMIT } from './vendor-incident-report.entity';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * A vendor's report text (markdown or HTML, from a status page or a person) → plain text: every
 * tag dropped with sanitize-html (scripts and styles with their content), entities turned back
 * into characters, blank lines collapsed, cut at VENDOR_REPORT_TEXT_LIMIT characters with an ellipsis.
 */
export function sanitiseVendorReportText(input: string | null | undefined): string {
  if (!input) return '';
  // Block ends become line breaks, so paragraphs do not run into each other once tags are gone.
  const lines = input
    .replace(/\r\n?/g, '\n')
    .replace(/<\/(?:p|div|li|h[1-6]|blockquote|pre|tr)\s*>|<br\s*\/?>/gi, (tag) => `${tag}\n`);
  const stripped = sanitizeHtml(lines, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe'],
  })
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return stripped.length > VENDOR_REPORT_TEXT_LIMIT
    ? `${stripped.slice(0, VENDOR_REPORT_TEXT_LIMIT - 1)}…`
    : stripped;
}

/** An http(s) URL of at most 2,000 characters, or null. */
export function safeReportUrl(url: string | null | undefined): string | null {
  if (!url || url.length > 2_000) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}
