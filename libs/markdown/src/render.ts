// The one Markdown configuration of the product. Imported by the server (rendered endpoint,
// exports) and by the web app (live preview), so preview and export never disagree.
// Keep this file free of Node-only imports: it must bundle for the browser.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

export interface RenderOptions {
  /** Prefix of every heading id, so user text never collides with the page's own ids. */
  headingIdPrefix?: string;
  /**
   * Applied to every text the reader sees (text, code, image alt, heading ids) before rendering,
   * as the public exports redact their document: a link or image whose target it changes (a
   * mailto: with an e-mail, a profile URL with a name) loses the target.
   */
  redact?: (text: string) => string;
}

export const DEFAULT_HEADING_ID_PREFIX = 'md-';

/** Schemes a link or image may use; anything else (javascript:, data:, vbscript:, file:) is refused. */
export const ALLOWED_SCHEMES = ['http', 'https', 'mailto'] as const;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * True when `url` is relative, a fragment, or uses an allowed scheme. Control characters and
 * whitespace that browsers ignore inside a scheme ("java\tscript:") are stripped before checking.
 */
export function isSafeUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const normalised = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  let decoded = normalised;
  try {
    decoded = decodeURIComponent(normalised);
  } catch {
    // Keep the raw form: it is checked as is.
  }
  for (const candidate of [normalised, decoded]) {
    const match = SCHEME.exec(candidate);
    if (match && !(ALLOWED_SCHEMES as readonly string[]).includes(match[1])) return false;
  }
  return true;
}

/** Lower-case ASCII slug of a heading's text. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'section';
}

function createMarkdown(): ReturnType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  md.validateLink = isSafeUrl;
  // Runs before heading_ids, so ids are built from the redacted text.
  md.core.ruler.push('redact', (state) => {
    const redact = (state.env as { redact?: (text: string) => string }).redact;
    if (!redact) return true;
    const visit = (tokens: typeof state.tokens) => {
      for (const token of tokens) {
        if (
          token.type === 'text' ||
          token.type === 'code_inline' ||
          token.type === 'fence' ||
          token.type === 'code_block'
        )
          token.content = redact(token.content);
        if (token.type === 'inline') token.content = redact(token.content);
        const title = token.attrGet('title');
        if (title) token.attrSet('title', redact(title));
        for (const name of ['href', 'src'])
          if (token.attrGet(name) !== null) {
            const value = token.attrGet(name)!;
            if (redact(value) !== value)
              token.attrs = (token.attrs ?? []).filter(([key]) => key !== name);
          }
        if (token.children) visit(token.children);
      }
    };
    visit(state.tokens);
    return true;
  });
  md.core.ruler.push('heading_ids', (state) => {
    const prefix = (state.env as { headingIdPrefix?: string }).headingIdPrefix ?? '';
    const seen = new Map<string, number>();
    const tokens = state.tokens;
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index];
      if (token.type !== 'heading_open') continue;
      const inline = tokens[index + 1];
      const base = slugify(inline?.children?.map((child) => child.content).join('') ?? '');
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      token.attrSet('id', `${prefix}${count === 0 ? base : `${base}-${count}`}`);
    }
    return true;
  });
  // Task lists: "- [ ] todo" / "- [x] done" become disabled checkboxes.
  md.core.ruler.push('task_lists', (state) => {
    const tokens = state.tokens;
    for (let index = 2; index < tokens.length; index += 1) {
      const inline = tokens[index];
      if (
        inline.type !== 'inline' ||
        tokens[index - 1].type !== 'paragraph_open' ||
        tokens[index - 2].type !== 'list_item_open'
      )
        continue;
      const match = /^\[([ xX])\] /.exec(inline.content);
      const first = inline.children?.[0];
      if (!match || !first || first.type !== 'text' || !first.content.startsWith(match[0]))
        continue;
      first.content = first.content.slice(match[0].length);
      inline.content = inline.content.slice(match[0].length);
      const checkbox = new state.Token('html_inline', '', 0);
      checkbox.content = `<input type="checkbox" disabled${match[1] === ' ' ? '' : ' checked'} /> `;
      inline.children!.unshift(checkbox);
      tokens[index - 2].attrJoin('class', 'task-list-item');
    }
    return true;
  });
  return md;
}

const markdown = createMarkdown();

/** The token stream of the shared configuration (exports build their document from it). */
export function parseMarkdown(source: string, options: RenderOptions = {}) {
  return markdown.parse(source ?? '', {
    headingIdPrefix: options.headingIdPrefix ?? DEFAULT_HEADING_ID_PREFIX,
  });
}

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    's',
    'del',
    'a',
    'img',
    'ul',
    'ol',
    'li',
    'input',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title'],
    h1: ['id'],
    h2: ['id'],
    h3: ['id'],
    h4: ['id'],
    h5: ['id'],
    h6: ['id'],
    ol: ['start'],
    li: ['class'],
    code: ['class'],
    th: ['style'],
    td: ['style'],
    input: ['type', 'disabled', 'checked'],
  },
  allowedClasses: { li: ['task-list-item'], code: [/^language-[a-z0-9_+-]+$/] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: [...ALLOWED_SCHEMES],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }),
    input: (tagName, attribs) =>
      attribs.type === 'checkbox'
        ? { tagName, attribs: { ...attribs, disabled: 'disabled' } }
        : { tagName: 'span', attribs: {} },
  },
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
};
// The rel attribute is added by transformTags, so it must survive the attribute filter.
(SANITIZE_OPTIONS.allowedAttributes as Record<string, string[]>).a.push('rel');

/** Markdown → sanitised HTML. Raw HTML in the source is shown as text, never interpreted. */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  const html = markdown.render(source ?? '', {
    headingIdPrefix: options.headingIdPrefix ?? DEFAULT_HEADING_ID_PREFIX,
    redact: options.redact,
  });
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Plain text of a markdown fragment (for excerpts, notifications). */
export function markdownToText(source: string): string {
  return sanitizeHtml(markdown.render(source ?? ''), { allowedTags: [], allowedAttributes: {} })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
