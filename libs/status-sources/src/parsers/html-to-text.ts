import sanitizeHtml from 'sanitize-html';
import TurndownService from 'turndown';

const turndown = new TurndownService({
  headingStyle: 'atx',
  codeBlockStyle: 'fenced',
  bulletListMarker: '-',
});

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'b',
  'em',
  'i',
  'a',
  'ul',
  'ol',
  'li',
  'code',
  'pre',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
];

const LOOKS_LIKE_HTML = /<\/?[a-z][\s\S]*?>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

/**
 * Vendor text → safe markdown. HTML is first reduced to a small allow-list (no scripts, styles,
 * event handlers or javascript: links), then converted to markdown. Plain text passes through
 * with normalised line breaks.
 */
export function toSafeMarkdown(input: string): string {
  const text = input.replace(/\r\n?/g, '\n');
  if (!LOOKS_LIKE_HTML.test(text)) return text.trim();
  const clean = sanitizeHtml(text, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    disallowedTagsMode: 'discard',
  });
  return turndown.turndown(clean).trim();
}
