import fc from 'fast-check';
import { EXPORT_FORMATS, EXPORT_VARIANTS, ExportSource, renderExport } from '@rca/exports';
import { renderMarkdown } from '@rca/markdown';
import {
  confluenceFindings,
  executableHtml,
  executableHtmlExport,
  markdownFindings,
  wikitextFindings,
  XSS_CORPUS,
} from '../../support/hostile-markup';
import type { ReliabilityArea } from '../harness';
import { checkProperty, PropertyTally } from '../properties';

/** Pieces of markdown and of the other outputs' markup, glued at random. */
const FRAGMENTS = [
  ...XSS_CORPUS,
  '<script>',
  '</script>',
  '{{',
  '}}',
  '[[',
  ']]',
  ']]>',
  '<![CDATA[',
  '~~~~',
  '__NOTOC__',
  "''",
  '|',
  '\n|---|---|\n',
  '\n- [ ] ',
  '\n1. ',
  '\n> [!WARNING]\n> ',
  '\n```\n',
  '`',
  '*',
  '_',
  '#',
  '=',
  '&amp;',
  '&#60;',
  '\n',
  '\n\n',
  ' ',
  'text',
  '\u0000',
  '\ud800',
  '🔥',
  '\u202e',
  '<',
  '>',
  '"',
  "'",
  '[',
  ']',
  '(',
  ')',
  '!',
  'https://ok.example/a_b',
  'mailto:x@example.com',
];

const text = () =>
  fc.oneof(
    fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 25 }).map((parts) => parts.join('')),
    fc.string({ maxLength: 80 }),
  );
const date = () =>
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });

/** A whole postmortem record with hostile text in every field a person can type. */
export const exportSource: fc.Arbitrary<ExportSource> = fc.record({
  postmortem: fc.record({
    id: fc.constant('00000000-0000-4000-8000-000000000001'),
    title: text(),
    status: fc.constantFrom('draft', 'in_review', 'published'),
    severity: fc.constantFrom('SEV1', 'SEV2', 'SEV3'),
    revision: fc.nat(1000),
    team: fc.option(text(), { nil: null }),
    owner: fc.option(text(), { nil: null }),
    requiredReviewers: fc.array(text(), { maxLength: 2 }),
    resolvedAt: fc.option(date(), { nil: null }),
    dueAt: fc.option(date(), { nil: null }),
    publishedAt: fc.option(date(), { nil: null }),
    displayZone: fc.constantFrom('UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata'),
    sections: fc.array(
      fc.record({
        key: fc.constantFrom('summary', 'impact', 'root_cause', 'timeline', 'lessons'),
        title: text(),
        markdown: text(),
        internal: fc.boolean(),
        origin: fc.constantFrom('generated', 'edited'),
      }),
      { maxLength: 4 },
    ),
  }),
  incident: fc.option(
    fc.record({
      id: fc.constant('00000000-0000-4000-8000-000000000002'),
      reference: fc.constantFrom('INC-2025-0001', 'INC-2026-0420'),
      title: text(),
      summary: text(),
      severity: fc.constantFrom('SEV1', 'SEV2'),
      status: fc.constantFrom('resolved', 'monitoring'),
      startedAt: date(),
      detectedAt: fc.option(date(), { nil: null }),
      acknowledgedAt: fc.option(date(), { nil: null }),
      mitigatedAt: fc.option(date(), { nil: null }),
      resolvedAt: fc.option(date(), { nil: null }),
      labels: fc.array(text(), { maxLength: 2 }),
      regions: fc.array(text(), { maxLength: 2 }),
      errorSignatures: fc.array(text(), { maxLength: 2 }),
      createdBy: fc.option(text(), { nil: null }),
    }),
    { nil: null },
  ),
  timeline: fc.array(
    fc.record({
      occurredAt: date(),
      kind: fc.constantFrom('note', 'status_change', 'vendor_update'),
      source: fc.constantFrom('manual', 'vendor'),
      body: text(),
      author: fc.option(text(), { nil: null }),
    }),
    { maxLength: 3 },
  ),
  causes: fc.array(
    fc.record({
      vendor: fc.option(text(), { nil: null }),
      role: fc.constantFrom('root', 'contributing'),
      state: fc.constantFrom('accepted', 'suggested'),
      explanation: text(),
      decidedBy: fc.option(text(), { nil: null }),
    }),
    { maxLength: 2 },
  ),
  actionItems: fc.array(
    fc.record({
      title: text(),
      description: text(),
      owner: fc.option(text(), { nil: null }),
      dueDate: fc.option(fc.constantFrom('2025-12-01', '2026-01-15'), { nil: null }),
      priority: fc.constantFrom('p0', 'p1', 'p2'),
      type: fc.constantFrom('prevent', 'mitigate', 'detect'),
      status: fc.constantFrom('open', 'done'),
      externalUrl: fc.option(
        fc.constantFrom('https://jira.example.com/OPS-1', 'javascript:alert(1)'),
        {
          nil: null,
        },
      ),
    }),
    { maxLength: 2 },
  ),
  peopleNames: fc.array(text(), { maxLength: 2 }),
});

/** What each format must never contain; an empty list is a pass. */
export function outputFindings(format: (typeof EXPORT_FORMATS)[number], body: string): string[] {
  switch (format) {
    case 'html':
      return executableHtmlExport(body);
    case 'confluence':
      return confluenceFindings(body);
    case 'mediawiki':
      return wikitextFindings(body);
    case 'markdown':
      return markdownFindings(body);
    case 'json':
      JSON.parse(body);
      return [];
  }
}

/** Property-based: every exporter (format × variant) and the preview renderer on hostile records. */
export const renderersPropertyArea: ReliabilityArea = {
  name: 'renderers-property',
  description:
    'fast-check over every renderer (5 export formats × 2 variants, the markdown preview): no exception, XHTML parses, wikitext escapes hold, nothing executable',
  timeoutMs: 150_000,
  needsSystem: false,
  async run() {
    const tally: PropertyTally = { cases: 0, failures: [] };
    for (const format of EXPORT_FORMATS)
      for (const variant of EXPORT_VARIANTS)
        checkProperty(
          tally,
          `${format} ${variant}`,
          fc.property(exportSource, (source) => {
            const findings = outputFindings(format, renderExport(source, format, { variant }).body);
            if (findings.length) throw new Error(findings.slice(0, 3).join('; '));
            return true;
          }),
          250,
        );
    checkProperty(
      tally,
      'markdown preview (the shared renderer)',
      fc.property(text(), fc.boolean(), (markdown, publicAudience) => {
        const html = renderMarkdown(markdown, publicAudience ? { redact: (t: string) => t } : {});
        const findings = executableHtml(html);
        if (findings.length) throw new Error(findings.slice(0, 3).join('; '));
        return true;
      }),
      1_000,
    );
    return {
      figures: { cases: tally.cases, failures: tally.failures.length },
      failures: tally.failures,
    };
  },
};
