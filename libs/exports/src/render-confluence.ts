// Confluence storage format: XHTML plus ac:/ri: elements. User text is only ever XML-escaped
// character data (so "<ac:structured-macro>" in a section stays text) or CDATA with "]]>" split.
import { isSafeUrl } from '@rca/markdown';
import { Align, Block, ExportDocument, Inline } from './document';
import { escapeXml, xmlCharacters } from './render-html';

/** CDATA that survives "]]>" inside the text: the terminator is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlCharacters(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

function macro(name: string, parameters: Record<string, string>, body = ''): string {
  const params = Object.entries(parameters)
    .map(([key, value]) => `<ac:parameter ac:name="${key}">${escapeXml(value)}</ac:parameter>`)
    .join('');
  return `<ac:structured-macro ac:name="${name}">${params}${body}</ac:structured-macro>`;
}

/** Status lozenge colours by severity / workflow status. */
export function statusColour(value: string): 'Red' | 'Yellow' | 'Green' | 'Blue' | 'Grey' {
  const v = value.toLowerCase();
  if (/^sev[12]$|critical/.test(v)) return 'Red';
  if (/^sev3$|high|in_review|approved/.test(v)) return 'Yellow';
  if (/published|done/.test(v)) return 'Green';
  if (/draft/.test(v)) return 'Blue';
  return 'Grey';
}

const CODE_LANGUAGES: Record<string, string> = {
  ts: 'javascript',
  typescript: 'javascript',
  js: 'javascript',
  javascript: 'javascript',
  json: 'javascript',
  sh: 'bash',
  bash: 'bash',
  shell: 'bash',
  sql: 'sql',
  yaml: 'yaml',
  yml: 'yaml',
  py: 'python',
  python: 'python',
  java: 'java',
  go: 'go',
  xml: 'xml',
  html: 'html',
  diff: 'diff',
  ruby: 'ruby',
  text: 'text',
};

const align = (value: Align) => (value ? ` style="text-align: ${value};"` : '');

export function confluenceInline(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeXml(node.text);
        case 'code':
          return `<code>${escapeXml(node.text)}</code>`;
        case 'strong':
          return `<strong>${confluenceInline(node.children)}</strong>`;
        case 'em':
          return `<em>${confluenceInline(node.children)}</em>`;
        case 'strike':
          return `<del>${confluenceInline(node.children)}</del>`;
        case 'link':
          return node.href && isSafeUrl(node.href)
            ? `<a href="${escapeXml(node.href)}">${confluenceInline(node.children)}</a>`
            : confluenceInline(node.children);
        case 'image':
          return isSafeUrl(node.src) && /^https?:/i.test(node.src)
            ? `<ac:image ac:alt="${escapeXml(node.alt)}"><ri:url ri:value="${escapeXml(node.src)}" /></ac:image>`
            : escapeXml(node.alt);
        case 'break':
          return node.hard ? '<br />' : ' ';
      }
    })
    .join('');
}

export function confluenceBlocks(blocks: Block[], tasks: { next: number }): string {
  return blocks.map((block) => confluenceBlock(block, tasks)).join('');
}

function confluenceBlock(block: Block, tasks: { next: number }): string {
  switch (block.type) {
    case 'heading': {
      const level = Math.min(6, block.level + 1);
      return `<h${level}>${confluenceInline(block.children)}</h${level}>`;
    }
    case 'paragraph':
      return `<p>${confluenceInline(block.children)}</p>`;
    case 'code':
      return macro(
        'code',
        { language: CODE_LANGUAGES[block.lang] ?? 'text', linenumbers: 'false' },
        `<ac:plain-text-body>${cdata(block.text)}</ac:plain-text-body>`,
      );
    case 'hr':
      return '<hr />';
    case 'quote':
      return `<blockquote>${confluenceBlocks(block.children, tasks)}</blockquote>`;
    case 'callout':
      return macro(
        block.kind === 'warning' ? 'warning' : 'info',
        {},
        `<ac:rich-text-body>${confluenceBlocks(block.children, tasks)}</ac:rich-text-body>`,
      );
    case 'list': {
      if (block.items.length && block.items.every((item) => item.checked !== null)) {
        const items = block.items.map((item) => {
          tasks.next += 1;
          return `<ac:task><ac:task-id>${tasks.next}</ac:task-id><ac:task-status>${item.checked ? 'complete' : 'incomplete'}</ac:task-status><ac:task-body>${confluenceBlocks(item.children, tasks)}</ac:task-body></ac:task>`;
        });
        return `<ac:task-list>${items.join('')}</ac:task-list>`;
      }
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((item) => {
        const box = item.checked === null ? '' : item.checked ? '☑ ' : '☐ ';
        return `<li>${box}${confluenceBlocks(item.children, tasks)}</li>`;
      });
      return `<${tag}${block.ordered && block.start !== 1 ? ` start="${block.start}"` : ''}>${items.join('')}</${tag}>`;
    }
    case 'table': {
      const head = block.header
        .map((cell, index) => `<th${align(block.align[index])}>${confluenceInline(cell)}</th>`)
        .join('');
      const rows = block.rows
        .map(
          (row) =>
            `<tr>${row.map((cell, index) => `<td${align(block.align[index])}>${confluenceInline(cell)}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<table><tbody><tr>${head}</tr>${rows}</tbody></table>`;
    }
  }
}

/** The page body (Confluence storage representation) of a postmortem. */
export function renderConfluenceDocument(document: ExportDocument): string {
  const meta = document.meta;
  const tasks = { next: 0 };
  const facts = [
    `<strong>Severity</strong> ${macro('status', { colour: statusColour(meta.severity), title: meta.severity })}`,
    `<strong>Status</strong> ${macro('status', { colour: statusColour(meta.status), title: meta.status })}`,
    meta.reference ? `<strong>Incident</strong> ${escapeXml(meta.reference)}` : null,
    `<strong>Revision</strong> ${meta.revision}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const parts = [`<p>${facts}</p>`];
  if (document.variant === 'internal' && document.sections.some((section) => section.internal))
    parts.push(
      macro(
        'warning',
        {},
        '<ac:rich-text-body><p>This page contains internal sections. Do not share it outside the company.</p></ac:rich-text-body>',
      ),
    );
  for (const section of document.sections) {
    parts.push(`<h1>${escapeXml(section.title)}</h1>`);
    parts.push(confluenceBlocks(section.blocks, tasks));
  }
  return parts.join('');
}
