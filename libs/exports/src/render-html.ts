import { isSafeUrl, slugify } from '@rca/markdown';
import { Align, Block, ExportDocument, Inline, ReportDocument } from './document';

/** Escapes text for HTML/XML element content and double- or single-quoted attributes. */
export function escapeXml(text: string): string {
  return xmlCharacters(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Replaces characters XML 1.0 cannot carry at all (not even escaped) with U+FFFD. */
export function xmlCharacters(text: string): string {
  return text.replace(
    // Characters XML 1.0 forbids (C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/F).
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

const alignStyle = (align: Align) => (align ? ` style="text-align:${align}"` : '');

export function htmlInline(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeXml(node.text);
        case 'code':
          return `<code>${escapeXml(node.text)}</code>`;
        case 'strong':
          return `<strong>${htmlInline(node.children)}</strong>`;
        case 'em':
          return `<em>${htmlInline(node.children)}</em>`;
        case 'strike':
          return `<del>${htmlInline(node.children)}</del>`;
        case 'link':
          return node.href && isSafeUrl(node.href)
            ? `<a href="${escapeXml(node.href)}" rel="noopener noreferrer nofollow">${htmlInline(node.children)}</a>`
            : htmlInline(node.children);
        case 'image':
          if (!node.src || !isSafeUrl(node.src)) return escapeXml(node.alt);
          // A remote image would be fetched when the page is opened (a tracking pixel): it
          // becomes a link to the image instead, so the page loads nothing from elsewhere.
          if (isRemoteUrl(node.src))
            return `<a href="${escapeXml(node.src)}" rel="noopener noreferrer nofollow" class="remote-image">${escapeXml(node.alt || 'image')}</a>`;
          return `<img src="${escapeXml(node.src)}" alt="${escapeXml(node.alt)}" />`;
        case 'break':
          return node.hard ? '<br />\n' : '\n';
      }
    })
    .join('');
}

/**
 * True for an image URL that would be fetched from another host: http(s) in any spelling
 * (`https:host` is read as `https://host`) or protocol-relative (`//host`, `/\host`, `\\host`).
 */
export function isRemoteUrl(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  const normalised = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  return /^https?:/i.test(normalised) || /^[/\\]{2}/.test(normalised);
}

export function htmlBlocks(blocks: Block[], idPrefix: string): string {
  return blocks.map((block) => htmlBlock(block, idPrefix)).join('\n');
}

function htmlBlock(block: Block, idPrefix: string): string {
  switch (block.type) {
    case 'heading': {
      const level = Math.min(6, block.level + 2);
      return `<h${level}>${htmlInline(block.children)}</h${level}>`;
    }
    case 'paragraph':
      return `<p>${htmlInline(block.children)}</p>`;
    case 'code': {
      const lang = block.lang.replace(/[^a-z0-9_+-]/gi, '');
      return `<pre><code${lang ? ` class="language-${lang}"` : ''}>${escapeXml(block.text)}</code></pre>`;
    }
    case 'hr':
      return '<hr />';
    case 'quote':
      return `<blockquote>\n${htmlBlocks(block.children, idPrefix)}\n</blockquote>`;
    case 'callout':
      return `<aside class="callout callout-${block.kind}" role="note"><strong class="callout-title">${block.kind === 'warning' ? 'Warning' : 'Note'}</strong>\n${htmlBlocks(block.children, idPrefix)}\n</aside>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
      const items = block.items.map((item) => {
        const box =
          item.checked === null
            ? ''
            : `<input type="checkbox" disabled="disabled"${item.checked ? ' checked="checked"' : ''} /> `;
        // Tight lists show their paragraphs without <p>, as markdown does.
        const body = item.children
          .map((child) =>
            block.tight && child.type === 'paragraph'
              ? htmlInline(child.children)
              : htmlBlock(child, idPrefix),
          )
          .join('\n');
        return `<li${item.checked === null ? '' : ' class="task"'}>${box}${body}</li>`;
      });
      return `<${tag}${start}>\n${items.join('\n')}\n</${tag}>`;
    }
    case 'table': {
      const head = block.header
        .map((cell, index) => `<th${alignStyle(block.align[index])}>${htmlInline(cell)}</th>`)
        .join('');
      const rows = block.rows
        .map(
          (row) =>
            `<tr>${row.map((cell, index) => `<td${alignStyle(block.align[index])}>${htmlInline(cell)}</td>`).join('')}</tr>`,
        )
        .join('\n');
      return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
    }
  }
}

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.9rem; margin-bottom: .3rem; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; margin-top: 2rem; }
.facts { color: #57606a; margin: 0 0 1.5rem; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 4px; font-weight: 600; font-size: .85rem; background: #eaeef2; }
.badge.sev1, .badge.sev2 { background: #ffebe9; color: #a40e26; } .badge.published { background: #dafbe1; color: #116329; }
.internal-flag { font-size: .75rem; color: #9a6700; font-weight: 600; margin-left: .4rem; }
pre { background: #f6f8fa; padding: .8rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: .1em .3em; border-radius: 4px; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; } th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; vertical-align: top; } th { background: #f6f8fa; }
blockquote { margin: 0; padding: 0 1rem; color: #57606a; border-left: .25rem solid #d0d7de; }
.callout { border-left: .25rem solid #0969da; background: #ddf4ff; padding: .5rem 1rem; margin: 1rem 0; border-radius: 4px; }
.callout-warning { border-color: #bf8700; background: #fff8c5; } .callout-title { display: block; }
li.task { list-style: none; } li.task input { margin: 0 .4rem 0 -1.3rem; }
a { color: #0969da; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; color: #000; }
  a { color: #000; text-decoration: underline; } a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
  h2, h3 { break-after: avoid; } pre, table, blockquote, .callout { break-inside: avoid; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
}
`.trim();

/**
 * A standalone, printable page. Every byte of user text goes through escapeXml; URLs pass
 * isSafeUrl; a Content-Security-Policy meta forbids scripts in case the file is opened locally.
 */
export function renderHtmlDocument(document: ExportDocument): string {
  const meta = document.meta;
  const severityClass = slugify(meta.severity);
  const facts = [
    `<li>Severity <span class="badge ${severityClass}">${escapeXml(meta.severity)}</span></li>`,
    `<li>Status <span class="badge ${slugify(meta.status)}">${escapeXml(meta.status)}</span></li>`,
    meta.reference ? `<li>Incident ${escapeXml(meta.reference)}</li>` : '',
    `<li>Revision ${meta.revision}</li>`,
    meta.publishedAt ? `<li>Published ${escapeXml(meta.publishedAt)}</li>` : '',
    document.variant === 'public' ? '<li>Public version</li>' : '',
  ].join('');
  const sections = document.sections
    .map(
      (section) =>
        `<section id="pm-${slugify(section.key)}">\n<h2>${escapeXml(section.title)}${section.internal ? '<span class="internal-flag">INTERNAL</span>' : ''}</h2>\n${htmlBlocks(section.blocks, `pm-${slugify(section.key)}-`)}\n</section>`,
    )
    .join('\n');
  return htmlPage(document.title, facts, sections);
}

/** What every exported page allows itself: no scripts, no remote resources, inline styles. */
export const EXPORT_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'";

/** The one standalone page shell of every HTML export: styles, CSP, title and facts. */
function htmlPage(title: string, facts: string, sections: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<meta http-equiv="Content-Security-Policy" content="${EXPORT_HTML_CSP}" />
<title>${escapeXml(title)}</title>
<style>
${CSS}
</style>
</head>
<body>
<article>
<h1>${escapeXml(title)}</h1>
<ul class="facts">${facts}</ul>
${sections}
</article>
</body>
</html>
`;
}

/** A report (evidence pack, …) as a standalone page: the postmortem export's styles, escaping and CSP. */
export function renderHtmlReport(document: ReportDocument): string {
  const facts = document.facts
    .map(
      (fact) =>
        `<li>${escapeXml(fact.label)} <span class="badge">${escapeXml(fact.value)}</span></li>`,
    )
    .join('');
  const sections = document.sections
    .map(
      (section) =>
        `<section id="report-${slugify(section.key)}">\n<h2>${escapeXml(section.title)}</h2>\n${htmlBlocks(section.blocks, `report-${slugify(section.key)}-`)}\n</section>`,
    )
    .join('\n');
  return htmlPage(document.title, facts, sections);
}
