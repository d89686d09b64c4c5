import type { RedactionTally } from '@rca/postmortems';
import { Block, Inline, ListItem } from './document';

export const REDACTED = '[redacted]';
export const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** What the public variant hides: e-mails, the names of the people involved, and extra patterns. */
export interface RedactionPolicy {
  emails: boolean;
  /** Names of people (owner, reviewers, timeline authors, action item owners…), matched case-insensitively. */
  names: string[];
  /** Extra regular expressions (source text, flags "gi"), e.g. internal host names or ticket ids. */
  patterns: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A text → text function applying the policy. Invalid extra patterns are refused up front. With
 * `tally`, each replacement is counted by kind.
 */
export function compileRedaction(
  policy: RedactionPolicy,
  tally?: RedactionTally,
): (text: string) => string {
  const expressions: Array<{ expression: RegExp; kind: keyof RedactionTally }> = [];
  if (policy.emails)
    expressions.push({ expression: new RegExp(EMAIL_PATTERN.source, 'g'), kind: 'emails' });
  const names = [...new Set(policy.names.map((name) => name.trim()).filter((n) => n.length >= 2))]
    // Longest first, so "Ada Lovelace" is redacted whole before "Ada".
    .sort((a, b) => b.length - a.length);
  if (names.length)
    expressions.push({
      expression: new RegExp(
        `(?<![\\p{L}\\p{N}_])(?:${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`,
        'giu',
      ),
      kind: 'names',
    });
  for (const pattern of policy.patterns)
    expressions.push({ expression: new RegExp(pattern, 'gi'), kind: 'patterns' });
  if (!tally)
    return (text) =>
      expressions.reduce((current, { expression }) => current.replace(expression, REDACTED), text);
  return (text) =>
    expressions.reduce(
      (current, { expression, kind }) =>
        current.replace(expression, () => {
          tally[kind] += 1;
          return REDACTED;
        }),
      text,
    );
}

function redactInline(nodes: Inline[], redact: (text: string) => string): Inline[] {
  return nodes.map((node): Inline => {
    switch (node.type) {
      case 'text':
      case 'code':
        return { ...node, text: redact(node.text) };
      case 'image':
        return {
          ...node,
          alt: redact(node.alt),
          src: redact(node.src) === node.src ? node.src : '',
        };
      case 'break':
        return node;
      case 'link': {
        const children = redactInline(node.children, redact);
        // A link whose target names a person (mailto:, profile URL) loses its target.
        return redact(node.href) === node.href
          ? { ...node, children }
          : { ...node, href: '', children };
      }
      default:
        return { ...node, children: redactInline(node.children, redact) };
    }
  });
}

export function redactBlocks(blocks: Block[], redact: (text: string) => string): Block[] {
  return blocks.map((block): Block => {
    switch (block.type) {
      case 'heading':
      case 'paragraph':
        return { ...block, children: redactInline(block.children, redact) };
      case 'code':
        return { ...block, text: redact(block.text) };
      case 'quote':
      case 'callout':
        return { ...block, children: redactBlocks(block.children, redact) };
      case 'list':
        return {
          ...block,
          items: block.items.map((item): ListItem => ({
            ...item,
            children: redactBlocks(item.children, redact),
          })),
        };
      case 'table':
        return {
          ...block,
          header: block.header.map((cell) => redactInline(cell, redact)),
          rows: block.rows.map((row) => row.map((cell) => redactInline(cell, redact))),
        };
      default:
        return block;
    }
  });
}
