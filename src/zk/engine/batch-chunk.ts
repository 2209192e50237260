/**
 * A batch chunk's wire format and its run on an engine. Input: A[n] | B[n] | C[n] | r[n] (affine
 * points in ffjavascript's encoding, 16-byte little-endian batch scalars). Output, from
 * vouch_batchChunk (wasm-pairing.ts): prod_i ML(r_i A_i, B_i) | sum_i r_i C_i (Jacobian) | one
 * byte per proof, non-zero when B_i failed the G2 subgroup test.
 */
import type { Engine } from './engine.js';
import { BATCH_SCALAR_BYTES, G1_AFFINE_BYTES, G1_JAC_BYTES, G2_AFFINE_BYTES, GT_BYTES, leBytes } from './layout.js';
import { chunkInputBytes, chunkOutputBytes, chunkWorkBytes } from './wasm-pairing.js';

export interface ChunkProof {
  a: Uint8Array;
  b: Uint8Array;
  c: Uint8Array;
}

export interface ChunkResult {
  millerLoop: Uint8Array;
  sumC: Uint8Array;
  /** Positions (within the chunk) whose B is not in G2. */
  badSubgroup: number[];
}

export function chunkInput(proofs: readonly ChunkProof[], r: readonly bigint[]): Uint8Array {
  const n = proofs.length;
  const buf = new Uint8Array(chunkInputBytes(n));
  const offB = n * G1_AFFINE_BYTES;
  const offC = offB + n * G2_AFFINE_BYTES;
  const offR = offC + n * G1_AFFINE_BYTES;
  proofs.forEach((p, j) => {
    buf.set(p.a, j * G1_AFFINE_BYTES);
    buf.set(p.b, offB + j * G2_AFFINE_BYTES);
    buf.set(p.c, offC + j * G1_AFFINE_BYTES);
    buf.set(leBytes(r[j]!, BATCH_SCALAR_BYTES), offR + j * BATCH_SCALAR_BYTES);
  });
  return buf;
}

/** Runs a chunk on this engine (the calling thread); workers run the same wasm (pool.ts). */
export function runChunk(e: Engine, input: Uint8Array, n: number): Uint8Array {
  return e.scratch(() => {
    const pIn = e.put(input);
    const work = e.alloc(chunkWorkBytes(n));
    const out = e.alloc(chunkOutputBytes(n));
    e.x.vouch_batchChunk(pIn, n, work, out);
    return e.get(out, chunkOutputBytes(n));
  });
}

export function readChunk(out: Uint8Array, n: number): ChunkResult {
  const badSubgroup: number[] = [];
  for (let j = 0; j < n; j++) if (out[GT_BYTES + G1_JAC_BYTES + j] !== 0) badSubgroup.push(j);
  return { millerLoop: out.subarray(0, GT_BYTES), sumC: out.subarray(GT_BYTES, GT_BYTES + G1_JAC_BYTES), badSubgroup };
}
