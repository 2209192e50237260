/**
 * Batched Groth16 verification by random linear combination. For proofs i with fresh 128-bit
 * CSPRNG scalars r_i (so a forged batch passes with probability <= 2^-128 per attempt):
 *
 *   prod_i e(r_i A_i, B_i) = e(alpha, beta)^(sum r_i) * e(sum r_i L_i, gamma) * e(sum r_i C_i, delta)
 *
 * checked as one multi-pairing: n + 3 Miller loops and a single final exponentiation. The
 * public-input MSM is folded: sum_i r_i L_i = (sum r_i) IC_0 + sum_j (sum_i r_i x_ij) IC_j, i.e.
 * nPublic + 1 scalar multiplications for the whole batch. The per-proof Miller loops (with the
 * G2 subgroup checks) run on ffjavascript's worker threads, in chunks, so the batch uses every core.
 *
 * If the combined check fails, the batch is bisected until the invalid proofs are isolated (and
 * checked singly at the leaves), so one bad proof cannot make honest ones fail.
 */
import { FIELD_MODULUS } from './field.js';
import { parseItem, verifyParsed, type ParsedItem, type VerifyResult } from './verify.js';
import type { PreparedVerifyingKey } from './verifying-key.js';

export interface BatchItem {
  proof: unknown;
  publicSignals: unknown;
}

export interface VerifyBatchOptions {
  /** Worker chunks (default: one per worker thread). */
  chunks?: number;
}

const R_LE = toLe(FIELD_MODULUS, 32);

export async function verifyBatch(vk: PreparedVerifyingKey, items: readonly BatchItem[], opts: VerifyBatchOptions = {}): Promise<VerifyResult[]> {
  const results: VerifyResult[] = new Array(items.length);
  const parsed: { index: number; item: ParsedItem }[] = [];
  items.forEach((it, index) => {
    const p = parseItem(vk, it.proof, it.publicSignals);
    if ('valid' in p) results[index] = p;
    else parsed.push({ index, item: p });
  });
  if (parsed.length > 0) await settle(vk, parsed, results, opts);
  return results;
}

async function settle(vk: PreparedVerifyingKey, group: { index: number; item: ParsedItem }[], out: VerifyResult[], opts: VerifyBatchOptions): Promise<void> {
  if (group.length === 1) {
    const g = group[0]!;
    out[g.index] = subgroupOk(vk, g.item) && verifyParsed(vk, g.item) ? { valid: true } : { valid: false, code: 'PROOF_INVALID' };
    return;
  }
  const { ok, badSubgroup } = await combinedCheck(vk, group.map((g) => g.item), opts);
  if (ok) {
    for (const g of group) out[g.index] = { valid: true };
    return;
  }
  // Items whose B failed the subgroup check are settled now; the rest is bisected.
  const rest = group.filter((_, k) => {
    if (badSubgroup.has(k)) out[group[k]!.index] = { valid: false, code: 'POINT_INVALID' };
    return !badSubgroup.has(k);
  });
  if (rest.length === 0) return;
  if (badSubgroup.size > 0) return settle(vk, rest, out, opts);
  const mid = rest.length >> 1;
  await settle(vk, rest.slice(0, mid), out, opts);
  await settle(vk, rest.slice(mid), out, opts);
}

function subgroupOk(vk: PreparedVerifyingKey, item: ParsedItem): boolean {
  return vk.curve.G2.isZero(vk.curve.G2.timesScalar(item.proof.b, R_LE));
}

