// A large postmortem (about 240 KB of markdown with a 2,000-row timeline table) converted to every
// export format, beside pandoc (gfm → html, gfm → mediawiki) on the same markdown in the same run.
import { execFileSync } from 'node:child_process';
import { ExportFormat, ExportSource, renderExport } from '@rca/exports';

export function syntheticPostmortem(rows = 2_000): { source: ExportSource; markdown: string } {
  const timeline = [
    '| Time (UTC) | Time (Europe/Paris) | Kind | Event |',
    '| --- | --- | --- | --- |',
  ];
  const start = Date.UTC(2025, 10, 18, 11, 20);
  for (let index = 0; index < rows; index += 1) {
    const at = new Date(start + index * 17_000).toISOString().slice(0, 16).replace('T', ' ');
    timeline.push(
      `| ${at} | ${at} CET | ${index % 7 === 0 ? 'vendor' : 'note'} | Errors on **edge-${index % 40}** at ${(index % 97) / 10}%, [graph](https://g.example.com/d/${index}) |`,
    );
  }
  const prose = (title: string, paragraphs: number) =>
    Array.from(
      { length: paragraphs },
      (_, index) =>
        `${title} paragraph ${index}: the CDN returned _HTTP 500_ for requests carrying the bot-management feature file, which had doubled in size; **every** proxy reading it failed. See [the vendor report](https://blog.example.com/outage-${index}).`,
    ).join('\n\n');
  const sections = [
    { key: 'summary', title: 'Summary', markdown: prose('Summary', 6) },
    {
      key: 'impact',
      title: 'Impact',
      markdown: `${prose('Impact', 4)}\n\n- chat web\n  - EU\n  - US\n- public API\n- [ ] status page`,
    },
    { key: 'timeline', title: 'Timeline', markdown: timeline.join('\n') },
    {
      key: 'root_cause',
      title: 'Root cause',
      markdown: `${prose('Root cause', 8)}\n\n\`\`\`sql\nSELECT name, type FROM system.columns WHERE table = 'http_requests_features' ORDER BY name;\n\`\`\`\n\n> [!WARNING]\n> The query did not filter by database.`,
    },
    {
      key: 'action_items',
      title: 'Action items',
      markdown: Array.from(
        { length: 30 },
        (_, i) =>
          `- [${i % 3 ? ' ' : 'x'}] Action ${i}: harden the ingestion of generated configuration files`,
      ).join('\n'),
    },
  ];
  const source: ExportSource = {
    postmortem: {
      id: '00000000-0000-4000-8000-000000000001',
      title: 'INC-2025-0001: Chat web down: HTTP 500 from the CDN',
      status: 'published',
      severity: 'SEV1',
      revision: 12,
      team: 'web',
      owner: 'Ada Lovelace',
      requiredReviewers: ['grace'],
      resolvedAt: new Date('2025-11-18T14:30:00Z'),
      dueAt: null,
      publishedAt: new Date('2025-11-20T10:00:00Z'),
      displayZone: 'Europe/Paris',
      sections: sections.map((section) => ({ ...section, internal: false, origin: 'edited' })),
    },
    incident: null,
    timeline: [],
    causes: [],
    actionItems: [],
  };
  const markdown = sections
    .map((section) => `## ${section.title}\n\n${section.markdown}`)
    .join('\n\n');
  return { source, markdown };
}

export function exportOnce(source: ExportSource, format: ExportFormat): number {
  return renderExport(source, format, { variant: 'internal' }).body.length;
}

export function pandocAvailable(): boolean {
  try {
    execFileSync('pandoc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function pandocOnce(markdown: string, to: 'html' | 'mediawiki'): number {
  return execFileSync('pandoc', ['-f', 'gfm', '-t', to], {
    input: markdown,
    maxBuffer: 64 * 1024 * 1024,
  }).length;
}
