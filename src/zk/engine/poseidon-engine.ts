/**
 * Poseidon in wasm: a small module of its own (wasmcurves' Montgomery arithmetic modulo r plus
 * wasm-poseidon.ts), so hashing never waits for the verifier's much larger BN254 module to build.
 * One instance per thread, built on first use; each width's constants are converted to Montgomery
 * form and written into the instance's memory the first time that width is hashed.
 *
 * Inputs are reduced modulo r first (as circomlib's JS and poseidon-lite do); the hash of a value
 * and of the value plus r are therefore the same, and callers that need canonical inputs check
 * that themselves (src/zk/field.ts).
 */
import { ModuleBuilder } from 'wasmbuilder';
import { buildF1m } from 'wasmcurves';
import { FIELD_MODULUS } from '../field.js';
import { poseidonConstants } from './poseidon-constants.js';
import { FR_BYTES, addPoseidonFunctions } from './wasm-poseidon.js';
import { wasm, type WasmMemory, type WasmModule } from './wasm-api.js';

interface PoseidonExports {
  frm_toMontgomery(a: number, r: number): void;
  frm_fromMontgomery(a: number, r: number): void;
  vouch_poseidon(s: number, t: number, nP: number, C: number, S: number, Mt: number, Pt: number): void;
}

interface Width {
  t: number;
  nP: number;
  C: number;
  S: number;
  Mt: number;
  Pt: number;
}

const PAGE = 1 << 16;
/** Room above the free pointer for wasmcurves' own temporaries (it takes them from there). */
const HEADROOM = 1 << 16;
const MAX_WIDTH = 17;

let compiled: WasmModule | undefined;

/** The compiled Poseidon module (shareable with worker threads). */
export function poseidonModule(): WasmModule {
  if (!compiled) {
    const m = new ModuleBuilder();
    m.setMemory(1);
    buildF1m(m, FIELD_MODULUS, 'frm', 'int');
    addPoseidonFunctions(m);
    compiled = new wasm.Module(m.build());
  }
  return compiled;
}

export class PoseidonEngine {
  private readonly x: PoseidonExports;
  private readonly memory: WasmMemory;
  private readonly widths: (Width | undefined)[] = [];
  private readonly state: number;

  constructor(module: WasmModule = poseidonModule()) {
    this.memory = new wasm.Memory({ initial: 2, maximum: 256 });
    this.x = new wasm.Instance(module, { env: { memory: this.memory } }).exports as unknown as PoseidonExports;
    this.state = this.alloc(MAX_WIDTH * FR_BYTES);
  }

  /** Poseidon(inputs) for 1..16 inputs, circomlib's `Poseidon(n)`. */
  hash(inputs: readonly bigint[]): bigint {
    const t = inputs.length + 1;
    if (t < 2 || t > MAX_WIDTH) throw new RangeError(`poseidon takes 1..16 inputs, got ${inputs.length}`);
    const w = (this.widths[t] ??= this.load(t));
    const words = new BigUint64Array(this.memory.buffer, this.state, 4 * t);
    words.fill(0n, 0, 4);
    for (let i = 0; i < inputs.length; i++) writeWords(words, 4 * (i + 1), reduce(inputs[i]!));
    for (let i = 0; i < t; i++) this.x.frm_toMontgomery(this.state + i * FR_BYTES, this.state + i * FR_BYTES);
    this.x.vouch_poseidon(this.state, t, w.nP, w.C, w.S, w.Mt, w.Pt);
    this.x.frm_fromMontgomery(this.state, this.state);
    const out = new BigUint64Array(this.memory.buffer, this.state, 4);
    return (out[3]! << 192n) | (out[2]! << 128n) | (out[1]! << 64n) | out[0]!;
  }

  private load(t: number): Width {
    const k = poseidonConstants(t);
    const transpose = (m: bigint[]) => m.map((_, idx) => m[(idx % t) * t + Math.floor(idx / t)]!);
    const put = (vals: bigint[]) => {
      const p = this.alloc(vals.length * FR_BYTES);
      const words = new BigUint64Array(this.memory.buffer, p, 4 * vals.length);
      vals.forEach((v, i) => writeWords(words, 4 * i, v));
      for (let i = 0; i < vals.length; i++) this.x.frm_toMontgomery(p + i * FR_BYTES, p + i * FR_BYTES);
      return p;
    };
    return { t, nP: k.partialRounds, C: put(k.C), S: put(k.S), Mt: put(transpose(k.M)), Pt: put(transpose(k.P)) };
  }

  /** Reserves n bytes for the life of the instance, moving wasmcurves' free pointer past them. */
  private alloc(n: number): number {
    const free = new Uint32Array(this.memory.buffer, 0, 1);
    const p = (free[0]! + 7) & ~7;
    const need = p + n + HEADROOM - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / PAGE));
    new Uint32Array(this.memory.buffer, 0, 1)[0] = p + n;
    return p;
  }
}

function reduce(v: bigint): bigint {
  return v >= 0n && v < FIELD_MODULUS ? v : ((v % FIELD_MODULUS) + FIELD_MODULUS) % FIELD_MODULUS;
}

/** v (< 2^256) as four little-endian 64-bit words at words[at..at+4). */
function writeWords(words: BigUint64Array, at: number, v: bigint): void {
  words[at] = BigInt.asUintN(64, v);
  words[at + 1] = BigInt.asUintN(64, v >> 64n);
  words[at + 2] = BigInt.asUintN(64, v >> 128n);
  words[at + 3] = v >> 192n;
}
