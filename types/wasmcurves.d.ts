// Minimal declarations for the two iden3 build-time libraries behind ffjavascript's BN254 wasm
// (neither ships types): wasmbuilder assembles wasm modules, wasmcurves adds the curve code.
declare module 'wasmbuilder' {
  export class ModuleBuilder {
    constructor();
    setMemory(pagesSize: number): void;
    alloc(bytes: ArrayLike<number>): number;
    alloc(size: number): number;
    addFunction(name: string): any;
    exportFunction(name: string, exportName?: string): void;
    build(): Uint8Array;
    modules: Record<string, any>;
  }
}

declare module 'wasmcurves' {
  export function buildBn128(module: import('wasmbuilder').ModuleBuilder, prefix?: string): string;
  /** Montgomery arithmetic modulo q under `prefix` (with its big-integer helpers under `intPrefix`). */
  export function buildF1m(module: import('wasmbuilder').ModuleBuilder, q: bigint, prefix?: string, intPrefix?: string): string;
}
