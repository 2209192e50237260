/**
 * One instance of the verifier's wasm module with its own memory, and a bump allocator over it.
 * wasmcurves keeps its free-memory pointer in the first 4 bytes of memory and its functions take
 * temporary space from there, so allocation here moves that same pointer; `scratch` runs a
 * computation and then releases everything it allocated. Single-threaded by construction: one
 * Engine belongs to one thread and every call runs to completion before the next.
 */
import { INITIAL_PAGES, engineModule } from './module.js';
import { wasm, type WasmMemory } from './wasm-api.js';

/** What wasmcurves' functions may take above the free pointer for their own temporaries. */
const HEADROOM = 1 << 20;
const PAGE = 1 << 16;

/** The wasm functions Vouch calls (pointers in, pointers out; predicates return 0 or 1). */
export interface EngineExports {
  bn128_prepareG2(q: number, preQ: number): void;
  bn128_pairing(p: number, q: number, out: number): void;
  bn128_finalExponentiation(f: number, out: number): void;
  ftm_mul(a: number, b: number, out: number): void;
  ftm_eq(a: number, b: number): number;
  ftm_isOne(a: number): number;
  f2m_one(out: number): void;
  g1m_add(a: number, b: number, out: number): void;
  g1m_neg(p: number, out: number): void;
  g1m_negAffine(p: number, out: number): void;
  g1m_toAffine(p: number, out: number): void;
  g1m_isZero(p: number): number;
  vouch_g2InSubgroup(q: number): number;
  vouch_g2InSubgroupFromY(q: number, y: number): number;
  vouch_multiMillerLoop(pairs: number, n: number, out: number): void;
  vouch_fixedBaseTable(base: number, table: number, scratch: number): void;
  vouch_fixedBaseMsm(tables: number, scalars: number, n: number, out: number): void;
  vouch_batchChunk(input: number, n: number, work: number, out: number): void;
}

export class Engine {
  readonly x: EngineExports;
  readonly preQSize: number;
  private readonly memory: WasmMemory;

  constructor() {
    const { module, preQSize } = engineModule();
    this.memory = new wasm.Memory({ initial: INITIAL_PAGES, maximum: 32767 });
    const instance = new wasm.Instance(module, { env: { memory: this.memory } });
    this.x = instance.exports as unknown as EngineExports;
    this.preQSize = preQSize;
  }

  private get free(): number {
    return new Uint32Array(this.memory.buffer, 0, 1)[0]!;
  }

  private set free(p: number) {
    new Uint32Array(this.memory.buffer, 0, 1)[0] = p;
  }

  /** Reserves n bytes (8-aligned) for as long as the enclosing scratch (or forever, outside one). */
  alloc(n: number): number {
    const p = (this.free + 7) & ~7;
    const need = p + n + HEADROOM;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
    this.free = p + n;
    return p;
  }

  set(p: number, bytes: Uint8Array): void {
    new Uint8Array(this.memory.buffer).set(bytes, p);
  }

  /** Allocates and writes. */
  put(bytes: Uint8Array): number {
    const p = this.alloc(bytes.length);
    this.set(p, bytes);
    return p;
  }

  /** A copy of n bytes at p. */
  get(p: number, n: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, p, n).slice();
  }

  setU32(p: number, v: number): void {
    new DataView(this.memory.buffer).setUint32(p, v, true);
  }

  /** Runs f, then frees everything allocated meanwhile. */
  scratch<T>(f: () => T): T {
    const mark = this.free;
    try {
      return f();
    } finally {
      this.free = mark;
    }
  }
}
