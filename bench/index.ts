// `npm run bench -- <name> [options]`: performance measurements, not tests.
import { runAiBench } from './ai.bench';
import { runApiBench } from './api.bench';
import { runDraftBench } from './draft-runner';
import { runExportsBench } from './exports-runner';
import { runIngestionBench } from './ingestion.bench';
import { runLedgerBench } from './ledger.bench';

const BENCHES: Record<string, (args: string[]) => Promise<void>> = {
  ingestion: runIngestionBench,
  api: runApiBench,
  draft: runDraftBench,
  exports: runExportsBench,
  ledger: runLedgerBench,
  ai: runAiBench,
};

const [name, ...args] = process.argv.slice(2);
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  process.stderr.write(`Usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]\n`);
  process.exit(2);
}
// The bench must stop by itself, whatever happens.
setTimeout(() => {
  process.stderr.write('bench: hard time limit reached, exiting\n');
  process.exit(3);
}, 15 * 60_000).unref();
bench(args).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
    process.exit(1);
  },
);
