import { Block, ExportSection, Inline } from './document';
import type { ExportSource } from './exporter';

const ACTION_ITEMS_KEY = 'action_items';

const text = (value: string): Inline[] => (value ? [{ type: 'text', text: value }] : []);
const words = (value: string) => value.replace(/_/g, ' ');

/**
 * The postmortem's tracked action items as a table (action, type, priority, owner, due date,
 * status), so every document format carries what the JSON export carries. Owners and text go
 * through the same redaction as the rest of the document.
 */
export function actionItemsTable(
  items: ExportSource['actionItems'],
  redact: (value: string) => string,
  variant: 'internal' | 'public',
): Block | null {
  if (items.length === 0) return null;
  return {
    type: 'table',
    align: [null, null, null, null, null, null],
    header: ['Action', 'Type', 'Priority', 'Owner', 'Due', 'Status'].map(text),
    rows: items.map((item) => {
      const title = redact(item.title);
      const link = variant === 'internal' && item.externalUrl ? item.externalUrl : null;
      return [
        link ? [{ type: 'link', href: link, children: text(title) }] : text(title),
        text(words(item.type)),
        text(item.priority.toUpperCase()),
        text(item.owner ? redact(item.owner) : 'unassigned'),
        text(item.dueDate ?? '—'),
        text(words(item.status)),
      ];
    }),
  };
}

/**
 * Puts the action items table at the end of the "Action items" section, or adds that section
 * when the document has none. A section left out of this variant (internal, public export)
 * stays out together with its items.
 */
export function withActionItems(
  sections: ExportSection[],
  allSectionKeys: string[],
  table: Block | null,
): ExportSection[] {
  if (!table) return sections;
  const index = sections.findIndex((section) => section.key === ACTION_ITEMS_KEY);
  if (index >= 0) {
    return sections.map((section, position) =>
      position === index ? { ...section, blocks: [...section.blocks, table] } : section,
    );
  }
  if (allSectionKeys.includes(ACTION_ITEMS_KEY)) return sections;
  return [
    ...sections,
    { key: ACTION_ITEMS_KEY, title: 'Action items', internal: false, blocks: [table] },
  ];
}
