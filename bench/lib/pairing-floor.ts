/**
 * The floor under batch verification (issue 18): a batch of n proofs cannot cost less than one
 * multi-Miller loop of its n + 3 pairs plus one final exponentiation. Timed here on the verifier's
 * own engine (calling thread, one core) with the cheapest Miller loop it has — every G2 point's
 * lines precomputed, untimed, so only the line evaluations and the shared squarings count — on
 * the same proofs the batch verifies.
 */
import { F2_BYTES, G2_JAC_BYTES, GT_BYTES } from '../../src/zk/engine/layout.js';
import { parseItem, type ParsedItem } from '../../src/zk/verify.js';
import type { PreparedVerifyingKey } from '../../src/zk/index.js';
import { median } from './stats.js';
import type { BenchProof } from './proofs.js';

export interface Floor {
  /** Median ms of one multi-Miller loop over n + 3 pairs. */
  millerLoopMs: number;
  /** Median ms of one final exponentiation. */
  finalExpMs: number;
  /** (millerLoopMs + finalExpMs) / n: the least a proof of this batch can cost on one core. */
  perProofMs: number;
}

export function pairingFloor(vk: PreparedVerifyingKey, proofs: readonly BenchProof[], n: number, reps: number): Floor {
  const e = vk.engine;
  const items = Array.from({ length: n }, (_, i) => {
    const p = proofs[i % proofs.length]!;
    const it = parseItem(vk, p.proof, p.publicSignals);
    if ('valid' in it) throw new Error('an honest proof did not parse');
    return it as ParsedItem;
  });
  return e.scratch(() => {
    const table = e.alloc(8 * (n + 3));
    items.forEach((it, i) => {
      const b = e.alloc(G2_JAC_BYTES);
      e.set(b, it.proof.b);
      e.x.f2m_one(b + 2 * F2_BYTES);
      const pre = e.alloc(e.preQSize);
      e.x.bn128_prepareG2(b, pre);
      e.setU32(table + 8 * i, e.put(it.proof.a));
      e.setU32(table + 8 * i + 4, pre);
    });
    // three more pairs with the key's prepared points, as a batch has (their G1 sides: any points)
    [vk.at.preGamma, vk.at.preDelta, vk.at.preBeta].forEach((q, k) => {
      e.setU32(table + 8 * (n + k), e.put(items[k % n]!.proof.c));
      e.setU32(table + 8 * (n + k) + 4, q);
    });
    const f = e.alloc(GT_BYTES);
    const ml: number[] = [];
    const fe: number[] = [];
    for (let r = 0; r < reps + 1; r++) {
      let t = performance.now();
      e.x.vouch_multiMillerLoop(table, n + 3, f);
      const a = performance.now() - t;
      t = performance.now();
      e.x.bn128_finalExponentiation(f, f);
      const b = performance.now() - t;
      if (r > 0) (ml.push(a), fe.push(b)); // the first round warms up
    }
    const millerLoopMs = median(ml);
    const finalExpMs = median(fe);
    return { millerLoopMs, finalExpMs, perProofMs: (millerLoopMs + finalExpMs) / n };
  });
}
