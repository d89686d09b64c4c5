import { RECORD_KINDS, RecordEntry } from './incident-record';

import { AI_SECTIONS, type AiSectionKey } from '@rca/api-contract';
export { AI_SECTIONS, type AiSectionKey };

const GUIDANCE: Record<AiSectionKey, string> = {
  summary:
    'Write the Summary: 2 to 5 sentences on what broke, for whom, for how long, and why, in plain prose.',
  went_well:
    'Write "What went well": a Markdown bullet list (3 to 6 items) of things in the response that worked.',
  went_poorly:
    'Write "What went poorly": a Markdown bullet list (3 to 6 items) of things that made the incident worse or longer.',
  contributing_factors:
    'Write "Contributing factors": a Markdown bullet list of the conditions that let this happen or made it worse.',
};

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** The system rule: cite a record id for every sentence, invent nothing. */
export const SYSTEM_PROMPT = [
  'You help an SRE write a postmortem section from an incident record.',
  'Use ONLY the facts in the record below. Never add facts, names, numbers or causes that are not in it.',
  'Every sentence (and every bullet) must end with the ids of the record entries it comes from, in square brackets, e.g. "The CDN returned errors [T3][V1]."',
  'Cite only ids that appear in the record. A sentence you cannot cite must be left out.',
  'Answer with the section text only, in Markdown: no heading, no preamble, no code blocks.',
].join('\n');

/**
 * The messages of one suggestion: the rule, then this incident's record, one labelled entry a
 * line. The entries are given already redacted; nothing else of the product goes in.
 */
export function buildPrompt(
  section: { key: AiSectionKey; title: string },
  incident: { reference: string; title: string; severity: string },
  entries: RecordEntry[],
): ChatMessage[] {
  const kinds = Object.entries(RECORD_KINDS)
    .map(([letter, words]) => `${letter} = ${words}`)
    .join(', ');
  const record = entries.length
    ? entries.map((entry) => `[${entry.label}] ${entry.text}`).join('\n')
    : '(the record is empty)';
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: [
        `Incident ${incident.reference} (${incident.severity}): ${incident.title}`,
        `Record (ids: ${kinds}):`,
        record,
        '',
        `Section: ${section.title}`,
        GUIDANCE[section.key],
      ].join('\n'),
    },
  ];
}
