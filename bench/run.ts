// `npm run bench -- <name>`: runs a benchmark beside its baseline and prints a Markdown table.
import { draftBaseline, draftShipped, syntheticIncident } from './draft.bench';
import { exportOnce, pandocAvailable, pandocOnce, syntheticPostmortem } from './exports.bench';

function measure(run: () => unknown, iterations: number): { median: number; p95: number } {
  for (let warm = 0; warm < 3; warm += 1) run();
  const samples: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    median: samples[Math.floor(samples.length / 2)],
    p95: samples[Math.floor(samples.length * 0.95)],
  };
}

const BENCHMARKS: Record<string, () => void> = {
  exports() {
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
  },
  draft() {
    const rows = ['| Events | Variant | Median (ms) | p95 (ms) |', '| ---: | --- | ---: | ---: |'];
    for (const events of [1_000, 10_000]) {
      const snapshot = syntheticIncident(events);
      const shipped = measure(() => draftShipped(snapshot), 15);
      const baseline = measure(() => draftBaseline(snapshot), 15);
      rows.push(
        `| ${events} | shipped (tables built in one pass) | ${shipped.median.toFixed(1)} | ${shipped.p95.toFixed(1)} |`,
      );
      rows.push(
        `| ${events} | baseline (Liquid loop over events) | ${baseline.median.toFixed(1)} | ${baseline.p95.toFixed(1)} |`,
      );
    }
    process.stdout.write(
      `${rows.join('\n')}\n\nNode ${process.version}, ${new Date().toISOString()}\n`,
    );
  },
};

const name = process.argv[2];
const benchmark = name ? BENCHMARKS[name] : undefined;
if (!benchmark) {
  process.stderr.write(`Usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>\n`);
  process.exit(2);
}
benchmark();
