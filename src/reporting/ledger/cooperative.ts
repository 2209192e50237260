/**
 * Long loops over ledger data share the event loop: every `sliceMs` of work they give it back
 * (setImmediate, so pending I/O and timers run first). A 100,000-fill import or tax report once
 * blocked the server for ~11 s, delaying even /healthz; with this, no slice runs much longer than
 * `sliceMs` plus one item's work.
 *
 * @example
 *   const pause = cooperative();
 *   for (const row of rows) { work(row); await pause(); }
 */
import { performance } from 'node:perf_hooks';

/** 20 ms: far below any request timeout, coarse enough that yielding costs well under 1% of the work. */
export const DEFAULT_SLICE_MS = 20;

/** A function to await between items: resolves at once until the slice is used up, then after a turn of the loop. */
export function cooperative(sliceMs = DEFAULT_SLICE_MS): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

/** `source`, re-yielded with a pause every slice; `onItem` sees each item's running count (progress). */
export async function* cooperatively<T>(
  source: AsyncIterable<T> | Iterable<T>,
  onItem?: (count: number) => void,
  sliceMs = DEFAULT_SLICE_MS,
): AsyncGenerator<T> {
  const pause = cooperative(sliceMs);
  let count = 0;
  for await (const item of source) {
    yield item;
    count += 1;
    onItem?.(count);
    const p = pause();
    if (p) await p;
  }
}
