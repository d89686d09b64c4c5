// The one intermediate document of every export format: an AST built from the token stream of
// the shared markdown-it configuration (@rca/markdown), so links are validated the same way the
// app's preview validates them and every renderer sees the same structure.
import { isSafeUrl, parseMarkdown } from '@rca/markdown';

type Token = ReturnType<typeof parseMarkdown>[number];

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong' | 'em' | 'strike'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] }
  | { type: 'image'; src: string; alt: string }
  | { type: 'break'; hard: boolean };

export type Align = 'left' | 'center' | 'right' | null;
export type CalloutKind = 'info' | 'warning';

export interface ListItem {
  /** null: an ordinary item; true/false: a task list item, checked or not. */
  checked: boolean | null;
  children: Block[];
}

export type Block =
  | { type: 'heading'; level: number; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; tight: boolean; items: ListItem[] }
  | { type: 'code'; lang: string; text: string }
  | { type: 'quote'; children: Block[] }
  | { type: 'callout'; kind: CalloutKind; children: Block[] }
  | { type: 'hr' }
  | { type: 'table'; align: Align[]; header: Inline[][]; rows: Inline[][][] };

export interface ExportSection {
  key: string;
  title: string;
  internal: boolean;
  blocks: Block[];
}

/** A whole postmortem, ready for any renderer. */
export interface ExportDocument {
  title: string;
  variant: 'internal' | 'public';
  meta: {
    reference: string | null;
    severity: string;
    status: string;
    revision: number;
    team: string | null;
    owner: string | null;
    publishedAt: string | null;
  };
  sections: ExportSection[];
}

/**
 * A document that is not a postmortem (an SLA evidence pack, a report): a title, labelled facts
 * and the same sections of blocks, rendered by the same block renderers.
 */
export interface ReportDocument {
  title: string;
  facts: Array<{ label: string; value: string }>;
  sections: ExportSection[];
}

function parseInline(tokens: Token[]): Inline[] {
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  const top = () => stack[stack.length - 1];
  const open = (node: Inline & { children: Inline[] }) => {
    top().push(node);
    stack.push(node.children);
  };
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        if (token.content) top().push({ type: 'text', text: token.content });
        break;
      case 'code_inline':
        top().push({ type: 'code', text: token.content });
        break;
      case 'softbreak':
        top().push({ type: 'break', hard: false });
        break;
      case 'hardbreak':
        top().push({ type: 'break', hard: true });
        break;
      case 'strong_open':
        open({ type: 'strong', children: [] });
        break;
      case 'em_open':
        open({ type: 'em', children: [] });
        break;
      case 's_open':
        open({ type: 'strike', children: [] });
        break;
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        // validateLink already refused unsafe links; checked again so no renderer depends on it.
        open({ type: 'link', href: isSafeUrl(href) ? href : '', children: [] });
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 's_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'image': {
        const src = String(token.attrGet('src') ?? '');
        const alt = (token.children ?? []).map((child) => child.content).join('');
        if (isSafeUrl(src)) top().push({ type: 'image', src, alt });
        else top().push({ type: 'text', text: alt });
        break;
      }
      case 'html_inline':
        // html is off in the shared configuration: the only html_inline is the task checkbox,
        // which the list item records as `checked`.
        break;
      default:
        if (token.content) top().push({ type: 'text', text: token.content });
    }
  }
  return root;
}

const CALLOUT = /^\[!(NOTE|TIP|INFO|IMPORTANT|WARNING|CAUTION)\]\s*/i;

/** GitHub alert syntax ("> [!WARNING]") becomes a callout (Confluence panel, admonition). */
function toCallout(children: Block[]): Block {
  const first = children[0];
  if (first?.type === 'paragraph') {
    const head = first.children[0];
    if (head?.type === 'text') {
      const match = CALLOUT.exec(head.text);
      if (match) {
        const rest = head.text.slice(match[0].length);
        const inline = [...first.children.slice(1)];
        if (rest) inline.unshift({ type: 'text', text: rest });
        while (inline[0]?.type === 'break') inline.shift();
        const kind: CalloutKind = /WARNING|CAUTION|IMPORTANT/i.test(match[1]) ? 'warning' : 'info';
        const body = inline.length
          ? [{ type: 'paragraph' as const, children: inline }, ...children.slice(1)]
          : children.slice(1);
        return { type: 'callout', kind, children: body };
      }
    }
  }
  return { type: 'quote', children };
}

