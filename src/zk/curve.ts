/**
 * One BN254 curve instance (ffjavascript's wasm backend) per process, shared with snarkjs.
 * snarkjs keeps its worker threads alive; `releaseCurves()` terminates them so CLIs and tests exit.
 */

let curve: Promise<any> | undefined;
const releaseListeners = new Set<() => void>();

/** Called by holders of curve-derived state (the cached policy verifier) to forget it on release. */
export function onCurvesReleased(listener: () => void): void {
  releaseListeners.add(listener);
}

/** The shared BN254 curve (ffjavascript, with worker threads), built on first use. */
export function getCurve(): Promise<any> {
  // buildBn128(false) returns (and caches in globalThis.curve_bn128) the same instance snarkjs uses
  // ffjavascript loads on first use, so importing this module (as every CLI run does) costs nothing.
  curve ??= import('ffjavascript').then(({ buildBn128 }) => buildBn128(false));
  return curve;
}

/** Stops the BN254 curve's worker threads so the process can exit; the next verification starts them again. */
export async function releaseCurves(): Promise<void> {
  for (const listener of releaseListeners) listener();
  const g = globalThis as { curve_bn128?: { terminate(): Promise<void> } | null };
  const pending = curve;
  curve = undefined;
  const instances = new Set<{ terminate(): Promise<void> }>();
  if (pending) instances.add(await pending);
  if (g.curve_bn128) instances.add(g.curve_bn128);
  g.curve_bn128 = null;
  for (const c of instances) await c.terminate();
}
