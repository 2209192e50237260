/**
 * Batched Groth16 verification by random linear combination. For proofs i with fresh 128-bit
 * CSPRNG scalars r_i (so a forged batch passes with probability <= 2^-128 per attempt):
 *
 *   prod_i e(r_i A_i, B_i) = e(alpha, beta)^(sum r_i) * e(sum r_i L_i, gamma) * e(sum r_i C_i, delta)
 *
 * checked as one multi-pairing: n + 3 Miller loops sharing their squarings, one final
 * exponentiation. The public-input combination is folded, sum_i r_i L_i = (sum r_i) IC_0 +
 * sum_j (sum_i r_i x_ij) IC_j, and computed from the key's fixed-base tables. The per-proof work
 * (G2 subgroup test of B_i, r_i A_i, the lines of B_i, their Miller loops, sum r_i C_i) runs in
 * wasm chunks on worker threads, one chunk per thread, or on the calling thread with threads: 0.
 *
 * If the combined check fails, the batch is bisected until the invalid proofs are isolated (and
 * checked singly at the leaves), so one bad proof cannot make honest ones fail.
 */
import { chunkInput, readChunk, runChunk } from './engine/batch-chunk.js';
import { G1_JAC_BYTES, SCALAR_BYTES, leBytes } from './engine/layout.js';
import { chunkPool } from './engine/pool.js';
import { FIELD_MODULUS } from './field.js';
import { millerLoop, negatedAffine, parseItem, verifyParsed, type ParsedItem, type VerifyResult } from './verify.js';
import type { PreparedVerifyingKey } from './verifying-key.js';

export interface BatchItem {
  proof: unknown;
  publicSignals: unknown;
}

export interface VerifyBatchOptions {
  /**
   * Worker threads to spread a batch over (default: all of the pool, one per core). 0 runs the
   * whole batch on the calling thread, which blocks it meanwhile.
   */
  threads?: number;
}

type Indexed = { index: number; item: ParsedItem };

/**
 * Verifies many Groth16 proofs at once (one multi-pairing, on worker threads), with one result per
 * item in order; an invalid proof is isolated and never fails the honest ones.
 *
 * @example
 * const vk = prepareVerifyingKey(await getCurve(), readJson('policy.vkey.json'));
 * const results = await verifyBatch(vk, files.map((f) => ({ proof: f.proof, publicSignals: f.publicSignals })));
 * const invalid = results.flatMap((r, i) => (r.valid ? [] : [i]));
 */
export async function verifyBatch(
  vk: PreparedVerifyingKey,
  items: readonly BatchItem[],
  opts: VerifyBatchOptions = {},
): Promise<VerifyResult[]> {
  if (opts.threads !== undefined && !(Number.isInteger(opts.threads) && opts.threads >= 0))
    throw new RangeError('threads must be a non-negative integer');
  const results: VerifyResult[] = new Array(items.length);
  const parsed: Indexed[] = [];
  items.forEach((it, index) => {
    const p = parseItem(vk, it.proof, it.publicSignals);
    if ('valid' in p) results[index] = p;
    else parsed.push({ index, item: p });
  });
  if (parsed.length > 0) await settle(vk, parsed, results, opts);
  return results;
}

async function settle(
  vk: PreparedVerifyingKey,
  group: Indexed[],
  out: VerifyResult[],
  opts: VerifyBatchOptions,
): Promise<void> {
  if (group.length === 1) {
    const g = group[0]!;
    out[g.index] = verifyParsed(vk, g.item);
    return;
  }
  const { ok, badSubgroup } = await combinedCheck(
    vk,
    group.map((g) => g.item),
    opts,
  );
  if (ok) {
    for (const g of group) out[g.index] = { valid: true };
    return;
  }
  // Items whose B failed the subgroup test are settled now; the rest is bisected.
  const rest = group.filter((g, k) => {
    if (badSubgroup.has(k)) out[g.index] = { valid: false, code: 'POINT_INVALID' };
    return !badSubgroup.has(k);
  });
  if (rest.length === 0) return;
  if (badSubgroup.size > 0) return settle(vk, rest, out, opts);
  const mid = rest.length >> 1;
  await settle(vk, rest.slice(0, mid), out, opts);
  await settle(vk, rest.slice(mid), out, opts);
}

