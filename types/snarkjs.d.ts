// Minimal declarations for the parts of snarkjs and ffjavascript Vouch uses (neither ships types).
declare module 'snarkjs' {
  export interface Logger {
    debug(msg: string): void;
    info(msg: string): void;
    warn(msg: string): void;
    error(msg: string): void;
  }
  export interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  export const groth16: {
    fullProve(input: unknown, wasm: string | Uint8Array, zkey: string | Uint8Array, logger?: Logger): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    prove(zkey: string | Uint8Array, witness: string | Uint8Array, logger?: Logger): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(vkey: unknown, publicSignals: unknown, proof: unknown, logger?: Logger): Promise<boolean>;
  };
  export const wtns: {
    calculate(input: unknown, wasm: string | Uint8Array, out: string | { type: 'mem'; data?: Uint8Array }, options?: unknown): Promise<void>;
    /** The witness as field elements (index 0 is the constant 1, then outputs, then inputs). */
    exportJson(wtns: string | { type: 'mem'; data?: Uint8Array }): Promise<bigint[]>;
  };
  export const r1cs: {
    info(file: string, logger?: Logger): Promise<{ nConstraints: number; nPubInputs: number; nOutputs: number; nPrvInputs: number; nVars: number }>;
  };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: string, logger?: Logger): Promise<unknown>;
    beacon(oldPtau: string, newPtau: string, name: string, beaconHash: string, numIterationsExp: number, logger?: Logger): Promise<unknown>;
    preparePhase2(oldPtau: string, newPtau: string, logger?: Logger): Promise<unknown>;
    /** Checks every contribution and the phase-2 preparation; false (with logger.error) when one fails. */
    verify(ptau: string, logger?: Logger): Promise<boolean>;
  };
  export const zKey: {
    /** -1 (with logger.error) when the ptau is too small, not prepared or of another curve. */
    newZKey(r1cs: string, ptau: string, zkey: string, logger?: Logger): Promise<unknown>;
    /** The contribution hash (blake2b-512), or false for an invalid beacon or iteration count. */
    beacon(oldZkey: string, newZkey: string, name: string, beaconHash: string, numIterationsExp: number, logger?: Logger): Promise<Uint8Array | false>;
    /** The contribution hash (blake2b-512). A falsy entropy makes snarkjs prompt on the terminal. */
    contribute(oldZkey: string, newZkey: string, name: string, entropy: string, logger?: Logger): Promise<Uint8Array>;
    /** True when every contribution of the zkey verifies and its L/H queries follow from the initial zkey. */
    verifyFromInit(initZkey: string, ptau: string | Uint8Array, zkey: string, logger?: Logger): Promise<boolean>;
    exportVerificationKey(zkey: string, logger?: Logger): Promise<Record<string, unknown>>;
  };
  export const curves: {
    getCurveFromName(name: string, singleThread?: boolean): Promise<unknown>;
  };
}

declare module 'ffjavascript' {
  export function buildBn128(singleThread?: boolean): Promise<any>;
  export const utils: {
    unstringifyBigInts(x: unknown): any;
    stringifyBigInts(x: unknown): any;
  };
  export const Scalar: any;
  /** The ChaCha20 stream snarkjs seeds from a beacon (8 big-endian u32 words). */
  export class ChaCha {
    constructor(seed?: number[]);
    nextU32(): number;
    nextU64(): bigint;
  }
}
