// `npm run bench -- exports`: a 220 KB postmortem with a 2,000-row timeline table, converted to
// every format, beside pandoc (gfm → html, gfm → mediawiki) on the same document in the same run.
import { exportOnce, pandocAvailable, pandocOnce, syntheticPostmortem } from './exports.bench';
import { measure } from './measure';

export async function runExportsBench(): Promise<void> {
  const { source, markdown } = syntheticPostmortem(2_000);
  const rows = [
    `Input: ${(Buffer.byteLength(markdown) / 1024).toFixed(0)} KB of markdown, a 2,000-row timeline table.`,
    '',
    '| Conversion | Median (ms) | p95 (ms) | Output (KB) | pandoc median / ours |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const pandoc = pandocAvailable();
  const pandocMedian: Record<string, number> = {};
  if (pandoc)
    for (const to of ['html', 'mediawiki'] as const) {
      const timing = measure(() => pandocOnce(markdown, to), 7);
      pandocMedian[to] = timing.median;
      rows.push(
        `| pandoc gfm → ${to} | ${timing.median.toFixed(1)} | ${timing.p95.toFixed(1)} | ${(pandocOnce(markdown, to) / 1024).toFixed(0)} | 1.0× |`,
      );
    }
  for (const format of ['markdown', 'html', 'confluence', 'mediawiki', 'json'] as const) {
    const timing = measure(() => exportOnce(source, format), 15);
    const reference = pandocMedian[format];
    rows.push(
      `| rca-desk → ${format} | ${timing.median.toFixed(1)} | ${timing.p95.toFixed(1)} | ${(exportOnce(source, format) / 1024).toFixed(0)} | ${reference ? `${(reference / timing.median).toFixed(1)}×` : '–'} |`,
    );
  }
  if (!pandoc) rows.push('', 'pandoc is not installed (apt-get install pandoc): no baseline.');
  process.stdout.write(
    `${rows.join('\n')}\n\nNode ${process.version}, ${new Date().toISOString()}\n`,
  );
}
