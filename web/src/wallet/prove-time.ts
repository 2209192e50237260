/**
 * How long proving took on this device the last time, and whether a policy's clock skew leaves room
 * for it. A proof carries the time of the click that started it, and the venue refuses one whose
 * time is further from its clock than the policy's `freshness.maxClockSkewSeconds` (CLOCK_SKEW):
 * on a slow or busy device proving alone can outlast that (a session proof took ~120 s in loaded
 * Chromium; the perps policy allows 10 s), so the wallet says so before the holder spends the time.
 * The measurement is one duration in localStorage, nothing about the holder. Before the first proof
 * there is no estimate and no warning: a guess would warn fast devices for nothing.
 */
const KEY = 'vouch.proveMs';

/** The last measured proving time (ms; the artifacts already in the browser's cache), if any. */
export function lastProveMs(): number | undefined {
  try {
    const ms = Number(localStorage.getItem(KEY));
    return Number.isFinite(ms) && ms > 0 ? ms : undefined;
  } catch {
    return undefined; // storage disabled: no estimate
  }
}

export function recordProveMs(ms: number): void {
  try {
    localStorage.setItem(KEY, String(Math.max(1, Math.round(ms))));
  } catch {
    // storage disabled: the next proof has no estimate, as before the first
  }
}

/**
 * What to tell the holder before proving under a policy allowing `skewSeconds`, or undefined when
 * the last proof here fits (or none was measured).
 */
export function skewWarning(ref: string, skewSeconds: number): string | undefined {
  const ms = lastProveMs();
  if (ms === undefined || ms <= skewSeconds * 1000) return undefined;
  const took = Math.ceil(ms / 1000);
  return (
    `Proving will probably take longer than ${ref} allows. Your last proof on this device took ${took} s; ` +
    `the venue accepts a proof only if it arrives within ${skewSeconds} s of the moment you press the button, ` +
    `so it will most likely refuse this one with CLOCK_SKEW and the proving time is lost. ` +
    `To avoid that, prove on a faster device, or close other tabs and programs and try again, ` +
    `or choose a policy that allows more time. If you prove anyway, submit as soon as the proof is ready.`
  );
}