/** Markdown (the product's dialect) → blocks. */
export function parseBlocks(source: string): Block[] {
  const tokens = parseMarkdown(source);
  let index = 0;

  function blocksUntil(closing: string | null): Block[] {
    const blocks: Block[] = [];
    while (index < tokens.length) {
      const token = tokens[index];
      if (closing && token.type === closing) {
        index += 1;
        return blocks;
      }
      const block = parseBlock();
      if (block) blocks.push(block);
    }
    return blocks;
  }

  function inlineAt(): Inline[] {
    const token = tokens[index];
    index += 1;
    return token?.type === 'inline' ? parseInline(token.children ?? []) : [];
  }

  function parseBlock(): Block | null {
    const token = tokens[index];
    switch (token.type) {
      case 'heading_open': {
        index += 1;
        const children = inlineAt();
        index += 1; // heading_close
        return { type: 'heading', level: Number(token.tag.slice(1)), children };
      }
      case 'paragraph_open': {
        index += 1;
        const children = inlineAt();
        index += 1;
        return { type: 'paragraph', children };
      }
      case 'fence':
      case 'code_block':
        index += 1;
        return {
          type: 'code',
          lang: (token.info ?? '').trim().split(/\s+/)[0]?.toLowerCase() ?? '',
          text: token.content.replace(/\n$/, ''),
        };
      case 'hr':
        index += 1;
        return { type: 'hr' };
      case 'blockquote_open':
        index += 1;
        return toCallout(blocksUntil('blockquote_close'));
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = token.type === 'ordered_list_open';
        const closing = ordered ? 'ordered_list_close' : 'bullet_list_close';
        const start = Number(token.attrGet('start') ?? 1) || 1;
        index += 1;
        const items: ListItem[] = [];
        // markdown-it hides the paragraphs of tight lists.
        const tight = tokens[index + 1]?.type !== 'paragraph_open' || !!tokens[index + 1]?.hidden;
        while (index < tokens.length && tokens[index].type !== closing) {
          const item = tokens[index];
          index += 1;
          if (item.type !== 'list_item_open') continue;
          let checked: boolean | null = null;
          const paragraph = tokens[index];
          const inline = tokens[index + 1];
          if (paragraph?.type === 'paragraph_open' && inline?.type === 'inline') {
            const box = inline.children?.[0];
            if (box?.type === 'html_inline' && box.content.startsWith('<input type="checkbox"'))
              checked = box.content.includes('checked');
          }
          items.push({ checked, children: blocksUntil('list_item_close') });
        }
        index += 1;
        return { type: 'list', ordered, start, tight, items };
      }
      case 'table_open':
        return parseTable();
      default:
        index += 1;
        return null;
    }
  }

  function parseTable(): Block {
    index += 1;
    const align: Align[] = [];
    const header: Inline[][] = [];
    const rows: Inline[][][] = [];
    let row: Inline[][] | null = null;
    let inHead = false;
    while (index < tokens.length && tokens[index].type !== 'table_close') {
      const token = tokens[index];
      if (token.type === 'thead_open') inHead = true;
      else if (token.type === 'thead_close') inHead = false;
      else if (token.type === 'tr_open') row = [];
      else if (token.type === 'tr_close') {
        if (row && !inHead) rows.push(row);
        row = null;
      } else if (token.type === 'th_open' || token.type === 'td_open') {
        const style = String(token.attrGet('style') ?? '');
        const match = /text-align:(left|center|right)/.exec(style);
        if (inHead) align.push((match?.[1] as Align) ?? null);
        index += 1;
        const cell = inlineAt();
        (inHead ? header : row!).push(cell);
        continue; // index already points at th_close/td_close
      }
      index += 1;
    }
    index += 1;
    return { type: 'table', align, header, rows };
  }

  return blocksUntil(null);
}

/** Plain text of inline content (titles, alt texts, checksums of headings). */
export function inlineText(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
        case 'code':
          return node.text;
        case 'image':
          return node.alt;
        case 'break':
          return ' ';
        default:
          return inlineText(node.children);
      }
    })
    .join('');
}
