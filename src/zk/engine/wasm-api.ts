/**
 * The slice of the WebAssembly JS API the engine uses, typed locally: the project compiles without
 * the DOM lib, and @types/node declares the WebAssembly namespace without these members.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** A compiled module: opaque, cloneable to worker threads. */
export type WasmModule = object;

interface WasmApi {
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (m: WasmModule, imports: object) => { exports: unknown };
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
