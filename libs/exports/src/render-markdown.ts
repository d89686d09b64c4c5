import { Block, ExportDocument, Inline, ReportDocument } from './document';

/**
 * Escapes text so GitHub-flavoured markdown shows it literally: characters that open inline
 * markup, entity references and line-start block markers get a backslash (CommonMark allows
 * escaping any ASCII punctuation); "<" is escaped so no raw HTML reaches GitHub's renderer.
 */
export function escapeMarkdownText(text: string): string {
  return (
    text
      // Characters that open inline markup anywhere.
      .replace(/[\\`*_[\]<|~]/g, (character) => `\\${character}`)
      // Entity and character references ("&amp;", "&#60;") stay literal.
      .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
      // Block markers at the start of a line: headings, quotes, list items, setext underlines.
      .replace(/(^|\n)([ \t]*)([#>+\-=])/g, '$1$2\\$3')
      .replace(/(^|\n)([ \t]*\d+)([.)])/g, '$1$2\\$3')
      // A closing "#" sequence would be dropped from a heading.
      .replace(/#$/, '\\#')
  );
}

function codeSpan(text: string): string {
  const runs = text.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((run) => run.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text.trim() === '' ? ' ' : '';
  return `${fence}${pad}${text.replace(/\n/g, ' ')}${pad}${fence}`;
}

function destination(url: string): string {
  return `<${url.replace(/[<>\n\\]/g, (character) => encodeURIComponent(character))}>`;
}

export function markdownInline(nodes: Inline[], inTable = false): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeMarkdownText(node.text);
        case 'code': {
          const span = codeSpan(node.text);
          return inTable ? span.replace(/\|/g, '\\|') : span;
        }
        case 'strong':
          return `**${markdownInline(node.children, inTable)}**`;
        case 'em':
          return `_${markdownInline(node.children, inTable)}_`;
        case 'strike':
          return `~~${markdownInline(node.children, inTable)}~~`;
        case 'link':
          return node.href
            ? `[${markdownInline(node.children, inTable)}](${destination(node.href)})`
            : markdownInline(node.children, inTable);
        case 'image':
          return `![${escapeMarkdownText(node.alt)}](${destination(node.src)})`;
        case 'break':
          return inTable ? ' ' : node.hard ? '\\\n' : '\n';
      }
    })
    .join('');
}

function indent(text: string, prefix: string, first = prefix): string {
  return text
    .split('\n')
    .map((line, index) => (line ? (index === 0 ? first : prefix) + line : line))
    .join('\n');
}

export function markdownBlocks(blocks: Block[]): string {
  return blocks.map(markdownBlock).join('\n\n');
}

function markdownBlock(block: Block): string {
  switch (block.type) {
    case 'heading':
      return `${'#'.repeat(block.level)} ${markdownInline(block.children).replace(/\n/g, ' ')}`;
    case 'paragraph':
      return markdownInline(block.children);
    case 'code': {
      const runs = block.text.match(/^`{3,}/gm) ?? [];
      const fence = '`'.repeat(Math.max(3, ...runs.map((run) => run.length + 1)));
      return `${fence}${block.lang.replace(/[^a-z0-9_+-]/gi, '')}\n${block.text}\n${fence}`;
    }
    case 'hr':
      return '---';
    case 'quote':
      return indent(markdownBlocks(block.children), '> ').replace(/^$/gm, '>');
    case 'callout':
      return indent(
        `[!${block.kind === 'warning' ? 'WARNING' : 'NOTE'}]\n${markdownBlocks(block.children)}`,
        '> ',
      ).replace(/^$/gm, '>');
    case 'list':
      return block.items
        .map((item, index) => {
          const marker = block.ordered ? `${block.start + index}. ` : '- ';
          const task = item.checked === null ? '' : item.checked ? '[x] ' : '[ ] ';
          const body = item.children.map(markdownBlock).join(block.tight ? '\n' : '\n\n');
          return indent(`${task}${body}`, ' '.repeat(marker.length), marker);
        })
        .join('\n');
    case 'table': {
      const row = (cells: Inline[][]) =>
        `| ${cells.map((cell) => markdownInline(cell, true) || ' ').join(' | ')} |`;
      const rule = `| ${block.align
        .map((align) =>
          align === 'center' ? ':-:' : align === 'right' ? '--:' : align === 'left' ? ':--' : '---',
        )
        .join(' | ')} |`;
      return [row(block.header), rule, ...block.rows.map(row)].join('\n');
    }
  }
}

/** The whole postmortem as one GitHub-flavoured markdown page. */
export function renderMarkdownDocument(document: ExportDocument): string {
  const meta = document.meta;
  const facts = [
    `**Severity:** ${escapeMarkdownText(meta.severity)}`,
    `**Status:** ${escapeMarkdownText(meta.status)}`,
    meta.reference ? `**Incident:** ${escapeMarkdownText(meta.reference)}` : null,
    `**Revision:** ${meta.revision}`,
  ].filter(Boolean);
  const parts = [`# ${escapeMarkdownText(document.title)}`, facts.join(' · ')];
  for (const section of document.sections) {
    parts.push(`## ${escapeMarkdownText(section.title)}`);
    if (section.blocks.length) parts.push(markdownBlocks(section.blocks));
  }
  return `${parts.join('\n\n')}\n`;
}

/** A report (evidence pack, …) as one GitHub-flavoured markdown page, with the postmortem's block rendering. */
export function renderMarkdownReport(document: ReportDocument): string {
  const facts = document.facts.map(
    (fact) => `**${escapeMarkdownText(fact.label)}:** ${escapeMarkdownText(fact.value)}`,
  );
  const parts = [`# ${escapeMarkdownText(document.title)}`];
  if (facts.length) parts.push(facts.join(' · '));
  for (const section of document.sections) {
    parts.push(`## ${escapeMarkdownText(section.title)}`);
    if (section.blocks.length) parts.push(markdownBlocks(section.blocks));
  }
  return `${parts.join('\n\n')}\n`;
}
