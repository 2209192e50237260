/**
 * circomlib's optimized Poseidon constants (C, S, M, P per width t = inputs + 1), read from the
 * very file the policy circuit includes (circomlib/circuits/poseidon_constants.circom, pinned with
 * the circomlib dependency), so the hash outside the circuit cannot drift from the one inside it.
 * Only the widths asked for are parsed; every block's length is checked against its shape.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FIELD_MODULUS } from '../field.js';

/** Partial rounds per width t = 2..17 (circomlib's poseidon.circom, from the Poseidon paper's table). */
export const PARTIAL_ROUNDS = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68] as const;

export interface PoseidonConstants {
  t: number;
  partialRounds: number;
  /** t*8 + partialRounds round constants, in the order the optimized permutation adds them. */
  C: bigint[];
  /** partialRounds rows of 2t-1: the sparse matrices of the partial rounds. */
  S: bigint[];
  /** t x t, row-major as circomlib writes them (circomlib's Mix reads M[j][i] for output i). */
  M: bigint[];
  P: bigint[];
}

let source: string | undefined;

function constantsFile(): string {
  if (source === undefined) {
    const path = createRequire(import.meta.url).resolve('circomlib/circuits/poseidon_constants.circom');
    source = readFileSync(path, 'utf8');
  }
  return source;
}

/** The hex literals of `function NAME(t)`'s branch for width t. */
function block(name: 'POSEIDON_C' | 'POSEIDON_S' | 'POSEIDON_M' | 'POSEIDON_P', t: number): bigint[] {
  const src = constantsFile();
  const fn = src.indexOf(`function ${name}(t)`);
  if (fn < 0) throw new Error(`circomlib's Poseidon constants have no ${name}`);
  const end = src.indexOf('\nfunction ', fn + 1);
  const body = src.slice(fn, end < 0 ? undefined : end);
  const branch = new RegExp(`if\\s*\\(\\s*t\\s*==\\s*${t}\\s*\\)\\s*\\{`).exec(body);
  if (!branch) throw new Error(`circomlib's ${name} has no branch for t = ${t}`);
  const from = branch.index + branch[0].length;
  const next = body.indexOf('} else', from);
  const text = body.slice(from, next < 0 ? undefined : next);
  return (text.match(/0x[0-9a-fA-F]+/g) ?? []).map((h) => BigInt(h));
}

export function poseidonConstants(t: number): PoseidonConstants {
  if (!Number.isInteger(t) || t < 2 || t > 17) throw new RangeError('Poseidon width t must be 2..17');
  const partialRounds = PARTIAL_ROUNDS[t - 2]!;
  const k: PoseidonConstants = {
    t,
    partialRounds,
    C: block('POSEIDON_C', t),
    S: block('POSEIDON_S', t),
    M: block('POSEIDON_M', t),
    P: block('POSEIDON_P', t),
  };
  const expect: [keyof PoseidonConstants, number][] = [
    ['C', t * 8 + partialRounds],
    ['S', partialRounds * (2 * t - 1)],
    ['M', t * t],
    ['P', t * t],
  ];
  for (const [key, n] of expect) {
    const got = k[key] as bigint[];
    if (got.length !== n || got.some((v) => v >= FIELD_MODULUS))
      throw new Error(`circomlib's Poseidon ${key} for t = ${t}: expected ${n} field elements, read ${got.length}`);
  }
  return k;
}
