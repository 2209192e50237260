/**
 * The verifier's wasm module: wasmcurves' BN254 code (the same code, at the same version, that
 * ffjavascript and snarkjs run, so point encodings are interchangeable) plus Vouch's functions for
 * the G2 subgroup test, multi-Miller loops, fixed-base tables and batch chunks. Built and compiled
 * once per process, synchronously (verify() is synchronous), and shared with the worker threads.
 */
import { ModuleBuilder } from 'wasmbuilder';
import { buildBn128 } from 'wasmcurves';
import { addAffineMillerFunctions } from './wasm-affine-miller.js';
import { addFixedBaseFunctions } from './wasm-fixed-base.js';
import { addG2Functions } from './wasm-g2.js';
import { addPairingFunctions } from './wasm-pairing.js';
import { addSparseFunctions } from './wasm-sparse.js';
import { wasm, type WasmModule } from './wasm-api.js';

export interface EngineModule {
  module: WasmModule;
  /** Bytes of a prepared G2 point (line coefficients), as bn128_prepareG2 writes it. */
  preQSize: number;
}

/** Initial memory in 64 KiB pages, as ffjavascript uses; the engine grows it on demand. */
export const INITIAL_PAGES = 25;

let cached: EngineModule | undefined;

export function engineModule(): EngineModule {
  if (!cached) {
    const m = new ModuleBuilder();
    m.setMemory(INITIAL_PAGES);
    buildBn128(m);
    addG2Functions(m);
    addSparseFunctions(m);
    addAffineMillerFunctions(m);
    addPairingFunctions(m);
    addFixedBaseFunctions(m);
    cached = { module: new wasm.Module(m.build()), preQSize: m.modules.bn128.preQSize as number };
  }
  return cached;
}
