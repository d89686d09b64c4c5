/**
 * The citation check of an AI answer (pure): every factual sentence must cite at least one id of
 * THIS incident's record ([T3], [V1][I2], [T1, T4]). A sentence with no citation, or with any id
 * the record does not hold (invented, another incident's, a malformed one), is dropped from the
 * suggestion and reported. Brackets inside inline code or fenced code blocks are not citations;
 * code blocks are dropped whole (a section suggestion has no business carrying code).
 */

export type SentenceStatus = 'cited' | 'uncited' | 'invalid';

export interface CheckedSentence {
  text: string;
  status: SentenceStatus;
  /** Valid ids cited, in order, without repeats. */
  citations: string[];
  /** Ids cited that this record does not hold. */
  invalid: string[];
}

export interface CitationCheck {
  /** The suggestion: the answer with every sentence that failed the check removed. */
  markdown: string;
  sentences: CheckedSentence[];
  /** Sentences kept / removed. */
  kept: number;
  dropped: number;
  /** Fenced code blocks removed. */
  codeBlocksDropped: number;
  /** Every valid id the suggestion cites, in order of first use. */
  cited: string[];
}

/** One citation group: [T3] or [T3, V1] (ids are a capital letter and a number). */
const CITATION_GROUP = /\[\s*([A-Za-z]+\d+(?:\s*[,;]\s*[A-Za-z]+\d+)*)\s*\]/g;
/** Anything that looks like an attempt at a citation: [X…] with a letter then digits, or a uuid. */
const CITATION_LIKE =
  /\[\s*(?:[A-Za-z]{1,3}[-_ ]?\d[^\]]*|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f-]{4,})\]/gi;

/** Inline code spans (`…`, ``…``) replaced by same-length placeholders, so brackets inside them are inert. */
function maskInlineCode(line: string): string {
  return line.replace(/(`+)([\s\S]*?)\1/g, (match) => '\u0000'.repeat(match.length));
}

interface Line {
  /** The line as written. */
  raw: string;
  /** Prefix kept as is (list marker, quote marker, heading marks). */
  prefix: string;
  body: string;
  kind: 'blank' | 'heading' | 'text';
}

function splitLine(raw: string): Line {
  if (!raw.trim()) return { raw, prefix: '', body: '', kind: 'blank' };
  const heading = /^(\s{0,3}#{1,6}\s+)(.*)$/.exec(raw);
  if (heading) return { raw, prefix: heading[1], body: heading[2], kind: 'heading' };
  const marker = /^(\s*(?:>\s*)*(?:[-*+]|\d+[.)])?\s*)(.*)$/.exec(raw)!;
  return { raw, prefix: marker[1], body: marker[2], kind: 'text' };
}

/**
 * Sentence boundaries of one line: after . ! or ? (and any citations right after it), before
 * whitespace and a capital, digit, quote or bracket. Works on the masked text, cuts the original.
 */
function sentencesOf(body: string): string[] {
  const masked = maskInlineCode(body);
  const boundary =
    /[.!?](?:["')\]]*)(?:\s*\[\s*[A-Za-z]+\d+(?:\s*[,;]\s*[A-Za-z]+\d+)*\s*\])*(?=\s+["'([A-Z0-9])/g;
  const cuts: number[] = [];
  for (let match = boundary.exec(masked); match; match = boundary.exec(masked))
    cuts.push(match.index + match[0].length);
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(body.slice(start, cut));
    start = cut;
  }
  parts.push(body.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

function checkSentence(text: string, known: ReadonlySet<string>): CheckedSentence {
  const masked = maskInlineCode(text);
  const citations: string[] = [];
  const invalid: string[] = [];
  let groups = masked;
  for (const match of masked.matchAll(CITATION_GROUP)) {
    for (const id of match[1].split(/\s*[,;]\s*/)) {
      const list = known.has(id) ? citations : invalid;
      if (!list.includes(id)) list.push(id);
    }
    groups = groups.replace(match[0], ' ');
  }
  // Look-alikes the strict syntax did not take ([T-3], [t 3], [T3a], a uuid): invalid.
  for (const match of groups.matchAll(CITATION_LIKE)) invalid.push(match[0].slice(1, -1).trim());
  const status: SentenceStatus = invalid.length
    ? 'invalid'
    : citations.length
      ? 'cited'
      : 'uncited';
  return { text, status, citations, invalid };
}

/** Checks an answer against the ids of this incident's record. */
export function checkCitations(answer: string, known: ReadonlySet<string>): CitationCheck {
  const sentences: CheckedSentence[] = [];
  const output: string[] = [];
  let codeBlocksDropped = 0;
  let fence: string | null = null;
  for (const raw of answer.replace(/\r\n?/g, '\n').split('\n')) {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length)
        fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1];
      codeBlocksDropped += 1;
      continue;
    }
    const line = splitLine(raw);
    if (line.kind === 'blank') {
      if (output.length && output[output.length - 1] !== '') output.push('');
      continue;
    }
    // Indented code (4 spaces, not a list continuation) is code too.
    if (/^( {4}|\t)/.test(raw) && !/^\s*([-*+]|\d+[.)])\s/.test(raw)) {
      codeBlocksDropped += 1;
      continue;
    }
    if (line.kind === 'heading') {
      // A heading states nothing by itself; kept only if it cites properly or cites nothing.
      const checked = checkSentence(line.body, known);
      if (checked.status !== 'invalid') output.push(raw.trimEnd());
      else sentences.push(checked);
      continue;
    }
    const kept: string[] = [];
    for (const text of sentencesOf(line.body)) {
      const checked = checkSentence(text, known);
      sentences.push(checked);
      if (checked.status === 'cited') kept.push(text);
    }
    if (kept.length) output.push(`${line.prefix}${kept.join(' ')}`.trimEnd());
  }
  while (output.length && output[output.length - 1] === '') output.pop();
  // Headings left with nothing under them go too.
  const markdown = output
    .filter((line, index) => {
      if (!/^\s{0,3}#{1,6}\s/.test(line)) return true;
      const rest = output.slice(index + 1).find((next) => next.trim() !== '');
      return rest !== undefined && !/^\s{0,3}#{1,6}\s/.test(rest);
    })
    .join('\n');
  const cited: string[] = [];
  for (const sentence of sentences)
    if (sentence.status === 'cited')
      for (const id of sentence.citations) if (!cited.includes(id)) cited.push(id);
  const keptCount = sentences.filter((sentence) => sentence.status === 'cited').length;
  return {
    markdown,
    sentences,
    kept: keptCount,
    dropped: sentences.length - keptCount,
    codeBlocksDropped,
    cited,
  };
}
