// MediaWiki wikitext. Wikitext has no single escape, so every character that can start markup
// anywhere in a line (templates {{ }}, links [[ ]], tables |, emphasis ', headings =, lists * # : ;,
// signatures ~~~~, magic words __X__, tags <, entities &) is written as a numeric character
// reference, which MediaWiki displays as the character and never parses as markup.
import { isSafeUrl } from '@rca/markdown';
import { Align, Block, ExportDocument, Inline } from './document';
import { xmlCharacters } from './render-html';

export function escapeWikitext(text: string): string {
  return xmlCharacters(text).replace(
    /[&<>[\]{}|'=~*#:;_!\-"\\]/g,
    (character) => `&#${character.charCodeAt(0)};`,
  );
}

/** An external link target: no spaces or brackets (they would end the link), only safe schemes. */
function wikiUrl(url: string): string | null {
  if (!isSafeUrl(url) || !/^(https?:|mailto:)/i.test(url)) return null;
  return (
    url
      .replace(/[\s[\]<>"{}|'\\^`]/g, (character) =>
        encodeURIComponent(character).replace(/'/g, '%27'),
      )
      // "__NOTOC__" and "~~~~" are magic words and signatures even inside a link target.
      .replace(/_{2,}/g, (run) => '%5F'.repeat(run.length))
      .replace(/~{3,}/g, (run) => '%7E'.repeat(run.length))
  );
}

const LANGS = /^[a-z0-9_+-]{1,30}$/;

export function wikiInline(nodes: Inline[], inTable = false): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeWikitext(node.text);
        case 'code':
          return `<code>${escapeWikitext(node.text)}</code>`;
        case 'strong':
          return `<b>${wikiInline(node.children, inTable)}</b>`;
        case 'em':
          return `<i>${wikiInline(node.children, inTable)}</i>`;
        case 'strike':
          return `<s>${wikiInline(node.children, inTable)}</s>`;
        case 'link': {
          const url = node.href ? wikiUrl(node.href) : null;
          const label = wikiInline(node.children, inTable);
          return url ? `[${url} ${label || escapeWikitext(node.href)}]` : label;
        }
        case 'image': {
          // External images are usually disabled on wikis: a link to the image instead.
          const url = wikiUrl(node.src);
          return url ? `[${url} ${escapeWikitext(node.alt || 'image')}]` : escapeWikitext(node.alt);
        }
        case 'break':
          return node.hard || inTable ? '<br />' : ' ';
      }
    })
    .join('');
}

function cellAttributes(align: Align): string {
  return align ? `style="text-align:${align}" | ` : '';
}

function codeBlock(lang: string, text: string): string {
  const safe = xmlCharacters(text);
  // Inside <syntaxhighlight> nothing is parsed except its own closing tag.
  if (!/<\/syntaxhighlight/i.test(safe)) {
    const attribute = LANGS.test(lang) ? ` lang="${lang}"` : ' lang="text"';
    return `<syntaxhighlight${attribute}>\n${safe}\n</syntaxhighlight>`;
  }
  // <pre> decodes character references, so the fully escaped text shows as written.
  return `<pre>${escapeWikitext(safe)}</pre>`;
}

/** Blocks inside a list item: one line of wikitext (lists are line-based). */
function inlineBlocks(blocks: Block[], depth: string): { line: string; nested: string[] } {
  const line: string[] = [];
  const nested: string[] = [];
  for (const block of blocks) {
    if (block.type === 'list') nested.push(wikiList(block, depth));
    else if (block.type === 'paragraph' || block.type === 'heading')
      line.push(wikiInline(block.children).replace(/\n/g, ' '));
    else if (block.type === 'code')
      line.push(`<code>${escapeWikitext(block.text).replace(/\n/g, '<br />')}</code>`);
    else line.push(wikiBlocks([block]).replace(/\n/g, ' '));
  }
  return { line: line.join('<br />'), nested };
}

function wikiList(block: Extract<Block, { type: 'list' }>, depth: string): string {
  const marker = depth + (block.ordered ? '#' : '*');
  return block.items
    .map((item) => {
      const box = item.checked === null ? '' : item.checked ? '☑ ' : '☐ ';
      const { line, nested } = inlineBlocks(item.children, marker);
      return [`${marker} ${box}${line}`, ...nested].join('\n');
    })
    .join('\n');
}

export function wikiBlocks(blocks: Block[], headingOffset = 2): string {
  return blocks
    .map((block): string => {
      switch (block.type) {
        case 'heading': {
          const marks = '='.repeat(Math.min(6, block.level + headingOffset));
          return `${marks} ${wikiInline(block.children).replace(/\n/g, ' ')} ${marks}`;
        }
        case 'paragraph':
          return wikiInline(block.children);
        case 'code':
          return codeBlock(block.lang, block.text);
        case 'hr':
          return '----';
        case 'quote':
          return `<blockquote>\n${wikiBlocks(block.children, headingOffset)}\n</blockquote>`;
        case 'callout':
          return `<div class="${block.kind === 'warning' ? 'warningbox' : 'infobox'}" style="border-left:4px solid ${block.kind === 'warning' ? '#bf8700' : '#0969da'};padding:0.5em 1em;">\n'''${block.kind === 'warning' ? 'Warning' : 'Note'}'''\n\n${wikiBlocks(block.children, headingOffset)}\n</div>`;
        case 'list':
          return wikiList(block, '');
        case 'table': {
          const lines = ['{| class="wikitable"'];
          lines.push(
            block.header
              .map(
                (cell, index) =>
                  `! ${cellAttributes(block.align[index])}${wikiInline(cell, true) || '&#32;'}`,
              )
              .join('\n'),
          );
          for (const row of block.rows) {
            lines.push('|-');
            lines.push(
              row
                .map(
                  (cell, index) =>
                    `| ${cellAttributes(block.align[index])}${wikiInline(cell, true) || '&#32;'}`,
                )
                .join('\n'),
            );
          }
          lines.push('|}');
          return lines.join('\n');
        }
      }
    })
    .join('\n\n');
}

/** The page text of a postmortem (the page title is the wiki page name). */
export function renderMediawikiDocument(document: ExportDocument): string {
  const meta = document.meta;
  const facts = [
    `'''Severity:''' ${escapeWikitext(meta.severity)}`,
    `'''Status:''' ${escapeWikitext(meta.status)}`,
    meta.reference ? `'''Incident:''' ${escapeWikitext(meta.reference)}` : null,
    `'''Revision:''' ${meta.revision}`,
  ].filter(Boolean);
  const parts = [facts.join(' · ')];
  for (const section of document.sections) {
    parts.push(`== ${escapeWikitext(section.title)} ==`);
    if (section.blocks.length) parts.push(wikiBlocks(section.blocks));
  }
  return `${parts.join('\n\n')}\n`;
}
