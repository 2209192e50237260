/**
 * A Groth16 verification key prepared once for many verifications, inside its own instance of the
 * verifier's wasm engine: e(alpha, beta) computed, the fixed G2 points (beta, gamma, delta) run
 * through the Miller-loop line precomputation, and fixed-base tables built for alpha and every IC
 * point, so a single verification costs one G2 line precomputation, one three-pair multi-Miller
 * loop and one final exponentiation, and the public-input combination costs a few dozen additions.
 */
import { VouchError } from '../errors/index.js';
import { Engine } from './engine/engine.js';
import { FIXED_BASE_SCRATCH_BYTES, FIXED_BASE_TABLE_BYTES } from './engine/wasm-fixed-base.js';
import { GT_BYTES } from './engine/layout.js';

export interface VerifyingKeyJson {
  protocol: string;
  curve: string;
  nPublic: number;
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
  IC: string[][];
}

export interface PrepareOptions {
  /**
   * Bit width the circuit enforces on each public signal (by position; undefined: none beyond
   * < r). Signals outside it are refused before any pairing (SIGNAL_OUT_OF_RANGE).
   */
  signalBits?: readonly (number | undefined)[];
}

export interface PreparedVerifyingKey {
  /** ffjavascript's BN254 (decodes proofs into the engine's point encoding). */
  curve: any;
  nPublic: number;
  /** See PrepareOptions.signalBits; empty when the key's circuit declares none. */
  signalBits: readonly (number | undefined)[];
  /** The wasm instance holding the prepared key; used on the calling thread only. */
  engine: Engine;
  /** Engine addresses of the prepared key (allocated once, for the key's lifetime). */
  at: {
    /** Fixed-base tables of alpha, IC_0, IC_1..IC_nPublic, consecutive (FIXED_BASE_TABLE_BYTES each). */
    alphaTable: number;
    icTables: number;
    preBeta: number;
    preGamma: number;
    preDelta: number;
    /** e(alpha, beta), the right-hand side of the single-proof check. */
    alphaBeta: number;
  };
}

/** Checks a Groth16 verifying key (snarkjs JSON) and precomputes what verify and verifyBatch need from it. */
export function prepareVerifyingKey(curve: any, vk: VerifyingKeyJson, o: PrepareOptions = {}): PreparedVerifyingKey {
  if (vk.protocol !== 'groth16' || vk.curve !== 'bn128' || !Array.isArray(vk.IC) || vk.IC.length !== vk.nPublic + 1) {
    throw new VouchError('INPUT_INVALID', 'verification key must be a groth16 bn128 key with nPublic + 1 IC points');
  }
  const signalBits = o.signalBits ?? [];
  if (signalBits.some((b) => b !== undefined && !(Number.isInteger(b) && b >= 1 && b <= 253)))
    throw new RangeError('signalBits must be integers in 1..253');
  if (signalBits.length !== 0 && signalBits.length !== vk.nPublic) {
    throw new VouchError(
      'INPUT_INVALID',
      `verification key has ${vk.nPublic} public signals; this circuit has ${signalBits.length}`,
    );
  }
  const big = (a: string[]) => a.map((x) => BigInt(x));
  const g1 = (a: string[]): Uint8Array => curve.G1.toAffine(curve.G1.fromObject(big(a)));
  const g2 = (a: string[][]): Uint8Array => curve.G2.toJacobian(curve.G2.fromObject(a.map(big)));
  const alpha = g1(vk.vk_alpha_1);
  const [beta, gamma, delta] = [vk.vk_beta_2, vk.vk_gamma_2, vk.vk_delta_2].map(g2) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  if (curve.G1.isZero(alpha) || [beta, gamma, delta].some((q) => curve.G2.isZero(q))) {
    throw new VouchError(
      'INPUT_INVALID',
      'verification key points alpha, beta, gamma and delta must not be the identity',
    );
  }

  const e = new Engine();
  const prepared = (q: Uint8Array) => {
    const p = e.alloc(e.preQSize);
    e.scratch(() => e.x.bn128_prepareG2(e.put(q), p));
    return p;
  };
  const alphaTable = e.alloc(FIXED_BASE_TABLE_BYTES * (vk.nPublic + 2));
  [alpha, ...vk.IC.map(g1)].forEach((pt, i) => {
    const table = alphaTable + i * FIXED_BASE_TABLE_BYTES;
    // the identity has no table to build (and wasmcurves' mixed addition misreads it): all-zero rows read as O
    if (curve.G1.isZero(pt)) return e.set(table, new Uint8Array(FIXED_BASE_TABLE_BYTES));
    e.scratch(() => e.x.vouch_fixedBaseTable(e.put(pt), table, e.alloc(FIXED_BASE_SCRATCH_BYTES)));
  });
  const alphaBeta = e.alloc(GT_BYTES);
  e.scratch(() => e.x.bn128_pairing(e.put(curve.G1.toJacobian(alpha)), e.put(beta), alphaBeta));
  return {
    curve,
    nPublic: vk.nPublic,
    signalBits,
    engine: e,
    at: {
      alphaTable,
      icTables: alphaTable + FIXED_BASE_TABLE_BYTES,
      preBeta: prepared(beta),
      preGamma: prepared(gamma),
      preDelta: prepared(delta),
      alphaBeta,
    },
  };
}
