// npm run test:reliability — one line of figures per area (see docs/reliability.md). Run a
// subset with RELIABILITY_AREAS=worker-kill,redis-outage.
import { AREAS } from './areas';
import { AreaResult, formatLine, ReliabilitySystem } from './harness';

const selected = (process.env.RELIABILITY_AREAS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const areas = selected.length ? AREAS.filter((area) => selected.includes(area.name)) : AREAS;
const lines: string[] = [];
const totals: string[] = [];
const needsSystem = areas.some((area) => area.needsSystem !== false);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

describe('reliability suite', () => {
  const system = new ReliabilitySystem();

  beforeAll(async () => {
    if (needsSystem) await system.start();
  }, 180_000);

  afterAll(async () => {
    if (needsSystem) await system.stop();
    process.stdout.write(`\n${lines.join('\n')}\n`);
    if (totals.length) process.stdout.write(`\nreliability totals: ${totals.join(', ')}\n`);
    process.stdout.write('\n');
  }, 60_000);

  it('knows every area it was asked for', () => {
    expect(areas.map((area) => area.name)).toEqual(
      selected.length ? selected : AREAS.map((area) => area.name),
    );
  });

  for (const area of areas) {
    it(
      `${area.name}: ${area.description}`,
      async () => {
        if (area.needsSystem !== false) await system.ensureRunning();
        const started = Date.now();
        let result: AreaResult;
        try {
          result = await withTimeout(area.run(system), area.timeoutMs, area.name);
        } catch (error) {
          result = {
            figures: {},
            failures: [`crashed: ${(error as Error).message.slice(0, 500)}`],
          };
        }
        const line = formatLine(area, result, Date.now() - started);
        lines.push(line);
        for (const [label, figure] of Object.entries(area.totals ?? {}))
          totals.push(`${result.figures[figure] ?? '?'} ${label}`);
        process.stdout.write(`${line}\n`);
        expect(result.failures).toEqual([]);
      },
      area.timeoutMs + 60_000,
    );
  }
});
