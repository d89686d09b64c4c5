// `npm run bench -- draft`: the draft renderer beside its Liquid-loop baseline, as a Markdown table.
import { draftBaseline, draftShipped, syntheticIncident } from './draft.bench';
import { measure } from './measure';

export async function runDraftBench(): Promise<void> {
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
}
