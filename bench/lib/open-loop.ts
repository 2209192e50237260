/**
 * Open-loop arrivals: `n` calls of `submit(i)` started on a fixed schedule of `rate` per second
 * (never waiting for earlier ones), each call's latency measured from its own start.
 */
export async function openLoopLatencies(
  rate: number,
  n: number,
  submit: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const lat: number[] = [];
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    pending.push(submit(i).then(() => void lat.push(performance.now() - sent)));
  }
  await Promise.all(pending);
  return lat;
}

/**
 * Closed loop: `n` calls of `op(i)`, `inFlight` outstanding at any time (each worker starts the
 * next as soon as its last one returns); returns the milliseconds all of them took.
 */
export async function closedLoopMs(n: number, inFlight: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, n) }, async () => {
      while (next < n) await op(next++);
    }),
  );
  return performance.now() - t0;
}