async function combinedCheck(
  vk: PreparedVerifyingKey,
  items: ParsedItem[],
  opts: VerifyBatchOptions,
): Promise<{ ok: boolean; badSubgroup: Set<number> }> {
  const r = items.map(() => random128());
  const pool = opts.threads === 0 ? undefined : chunkPool();
  const nChunks = pool ? Math.max(1, Math.min(items.length, opts.threads ?? pool.size, pool.size)) : 1;
  const per = Math.ceil(items.length / nChunks);
  const inputs: { input: Uint8Array; n: number }[] = [];
  for (let start = 0; start < items.length; start += per) {
    const n = Math.min(per, items.length - start);
    inputs.push({
      input: chunkInput(
        items.slice(start, start + n).map((it) => it.proof),
        r.slice(start, start + n),
      ),
      n,
    });
  }
  const pending = pool ? inputs.map(({ input, n }) => pool.run(input, n)) : undefined;

  // On this thread, meanwhile (or first, with threads: 0): the folded public-input combination.
  const sumR = r.reduce((x, y) => x + y, 0n) % FIELD_MODULUS;
  const folded = new Array<bigint>(vk.nPublic).fill(0n);
  items.forEach((it, i) => it.signals.forEach((x, j) => (folded[j] = (folded[j]! + r[i]! * x) % FIELD_MODULUS)));
  const e = vk.engine;
  const [sumL, sumAlpha] = e.scratch(() => {
    const scalars = (xs: bigint[]) => {
      const b = new Uint8Array(SCALAR_BYTES * xs.length);
      xs.forEach((x, i) => b.set(leBytes(x, SCALAR_BYTES), SCALAR_BYTES * i));
      return e.put(b);
    };
    const l = e.alloc(G1_JAC_BYTES);
    e.x.vouch_fixedBaseMsm(vk.at.icTables, scalars([sumR, ...folded]), vk.nPublic + 1, l);
    const a = e.alloc(G1_JAC_BYTES);
    e.x.vouch_fixedBaseMsm(vk.at.alphaTable, scalars([sumR]), 1, a);
    return [e.get(l, G1_JAC_BYTES), e.get(a, G1_JAC_BYTES)];
  });

  const raw = pending ? await Promise.all(pending) : inputs.map(({ input, n }) => runChunk(e, input, n));
  const outputs = raw.map((o, k) => readChunk(o, inputs[k]!.n));

  const badSubgroup = new Set<number>();
  outputs.forEach((o, k) => o.badSubgroup.forEach((j) => badSubgroup.add(k * per + j)));
  if (badSubgroup.size > 0) return { ok: false, badSubgroup };

  const ok = e.scratch(() => {
    let sumC = e.put(outputs[0]!.sumC);
    for (const o of outputs.slice(1)) {
      const next = e.alloc(G1_JAC_BYTES); // wasmcurves' g1m_add is not alias-safe in every branch
      e.x.g1m_add(sumC, e.put(o.sumC), next);
      sumC = next;
    }
    const pairs: [number, number][] = [];
    for (const [p, q] of [
      [e.put(sumL), vk.at.preGamma],
      [sumC, vk.at.preDelta],
      [e.put(sumAlpha), vk.at.preBeta],
    ] as const) {
      const neg = negatedAffine(vk, p);
      if (neg !== undefined) pairs.push([neg, q]);
    }
    const f = millerLoop(vk, pairs);
    for (const o of outputs) e.x.ftm_mul(f, e.put(o.millerLoop), f);
    e.x.bn128_finalExponentiation(f, f);
    return e.x.ftm_isOne(f) === 1;
  });
  return { ok, badSubgroup };
}

/** A uniformly random non-zero 128-bit scalar from the CSPRNG. */
function random128(): bigint {
  const b = new Uint8Array(16);
  for (;;) {
    globalThis.crypto.getRandomValues(b);
    let v = 0n;
    for (const x of b) v = (v << 8n) | BigInt(x);
    if (v !== 0n) return v;
  }
}
