import { diffWords } from 'diff';

/** One run of the suggestion's diff against the section text. */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Word diff of the current section text (left) and the suggestion (right). */
export function suggestionDiff(current: string, suggested: string): DiffPart[] {
  return diffWords(current, suggested).map((change) => ({
    kind: change.added ? 'added' : change.removed ? 'removed' : 'same',
    text: change.value,
  }));
}

/** Text cut around citations: "[T3]" and "[T1, V2]" become citation pieces, one per id. */
export type CitedPiece = { text: string } | { citation: string };

export function splitCitations(text: string, known: ReadonlySet<string>): CitedPiece[] {
  const pieces: CitedPiece[] = [];
  const pattern = /\[\s*([A-Z]\d+(?:\s*[,;]\s*[A-Z]\d+)*)\s*\]/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const ids = match[1]!.split(/\s*[,;]\s*/);
    if (!ids.every((id) => known.has(id))) continue;
    if (match.index > last) pieces.push({ text: text.slice(last, match.index) });
    for (const id of ids) pieces.push({ citation: id });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last) });
  return pieces;
}

/** The element id of a cited record entry in the suggestion's sources list. */
export const sourceAnchor = (label: string) => `ai-source-${label}`;
