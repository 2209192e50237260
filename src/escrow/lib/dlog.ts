/**
 * The small discrete logarithm: m from M = m·G for 0 <= m < 2^ESCROW_IDENTITY_BITS, by baby-step
 * giant-step. Baby steps j·G (j < 2^13) are tabulated by x-coordinate once per process (~8k points,
 * about 1 MB); the giant steps walk M − i·2^13·G. At most 2^13 + 2^13 additions: well under a
 * second. A hit is confirmed (m·G = M) so a coordinate collision can never yield a wrong m.
 */
import { ESCROW_IDENTITY_BITS } from '../format.js';
import { G, mulG, type Point } from './curve.js';

const BABY_BITS = Math.ceil(ESCROW_IDENTITY_BITS / 2);
const BABY = 1 << BABY_BITS;
const GIANT = 1 << (ESCROW_IDENTITY_BITS - BABY_BITS);

let table: Map<bigint, number> | undefined;

function babySteps(): Map<bigint, number> {
  const t = new Map<bigint, number>();
  let p: Point = mulG(0n);
  for (let j = 0; j < BABY; j++) {
    t.set(p.toAffine().x, j);
    p = p.add(G);
  }
  return t;
}

/** m with m·G = M and 0 <= m < 2^ESCROW_IDENTITY_BITS, or undefined. */
export function smallDiscreteLog(target: Point): bigint | undefined {
  table ??= babySteps();
  const stride = mulG(BigInt(BABY)).negate();
  let p = target;
  for (let i = 0; i < GIANT; i++) {
    const j = table.get(p.toAffine().x);
    if (j !== undefined) {
      for (const cand of [BigInt(i) * BigInt(BABY) + BigInt(j), BigInt(i) * BigInt(BABY) - BigInt(j)]) {
        if (cand >= 0n && mulG(cand).equals(target)) return cand;
      }
    }
    p = p.add(stride);
  }
  return undefined;
}
