/** Median and p95 wall time of `run` after 3 warm-up calls, in milliseconds. */
export function measure(run: () => unknown, iterations: number): { median: number; p95: number } {
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
