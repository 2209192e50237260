/** Order statistics over timing samples (milliseconds), and a timer that collects them. */

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('no samples');
  const s = [...samples].sort((a, b) => a - b);
  // nearest-rank: the smallest sample with at least p% of the samples at or below it
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Runs f `reps` times after `warmup` untimed runs; returns the wall time of each run in ms. */
export async function timeRuns(reps: number, f: (i: number) => unknown, warmup = 2): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await f(i);
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await f(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** Rounds for display and JSON: 3 significant digits below 100, integers above. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x) >= 100) return Math.round(x);
  return Number(x.toPrecision(3));
}
