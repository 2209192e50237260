/**
 * Whether an affine G2 point (ffjavascript's encoding) lies in the order-r subgroup, by the fast
 * endomorphism test of wasm-g2.ts. The point must already be on the twist curve.
 */
import type { Engine } from './engine.js';
import { F2_BYTES, G2_JAC_BYTES } from './layout.js';

export function g2InSubgroup(e: Engine, q: Uint8Array): boolean {
  return e.scratch(() => {
    const p = e.alloc(G2_JAC_BYTES);
    e.set(p, q);
    e.x.f2m_one(p + 2 * F2_BYTES); // affine (x, y) -> Jacobian (x, y, 1)
    return e.x.vouch_g2InSubgroup(p) === 1;
  });
}