async function combinedCheck(vk: PreparedVerifyingKey, items: ParsedItem[], opts: VerifyBatchOptions): Promise<{ ok: boolean; badSubgroup: Set<number> }> {
  const { curve } = vk;
  const G1 = curve.G1;
  const r = items.map(() => random128());
  const tm = curve.tm;
  const nChunks = Math.max(1, Math.min(items.length, opts.chunks ?? tm.concurrency ?? 1));
  const per = Math.ceil(items.length / nChunks);

  // Worker tasks: for each proof, [r]B == O (subgroup), ML(r_i A_i, B_i) folded into one Gt
  // accumulator, and sum r_i C_i folded into one G1 accumulator.
  const tasks: Promise<Uint8Array[]>[] = [];
  for (let start = 0; start < items.length; start += per) {
    const chunk = items.slice(start, start + per);
    const task: object[] = [];
    let v = 0;
    const acc = v++;
    const accC = v++;
    const rr = v++;
    task.push({ cmd: 'ALLOC', var: acc, len: curve.Gt.n8 });
    task.push({ cmd: 'CALL', fnName: 'ftm_one', params: [{ var: acc }] });
    task.push({ cmd: 'ALLOC', var: accC, len: G1.F.n8 * 3 });
    task.push({ cmd: 'CALL', fnName: 'g1m_zero', params: [{ var: accC }] });
    task.push({ cmd: 'ALLOCSET', var: rr, buff: R_LE });
    const outs: number[] = [];
    chunk.forEach((it, k) => {
      const s = v++, a = v++, ra = v++, pa = v++, b = v++, pb = v++, ml = v++, c = v++, rc = v++, rb = v++;
      task.push({ cmd: 'ALLOCSET', var: s, buff: toLe(r[start + k]!, 16) });
      task.push({ cmd: 'ALLOCSET', var: a, buff: it.proof.a });
      task.push({ cmd: 'ALLOC', var: ra, len: G1.F.n8 * 3 });
      task.push({ cmd: 'CALL', fnName: 'g1m_timesScalarAffine', params: [{ var: a }, { var: s }, { val: 16 }, { var: ra }] });
      task.push({ cmd: 'ALLOC', var: pa, len: curve.prePSize });
      task.push({ cmd: 'CALL', fnName: 'bn128_prepareG1', params: [{ var: ra }, { var: pa }] });
      task.push({ cmd: 'ALLOCSET', var: b, buff: curve.G2.toJacobian(it.proof.b) });
      task.push({ cmd: 'ALLOC', var: rb, len: curve.G2.F.n8 * 3 });
      task.push({ cmd: 'CALL', fnName: 'g2m_timesScalar', params: [{ var: b }, { var: rr }, { val: 32 }, { var: rb }] });
      task.push({ cmd: 'GET', out: outs.length, var: rb, len: curve.G2.F.n8 * 3 });
      outs.push(k);
      task.push({ cmd: 'ALLOC', var: pb, len: curve.preQSize });
      task.push({ cmd: 'CALL', fnName: 'bn128_prepareG2', params: [{ var: b }, { var: pb }] });
      task.push({ cmd: 'ALLOC', var: ml, len: curve.Gt.n8 });
      task.push({ cmd: 'CALL', fnName: 'bn128_millerLoop', params: [{ var: pa }, { var: pb }, { var: ml }] });
      task.push({ cmd: 'CALL', fnName: 'ftm_mul', params: [{ var: acc }, { var: ml }, { var: acc }] });
      task.push({ cmd: 'ALLOCSET', var: c, buff: it.proof.c });
      task.push({ cmd: 'ALLOC', var: rc, len: G1.F.n8 * 3 });
      task.push({ cmd: 'CALL', fnName: 'g1m_timesScalarAffine', params: [{ var: c }, { var: s }, { val: 16 }, { var: rc }] });
      task.push({ cmd: 'CALL', fnName: 'g1m_add', params: [{ var: accC }, { var: rc }, { var: accC }] });
    });
    task.push({ cmd: 'GET', out: chunk.length, var: acc, len: curve.Gt.n8 });
    task.push({ cmd: 'GET', out: chunk.length + 1, var: accC, len: G1.F.n8 * 3 });
    tasks.push(tm.queueAction(task));
  }

  // Main thread meanwhile: folded public-input combination and sum of scalars.
  const sumR = r.reduce((x, y) => x + y, 0n) % FIELD_MODULUS;
  const folded = new Array<bigint>(vk.nPublic).fill(0n);
  items.forEach((it, i) => it.signals.forEach((x, j) => (folded[j] = (folded[j]! + r[i]! * x) % FIELD_MODULUS)));
  let sumL = G1.timesScalar(vk.ic[0]!, sumR);
  folded.forEach((x, j) => {
    if (x !== 0n) sumL = G1.add(sumL, G1.timesScalar(vk.ic[j + 1]!, x));
  });
  const negSumAlpha = G1.neg(G1.timesScalar(vk.alpha, sumR));

  const chunkOut = await Promise.all(tasks);
  const badSubgroup = new Set<number>();
  let acc = curve.Gt.one;
  let sumC = G1.zero;
  let base = 0;
  for (const out of chunkOut) {
    const n = out.length - 2;
    for (let k = 0; k < n; k++) if (!curve.G2.isZero(out[k]!)) badSubgroup.add(base + k);
    acc = curve.Gt.mul(acc, out[n]!);
    sumC = G1.add(sumC, out[n + 1]!);
    base += n;
  }
  if (badSubgroup.size > 0) return { ok: false, badSubgroup };

  const ml = (p: Uint8Array, pre: Uint8Array) => curve.millerLoop(curve.prepareG1(G1.toJacobian(p)), pre);
  acc = curve.Gt.mul(acc, ml(G1.neg(sumL), vk.preGamma));
  acc = curve.Gt.mul(acc, ml(G1.neg(sumC), vk.preDelta));
  acc = curve.Gt.mul(acc, ml(negSumAlpha, vk.preBeta));
  return { ok: curve.Gt.eq(curve.finalExponentiation(acc), curve.Gt.one), badSubgroup };
}

function random128(): bigint {
  const b = new Uint8Array(16);
  for (;;) {
    globalThis.crypto.getRandomValues(b);
    let v = 0n;
    for (const x of b) v = (v << 8n) | BigInt(x);
    if (v !== 0n) return v;
  }
}

function toLe(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}
