import fc from 'fast-check';

/** Cases run and failures of a set of fast-check properties (fc.check: never throws). */
export interface PropertyTally {
  cases: number;
  failures: string[];
}

/** Runs one property `numRuns` times (seeded, so a failure is reproducible) and adds it up. */
export function checkProperty<Ts extends [unknown, ...unknown[]]>(
  tally: PropertyTally,
  name: string,
  property: fc.IProperty<Ts>,
  numRuns: number,
  seed = 20251118,
): void {
  const details = fc.check(property, { numRuns, seed, endOnFailure: true });
  tally.cases += details.numRuns;
  if (details.failed)
    tally.failures.push(
      `${name}: ${details.errorInstance instanceof Error ? details.errorInstance.message.slice(0, 300) : String(details.errorInstance).slice(0, 300)} (counterexample ${JSON.stringify(details.counterexample).slice(0, 300)}, seed ${seed})`,
    );
}
